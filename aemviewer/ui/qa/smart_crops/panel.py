"""The Smart crops tab: every named smart crop of the asset rendered at once as a contact sheet, and
the original with each crop's rectangle drawn on it.

Names and rectangles come from the asset's `smartCrops` list and its metadata (both through the
window's `DeliveryService`); what neither gives is said above the sheet. Each crop is requested as
`smartcrop=<name>` (plus the chosen width) in the preview's format with the preview's Accept. The
loading is `SheetLoader`'s (controller.py); opening another asset cancels it, and nothing of a
cancelled load reaches the new sheet.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QImage, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QWidget

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.reference import AssetRef
from aemviewer.qa.checks.observed import from_smart_crops
from aemviewer.ui.common.checks_dialog import SaveChecksDialog
from aemviewer.ui.common.checks_saving import offer_checks
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.error_messages import banner_for
from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.qa.smart_crops.cards import CardSheet, CropCard
from aemviewer.ui.qa.smart_crops.controller import SheetLoader, crop_url
from aemviewer.ui.qa.smart_crops.model import SheetCrop
from aemviewer.ui.qa.smart_crops.overlay import CropOverlay
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.banner import Banner
from aemviewer.ui.widgets.tab_layout import tab_layout

OVERLAY_WIDTH = 1200
"""Width the original is fetched at for the overlay: enough to judge a crop, cheap to fetch."""
WIDTH_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("nominal size", None),
    ("200 px wide", 200),
    ("400 px wide", 400),
    ("800 px wide", 800),
)


class SmartCropSheetPanel(QWidget):
    """Overlay on the left, the cards on the right, what is missing above."""

    def __init__(self, context: FeatureContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("smartCropSheetPanel")
        self._context = context
        self.crops: list[SheetCrop] = []
        self._state: PreviewState | None = None
        self._endpoints: DeliveryEndpoints | None = None
        self.loaded_for: tuple[str, str | None, int | None] | None = None
        """(asset id, Accept, width) of the sheet on screen: it loads again when one differs."""
        self.task: asyncio.Task[None] | None = None
        self.overlay_width = OVERLAY_WIDTH
        self._build()
        self.loader = SheetLoader(context, self)
        self.loader.crops_listed.connect(self._show_crops)
        self.loader.original_loaded.connect(self.overlay.set_image)
        self.loader.original_failed.connect(
            lambda message: self.overlay.clear(f"The original could not be shown: {message}")
        )
        self.loader.crop_loaded.connect(self._crop_loaded)
        self.loader.crop_failed.connect(self._crop_failed)
        self.loader.failed.connect(self._failed)
        self.loader.finished.connect(lambda: self.overlay.set_busy(False))
        context.preview.asset_opened.connect(self._asset_opened)

    def _build(self) -> None:
        self.banner = Banner()
        top = QHBoxLayout()
        self.note = QLabel("The smart crops of the asset open in the preview appear here.")
        self.note.setObjectName("smartCropNote")
        self.note.setWordWrap(True)
        self.width_choice = QComboBox()
        name_widget(
            self.width_choice,
            "Crops at width",
            "Width the crops are requested at (nominal: no width is sent)",
        )
        for label, width in WIDTH_CHOICES:
            self.width_choice.addItem(label, width)
        self.width_choice.activated.connect(lambda _index: self.load())
        reload_button = QPushButton("Reload")
        reload_button.setToolTip("Request every smart crop of the asset again")
        reload_button.clicked.connect(self.load)
        top.addWidget(self.note, 1)
        top.addWidget(QLabel("Crops at:"))
        top.addWidget(self.width_choice)
        top.addWidget(reload_button)
        checks_button = QPushButton("Save as checks…")
        checks_button.setToolTip("Save the smart crops present, with their aspect ratios, as a checks file")
        checks_button.clicked.connect(self.save_as_checks)
        top.addWidget(checks_button)

        self.overlay = CropOverlay()
        self.sheet = CardSheet()
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.overlay)
        self.splitter.addWidget(self.sheet)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 700])

        tab_layout(self, self.banner, top, self.splitter)

    # --- loading -------------------------------------------------------------------------------

    def crop_width(self) -> int | None:
        data = self.width_choice.currentData()
        return data if isinstance(data, int) else None

    def set_crop_width(self, width: int | None) -> None:
        """Request the crops at `width` pixels wide (None: nominal size), and reload."""
        index = self.width_choice.findData(width)
        if index < 0:
            self.width_choice.addItem(f"{width} px wide", width)
            index = self.width_choice.count() - 1
        self.width_choice.setCurrentIndex(index)
        self.load()

    def load(self) -> None:
        """Load the sheet for the preview's asset now (a running load is cancelled)."""
        self.loader.cancel()
        self.banner.dismiss()
        state = self._context.preview.state()
        if state is None:
            self.note.setText("Open an asset in the preview first.")
            return
        self._state = state
        self._endpoints = self._context.service.endpoints_for(state.ref)
        self.loaded_for = (state.asset_id, state.accept, self.crop_width())
        self.crops = []
        self.sheet.set_cards([])
        self.overlay.set_crops([])
        self.overlay.set_highlight(None)
        self.overlay.set_busy(True)
        self.note.setText(f"Loading the smart crops of {state.asset_id}…")
        self.task = self.loader.load(state, self.crop_width(), self.overlay_width)

    def _show_crops(self, crops: list[SheetCrop], note: str) -> None:
        state, endpoints = self._state, self._endpoints
        if state is None or endpoints is None:
            return
        self.crops = crops
        self.overlay.set_crops(crops)
        cards = []
        for crop in crops:
            card = CropCard(crop)
            card.set_pending(crop_url(state, endpoints, crop, self.crop_width()))
            card.clicked.connect(self.select_crop)
            card.copy_requested.connect(self._copy)
            card.open_requested.connect(lambda url: self._context.navigation.open_url(url, state.accept))
            cards.append(card)
        self.sheet.set_cards(cards)
        count = f"{len(crops)} smart crop{'s' if len(crops) != 1 else ''} of {state.asset_id}."
        if not crops:
            count = f"{state.asset_id} defines no smart crops."
        self.note.setText(f"{count} {note}".strip())
        self.note.setProperty("missing", bool(note))

    def select_crop(self, name: str | None) -> None:
        """Highlight crop `name` on the overlay and frame its card (None: no crop highlighted)."""
        self.overlay.set_highlight(name)
        self.sheet.select(name)

    def _crop_loaded(self, name: str, url: str, delivery: Delivery, image: QImage) -> None:
        card = self.sheet.card(name)
        if card is not None:
            card.set_result(url, delivery, image)

    def _crop_failed(self, name: str, url: str, error: DeliveryError) -> None:
        card = self.sheet.card(name)
        if card is not None:
            card.set_error(url, error)

    def _failed(self, error: DeliveryError) -> None:
        kind, title, message, _actions = banner_for(error, self._state.ref if self._state else None)
        self.banner.show_message(kind, title, message, [("Retry", self.load)])
        self.note.setText("The smart crops could not be listed: the message above says why.")
        self.overlay.clear("No smart crops to show.")

    def _copy(self, url: str) -> None:
        if url:
            QGuiApplication.clipboard().setText(url)
            self._context.status.show_message("URL copied", 4000)

    # --- following the preview -----------------------------------------------------------------

    def _asset_opened(self, ref: AssetRef) -> None:
        if self.loaded_for is not None and self.loaded_for[0] == ref.asset_id:
            return
        self.loader.cancel()
        self.loaded_for = None
        self.overlay.set_busy(False)
        if self.isVisible():
            QTimer.singleShot(0, self, self.load)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        state = self._context.preview.state()
        if state is None:
            return
        if self.loaded_for != (state.asset_id, state.accept, self.crop_width()):
            self.load()

    def save_as_checks(self) -> SaveChecksDialog | None:
        """Offer the crops on the sheet as expectations (None: no crops are shown)."""
        state = self._state
        if state is None or not self.crops:
            self._context.status.show_message("No smart crops are shown: nothing to save as checks.", 6000)
            return None
        asset = from_smart_crops(state.asset_id, [(crop.name, crop.nominal) for crop in self.crops])
        return offer_checks(self._context, asset, "the Smart-crop sheet")

    def feature(self) -> Feature:
        """The Smart crops tab."""
        return Feature(tabs=(Tab(self, "Smart crops"),))
