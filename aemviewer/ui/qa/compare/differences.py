"""What differs between the two sides: a table of status, type, bytes, pixel size and the headers
that differ (each row marked "≠ differs" or "= same" in words and with an icon, never by colour
alone), a verdict line, and the visual difference: the absolute difference image with a threshold
slider and the share of pixels above it. Images of different sizes are compared after scaling the
larger to the smaller; the size difference is its own row and is named in the verdict.

The figures come from the Qt-free `aemviewer.qa.diff` and `aemviewer.qa.image_difference`.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from aemviewer.delivery.byte_counts import full_bytes
from aemviewer.qa.diff import DiffReport, Side, compare_sides, header_differences
from aemviewer.qa.image_difference import DifferenceMap, compare_images
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.image_canvas import PreviewCanvas
from aemviewer.ui.widgets.labeled_slider import LabeledSlider

DEFAULT_THRESHOLD = 16
"""Per-pixel differences up to this are shown dim: re-encoding noise rather than a change."""
DIFF_LINE = "compare-diff"
DIFFERS = "≠ differs"
SAME = "= same"


@dataclass(frozen=True)
class SidesCompared:
    """The diff of the two answers, and the per-pixel map when both delivered an image."""

    report: DiffReport
    pixel_map: DifferenceMap | None


def compare_answers(a: Side, b: Side) -> SidesCompared:
    """Diff two sides (blocking: decodes both images; run it off the GUI thread)."""
    if a.delivery is None or b.delivery is None:
        return SidesCompared(compare_sides(a, b), None)
    figures, pixel_map = compare_images(a.delivery.body, b.delivery.body, url_a=a.url, url_b=b.url)
    report = DiffReport(a, b, header_differences(a.delivery, b.delivery), figures, 0.0)
    return SidesCompared(report, pixel_map)


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]} × {size[1]} px"


def fact_rows(report: DiffReport) -> list[tuple[str, str, str]]:
    """(what, A, B) for the table: status, type, bytes, pixel size, then each differing header."""
    a, b = report.a.delivery, report.b.delivery
    rows = [
        (
            "status",
            "404 missing" if a is None else str(a.status),
            "404 missing" if b is None else str(b.status),
        )
    ]
    if a is not None and b is not None:
        rows += [
            ("type", a.media_type or "none", b.media_type or "none"),
            ("bytes", full_bytes(a.byte_count), full_bytes(b.byte_count)),
        ]
    if report.image is not None:
        rows.append(("pixel size", _size(report.image.size_a), _size(report.image.size_b)))
    rows += [(f"header {h.name}", h.a or "(absent)", h.b or "(absent)") for h in report.headers]
    return rows


def verdict(report: DiffReport) -> str:
    """One line: which side is missing, or what differs (with the named difference figures)."""
    a, b = report.a, report.b
    if a.missing and b.missing:
        return f"The asset is missing (404) in both: {a.label} and {b.label}."
    if a.missing or b.missing:
        gone, there = (a, b) if a.missing else (b, a)
        return f"Missing in {gone.label} (404); {there.label} delivers it."
    image = report.image
    assert image is not None and a.delivery is not None and b.delivery is not None
    different = [
        what
        for what, differs in (
            ("type", a.delivery.media_type != b.delivery.media_type),
            ("pixel size", image.scaled),
            ("pixels", image.mean_absolute_difference > 0),
            (f"{len(report.headers)} header{'s' if len(report.headers) != 1 else ''}", bool(report.headers)),
        )
        if differs
    ]
    psnr = "∞" if math.isinf(image.psnr) else f"{image.psnr:.2f}"
    figures = f"mean absolute difference {image.mean_absolute_difference:.3f}, PSNR {psnr} dB"
    if image.scaled:
        figures += f" (compared at {_size(image.compared_size)}, the larger scaled down)"
    if not different:
        return f"≡ Same: identical pixels, type and headers ({figures})."
    return f"≠ Different: {', '.join(different)} — {figures}."


class DifferencesPanel(QWidget):
    """The facts table, the verdict, and the difference image with its threshold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDifferences")
        self.pixel_map: DifferenceMap | None = None
        self.verdict = QLabel("Both sides are compared once both have answered.")
        self.verdict.setObjectName("compareVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: 600;")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["", "A", "B", ""])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.canvas = PreviewCanvas()
        self.canvas.setMinimumSize(160, 120)
        self.canvas.clear("The difference image appears when both sides delivered one.")
        self.slider = LabeledSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 254)
        self.slider.setValue(DEFAULT_THRESHOLD)
        name_widget(
            self.slider,
            "Difference threshold",
            "Pixels that differ by more than this (0–255, any channel) are shown white",
        )
        self.slider.valueChanged.connect(self._show_mask)
        self.above = QLabel("")
        self.above.setObjectName("compareAbove")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict, 0, 0, 1, 2)
        layout.addWidget(self.table, 1, 0, 3, 1)
        layout.addWidget(self.canvas, 1, 1)
        layout.addWidget(self.slider, 2, 1)
        layout.addWidget(self.above, 3, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)

    def compare(self, runner: OperationRunner, sides: tuple[Side, Side] | None) -> None:
        """Compare `sides` off the GUI thread and show the outcome (None: a side has not answered)."""
        if sides is None:
            runner.cancel(DIFF_LINE)
            self.clear("Both sides are compared once both have answered.")
            return
        runner.run(
            asyncio.to_thread(compare_answers, *sides),
            ticket=runner.ticket(DIFF_LINE),
            on_success=self.show_compared,
            on_failure=lambda error: self.clear(f"Not compared: {error.message}"),
        )

    def show_compared(self, compared: SidesCompared) -> None:
        """Show the facts, the verdict and (when both delivered an image) the difference image."""
        report = compared.report
        self.verdict.setText(verdict(report))
        self.table.setHorizontalHeaderLabels(["", f"A: {report.a.label}", f"B: {report.b.label}", ""])
        rows = fact_rows(report)
        self.table.setRowCount(len(rows))
        for row, (what, a, b) in enumerate(rows):
            self._fill_row(row, what, a, b)
        self.pixel_map = compared.pixel_map
        if self.pixel_map is None:
            self.canvas.clear("No difference image: one side delivered nothing.")
            self.above.setText("")
        else:
            self._show_mask()

    def clear(self, text: str) -> None:
        self.verdict.setText(text)
        self.table.setRowCount(0)
        self.pixel_map = None
        self.canvas.clear("")
        self.above.setText("")

    @property
    def threshold(self) -> int:
        return int(self.slider.value())

    def _fill_row(self, row: int, what: str, a: str, b: str) -> None:
        differs = a != b
        marker = QTableWidgetItem(DIFFERS if differs else SAME)
        icon = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if differs
            else QStyle.StandardPixmap.SP_DialogApplyButton
        )
        marker.setIcon(self.style().standardIcon(icon))
        for column, text in enumerate((what, a, b)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if differs:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)
        self.table.setItem(row, 3, marker)

    def _show_mask(self) -> None:
        pixel_map = self.pixel_map
        if pixel_map is None:
            return
        threshold = self.threshold
        mask = pixel_map.mask(threshold)
        image = QImage(
            mask, pixel_map.width, pixel_map.height, pixel_map.width, QImage.Format.Format_Grayscale8
        )
        self.canvas.set_image(image.copy())  # the bytes go away with `mask`: the image keeps its own
        share = pixel_map.fraction_above(threshold) * 100
        self.above.setText(
            f"{pixel_map.pixels_above(threshold):,} pixels ({share:.1f} %) differ by more than {threshold} "
            f"(white), at {_size((pixel_map.width, pixel_map.height))}"
        )
