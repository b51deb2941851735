"""The preview's state as an object with signals: what features read from the live preview.

The preview controller owns the state (asset, modifiers, format, Accept, the last painted answer,
the asset's metadata); features see it only through `PreviewModel`, which reads that state and
re-emits the controller's news. So a feature follows "an asset was opened" or "metadata arrived"
without knowing the controller, the modifier panel or the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, parse_reference
from aemviewer.ui.common.preview_state import PreviewState


@dataclass(frozen=True)
class Preview:
    """A painted answer: the request URL, what was delivered, and the decoded image."""

    url: str
    asset_id: str
    delivery: Delivery
    image: QImage
    """The decoded pixels: fewer than delivered when decoded at the size shown."""
    pixel_size: QSize | None = None
    """The delivered image's size in pixels (None: the image's own size)."""
    modifiers: ImageModifiers = field(default_factory=ImageModifiers)
    """The modifiers of `url`."""

    @property
    def size(self) -> QSize:
        """The delivered image's size in pixels, whatever size it was decoded at."""
        return QSize(self.pixel_size) if self.pixel_size is not None else self.image.size()

    @property
    def full_resolution(self) -> bool:
        return self.image.size() == self.size


class PreviewSource(Protocol):
    """What holds the preview's state (the preview controller)."""

    @property
    def url(self) -> str: ...
    @property
    def accept(self) -> str | None: ...
    @property
    def asset(self) -> AssetRef | None: ...
    @property
    def modifiers(self) -> ImageModifiers: ...
    @property
    def image_format(self) -> str | None: ...
    @property
    def metadata(self) -> Metadata | None: ...
    @property
    def last_preview(self) -> Preview | None: ...

    def request_now(self) -> None: ...


class PreviewModel(QObject):
    """Read access to the live preview, and its news as signals."""

    asset_opened = Signal(object)
    """An `AssetRef` the user opened (as typed or pasted, before the preview narrows it to an image)."""
    preview_ready = Signal(object)
    """A `Preview` for the newest URL."""
    preview_failed = Signal(object, str)
    """(DeliveryError, url) of the preview's newest request."""
    metadata_ready = Signal(object)
    """The `Metadata` of the opened asset."""
    metadata_failed = Signal(object)
    """The `DeliveryError` of the metadata request."""
    smart_crops_ready = Signal(list)
    """Names of the asset's smart crops."""
    smart_crops_failed = Signal(object)

    def __init__(self, source: PreviewSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source

    @property
    def url(self) -> str:
        """The request URL of the current state ("" before an asset is open)."""
        return self._source.url

    @property
    def accept(self) -> str | None:
        return self._source.accept

    @property
    def asset(self) -> AssetRef | None:
        return self._source.asset

    @property
    def modifiers(self) -> ImageModifiers:
        return self._source.modifiers

    @property
    def image_format(self) -> str | None:
        return self._source.image_format

    @property
    def metadata(self) -> Metadata | None:
        return self._source.metadata

    @property
    def last_preview(self) -> Preview | None:
        return self._source.last_preview

    def request_now(self) -> None:
        """Request the current URL again (Retry)."""
        self._source.request_now()

    def state(self) -> PreviewState | None:
        """The preview's request now, parsed back from its URL; `None` before an asset is open.

        The request URL is byte for byte what the preview requests, so parsing it back is the one
        source of truth (asset, host, prefix, seoName, format, modifiers) — no second copy."""
        url = self._source.url
        if not url:
            return None
        try:
            ref = parse_reference(url)
        except DeliveryError:  # the controller builds its URLs with DeliveryEndpoints: not expected
            return None
        return PreviewState(url, ref, self._source.accept)
