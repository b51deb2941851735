"""The line under the Format control that says who decides the delivered format, with a one-click switch.

With auto-format on (the API's default) the server picks the format from the Accept header and the
path's extension is only a name; with it off, the extension is what is delivered. Picking a format
turns auto-format off, so what is picked is what is delivered; the button here gives the choice back
to the CDN (or takes it again) in one click.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

LET_CDN_CHOOSE = "Let the CDN choose"


class FormatChoiceLine(QWidget):
    """Says whether the picked format or the CDN decides; `auto_format_requested(bool | None)` asks for
    auto-format to change (None: the server's default, which is on)."""

    auto_format_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formatChoice")
        self.label = QLabel()
        self.label.setObjectName("formatChoiceText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("formatChoiceButton")
        self.button.clicked.connect(self._clicked)
        button_row = QHBoxLayout()
        button_row.addWidget(self.button)
        button_row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.label)
        column.addLayout(button_row)
        self._auto_format: bool | None = None

    def show_state(self, image_format: str | None, auto_format: bool | None) -> None:
        """Describe `image_format` (None: the image with defaults, nothing to say) under `auto_format`."""
        self._auto_format = auto_format
        if image_format is None:
            self.hide()
            return
        shown = image_format.upper()
        if auto_format is False:
            self.label.setText(f"auto-format is off: {shown} is delivered, as picked.")
            self.button.setText(LET_CDN_CHOOSE)
            self.button.setToolTip("Turn auto-format back on: the server picks the format from Accept.")
        else:
            self.label.setText(f"auto-format is on: the CDN picks from Accept, maybe not {shown}.")
            self.button.setText(f"Deliver {shown}")
            self.button.setToolTip(f"Turn auto-format off, so the server delivers {shown}.")
        self.show()

    def _clicked(self) -> None:
        self.auto_format_requested.emit(None if self._auto_format is False else False)
