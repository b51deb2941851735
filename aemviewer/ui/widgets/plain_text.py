"""Showing user and server text exactly as written: never as markup.

A QLabel in its default mode and every tooltip render text that looks like HTML (`<b>`, `<script>`)
as HTML, so an asset id, a header value or a server message could change how the window looks.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written ("" stays "": no tooltip)."""
    if not text:
        return ""
    # Tooltips have no plain-text switch: escaped rich text (which also wraps long values) is the way.
    return "<qt>" + escape(text).replace("\n", "<br>") + "</qt>"


def make_plain(label: QLabel) -> QLabel:
    """`label`, set to show its text as written."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
