"""Edit → Copy as HTML…: responsive `<picture>` markup for the asset in the preview.

Widths, sizes and art direction (a smart crop per media query) are edited here; the preview's
modifiers (rotation, quality, …) apply to every URL. Building fetches every URL once: the dialog
then shows the markup, a strip with the delivered image at each breakpoint and its bytes, and the
total bytes per breakpoint and format. Copy puts the markup on the clipboard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.byte_counts import full_bytes
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import SmartCrop
from aemviewer.handoff.markup import DEFAULT_SIZES, DEFAULT_WIDTHS, parse_widths
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.handoff.breakpoints_editor import BreakpointsEditor
from aemviewer.ui.handoff.markup_work import MarkupRequest, MarkupResult, StripImage, build_markup
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.banner import Banner, BannerKind

MARKUP_LINE = "copy-as-html"
STRIP_HEIGHT = 150
TOTAL_COLUMNS = ("Breakpoint", "Smart crop", "Format", "Widths", "Bytes")


class MarkupDialog(QDialog):
    """The markup of one asset, built when opened and again on Build."""

    def __init__(self, context: FeatureContext, state: PreviewState, crops: list[SmartCrop]) -> None:
        super().__init__(context.dialog_parent)
        self.setWindowTitle(f"Copy as HTML — {state.asset_id}")
        self.context, self.state, self.crops = context, state, crops
        self.built: MarkupResult | None = None
        self.banner = Banner()
        self.widths = QLineEdit(",".join(map(str, DEFAULT_WIDTHS)))
        name_widget(self.widths, "Widths", "The srcset widths in pixels, separated by commas")
        self.sizes = QLineEdit(DEFAULT_SIZES)
        name_widget(self.sizes, "Sizes", 'The sizes attribute, e.g. "(min-width: 900px) 50vw, 100vw"')
        self.art = BreakpointsEditor([crop.name for crop in crops])
        self.build_button = QPushButton("Build")
        self.build_button.setToolTip("Build the markup and fetch every URL in it once, to weigh it")
        self.build_button.clicked.connect(self.build)
        self.progress = QLabel()
        self.markup = QPlainTextEdit()
        self.markup.setReadOnly(True)
        self.markup.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        name_widget(self.markup, "Markup", "The <picture> element to paste into a page")
        self.strip = QHBoxLayout()
        self.totals = QTableWidget(0, len(TOTAL_COLUMNS))
        self.totals.setHorizontalHeaderLabels(list(TOTAL_COLUMNS))
        self.totals.verticalHeader().hide()
        self.totals.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        name_widget(self.totals, "Bytes per breakpoint", "What each breakpoint weighs in each format")
        self.copy_button = QPushButton("Copy HTML")
        self.copy_button.setToolTip("Copy the <picture> element to the clipboard")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        self._lay_out()
        for field in (self.widths, self.sizes):
            field.returnPressed.connect(self.build)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Widths", self.widths)
        form.addRow("&Sizes", self.sizes)
        form.addRow("Art direction", self.art)
        build_row = QHBoxLayout()
        build_row.addWidget(self.build_button)
        build_row.addWidget(self.progress, 1)
        strip = QWidget()
        strip.setLayout(self.strip)
        close = QPushButton("Close")
        close.setToolTip("Close this dialog")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        for part in (self.banner, form, build_row, self.markup, strip, self.totals, buttons):
            if isinstance(part, QWidget):
                layout.addWidget(part, 1 if part is self.markup else 0)
            else:
                layout.addLayout(part)
        self.resize(980, 760)

    # --- building ------------------------------------------------------------------------------

    def build(self) -> None:
        """Build and weigh the markup with the fields' values (invalid ones are said in the banner)."""
        try:
            request = MarkupRequest(
                parse_widths(self.widths.text()), self.sizes.text(), self.art.breakpoints()
            )
        except DeliveryError as error:
            self._failed(error)
            return
        self.banner.dismiss()
        self.build_button.setEnabled(False)
        self.progress.setText("Building…")
        runner = self.context.runner
        runner.run(
            build_markup(self.context, self.state, request, self.crops, self._progress),
            ticket=runner.ticket(MARKUP_LINE),
            on_success=self._show,
            on_failure=self._failed,
            on_finished=lambda: self.build_button.setEnabled(True),
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setText(f"Fetched {done} of {total} URLs")

    def _failed(self, error: DeliveryError) -> None:
        self.progress.setText("")
        self.banner.show_message(BannerKind.ERROR, error.message, error.hint or "")

    def _show(self, result: MarkupResult) -> None:
        self.built = result
        self.markup.setPlainText(result.picture.to_html())
        self.copy_button.setEnabled(True)
        total = sum(weight.total_bytes for weight in result.weights)
        self.progress.setText(f"{len(result.picture.urls)} URLs, {full_bytes(total)} in all")
        self._show_strip(result.strip)
        self.totals.setRowCount(len(result.weights))
        for row, weight in enumerate(result.weights):
            cells = (
                weight.media or "other screens",
                weight.smart_crop or "whole image",
                weight.image_format,
                ", ".join(str(item.asked_width) for item in weight.renditions),
                full_bytes(weight.total_bytes),
            )
            for column, text in enumerate(cells):
                self.totals.setItem(row, column, QTableWidgetItem(text))
        self.totals.resizeColumnsToContents()

    def _show_strip(self, images: tuple[StripImage, ...]) -> None:
        while self.strip.count():
            item = self.strip.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for shown in images:
            card = QLabel()
            card.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pixmap = QPixmap.fromImage(shown.image).scaledToHeight(
                STRIP_HEIGHT, Qt.TransformationMode.SmoothTransformation
            )
            card.setPixmap(pixmap)
            where = shown.breakpoint.media or "other screens"
            crop = shown.breakpoint.smart_crop or "whole image"
            text = (
                f"{where} · {crop}\n{shown.image.width()} × {shown.image.height()} · "
                f"{full_bytes(shown.delivery.byte_count)}"
            )
            caption = QLabel(text)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box = QVBoxLayout()
            box.addWidget(card)
            box.addWidget(caption)
            holder = QWidget()
            holder.setLayout(box)
            holder.setAccessibleName(text.replace("\n", ", "))
            holder.setToolTip(shown.url)
            self.strip.addWidget(holder)
        self.strip.addStretch(1)

    def copy(self) -> None:
        """Put the markup on the clipboard."""
        if self.built is None:
            return
        QGuiApplication.clipboard().setText(self.built.picture.to_html())
        self.context.status.show_message("The <picture> markup is on the clipboard.", 4000)

    def done(self, code: int) -> None:
        self.context.runner.cancel(MARKUP_LINE)
        super().done(code)
