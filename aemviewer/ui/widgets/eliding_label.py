"""A one-line label that shortens its text with "…" to the width it is given.

`text()` is always the whole text; only the painting is shortened, and again at each resize. The
label asks for the width of its whole text but can be squeezed down to the ellipsis, so it never
holds a layout open. Its text is shown as written (plain text, never markup); a caller that wants
the whole text on hover sets the tooltip.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

ELLIPSIS = "…"


class ElidingLabel(QLabel):
    """A QLabel on one line whose text is elided (right, middle or left) to fit its width."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._elide()

    def text(self) -> str:
        """The whole text, not the shortened one painted."""
        return self._text

    def setText(self, text: str) -> None:
        """Show `text`, shortened to the current width."""
        self._text = text
        self._elide()
        self.updateGeometry()  # the size hint follows the whole text

    def elidedText(self) -> str:
        """The text as painted at the current width."""
        return super().text()

    def elideMode(self) -> Qt.TextElideMode:
        """Where the "…" goes."""
        return self._mode

    def setElideMode(self, mode: Qt.TextElideMode) -> None:
        """Put the "…" at the right, in the middle or at the left of the text."""
        self._mode = mode
        self._elide()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self._width_for(self._text), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self._width_for(ELLIPSIS), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _available_width(self) -> int:
        return self.contentsRect().width() - 2 * self.margin() - max(self.indent(), 0)

    def _width_for(self, text: str) -> int:
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 2 * self.margin() + max(self.indent(), 0)
        # Fractional advances rounded up: the whole text must fit in the width asked for.
        return math.ceil(QFontMetricsF(self.font()).horizontalAdvance(text)) + extra

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._text, self._mode, max(self._available_width(), 0))
        if shown != super().text():
            super().setText(shown)
