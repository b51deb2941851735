"""An in-place message strip: what went wrong, what to do, and a button to do it.

Banners sit above the panel they are about, so an error shows where the user is looking instead of
in a modal dialog that blocks the window.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class BannerKind(Enum):
    """How serious a banner is; decides its colour and icon."""

    ERROR = ("error", (214, 57, 57), QStyle.StandardPixmap.SP_MessageBoxCritical)
    WARNING = ("warning", (219, 145, 20), QStyle.StandardPixmap.SP_MessageBoxWarning)
    INFO = ("info", (52, 120, 206), QStyle.StandardPixmap.SP_MessageBoxInformation)

    @property
    def rgb(self) -> tuple[int, int, int]:
        return self.value[1]

    @property
    def icon(self) -> QStyle.StandardPixmap:
        return self.value[2]


class Banner(QFrame):
    """A dismissible strip with a title, a message, a hint and optional action buttons."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = BannerKind.INFO
        self._icon = QLabel()
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel()
        self.title_label.setObjectName("bannerTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setOpenExternalLinks(False)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.message_label)
        self._actions = QHBoxLayout()
        self._actions.setSpacing(6)
        close = QToolButton()
        close.setObjectName("bannerClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 6, 8)
        row.setSpacing(10)
        row.addWidget(self._icon)
        row.addLayout(text, 1)
        row.addLayout(self._actions)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    @property
    def action_buttons(self) -> list[QPushButton]:
        buttons = []
        for index in range(self._actions.count()):
            item = self._actions.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QPushButton):
                buttons.append(widget)
        return buttons

    def show_message(
        self,
        kind: BannerKind,
        title: str,
        message: str = "",
        actions: list[tuple[str, Callable[[], None]]] | None = None,
    ) -> None:
        """Show the banner with `title`, an optional rich-text `message`, and action buttons."""
        self.kind = kind
        red, green, blue = kind.rgb
        self.setStyleSheet(
            f"QFrame#banner {{ background: rgba({red}, {green}, {blue}, 38);"
            f" border: 1px solid rgba({red}, {green}, {blue}, 160); border-radius: 6px; }}"
            " QLabel#bannerTitle { font-weight: 600; }"
        )
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._icon.setPixmap(self.style().standardIcon(kind.icon).pixmap(size + 4, size + 4))
        self.title_label.setText(title)
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))
        while self._actions.count():
            item = self._actions.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for label, callback in actions or []:
            button = QPushButton(label)
            # Read out on its own, the button says which message it answers.
            button.setAccessibleDescription(f"{label.rstrip('…')}: {title}")
            button.clicked.connect(callback)
            self._actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.show()

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()
