"""What the QA views (compare, format matrix, smart-crop sheet, history) read from and hand back to
the preview: its current state, and "open this URL in the preview".

The preview's request URL is byte for byte what it requests, so its state is read by parsing that
URL back (asset, host, prefix, seoName, format, modifiers) — one source of truth, no second copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, Operation, parse_reference

if TYPE_CHECKING:
    from aemviewer.ui.shell.main_window import MainWindow


@dataclass(frozen=True)
class PreviewState:
    """The preview's current request: its URL parsed back, and the `Accept` it sends."""

    url: str
    ref: AssetRef
    accept: str | None

    @property
    def asset_id(self) -> str:
        return self.ref.asset_id

    @property
    def modifiers(self) -> ImageModifiers:
        return self.ref.modifiers

    @property
    def image_format(self) -> str | None:
        """The path's format; `None` for the image-with-defaults endpoint (`/{id}`)."""
        return self.ref.format if self.ref.operation is Operation.IMAGE else None

    @property
    def seo_name(self) -> str | None:
        return self.ref.seo_name


def preview_state(window: MainWindow) -> PreviewState | None:
    """The preview's state now, or `None` before an asset is open."""
    url = window.controller.url
    if not url:
        return None
    try:
        ref = parse_reference(url)
    except DeliveryError:  # the controller builds its URLs with DeliveryEndpoints: not expected
        return None
    return PreviewState(url, ref, window.controller.accept)


def open_in_preview(window: MainWindow, url: str, accept: str | None = None) -> bool:
    """Open `url` in the Preview tab (with `accept`, when given, as the preview's Accept header);
    False when the URL cannot be opened (the asset bar says why)."""
    if accept:
        window.modifier_panel.rows.accept.set_value(accept)
        window.controller.set_accept(accept)
    opened = window.open_text(url)
    if opened:
        window.tabs.setCurrentIndex(0)
    return opened
