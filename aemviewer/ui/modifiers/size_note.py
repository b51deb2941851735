"""The note under Width and Height when the delivered image is smaller than the size asked for.

The API does not enlarge past what it crops from (the original, a crop, a smart crop's own size), so
`width=2000` on a 640 px smart crop comes back 640 px wide. The note says so where the width was
typed, comparing what was asked with what came back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from aemviewer.delivery.modifiers import ImageModifiers


def asked_size(modifiers: ImageModifiers) -> tuple[int | None, int | None]:
    """The pixels asked for (width, height; None where not asked), `dpr` applied."""
    width: int | None = modifiers.width
    height: int | None = modifiers.height
    if modifiers.size is not None:
        width, height = modifiers.size
    scale = modifiers.dpr or 1
    return (
        round(width * scale) if width is not None else None,
        round(height * scale) if height is not None else None,
    )


def smaller_note(modifiers: ImageModifiers, delivered: tuple[int, int]) -> str:
    """'Asked 2000 px wide; 640 × 360 px came back …', or '' when nothing came back smaller."""
    width, height = asked_size(modifiers)
    short_w = width is not None and delivered[0] < width - 1
    short_h = height is not None and delivered[1] < height - 1
    if not (short_w or short_h):
        return ""
    asked = []
    if width is not None:
        asked.append(f"{width} px wide")
    if height is not None:
        asked.append(f"{height} px high")
    limit = "the smart crop's size" if modifiers.smartcrop else "the size of what is cropped"
    return (
        f"Asked {' and '.join(asked)}; {delivered[0]} × {delivered[1]} px came back, smaller than asked "
        f"(the server does not enlarge past {limit})."
    )


class SizeNote(QLabel):
    """The note itself: hidden unless the delivered image is smaller than asked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sizeNote")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("QLabel#sizeNote { color: rgb(219, 145, 20); }")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A grid row does not ask a wrapped label for its height at the width it gets: ask here,
        # or the note's last lines are cut off.
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def show_delivered(self, modifiers: ImageModifiers, delivered: tuple[int, int] | None) -> None:
        """Compare `delivered` (None: nothing for these modifiers yet) with what `modifiers` ask."""
        note = smaller_note(modifiers, delivered) if delivered is not None else ""
        self.setText(f"⚠ {note}" if note else "")
        self.setVisible(bool(note))
