"""The building blocks of the modifier panel: one object per control row.

A row is a label, an editor and a reset button, placed into the columns of a section's grid so that
every row of the panel lines up. Each row knows its "not set" value (the parameter is then left out
of the URL) and can carry a note that explains why the server will not apply it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

RESET_GLYPH = "↺"
SEGMENT_STYLE = """
QToolButton { padding: 3px 8px; border: 1px solid rgba(128, 128, 128, 110); border-radius: 3px;
              background: palette(button); }
QToolButton:hover:!checked { border-color: palette(highlight); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); }
"""
"""Checked state must be obvious in light and dark palettes alike (Fusion's is faint in dark)."""


def make_reset_button(what: str) -> QToolButton:
    button = QToolButton()
    button.setText(RESET_GLYPH)
    button.setAutoRaise(True)
    button.setToolTip(f"Reset {what}")
    button.setAccessibleName(f"Reset {what}")
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class ControlRow(QObject):
    """Label + editor widgets + reset button; `changed` fires on every user edit."""

    changed = Signal()

    def __init__(self, name: str, label: str, tooltip: str) -> None:
        super().__init__()
        self.name = name
        self.tooltip = tooltip
        self.label = QLabel(label)
        self.label.setToolTip(tooltip)
        self.reset_button = make_reset_button(label.lower())
        self.reset_button.clicked.connect(self._reset_clicked)
        self._note = ""

    @property
    def editors(self) -> Sequence[QWidget]:
        raise NotImplementedError

    @property
    def note(self) -> str:
        return self._note

    def place(self, grid: QGridLayout, row: int) -> None:
        """Label in column 0, editors from column 1 (spanning to column 2), reset in column 3."""
        editors = self.editors
        # A label beside a multi-line editor sits on its first line, not in the middle.
        tall = any(editor.sizeHint().height() > 2 * self.label.sizeHint().height() + 8 for editor in editors)
        alignment = Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignVCenter
        self.label.setContentsMargins(0, 4 if tall else 0, 0, 0)
        grid.addWidget(self.label, row, 0, alignment)
        if len(editors) == 1:
            grid.addWidget(editors[0], row, 1, 1, 2)
        else:
            for column, editor in enumerate(editors[:2], start=1):
                grid.addWidget(editor, row, column)
        grid.addWidget(self.reset_button, row, 3, alignment)

    def is_default(self) -> bool:
        raise NotImplementedError

    def reset(self) -> None:
        """Back to "not set", without emitting `changed`."""
        raise NotImplementedError

    def set_note(self, note: str) -> None:
        """Explain why the server ignores this control (empty: it applies). Shown dimmed + tooltip."""
        self._note = note
        tip = f"{self.tooltip}\n\n⚠ {note}" if note else self.tooltip
        for widget in (self.label, *self.editors):
            widget.setToolTip(tip)
        role = QPalette.ColorRole.PlaceholderText if note else QPalette.ColorRole.WindowText
        self.label.setForegroundRole(role)
        self.label.setText(self.label.text().removesuffix(" ⚠") + (" ⚠" if note else ""))

    def _reset_clicked(self) -> None:
        self.reset()
        self._update_reset()
        self.changed.emit()

    def _edited(self) -> None:
        self._update_reset()
        self.changed.emit()

    def _update_reset(self) -> None:
        self.reset_button.setEnabled(not self.is_default())


class IntControl(ControlRow):
    """An integer: slider + spin box. The spin box's lowest value means "not set"."""

    def __init__(
        self,
        name: str,
        label: str,
        tooltip: str,
        *,
        minimum: int,
        maximum: int,
        slider_maximum: int | None = None,
        unset_text: str = "auto",
        suffix: str = "",
    ) -> None:
        super().__init__(name, label, tooltip)
        self.minimum = minimum
        self.maximum = maximum
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(minimum - 1, slider_maximum or maximum)
        self.slider.setAccessibleName(label)
        self.spin = QSpinBox()
        self.spin.setRange(minimum - 1, maximum)
        self.spin.setSpecialValueText(unset_text)
        self.spin.setSuffix(suffix)
        self.spin.setAccelerated(True)
        self.spin.setKeyboardTracking(False)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setMinimumWidth(86)
        self.spin.setAccessibleName(label)
        self.slider.valueChanged.connect(self._slider_moved)
        self.spin.valueChanged.connect(self._spin_changed)
        self.set_note("")
        self._update_reset()

    @property
    def editors(self) -> Sequence[QWidget]:
        return (self.slider, self.spin)

    def value(self) -> int | None:
        value = self.spin.value()
        return None if value < self.minimum else value

    def set_value(self, value: int | None) -> None:
        """Set without emitting `changed` (used when a URL sets the controls)."""
        shown = self.minimum - 1 if value is None else value
        with QSignalBlocker(self.spin), QSignalBlocker(self.slider):
            self.spin.setValue(shown)
            self.slider.setValue(min(shown, self.slider.maximum()))
        self._update_reset()

    def set_slider_maximum(self, maximum: int) -> None:
        """The slider's practical range (e.g. the original's width); the spin box keeps the full range."""
        with QSignalBlocker(self.slider):
            self.slider.setMaximum(max(self.minimum, min(maximum, self.maximum)))
            self.slider.setValue(min(self.spin.value(), self.slider.maximum()))

    def is_default(self) -> bool:
        return self.value() is None

    def reset(self) -> None:
        self.set_value(None)

    def _slider_moved(self, value: int) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self._edited()

    def _spin_changed(self, value: int) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(min(value, self.slider.maximum()))
        self._edited()


class DecimalControl(ControlRow):
    """A decimal number in a spin box; its lowest value means "not set"."""

    def __init__(
        self,
        name: str,
        label: str,
        tooltip: str,
        *,
        minimum: float,
        maximum: float,
        step: float,
        decimals: int = 2,
        unset_text: str = "—",
    ) -> None:
        super().__init__(name, label, tooltip)
        self.minimum = minimum
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(decimals)
        self.spin.setSingleStep(step)
        # One step below the minimum is the "not set" value that shows `unset_text`.
        self.spin.setRange(minimum - step, maximum)
        self.spin.setSpecialValueText(unset_text)
        self.spin.setKeyboardTracking(False)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setAccessibleName(label)
        self.spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.spin.valueChanged.connect(self._edited)
        self.set_note("")
        self._update_reset()

    @property
    def editors(self) -> Sequence[QWidget]:
        return (self.spin,)

    def value(self) -> float | None:
        value = self.spin.value()
        return None if value < self.minimum else value

    def set_value(self, value: float | None) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(self.spin.minimum() if value is None else value)
        self._update_reset()

    def is_default(self) -> bool:
        return self.value() is None

    def reset(self) -> None:
        self.set_value(None)


class ChoiceControl(ControlRow):
    """A list of choices in a combo box; an item whose data is None means "not sent"."""

    def __init__(
        self,
        name: str,
        label: str,
        tooltip: str,
        choices: Sequence[tuple[str, str | None]],
        *,
        editable: bool = False,
        default: str | None = None,
    ) -> None:
        super().__init__(name, label, tooltip)
        self.default = default
        self.combo = QComboBox()
        self.combo.setEditable(editable)
        self.combo.setAccessibleName(label)
        if editable:
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line_edit = self.combo.lineEdit()
            if line_edit is not None:
                line_edit.setPlaceholderText("none")
                line_edit.editingFinished.connect(self._edited)
        self.set_choices(choices)
        self.combo.activated.connect(self._edited)
        self.set_note("")
        self._update_reset()

    @property
    def editors(self) -> Sequence[QWidget]:
        return (self.combo,)

    def set_choices(self, choices: Sequence[tuple[str, str | None]]) -> None:
        current = self.value() if self.combo.count() else self.default
        self._unset_index = 0
        with QSignalBlocker(self.combo):
            self.combo.clear()
            for text, data in choices:
                if text == "-":
                    self.combo.insertSeparator(self.combo.count())
                    continue
                if data is None:
                    self._unset_index = self.combo.count()
                self.combo.addItem(text, data)
        self.set_value(current)

    def value(self) -> str | None:
        if self.combo.isEditable():
            text = self.combo.currentText().strip()
            index = self.combo.findText(text)
            if index >= 0:
                data = self.combo.itemData(index)
                return data if isinstance(data, str) else None
            return text or None
        data = self.combo.currentData()
        return data if isinstance(data, str) else None

    def set_value(self, value: str | None) -> None:
        with QSignalBlocker(self.combo):
            index = self.combo.findData(value) if value is not None else self._unset_index
            if index < 0 and value is not None and self.combo.isEditable():
                self.combo.setEditText(value)
            elif index < 0 and value is not None:
                # A value from a pasted URL that the list does not offer: show it rather than drop it.
                self.combo.addItem(value, value)
                self.combo.setCurrentIndex(self.combo.count() - 1)
            else:
                self.combo.setCurrentIndex(max(index, 0))
        self._update_reset()

    def is_default(self) -> bool:
        return self.value() == self.default

    def reset(self) -> None:
        self.set_value(self.default)
