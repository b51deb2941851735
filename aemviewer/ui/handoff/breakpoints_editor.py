"""Art direction in the "Copy as HTML" dialog: a smart crop per media query, and one for the rest."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from aemviewer.handoff.markup import Breakpoint
from aemviewer.ui.widgets.accessibility import name_widget

NO_CROP = "whole image"
DEFAULT_MEDIA = "(max-width: 599px)"


def _crop_choice(crops: list[str], label: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(NO_CROP, None)
    for name in crops:
        combo.addItem(name, name)
    name_widget(combo, label, f"{label}: the asset's smart crop shown, or the whole image")
    return combo


class BreakpointsEditor(QWidget):
    """Rows of (media query, smart crop), then the crop for every other screen (the `<img>`)."""

    def __init__(self, crops: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.crops = crops
        self.rows: list[tuple[QLineEdit, QComboBox]] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.fallback = _crop_choice(crops, "Crop for other screens")
        self.other_label = QLabel("Other screens")
        self.add_button = QPushButton("Add breakpoint")
        self.add_button.setToolTip("A media query with its own smart crop (art direction)")
        self.add_button.setEnabled(bool(crops))
        self.add_button.clicked.connect(lambda: self.add_row(DEFAULT_MEDIA, None))
        self._lay_out()

    def add_row(self, media: str, crop: str | None) -> None:
        edit = QLineEdit(media)
        name_widget(edit, f"Media query {len(self.rows) + 1}", "A CSS media query, e.g. (max-width: 599px)")
        combo = _crop_choice(self.crops, f"Crop for media query {len(self.rows) + 1}")
        combo.setCurrentIndex(max(0, combo.findData(crop)))
        self.rows.append((edit, combo))
        self._lay_out()
        edit.setFocus()

    def breakpoints(self) -> tuple[Breakpoint, ...]:
        """The rules in order, the fallback last; rows with an empty media query are left out."""
        rules = [
            Breakpoint(edit.text().strip(), combo.currentData())
            for edit, combo in self.rows
            if edit.text().strip()
        ]
        return (*rules, Breakpoint(None, self.fallback.currentData()))

    def _lay_out(self) -> None:
        for row, (edit, combo) in enumerate(self.rows):
            self.grid.addWidget(edit, row, 0)
            self.grid.addWidget(combo, row, 1)
        last = len(self.rows)
        self.grid.addWidget(self.other_label, last, 0)
        self.grid.addWidget(self.fallback, last, 1)
        self.grid.addWidget(self.add_button, last + 1, 0)
