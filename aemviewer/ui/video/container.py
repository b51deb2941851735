"""The player container: the `/play` URL, the `<iframe>` snippet to paste into a page, Open in browser."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.ui.widgets.accessibility import name_widget


def iframe_snippet(play_url: str, title: str) -> str:
    """The embed code: a 16:9 iframe of the player page (tokens never go in it: it is a public URL)."""
    return (
        f'<iframe src="{escape(play_url)}" title="{escape(title)}"\n'
        '        width="1280" height="720" style="max-width: 100%; aspect-ratio: 16 / 9; height: auto;"\n'
        '        allow="fullscreen; picture-in-picture" allowfullscreen loading="lazy"></iframe>'
    )


class PlayerContainerView(QWidget):
    """URL and embed code of the asset's player page."""

    copied = Signal(str)
    """What was copied, in words (for the status bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url_field = QLineEdit()
        self.url_field.setObjectName("playUrl")
        self.url_field.setReadOnly(True)
        name_widget(self.url_field, "Player URL", "The URL of the Delivery API's own player for this video")
        self.copy_url_button = QPushButton("Copy URL")
        self.copy_url_button.setToolTip("Copy the player URL")
        self.copy_url_button.clicked.connect(self.copy_url)
        self.open_button = QPushButton("Open in browser")
        self.open_button.setObjectName("openInBrowser")
        self.open_button.setToolTip("Open the player URL in the system's browser")
        self.open_button.clicked.connect(self.open_in_browser)
        self.snippet = QPlainTextEdit()
        self.snippet.setObjectName("iframeSnippet")
        self.snippet.setReadOnly(True)
        name_widget(self.snippet, "Embed code", "An iframe that embeds the player in a page")
        self.snippet.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.snippet.setMaximumHeight(96)
        self.copy_snippet_button = QPushButton("Copy embed code")
        self.copy_snippet_button.setToolTip("Copy the iframe embed code")
        self.copy_snippet_button.clicked.connect(self.copy_snippet)
        self.note = QLabel()
        self.note.setObjectName("containerNote")
        self.note.setWordWrap(True)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url_field, 1)
        url_row.addWidget(self.copy_url_button)
        url_row.addWidget(self.open_button)
        snippet_row = QHBoxLayout()
        snippet_row.addWidget(self.snippet, 1)
        snippet_row.addWidget(self.copy_snippet_button)
        form = QFormLayout()
        form.addRow("Player page", url_row)
        form.addRow("Embed", snippet_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.set_page(None)

    def set_page(self, play_url: str | None, title: str = "") -> None:
        """Show the page of a video (None: no video open)."""
        enabled = play_url is not None
        for widget in (self.copy_url_button, self.open_button, self.copy_snippet_button):
            widget.setEnabled(enabled)
        self.url_field.setText(play_url or "")
        self.snippet.setPlainText(iframe_snippet(play_url, title or "Video") if play_url else "")
        if not enabled:
            self.note.setText("Open a video to see its player page.")
        else:
            self.note.setText(
                "The page holds a <video> element with the HLS manifest (played natively by Safari and "
                "mobile browsers), the MP4 original as fallback, and the poster from the image endpoint. "
                "A browser asks for all of it without your token: a restricted video answers 404 there, "
                "so embedding works for public videos."
            )

    def copy_url(self) -> None:
        QGuiApplication.clipboard().setText(self.url_field.text())
        self.copied.emit("Player page URL copied")

    def copy_snippet(self) -> None:
        QGuiApplication.clipboard().setText(self.snippet.toPlainText())
        self.copied.emit("Embed code copied")

    def open_in_browser(self) -> bool:
        """Open the page with the desktop's browser; False when no browser could be started."""
        return QDesktopServices.openUrl(QUrl(self.url_field.text()))
