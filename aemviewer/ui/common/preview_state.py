"""The preview's current request as a value: its URL parsed back, and the `Accept` it sends.

The QA views (compare, format matrix, smart-crop sheet) start from it; `PreviewModel.state()`
builds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, Operation


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
