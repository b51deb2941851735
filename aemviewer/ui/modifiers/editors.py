"""Control rows with more than one field: crop rectangle, free text, and extra name=value rows."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer import api_spec
from aemviewer.delivery.crop import Crop, is_legacy_smart_crop
from aemviewer.delivery.errors import InvalidModifier
from aemviewer.ui.modifiers.controls import ControlRow

PIXELS = "px"
PERCENT = "%"


class TextControl(ControlRow):
    """A free-text value (preset, blur, sharpen); empty means "not set". Sent when editing ends."""

    def __init__(self, name: str, label: str, tooltip: str, placeholder: str = "") -> None:
        super().__init__(name, label, tooltip)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(label)
        # Every keystroke would request a half-typed name: wait until the user is done.
        self.edit.editingFinished.connect(self._finished)
        self._last = ""
        self.set_note("")
        self._update_reset()

    @property
    def editors(self) -> Sequence[QWidget]:
        return (self.edit,)

    def value(self) -> str | None:
        return self.edit.text().strip() or None

    def set_value(self, value: str | None) -> None:
        with QSignalBlocker(self.edit):
            self.edit.setText(value or "")
        self._last = self.edit.text()
        self._update_reset()

    def is_default(self) -> bool:
        return self.value() is None

    def reset(self) -> None:
        self.set_value(None)

    def _finished(self) -> None:
        if self.edit.text() != self._last:
            self._last = self.edit.text()
            self._edited()


class CropControl(ControlRow):
    """x, y, w, h in source pixels or percent, plus a button to draw the crop on the canvas."""

    draw_requested = Signal()

    def __init__(self, name: str, label: str, tooltip: str) -> None:
        super().__init__(name, label, tooltip)
        self.container = QWidget()
        outer = QVBoxLayout(self.container)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(6)
        self.unit = QComboBox()
        self.unit.addItem("pixels", PIXELS)
        self.unit.addItem("percent", PERCENT)
        self.unit.setAccessibleName("Crop unit")
        self.unit.setToolTip("Crop numbers in source pixels or in percent of the source")
        self.draw_button = QPushButton("Draw on image")
        self.draw_button.setToolTip("Drag a rectangle on the uncropped image to set the crop (Esc cancels)")
        self.draw_button.clicked.connect(self.draw_requested)
        top.addWidget(self.unit)
        top.addWidget(self.draw_button, 1)
        outer.addLayout(top)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for index, part in enumerate(("x", "y", "w", "h")):
            spin = QDoubleSpinBox()
            spin.setPrefix(f"{part}  ")
            spin.setKeyboardTracking(False)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setAccessibleName(f"Crop {part}")
            spin.setAccessibleDescription(f"crop: {part} of the crop rectangle, in the unit beside it")
            spin.valueChanged.connect(self._edited)
            self.spins[part] = spin
            grid.addWidget(spin, index // 2, index % 2)
        outer.addLayout(grid)
        self.edge_label = QLabel()
        self.edge_label.setObjectName("cropEdgeNote")
        self.edge_label.setWordWrap(True)
        self.edge_label.setTextFormat(Qt.TextFormat.PlainText)
        self.edge_label.setStyleSheet("QLabel#cropEdgeNote { color: rgb(219, 145, 20); }")
        self.edge_label.hide()
        outer.addWidget(self.edge_label)
        self._source: tuple[int, int] | None = None
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self._apply_unit(PIXELS)
        self.set_note("")
        self._update_reset()

    @property
    def editors(self) -> Sequence[QWidget]:
        return (self.container,)

    @property
    def percent(self) -> bool:
        return bool(self.unit.currentData() == PERCENT)

    def set_source_size(self, size: tuple[int, int] | None) -> None:
        """The (rotated) original's size, for converting between pixels and percent."""
        self._source = size
        if not self.percent:
            self._apply_unit(PIXELS)
        self._show_edge()

    def value(self) -> Crop | None:
        """The crop, or None when w or h is 0. Raises `InvalidModifier` for a rectangle the API refuses."""
        numbers = {part: spin.value() for part, spin in self.spins.items()}
        if numbers["w"] <= 0 or numbers["h"] <= 0:
            return None
        if self.percent:
            x, y, w, h = (Decimal(f"{numbers[p]:.2f}").normalize() for p in ("x", "y", "w", "h"))
            return Crop(_plain(x), _plain(y), _plain(w), _plain(h), percent=True)
        return Crop(round(numbers["x"]), round(numbers["y"]), round(numbers["w"]), round(numbers["h"]))

    def set_value(self, value: Crop | None) -> None:
        unit = PERCENT if value is not None and value.percent else PIXELS
        with QSignalBlocker(self.unit):
            self.unit.setCurrentIndex(self.unit.findData(unit))
        self._apply_unit(unit)
        for part, spin in self.spins.items():
            with QSignalBlocker(spin):
                spin.setValue(float(getattr(value, part)) if value is not None else 0.0)
        self._update_reset()
        self._show_edge()

    def _edited(self) -> None:
        self._show_edge()
        super()._edited()

    def _show_edge(self) -> None:
        """Say when the rectangle passes the original's edge: the numbers stay as written (a pasted
        URL is kept exactly), but what comes back is not the rectangle they describe."""
        spins = {part: spin.value() for part, spin in self.spins.items()}
        if self.percent:
            beyond = spins["x"] + spins["w"] > 100 or spins["y"] + spins["h"] > 100
            edge = "100 %"
        else:
            source = self._source
            beyond = source is not None and (
                spins["x"] + spins["w"] > source[0] or spins["y"] + spins["h"] > source[1]
            )
            edge = f"{source[0]} × {source[1]} px" if source is not None else ""
        if beyond and spins["w"] > 0 and spins["h"] > 0:
            self.edge_label.setText(f"This rectangle goes beyond the original ({edge}); kept as written.")
        shown = beyond and spins["w"] > 0 and spins["h"] > 0
        if shown != self.edge_label.isVisibleTo(self.container):
            self.edge_label.setVisible(shown)

    def set_fractions(self, x: float, y: float, w: float, h: float) -> None:
        """Set from a rectangle drawn on the canvas (fractions of the uncropped image), and emit."""
        if self.percent or self._source is None:
            if not self.percent:
                with QSignalBlocker(self.unit):
                    self.unit.setCurrentIndex(self.unit.findData(PERCENT))
                self._apply_unit(PERCENT)
            # Floor the origin and the size so that origin + size never passes 100 after rounding.
            values = [_floor2(x * 100), _floor2(y * 100), _floor2(w * 100), _floor2(h * 100)]
        else:
            source_w, source_h = self._source
            left, top = int(x * source_w), int(y * source_h)
            values = [left, top, max(1, min(round(w * source_w), source_w - left))]
            values.append(max(1, min(round(h * source_h), source_h - top)))
        for spin, number in zip(self.spins.values(), values, strict=True):
            with QSignalBlocker(spin):
                spin.setValue(number)
        self._edited()

    def fractions(self) -> tuple[float, float, float, float] | None:
        """The current crop as fractions of the source (for drawing it), when that can be known."""
        try:
            crop = self.value()
        except InvalidModifier:
            return None
        if crop is None:
            return None
        numbers = [float(getattr(crop, p)) for p in ("x", "y", "w", "h")]
        if crop.percent:
            return (numbers[0] / 100, numbers[1] / 100, numbers[2] / 100, numbers[3] / 100)
        if self._source is None:
            return None
        source_w, source_h = self._source
        return (numbers[0] / source_w, numbers[1] / source_h, numbers[2] / source_w, numbers[3] / source_h)

    def is_default(self) -> bool:
        return all(spin.value() == 0 for spin in self.spins.values())

    def reset(self) -> None:
        self.set_value(None)

    def _unit_changed(self) -> None:
        unit = PERCENT if self.percent else PIXELS
        old = {part: spin.value() for part, spin in self.spins.items()}
        self._apply_unit(unit)
        if self._source is not None and any(old.values()):
            source_w, source_h = self._source
            scale = {"x": source_w, "y": source_h, "w": source_w, "h": source_h}
            for part, spin in self.spins.items():
                with QSignalBlocker(spin):
                    if unit == PERCENT:
                        spin.setValue(_floor2(old[part] / scale[part] * 100))
                    else:
                        spin.setValue(round(old[part] * scale[part] / 100))
        self._edited()

    def _apply_unit(self, unit: str) -> None:
        # Never the original's size as the maximum: a spin box would clamp a pasted value to it
        # and the next edit would rewrite the URL. The edge note says when a rectangle passes it.
        maximum_w = maximum_h = api_spec.DIMENSION_RANGE[1]
        for part, spin in self.spins.items():
            with QSignalBlocker(spin):
                if unit == PERCENT:
                    spin.setDecimals(api_spec.CROP_PERCENT_DECIMALS)
                    spin.setRange(0, 100)
                    spin.setSingleStep(1)
                    spin.setSuffix(" %")
                else:
                    spin.setDecimals(0)
                    spin.setRange(0, maximum_w if part in ("x", "w") else maximum_h)
                    spin.setSingleStep(10)
                    spin.setSuffix(" px")


def _floor2(number: float) -> float:
    return int(number * 100 + 1e-9) / 100


def _plain(number: Decimal) -> int | Decimal:
    # 25.00 → 25: the URL then reads 25p, as a person would write it.
    return int(number) if number == number.to_integral_value() else number


class ExtraParamsControl(ControlRow):
    """Any other query parameter as name = value rows (layers, source[…], future modifiers)."""

    def __init__(self, reserved: Sequence[str]) -> None:
        super().__init__(
            "extra",
            "Extra",
            "Any other query parameter, sent as written. Names with a control of their own are refused.",
        )
        self.reserved = frozenset(reserved)
        self.container = QWidget()
        self._rows_layout = QVBoxLayout(self.container)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(4)
        self.add_button = QPushButton("Add parameter")
        self.add_button.setToolTip("Add a name = value query parameter")
        self.add_button.clicked.connect(lambda: self.add_row("", "", focus=True))
        self._rows_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.rows: list[tuple[QWidget, QLineEdit, QLineEdit]] = []
        self._last: tuple[tuple[str, str], ...] = ()
        self.set_note("")
        self._update_reset()

    @property
    def editors(self) -> Sequence[QWidget]:
        return (self.container,)

    def add_row(self, name: str, value: str, *, focus: bool = False) -> None:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        name_edit = QLineEdit(name)
        name_edit.setPlaceholderText("name")
        name_edit.setAccessibleName("Extra parameter name")
        value_edit = QLineEdit(value)
        value_edit.setPlaceholderText("value")
        value_edit.setAccessibleName("Extra parameter value")
        remove = QToolButton()
        remove.setText("−")
        remove.setAutoRaise(True)
        remove.setToolTip("Remove this parameter")
        layout.addWidget(name_edit, 2)
        layout.addWidget(value_edit, 3)
        layout.addWidget(remove)
        for edit in (name_edit, value_edit):
            edit.editingFinished.connect(self._finished)
        entry = (row, name_edit, value_edit)
        remove.clicked.connect(lambda: self._remove(entry))
        self.rows.append(entry)
        self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
        if focus:
            name_edit.setFocus()

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The rows with a name. Raises `InvalidModifier` for a name that has its own control."""
        pairs = []
        for _row, name_edit, value_edit in self.rows:
            name = name_edit.text().strip()
            if not name:
                continue
            # The legacy smart crop `crop=W:H,smart` has no control of its own: it stays a row.
            if name in self.reserved and not (name == "crop" and is_legacy_smart_crop(value_edit.text())):
                raise InvalidModifier(name, value_edit.text(), f"the {name} control above, not an extra row")
            pairs.append((name, value_edit.text()))
        return tuple(pairs)

    def set_pairs(self, pairs: Sequence[tuple[str, str]]) -> None:
        for entry in list(self.rows):
            self._drop(entry)
        for name, value in pairs:
            self.add_row(name, value)
        self._last = tuple(pairs)
        self._update_reset()

    def is_default(self) -> bool:
        return not any(name_edit.text().strip() for _row, name_edit, _value in self.rows)

    def reset(self) -> None:
        self.set_pairs(())

    def _finished(self) -> None:
        current = tuple((n.text().strip(), v.text()) for _r, n, v in self.rows)
        if current != self._last:
            self._last = current
            self._edited()

    def _remove(self, entry: tuple[QWidget, QLineEdit, QLineEdit]) -> None:
        had_name = bool(entry[1].text().strip())
        self._drop(entry)
        self._last = tuple((n.text().strip(), v.text()) for _r, n, v in self.rows)
        if had_name:
            self._edited()
        else:
            self._update_reset()

    def _drop(self, entry: tuple[QWidget, QLineEdit, QLineEdit]) -> None:
        self.rows.remove(entry)
        self._rows_layout.removeWidget(entry[0])
        entry[0].deleteLater()
