"""The asset bar: one field for an asset id or any delivery URL, recent assets, the active profile.

Input is read with `delivery.parse_reference` as the user types, and the result (or what is wrong)
is shown right under the field. Enter, the Open button, a paste into the field or a drop opens it.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.reference import AssetRef, Operation, parse_reference
from aemviewer.ui.widgets.fonts import monospace_font
from aemviewer.ui.widgets.plain_text import plain_tooltip

_OPERATION_WORDS = {
    Operation.IMAGE: "image URL",
    Operation.DEFAULT_IMAGE: "image-with-defaults URL",
    Operation.ORIGINAL: "original URL",
    Operation.RENDITION: "rendition URL",
    Operation.METADATA: "metadata URL",
    Operation.SMART_CROPS: "smart-crop list URL",
    Operation.PLAY: "player URL",
    Operation.MANIFEST_HLS: "HLS manifest URL",
    Operation.MANIFEST_DASH: "DASH manifest URL",
}


def describe_reference(ref: AssetRef) -> str:
    """One line saying what was recognised, for the inline message."""
    if ref.base_url is None:
        return f"{'Vanity id' if ref.is_vanity else 'Asset id'} {ref.asset_id}"
    words = _OPERATION_WORDS[ref.operation]
    parts = [f"{words[0].upper()}{words[1:]} on {ref.base_url}"]
    count = len(ref.modifiers.to_query())
    if count:
        parts.append(f"{count} parameter{'s' if count != 1 else ''}")
    if ref.format:
        parts.append(ref.format)
    return " · ".join(parts)


def text_from_mime(mime: QMimeData) -> str:
    """The id or URL carried by a drag or the clipboard (a browser's link drag carries a URL list)."""
    if mime.hasUrls() and mime.urls():
        return mime.urls()[0].toString()
    return mime.text().strip()


class ReferenceField(QLineEdit):
    """A line edit that replaces its whole text on a drop and reports pastes."""

    dropped = Signal(str)
    pasted = Signal()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        text = text_from_mime(event.mimeData())
        if text:
            event.acceptProposedAction()
            self.dropped.emit(text)
        else:
            super().dropEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.matches(QKeySequence.StandardKey.Paste):
            self.pasted.emit()


MAX_PROFILE_CHARS = 28
"""Longer profile names are cut in the asset bar (the tooltip has the whole name)."""


class AssetBar(QWidget):
    """Asset field with inline validation, Open, recent assets, the active profile and the request URL."""

    open_requested = Signal(object, str)
    """(AssetRef, the text as typed) when the user opens a valid reference."""
    copy_url_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetBar")
        self.profile_button = QToolButton()
        self.profile_button.setObjectName("profileButton")
        self.profile_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.profile_button.setAccessibleName("Active profile")
        self.favourite_button = QToolButton()
        self.favourite_button.setObjectName("favouriteButton")
        self.favourite_button.setCheckable(True)
        self.favourite_button.setAutoRaise(True)
        self.favourite_button.setShortcut(QKeySequence("Ctrl+D"))
        self.favourite_button.setAccessibleName("Favourite")
        self.field = ReferenceField()
        self.field.setObjectName("assetField")
        self.field.setPlaceholderText("Asset id (urn:aaid:aem:…) or a delivery URL — paste or drop here")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Asset id or delivery URL")
        self.field.setToolTip("An asset id or any delivery URL (Ctrl+L)")
        self.open_button = QPushButton("Open")
        self.open_button.setDefault(True)
        self.open_button.setToolTip("Open the asset or URL typed in the field (Enter)")
        self.recent_button = QPushButton("Recent")
        self.recent_button.setToolTip("Recently opened assets")
        self.recent_menu = QMenu(self.recent_button)
        self.recent_button.setMenu(self.recent_menu)
        self.message = QLabel()
        self.message.setObjectName("assetMessage")
        self.message.setWordWrap(True)
        # It quotes what the user typed: `<b>` must show as typed, never as markup.
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_field = self._make_url_field()
        self.copy_button = QPushButton("Copy URL")
        self.copy_button.setToolTip("Copy the request URL (Ctrl+Shift+C)")
        self.copy_button.clicked.connect(self.copy_url_requested)
        self._lay_out()
        self.field.textEdited.connect(self._validate)
        self.field.returnPressed.connect(self.open_current)
        self.field.pasted.connect(self._open_if_valid)
        self.field.dropped.connect(self.open_text)
        self.open_button.clicked.connect(self.open_current)
        self._show_message("", ok=True)
        self.set_recent([])
        self.set_favourite(False, False)

    def _make_url_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName("requestUrl")
        field.setReadOnly(True)
        field.setAccessibleName("Request URL")
        field.setPlaceholderText("The request URL appears here")
        field.setToolTip("The exact URL requested for the preview (Ctrl+Shift+C copies it)")
        field.setFont(monospace_font(0.95))
        return field

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        asset_label = QLabel("Asset")
        url_label = QLabel("URL")
        for label in (asset_label, url_label):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(asset_label, 0, 0)
        grid.addWidget(self.field, 0, 1)
        grid.addWidget(self.open_button, 0, 2)
        grid.addWidget(self.recent_button, 0, 3)
        grid.addWidget(self.favourite_button, 0, 4)
        grid.addWidget(self.profile_button, 0, 5)
        grid.addWidget(self.message, 1, 1, 1, 5)
        grid.addWidget(url_label, 2, 0)
        grid.addWidget(self.url_field, 2, 1)
        grid.addWidget(self.copy_button, 2, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    # --- public API ----------------------------------------------------------------------------

    def text(self) -> str:
        return self.field.text().strip()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_profile(self, name: str, detail: str, *, warning: str = "") -> None:
        """Show the active profile; a `warning` (e.g. "token expired 3 h ago") marks it with ⚠ and a
        colour, and is spelled out in the tooltip."""
        shown = name if len(name) <= MAX_PROFILE_CHARS else name[: MAX_PROFILE_CHARS - 1] + "…"
        self.profile_button.setText(f"⚠ {shown}" if warning else shown)
        self.profile_button.setAccessibleDescription(warning)
        caution = f"⚠ {warning}\n" if warning else ""
        self.profile_button.setToolTip(
            f"Profile: {name}\n{caution}{detail}\nClick to switch or edit profiles."
        )
        self.profile_button.setProperty("warning", bool(warning))
        colour = (
            "color: rgb(214, 57, 57); font-weight: 600;"
            if "expired" in warning or "unavailable" in warning
            else ("color: rgb(196, 120, 0); font-weight: 600;" if warning else "")
        )
        self.profile_button.setStyleSheet(f"QToolButton#profileButton {{ {colour} }}" if colour else "")

    def set_favourite(self, enabled: bool, starred: bool) -> None:
        """The star: enabled when an asset is open, filled when it is a favourite."""
        self.favourite_button.setEnabled(enabled)
        self.favourite_button.setChecked(starred)
        self.favourite_button.setText("★" if starred else "☆")
        self.favourite_button.setToolTip(
            ("Remove from favourites" if starred else "Add to favourites") + " (Ctrl+D)"
        )

    def set_text(self, text: str) -> None:
        """Show `text` in the field (no open), with its validation message."""
        self.field.setText(text)
        self._validate(text)

    def set_url(self, url: str) -> None:
        """The request URL of the current state, exactly as requested."""
        self.url_field.setText(url)
        self.url_field.setCursorPosition(0)

    def set_recent(self, items: list[str]) -> None:
        self.recent_menu.clear()
        for item in items:
            action = self.recent_menu.addAction(item if len(item) < 90 else item[:88] + "…")
            action.setToolTip(plain_tooltip(item))
            action.triggered.connect(lambda _checked=False, text=item: self.open_text(text))
        if not items:
            empty = self.recent_menu.addAction("No recent assets")
            empty.setEnabled(False)
        self.recent_button.setEnabled(True)

    def open_text(self, text: str) -> bool:
        """Put `text` in the field and open it if it is valid; True when it was opened."""
        self.field.setText(text.strip())
        return self.open_current()

    def open_current(self) -> bool:
        ref = self._validate(self.field.text())
        if ref is None:
            return False
        self.open_requested.emit(ref, self.text())
        return True

    # --- validation ----------------------------------------------------------------------------

    def _open_if_valid(self) -> None:
        if self._validate(self.field.text()) is not None:
            self.open_current()

    def _validate(self, text: str) -> AssetRef | None:
        if not text.strip():
            self._show_message("", ok=True)
            return None
        try:
            ref = parse_reference(text)
        except InvalidInput as error:
            self._show_message(error.message, ok=False)
            return None
        self._show_message(describe_reference(ref), ok=True)
        return ref

    def _show_message(self, text: str, *, ok: bool) -> None:
        self.message.setText(("✓ " if ok and text else "✗ " if text else "") + text)
        self.message.setProperty("invalid", not ok)
        color = "rgb(214, 57, 57)" if not ok else "palette(placeholder-text)"
        self.message.setStyleSheet(f"QLabel#assetMessage {{ color: {color}; }}")
        self.message.setVisible(bool(text))
        self.field.setProperty("invalid", not ok)
