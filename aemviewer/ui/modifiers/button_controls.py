"""Control rows made of toggle buttons: one exclusive choice (rotate) or letters that combine (flip)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from aemviewer.ui.modifiers.controls import SEGMENT_STYLE, ControlRow


class ButtonStripControl(ControlRow):
    """A row of checkable buttons side by side, each carrying its piece of the value as `data`."""

    def __init__(
        self, name: str, label: str, tooltip: str, buttons: Sequence[tuple[str, str | None]], *, spacing: int
    ) -> None:
        super().__init__(name, label, tooltip)
        self.container = QWidget()
        self.container.setStyleSheet(SEGMENT_STYLE)
        row = QHBoxLayout(self.container)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(spacing)
        self.buttons: list[QToolButton] = []
        for text, data in buttons:
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setProperty("data", data)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(f"{label} {text}")
            button.setAccessibleDescription(tooltip)
            self.buttons.append(button)
            row.addWidget(button)

    @property
    def editors(self) -> Sequence[QWidget]:
        return (self.container,)

    def value(self) -> str | None:
        raise NotImplementedError

    def set_value(self, value: str | None) -> None:
        raise NotImplementedError

    def is_default(self) -> bool:
        return self.value() is None

    def reset(self) -> None:
        self.set_value(None)


class SegmentControl(ButtonStripControl):
    """Mutually exclusive toggle buttons (rotate 0/90/180/270); the first is "not set"."""

    def __init__(
        self, name: str, label: str, tooltip: str, choices: Sequence[tuple[str, str | None]]
    ) -> None:
        super().__init__(name, label, tooltip, choices, spacing=2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for index, button in enumerate(self.buttons):
            self.group.addButton(button, index)
        self.buttons[0].setChecked(True)
        self.group.idClicked.connect(self._edited)
        self.set_note("")
        self._update_reset()

    def value(self) -> str | None:
        button = self.group.checkedButton()
        data = button.property("data") if button is not None else None
        return data if isinstance(data, str) else None

    def set_value(self, value: str | None) -> None:
        for button in self.buttons:
            if button.property("data") == value:
                with QSignalBlocker(self.group):
                    button.setChecked(True)
        self._update_reset()


class ToggleControl(ButtonStripControl):
    """Independent toggle buttons whose checked set forms one value (flip: h, v, hv)."""

    def __init__(self, name: str, label: str, tooltip: str, toggles: Sequence[tuple[str, str]]) -> None:
        super().__init__(name, label, tooltip, toggles, spacing=6)
        for button in self.buttons:
            button.toggled.connect(self._edited)
        self.set_note("")
        self._update_reset()

    def value(self) -> str | None:
        letters = "".join(str(b.property("data")) for b in self.buttons if b.isChecked())
        return letters or None

    def set_value(self, value: str | None) -> None:
        for button in self.buttons:
            with QSignalBlocker(button):
                button.setChecked(value is not None and str(button.property("data")) in value)
        self._update_reset()
