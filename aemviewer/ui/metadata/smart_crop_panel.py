"""The smart crop part of the Metadata tab: a small table of the asset's smart crops and a button
that previews the chosen one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import Metadata
from aemviewer.ui.metadata.export import tsv
from aemviewer.ui.metadata.smart_crops import SmartCropTableModel, smart_crop_rows
from aemviewer.ui.metadata.table_view import CopyingTableView
from aemviewer.ui.widgets.accessibility import name_widget

MAX_VISIBLE_ROWS = 6
"""The table asks for the height of this many rows at most (it scrolls beyond)."""


class SmartCropPanel(QWidget):
    """Smart crops from the metadata (with their rectangles) and from the smartCrops list."""

    chosen = Signal(str)
    """The user asked to preview the smart crop with this name."""
    copied = Signal(str)
    """Text was put on the clipboard (a confirmation for the status bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("smartCropPanel")
        self.metadata: Metadata | None = None
        self._listed: list[str] = []
        self._unavailable = ""
        self.model = SmartCropTableModel(self)
        self.title = QLabel("Smart crops")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.preview_button = QPushButton("Show in preview")
        self.preview_button.setToolTip("Set this smart crop in the modifiers and switch to the Preview tab")
        self.preview_button.setEnabled(False)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.note, 1)
        heading.addWidget(self.preview_button)
        self.table = CopyingTableView()
        self.table.setObjectName("smartCropTable")
        name_widget(
            self.table, "Smart crops", "The smart crops of the asset with their rectangles, when known"
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(CopyingTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(CopyingTableView.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((0, 180), (1, 260), (2, 280)):
            header.resizeSection(column, width)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 6, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addLayout(heading)
        self._layout.addWidget(self.table, 1)

        self.table.activated_row.connect(self._choose_row)
        self.table.copy_requested.connect(self.copy_selected)
        self.preview_button.clicked.connect(self.choose_selected)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(
            lambda *_: self.preview_button.setEnabled(selection.hasSelection())
        )

    # --- content -------------------------------------------------------------------------------

    def clear(self, *, keep_listed: bool = False) -> None:
        """Forget the asset's crops (`keep_listed`: all but the smartCrops list, when only the
        metadata is asked for again)."""
        self.metadata = None
        if not keep_listed:
            self._listed = []
            self._unavailable = ""
        self._refresh()

    def set_metadata(self, metadata: Metadata) -> None:
        self.metadata = metadata
        self._refresh()

    def set_listed_names(self, names: list[str]) -> None:
        """Names from the smartCrops list (all the anonymous answer may give)."""
        self._listed = list(names)
        self._unavailable = ""
        self._refresh()

    def set_unavailable(self, error: DeliveryError) -> None:
        self._unavailable = f"The smart crop list could not be loaded: {error.message}"
        self._refresh()

    def _refresh(self) -> None:
        metadata = self.metadata
        crops = metadata.smart_crops if metadata is not None else ()
        size = (metadata.width, metadata.height) if metadata and metadata.width and metadata.height else None
        rows = smart_crop_rows(crops, self._listed, size)
        self.model.set_rows(rows)
        self.title.setText(f"Smart crops ({len(rows)})" if rows else "Smart crops")
        if rows:
            note = "Double-click one (or select it and press Show in preview) to see it in the preview."
            if any(row.fractions is None for row in rows):
                note += " Their rectangles come with the full metadata (it needs a token)."
        elif metadata is None:
            note = ""
        else:
            note = self._unavailable or "This asset defines no smart crops."
        self.note.setText(note)
        self.preview_button.setEnabled(self.table.selectionModel().hasSelection())

    def preferred_height(self) -> int:
        """The height that shows the rows (2 to `MAX_VISIBLE_ROWS`) without empty space."""
        rows = min(max(self.model.rowCount(), 2), MAX_VISIBLE_ROWS)
        margins = self._layout.contentsMargins()
        return (
            margins.top()
            + margins.bottom()
            + self.preview_button.sizeHint().height()
            + self._layout.spacing()
            + self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
            + 2
        )

    # --- choosing ------------------------------------------------------------------------------

    def select(self, name: str) -> bool:
        """Select the smart crop called `name` (what a click does); False if there is none."""
        for row, crop in enumerate(self.model.rows):
            if crop.name == name:
                self.table.selectRow(row)
                return True
        return False

    def choose_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._choose_row(rows[0].row())

    def _choose_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.chosen.emit(self.model.row(row).name)

    def copy_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        text = tsv(self.model.row(index.row()).cells() for index in rows)
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit("Copied the smart crop")
