"""The contact sheet's cards: one per smart crop, with the delivered picture, its name and colour,
aspect ratio and nominal size, what was delivered (pixels, type, bytes), the URL, and buttons to
copy it or open it in the preview. The cards flow into as many columns as the width allows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import DeliveryError
from aemviewer.ui.qa.smart_crops.model import SheetCrop, aspect_text
from aemviewer.ui.widgets.eliding_label import ElidingLabel

CARD_WIDTH = 240
PICTURE_HEIGHT = 170


class CropCard(QFrame):
    """One smart crop on the sheet."""

    clicked = Signal(str)
    copy_requested = Signal(str)
    open_requested = Signal(str)

    def __init__(self, crop: SheetCrop, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.crop = crop
        self.url = ""
        self.delivered: tuple[int, int] | None = None
        self.setObjectName("smartCropCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)
        self.selected = False
        self._style()
        self.picture = QLabel("loading…")
        self.picture.setObjectName("smartCropPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setFixedSize(CARD_WIDTH - 14, PICTURE_HEIGHT)
        self.picture.setStyleSheet("QLabel { background: palette(alternate-base); border: none; }")
        self.picture.setWordWrap(True)
        # The server's name, shown as it is (never as markup), in bold.
        self.name_label = QLabel(crop.name)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.name_label.font()
        bold.setBold(True)
        self.name_label.setFont(bold)
        self.name_label.setObjectName("smartCropName")
        self.name_label.setStyleSheet("border: none;")
        nominal = crop.nominal
        shape = (
            f"{aspect_text(*nominal)} · nominal {nominal[0]} × {nominal[1]}"
            if nominal
            else "no nominal size given"
        )
        self.shape_label = QLabel(shape)
        self.shape_label.setStyleSheet("border: none;")
        self.delivered_label = QLabel("—")
        self.delivered_label.setObjectName("smartCropDelivered")
        self.delivered_label.setStyleSheet("border: none;")
        self.delivered_label.setWordWrap(True)
        self.url_label = ElidingLabel("—", mode=Qt.TextElideMode.ElideMiddle)
        self.url_label.setStyleSheet("border: none; color: palette(placeholder-text);")
        self.url_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        copy = QToolButton()
        copy.setText("Copy URL")
        copy.clicked.connect(lambda: self.copy_requested.emit(self.url))
        open_button = QToolButton()
        open_button.setText("Open")
        open_button.setToolTip("Open this crop in the preview")
        open_button.clicked.connect(lambda: self.open_requested.emit(self.url))
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(copy)
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(7, 7, 7, 7)
        layout.setSpacing(3)
        layout.addWidget(self.picture)
        layout.addWidget(self.name_label)
        layout.addWidget(self.shape_label)
        layout.addWidget(self.delivered_label)
        layout.addWidget(self.url_label)
        layout.addLayout(buttons)

    def set_pending(self, url: str) -> None:
        self._set_url(url)
        self.picture.setText("loading…")

    def set_result(self, url: str, delivery: Delivery, image: QImage) -> None:
        self._set_url(url)
        self.delivered = (image.width(), image.height())
        shown = image.scaled(
            self.picture.width(),
            self.picture.height(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.picture.setPixmap(QPixmap.fromImage(shown))
        self.delivered_label.setText(
            f"delivered {image.width()} × {image.height()} px\n"
            f"{delivery.media_type} · {short_bytes(delivery.byte_count)}"
        )
        self.delivered_label.setToolTip(f"{delivery.byte_count:,} bytes, status {delivery.status}")

    def set_error(self, url: str, error: DeliveryError) -> None:
        self._set_url(url)
        self.picture.setText(f"Failed: {error.message}")
        self.delivered_label.setText("—")

    def _set_url(self, url: str) -> None:
        self.url = url
        self.url_label.setText(url)
        self.url_label.setToolTip(url)

    def set_selected(self, selected: bool) -> None:
        """Frame the card in its crop's colour: the one highlighted on the overlay."""
        self.selected = selected
        self._style()

    def _style(self) -> None:
        color = self.crop.color.name()
        frame = f"3px solid {color}" if self.selected else "1px solid palette(mid)"
        self.setStyleSheet(
            f"QFrame#smartCropCard {{ border: {frame}; border-top: 4px solid {color}; border-radius: 4px; }}"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self.crop.name)
        super().mousePressEvent(event)


class CardSheet(QScrollArea):
    """Cards in as many columns as fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("smartCropSheet")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._container = QWidget()
        self._grid = QGridLayout(self._container)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self._grid.setSpacing(10)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self._container)
        self.cards: list[CropCard] = []
        self._columns = 0

    def set_cards(self, cards: list[CropCard]) -> None:
        for card in self.cards:
            self._grid.removeWidget(card)
            card.deleteLater()
        self.cards = cards
        self._columns = 0
        self._arrange()

    def select(self, name: str | None) -> None:
        """Frame the card of crop `name` (none with None)."""
        for card in self.cards:
            card.set_selected(card.crop.name == name)

    def card(self, name: str) -> CropCard | None:
        return next((card for card in self.cards if card.crop.name == name), None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        columns = max(1, (self.viewport().width() - 8) // (CARD_WIDTH + self._grid.spacing()))
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self._grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self._grid.addWidget(card, index // columns, index % columns)
