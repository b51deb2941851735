"""How a Browse result card is painted: the thumbnail letterboxed in a fixed box, the title, and a
line with type, size and dimensions."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from aemviewer.ui.browse.model import HIT_ROLE, STATE_ROLE
from aemviewer.ui.browse.query import HitSummary

THUMB_BOX = QSize(176, 132)
CARD = QSize(196, 196)
PADDING = 10


class CardDelegate(QStyledItemDelegate):
    """Paints one result card; every card has the same size (the view's grid)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CARD

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, HitSummary):
            return
        palette = option.palette
        rect: QRect = option.rect.adjusted(4, 4, -4, -4)
        state = option.state
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(70 if selected else 28)
            painter.setPen(
                QColor(palette.color(QPalette.ColorRole.Highlight)) if selected else Qt.PenStyle.NoPen
            )
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 6, 6)

        box = QRect(
            rect.x() + (rect.width() - THUMB_BOX.width()) // 2,
            rect.y() + 6,
            THUMB_BOX.width(),
            THUMB_BOX.height(),
        )
        self._paint_thumbnail(painter, palette, box, index)
        self._paint_text(painter, option, hit, rect, box.bottom() + 8)
        painter.restore()

    def _paint_thumbnail(
        self, painter: QPainter, palette: QPalette, box: QRect, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        backdrop = QColor(palette.color(QPalette.ColorRole.Mid))
        backdrop.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(backdrop)
        painter.drawRoundedRect(box, 4, 4)
        image = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(image, QImage) and not image.isNull():
            scaled = image.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                box.x() + (box.width() - scaled.width()) // 2,
                box.y() + (box.height() - scaled.height()) // 2,
                scaled.width(),
                scaled.height(),
            )
            painter.drawImage(target, image)
        else:
            failed = index.data(STATE_ROLE) == "failed"
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "no preview" if failed else "…")

    def _paint_text(
        self, painter: QPainter, option: QStyleOptionViewItem, hit: HitSummary, rect: QRect, title_top: int
    ) -> None:
        palette = option.palette
        text_left = rect.x() + PADDING
        text_width = rect.width() - 2 * PADDING
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        title_metrics = QFontMetrics(title_font)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title = title_metrics.elidedText(hit.title, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(
            QRect(text_left, title_top, text_width, title_metrics.height()),
            Qt.AlignmentFlag.AlignHCenter,
            title,
        )
        detail_font = QFont(option.font)
        detail_font.setPointSizeF(detail_font.pointSizeF() * 0.9)
        detail_metrics = QFontMetrics(detail_font)
        painter.setFont(detail_font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        detail = detail_metrics.elidedText(hit.detail(), Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(
            QRect(text_left, title_top + title_metrics.height() + 2, text_width, detail_metrics.height()),
            Qt.AlignmentFlag.AlignHCenter,
            detail,
        )
