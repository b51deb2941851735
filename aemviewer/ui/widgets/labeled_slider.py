"""A slider with its value shown beside it, in a field that can also be typed in.

The two stay in step: moving the slider writes the field, typing a value moves the slider. The
widget answers the slider's own calls (`value`, `setValue`, `setRange`, `valueChanged`), so it
stands where a QSlider would.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QHBoxLayout, QSlider, QSpinBox, QWidget


class LabeledSlider(QWidget):
    """A QSlider and, beside it, a borderless spin box showing (and taking) the same value."""

    valueChanged = Signal(int)
    """The new value, from the slider, the field or `setValue`."""

    def __init__(
        self, orientation: Qt.Orientation = Qt.Orientation.Horizontal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.slider = QSlider(orientation)
        self.value_box = QSpinBox()
        self.value_box.setObjectName("sliderValue")
        self.value_box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.value_box.setFrame(False)
        # Read as a number beside the slider, not as a form field; it still takes typing.
        palette = self.value_box.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(Qt.GlobalColor.transparent))
        self.value_box.setPalette(palette)
        self.value_box.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.value_box.setKeyboardTracking(False)
        self.slider.valueChanged.connect(self._slider_moved)
        self.value_box.valueChanged.connect(self.slider.setValue)
        self._sync_range()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value_box)
        self.setFocusProxy(self.slider)

    def value(self) -> int:
        """The slider's value."""
        return self.slider.value()

    def setValue(self, value: int) -> None:
        """Move the slider (clamped to its range); the field follows."""
        self.slider.setValue(value)

    def minimum(self) -> int:
        return self.slider.minimum()

    def maximum(self) -> int:
        return self.slider.maximum()

    def setRange(self, minimum: int, maximum: int) -> None:
        """The slider's range; the field takes the same and is made wide enough for it."""
        self.slider.setRange(minimum, maximum)
        self._sync_range()

    def setToolTip(self, text: str) -> None:
        """One tooltip for the widget, the slider and the field (screen readers read it too)."""
        super().setToolTip(text)
        self.slider.setToolTip(text)
        self.value_box.setToolTip(text)

    def setAccessibleName(self, name: str) -> None:
        """Name the slider and the field alike, so a screen reader says what the number is."""
        super().setAccessibleName(name)
        self.slider.setAccessibleName(name)
        self.value_box.setAccessibleName(name)

    def _slider_moved(self, value: int) -> None:
        with QSignalBlocker(self.value_box):
            self.value_box.setValue(value)
        self.valueChanged.emit(value)

    def _sync_range(self) -> None:
        with QSignalBlocker(self.value_box):
            self.value_box.setRange(self.slider.minimum(), self.slider.maximum())
            self.value_box.setValue(self.slider.value())
        digits = max(len(str(self.slider.minimum())), len(str(self.slider.maximum())))
        self.value_box.setFixedWidth(self.value_box.fontMetrics().horizontalAdvance("8" * digits) + 10)
