"""Zoom and pan of the preview canvas as plain geometry: the zoom limits, the view a canvas shows,
how a fitted image is scaled, where a panned image may sit, and crops as fractions of an image."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize

ZOOM_STEP = 1.25
MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
FIT_MARGIN = 16
"""Logical pixels kept free around a fitted image."""


class ZoomMode(Enum):
    """Fit shrinks large images into the view (never enlarges); manual keeps a fixed scale."""

    FIT = "fit"
    MANUAL = "manual"


@dataclass(frozen=True)
class CanvasView:
    """Zoom and pan of a canvas: the mode, the scale (screen pixels per image pixel) and where the
    image's top-left corner is, in widget coordinates."""

    mode: ZoomMode
    scale: float
    offset: QPointF


def bounded_zoom(scale: float) -> float:
    """`scale` held between `MIN_ZOOM` and `MAX_ZOOM`."""
    return min(MAX_ZOOM, max(MIN_ZOOM, scale))


def fit_scale(image: QSize, view: QSize) -> float:
    """The scale that fits `image` into `view` within `FIT_MARGIN`, never above 1."""
    available_w = max(1, view.width() - 2 * FIT_MARGIN)
    available_h = max(1, view.height() - 2 * FIT_MARGIN)
    return min(1.0, available_w / image.width(), available_h / image.height())


def clamped_offset(offset: QPointF, scaled: QSize, view: QSize, *, center: bool = False) -> QPointF:
    """Where an image `scaled` pixels large may sit in `view` when asked to sit at `offset`."""
    x, y = offset.x(), offset.y()
    # An axis that fits is centred; one that does not may pan but never leaves a gap at an edge.
    if center or scaled.width() <= view.width():
        x = (view.width() - scaled.width()) / 2
    else:
        x = min(0.0, max(view.width() - scaled.width(), x))
    if center or scaled.height() <= view.height():
        y = (view.height() - scaled.height()) / 2
    else:
        y = min(0.0, max(view.height() - scaled.height(), y))
    return QPointF(x, y)


def point_inside(point: QPointF, size: QSize) -> QPointF:
    """`point` moved to the nearest point of an image `size` large (edges included)."""
    return QPointF(
        min(max(point.x(), 0.0), float(size.width())), min(max(point.y(), 0.0), float(size.height()))
    )


def to_fractions(rect: QRectF, size: QSize) -> QRectF:
    """`rect` in the pixels of an image `size` large, as fractions (0–1) of that image."""
    width, height = size.width(), size.height()
    return QRectF(rect.x() / width, rect.y() / height, rect.width() / width, rect.height() / height)


def from_fractions(fractions: QRectF, size: QSize) -> QRectF:
    """`fractions` (0–1) of an image `size` large, in its pixels."""
    width, height = size.width(), size.height()
    return QRectF(
        fractions.x() * width, fractions.y() * height, fractions.width() * width, fractions.height() * height
    )
