"""The hand-off feature: Edit → Copy as HTML… and File → Export report…, for the preview's asset."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import SmartCrop
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.feature import Feature, MenuEntry, MenuName
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.handoff.markup_dialog import MarkupDialog
from aemviewer.ui.handoff.markup_work import list_smart_crops
from aemviewer.ui.handoff.report_dialog import ReportDialog
from aemviewer.workspace.history import HistoryEntry

CROPS_LINE = "copy-as-html-crops"
COPY_AS_HTML_KEYS = "Ctrl+Shift+H"
EXPORT_REPORT_KEYS = "Ctrl+E"


class Handoff:
    """Opens the two dialogs over the asset open in the preview."""

    def __init__(self, context: FeatureContext, history: Callable[[], Sequence[HistoryEntry]]) -> None:
        self.context = context
        self.history = history
        self.dialog: MarkupDialog | ReportDialog | None = None
        parent = context.dialog_parent
        self.copy_html_action = QAction("Copy as HTML…", parent)
        self.copy_html_action.setShortcut(QKeySequence(COPY_AS_HTML_KEYS))
        self.copy_html_action.setToolTip("Responsive <picture> markup for the asset, with what it weighs")
        self.copy_html_action.triggered.connect(self.copy_as_html)
        self.report_action = QAction("Export report…", parent)
        self.report_action.setShortcut(QKeySequence(EXPORT_REPORT_KEYS))
        self.report_action.setToolTip("A self-contained HTML QA report of the asset, to attach to a ticket")
        self.report_action.triggered.connect(self.export_report)
        self.feature = Feature(
            menu_entries=(
                MenuEntry(MenuName.FILE, self.report_action),
                MenuEntry(MenuName.EDIT, self.copy_html_action),
            )
        )

    def _state(self) -> PreviewState | None:
        state = self.context.preview.state()
        if state is None:
            self.context.status.show_message("Open an asset first.", 6000)
        return state

    def copy_as_html(self) -> None:
        """List the asset's smart crops, then open the dialog and build the markup."""
        state = self._state()
        if state is None:
            return
        runner = self.context.runner

        def listed_or_none(crops: list[SmartCrop] | DeliveryError) -> None:
            # Without the list, the markup is still built, for the whole image.
            self._open_markup(state, crops if isinstance(crops, list) else [])

        runner.run(
            list_smart_crops(self.context, state),
            ticket=runner.ticket(CROPS_LINE),
            on_success=listed_or_none,
            on_failure=listed_or_none,
        )

    def _open_markup(self, state: PreviewState, crops: list[SmartCrop]) -> None:
        dialog = MarkupDialog(self.context, state, crops)
        self._show(dialog)
        dialog.build()

    def export_report(self) -> None:
        state = self._state()
        if state is not None:
            self._show(ReportDialog(self.context, state, self.history))

    def _show(self, dialog: MarkupDialog | ReportDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
