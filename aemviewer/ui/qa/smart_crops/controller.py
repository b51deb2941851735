"""Loading a smart-crop sheet: the async work behind the Smart crops tab.

Names and rectangles come from the asset's `smartCrops` list and its metadata, asked for together;
what neither gives becomes a note. Then the original (for the overlay) and every crop are requested
at once, each through the window's `RequestLimiter`, and decoded off the GUI thread. Each step is
reported with a signal. A load is one turn of the runner's `smart-crop-sheet` line: a newer load or
`cancel` cancels the running one, and nothing of a stale turn is reported.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.image_decoding import decode
from aemviewer.ui.common.operations import Ticket
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.qa.smart_crops.model import SheetCrop, merge_crops, missing_note

SHEET_LINE = "smart-crop-sheet"


def crop_url(state: PreviewState, endpoints: DeliveryEndpoints, crop: SheetCrop, width: int | None) -> str:
    """The URL of `crop` in the preview's format (jpg for the image with defaults)."""
    modifiers = ImageModifiers(smartcrop=crop.name, width=width)
    return endpoints.image(state.ref, modifiers, format=state.image_format or "jpg", seo_name=state.seo_name)


class SheetLoader(QObject):
    """Loads one sheet at a time and reports what arrives."""

    crops_listed = Signal(object, str)
    """(list of `SheetCrop`, the note on what is missing)."""
    original_loaded = Signal(object)
    """The original as a `QImage`, for the overlay."""
    original_failed = Signal(str)
    crop_loaded = Signal(str, str, object, object)
    """(crop name, URL, `Delivery`, `QImage`)."""
    crop_failed = Signal(str, str, object)
    """(crop name, URL, `DeliveryError`)."""
    failed = Signal(object)
    """The `DeliveryError` that stopped the load (neither list nor metadata could be read)."""
    finished = Signal()

    def __init__(self, context: FeatureContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.task: asyncio.Task[None] | None = None

    def load(self, state: PreviewState, crop_width: int | None, overlay_width: int) -> asyncio.Task[None]:
        """Load the sheet of the preview's `state` (a running load is cancelled)."""
        runner = self._context.runner
        ticket = runner.ticket(SHEET_LINE)
        endpoints = self._context.service.endpoints_for(state.ref)
        self.task = runner.run(
            self._load(ticket, state, endpoints, crop_width, overlay_width),
            ticket=ticket,
            on_failure=self.failed.emit,
            on_finished=self.finished.emit,
        )
        return self.task

    def cancel(self) -> None:
        """Stop the running load; nothing more of it is reported."""
        self._context.runner.cancel(SHEET_LINE)

    async def _load(
        self,
        ticket: Ticket,
        state: PreviewState,
        endpoints: DeliveryEndpoints,
        crop_width: int | None,
        overlay_width: int,
    ) -> None:
        crops, note = await self._list(state)
        if not ticket.current:
            return
        self.crops_listed.emit(crops, note)
        original = endpoints.image(
            state.ref, ImageModifiers(width=overlay_width), format="jpg", seo_name=state.seo_name
        )
        async with asyncio.TaskGroup() as group:
            group.create_task(self._load_original(ticket, state, endpoints, original))
            for crop in crops:
                url = crop_url(state, endpoints, crop, crop_width)
                group.create_task(self._load_crop(ticket, state, endpoints, crop.name, url))

    async def _list(self, state: PreviewState) -> tuple[list[SheetCrop], str]:
        service = self._context.service
        listed, metadata = await asyncio.gather(
            service.smart_crops(state.ref), service.metadata(state.ref), return_exceptions=True
        )
        for outcome in (listed, metadata):
            if isinstance(outcome, BaseException) and not isinstance(outcome, DeliveryError):
                raise outcome  # a defect: the runner shows it
        if isinstance(listed, DeliveryError) and isinstance(metadata, DeliveryError):
            raise listed
        crops = merge_crops(
            listed if isinstance(listed, list) else [],
            metadata.smart_crops if isinstance(metadata, Metadata) else [],
        )
        listed_error = listed.message if isinstance(listed, DeliveryError) else ""
        metadata_error = metadata.message if isinstance(metadata, DeliveryError) else ""
        return crops, missing_note(crops, listed_error, metadata_error)

    async def _fetch_image(
        self, endpoints: DeliveryEndpoints, url: str, accept: str | None
    ) -> tuple[Delivery, QImage]:
        async with self._context.limiter.slot(endpoints.base_url):
            delivery = await self._context.service.fetch(endpoints, url, accept=accept)
        return delivery, await decode(delivery.body, delivery.content_type)

    async def _load_original(
        self, ticket: Ticket, state: PreviewState, endpoints: DeliveryEndpoints, url: str
    ) -> None:
        try:
            _delivery, image = await self._fetch_image(endpoints, url, state.accept)
        except DeliveryError as error:
            if ticket.current:
                self.original_failed.emit(error.message)
            return
        if ticket.current:
            self.original_loaded.emit(image)

    async def _load_crop(
        self, ticket: Ticket, state: PreviewState, endpoints: DeliveryEndpoints, name: str, url: str
    ) -> None:
        try:
            delivery, image = await self._fetch_image(endpoints, url, state.accept)
        except DeliveryError as error:
            if ticket.current:
                self.crop_failed.emit(name, url, error)
            return
        if ticket.current:
            self.crop_loaded.emit(name, url, delivery, image)
