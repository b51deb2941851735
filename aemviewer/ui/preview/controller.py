"""The preview controller: from the current asset and modifiers to the painted image.

Every edit builds the request URL at once (so the URL shown is always the one that will be
requested), restarts a short debounce, then requests exactly that URL. A new URL takes a new runner
ticket for the preview line: the older request is cancelled, and an answer that finished just before
is dropped unread, so only the newest answer is ever painted. Until it arrives the old image stays
up with a busy indicator, or, when the modifiers changed, a live approximation made from it at once
(`approximation_ready`; never a `Preview`, so nothing but the canvas sees it).

A JPEG is decoded at the size the canvas shows (`set_decode_box`); `request_full_resolution`
decodes the delivered bytes again in full when the user zooms past that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from aemviewer.delivery.endpoints import DeliveryEndpoints, seo_name_for
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.image_decoding import Decoded, decode_to_fit
from aemviewer.ui.common.operations import OperationRunner, Ticket
from aemviewer.ui.common.preview_model import Preview, PreviewModel
from aemviewer.ui.common.request_limiter import Priority, RequestLimiter
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.preview.approximation import approximate

DEBOUNCE_MS = 150
PREVIEW_KEY = "preview"
METADATA_KEY = "metadata"
SMART_CROPS_KEY = "smart-crops"
UNCROPPED_KEY = "uncropped"
FULL_RESOLUTION_KEY = "full-resolution"
UNCROPPED_WIDTH = 1600
"""Width of the uncropped image shown while drawing a crop: enough to aim, cheap to fetch."""


@dataclass(frozen=True)
class AssetTarget:
    """Where the asset's URLs go: the pasted URL's host and prefix, or the profile's."""

    asset: AssetRef
    endpoints: DeliveryEndpoints
    seo_name: str | None


class PreviewController(QObject):
    """Holds asset, modifiers and format; requests the newest URL; keeps the last `Preview`."""

    url_changed = Signal(str)
    """The request URL of the current state (emitted at once on every change)."""
    request_started = Signal(str)
    preview_ready = Signal(object)
    """A `Preview` for the newest URL."""
    failed = Signal(object, str)
    """(DeliveryError, url) for the newest request."""
    busy_changed = Signal(bool)
    metadata_ready = Signal(object)
    """The `Metadata` of the opened asset."""
    metadata_failed = Signal(object)
    smart_crops_ready = Signal(list)
    """Names of the asset's smart crops, from its smartCrops list."""
    smart_crops_failed = Signal(object)
    uncropped_ready = Signal(object)
    """(QImage) the uncropped image for drawing a crop."""
    approximation_ready = Signal(object)
    """An `Approximation` of the image on its way, made from the last delivered one (for the canvas only)."""
    full_resolution_ready = Signal(object)
    """The last `Preview` again, decoded in full (after `request_full_resolution`)."""

    def __init__(
        self,
        service: DeliveryService,
        runner: OperationRunner,
        limiter: RequestLimiter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._limiter = limiter
        self._target: AssetTarget | None = None
        self._modifiers = ImageModifiers()
        self._format: str | None = "jpg"
        self._accept: str | None = None
        self._url = ""
        self._busy = False
        self._awaiting_name = False
        self.last_preview: Preview | None = None
        self.metadata: Metadata | None = None
        self.superseded = 0
        """Requests replaced by a newer URL or request before their answer was delivered (never painted)."""
        self._ticket: Ticket | None = None
        self._decode_box: QSize | None = None
        self._base: tuple[Preview, QImage] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.request_now)

    # --- state ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self._url

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def asset(self) -> AssetRef | None:
        return self._target.asset if self._target else None

    @property
    def modifiers(self) -> ImageModifiers:
        return self._modifiers

    @property
    def image_format(self) -> str | None:
        return self._format

    @property
    def accept(self) -> str | None:
        return self._accept

    def open(self, ref: AssetRef, image_format: str | None) -> None:
        """Open `ref` (on its own host when it is a URL) with its modifiers and `image_format`
        (None: the image-with-defaults endpoint), fetch its metadata, and request the preview."""
        self._debounce.stop()
        endpoints = self._service.endpoints_for(ref)
        self._target = AssetTarget(ref, endpoints, ref.seo_name)
        self._modifiers = ref.modifiers
        self._format = image_format
        self.metadata = None
        # A bare id gets the file name from its metadata into the URL (as AEM's own links have), so
        # the first request waits for it: one request with the final URL instead of two.
        self._awaiting_name = self._target.seo_name is None
        self._rebuild_url()
        self._runner.run(
            self._service.metadata(ref),
            ticket=self._runner.ticket(METADATA_KEY),
            on_success=self._metadata_arrived,
            on_failure=self._metadata_failed,
        )
        # Anonymous metadata may omit the smart crops; the smartCrops list has them.
        self._runner.run(
            self._service.smart_crop_names(ref),
            ticket=self._runner.ticket(SMART_CROPS_KEY),
            on_success=self.smart_crops_ready.emit,
            on_failure=self.smart_crops_failed.emit,
        )
        if not self._awaiting_name:
            self.request_now()
        else:
            self._set_busy(True)

    def set_state(self, modifiers: ImageModifiers, image_format: str | None) -> None:
        """Modifiers and format together (e.g. from a pasted URL), requested after the debounce."""
        self._modifiers = modifiers
        self._format = image_format
        self._changed()

    def set_modifiers(self, modifiers: ImageModifiers) -> None:
        self._modifiers = modifiers
        self._changed()

    def set_format(self, image_format: str | None) -> None:
        self._format = image_format or None
        self._changed()

    def set_accept(self, accept: str | None) -> None:
        self._accept = accept
        self._changed()

    def set_decode_box(self, box: QSize | None) -> None:
        """Decode the next previews to fit `box` (device pixels) where the format allows; None: in full."""
        self._decode_box = QSize(box) if box is not None else None

    # --- requests ------------------------------------------------------------------------------

    def request_now(self) -> None:
        """Request the current URL without waiting for the debounce (open, Retry)."""
        self._debounce.stop()
        if not self._url or self._target is None:
            return
        ticket = self._supersede()
        self._set_busy(True)
        url = self._url
        self.request_started.emit(url)
        self._runner.run(
            self._load(self._target, url, self._accept, self._modifiers, self._decode_box),
            ticket=ticket,
            on_success=self._arrived,
            on_failure=lambda error: self._request_failed(error, url),
            on_finished=self._finished,
        )

    def _supersede(self) -> Ticket:
        """A new turn of the preview line: the request in flight (if any) is never delivered."""
        if self._runner.pending(PREVIEW_KEY):
            self.superseded += 1
        self._ticket = self._runner.ticket(PREVIEW_KEY)
        return self._ticket

    def request_uncropped(self) -> None:
        """Fetch the original as displayed (rotated and flipped) without crop or resizing, for
        drawing a crop on it; a crop drawn on the flipped picture is mirrored back by the caller."""
        if self._target is None:
            return
        modifiers = ImageModifiers(
            rotate=self._modifiers.rotate, flip=self._modifiers.flip, width=UNCROPPED_WIDTH
        )
        url = self._target.endpoints.image(
            self._target.asset, modifiers, format="png", seo_name=self._target.seo_name
        )
        self._runner.run(
            self._load(self._target, url, "image/png", modifiers, None),
            ticket=self._runner.ticket(UNCROPPED_KEY),
            on_success=lambda preview: self.uncropped_ready.emit(preview.image),
            on_failure=lambda error: self.failed.emit(error, url),
        )

    async def _load(
        self, target: AssetTarget, url: str, accept: str | None, modifiers: ImageModifiers, box: QSize | None
    ) -> Preview:
        # Everything is passed in, not read here: the task starts later, when the state may have moved on.
        async with self._limiter.slot(target.endpoints.base_url, Priority.LIVE):
            delivery = await self._service.fetch(target.endpoints, url, accept=accept)
        decoded = await decode_to_fit(delivery.body, delivery.content_type, box)
        return Preview(url, target.asset.asset_id, delivery, decoded.image, decoded.delivered_size, modifiers)

    def request_full_resolution(self) -> None:
        """Decode the last preview again in full (the user zoomed past the size it was decoded at)."""
        preview = self.last_preview
        if preview is None or preview.full_resolution or self._runner.pending(FULL_RESOLUTION_KEY):
            return
        delivery = preview.delivery

        def arrived(decoded: Decoded) -> None:
            if self.last_preview is preview:  # not replaced by a newer answer meanwhile
                self.last_preview = replace(preview, image=decoded.image)
                self.full_resolution_ready.emit(self.last_preview)

        self._runner.run(
            decode_to_fit(delivery.body, delivery.content_type, None),
            ticket=self._runner.ticket(FULL_RESOLUTION_KEY),
            on_success=arrived,
            on_failure=lambda error: self.failed.emit(error, preview.url),
        )

    def _changed(self) -> None:
        self._rebuild_url()
        if self._url and not self._awaiting_name:
            # Show at once that a new image is coming; the old one stays until it arrives.
            self._set_busy(True)
            self._approximate()
            self._debounce.start()

    def _approximate(self) -> None:
        preview, asset = self.last_preview, self.asset
        if preview is None or asset is None or preview.asset_id != asset.asset_id:
            return
        if preview.modifiers == self._modifiers:
            return  # only the format or Accept changed: the shown image is as close as it gets
        metadata = self.metadata
        source = (
            QSize(metadata.width, metadata.height)
            if metadata and metadata.width and metadata.height
            else None
        )
        approximation = approximate(
            self._approximation_base(preview), preview.size, preview.modifiers, self._modifiers, source
        )
        if approximation is not None:
            self.approximation_ready.emit(approximation)

    def _rebuild_url(self) -> None:
        if self._target is None:
            return
        target = self._target
        if self._format is None:
            url = target.endpoints.default_image(target.asset, self._modifiers)
        else:
            url = target.endpoints.image(
                target.asset, self._modifiers, format=self._format, seo_name=target.seo_name
            )
        if url != self._url:
            self._url = url
            self._supersede()
            self.url_changed.emit(url)

    def _arrived(self, preview: Preview) -> None:
        self.last_preview = preview
        self.preview_ready.emit(preview)

    def _approximation_base(self, preview: Preview) -> QImage:
        """The delivered image at most as large as the canvas shows it: turning, copying and painting
        fewer pixels keeps every move of a drag within a frame. Made at the drag's first move."""
        if self._base is not None and self._base[0] is preview:
            return self._base[1]
        image, box = preview.image, self._decode_box
        if (
            box is not None
            and not box.isEmpty()
            and (image.width() > box.width() or image.height() > box.height())
        ):
            image = image.scaled(
                box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self._base = (preview, image)
        return image

    def _request_failed(self, error: DeliveryError, url: str) -> None:
        if (
            self.last_preview is not None
            and self.asset is not None
            and self.last_preview.asset_id != self.asset.asset_id
        ):
            # The picture on screen belongs to another asset: neither show nor save it as this one.
            self.last_preview = None
        self.failed.emit(error, url)

    def _finished(self) -> None:
        if not self._debounce.isActive():
            self._set_busy(False)

    def _metadata_arrived(self, metadata: Metadata) -> None:
        self.metadata = metadata
        if self._target is not None and self._target.seo_name is None and metadata.file_name:
            self._target = AssetTarget(
                self._target.asset, self._target.endpoints, seo_name_for(metadata.file_name)
            )
            self._rebuild_url()
        self.metadata_ready.emit(metadata)
        self._request_if_waiting()

    def _metadata_failed(self, error: DeliveryError) -> None:
        self.metadata_failed.emit(error)
        # The image request tells the user what is wrong (its error is the one shown).
        self._request_if_waiting()

    def _request_if_waiting(self) -> None:
        if self._awaiting_name:
            self._awaiting_name = False
            self.request_now()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def publish_to(self, model: PreviewModel) -> None:
        """Re-emit the news features follow on `model` (the preview's state as they see it)."""
        self.preview_ready.connect(model.preview_ready)
        self.failed.connect(model.preview_failed)
        self.metadata_ready.connect(model.metadata_ready)
        self.metadata_failed.connect(model.metadata_failed)
        self.smart_crops_ready.connect(model.smart_crops_ready)
        self.smart_crops_failed.connect(model.smart_crops_failed)

    def shutdown(self) -> None:
        self._debounce.stop()
        for key in (PREVIEW_KEY, METADATA_KEY, SMART_CROPS_KEY, UNCROPPED_KEY, FULL_RESOLUTION_KEY):
            self._runner.cancel(key)
