"""A live approximation of the next preview, made locally from the last delivered image.

While the user drags a slider the server request waits for the debounce; meanwhile the canvas
shows the last delivered image transformed the way the new modifiers would transform it: rotate,
crop, flip and the output size, in the API's fixed order. Quality, format and sharpening are not
simulated. The result is only ever painted (marked as approximate): it is never a `Preview`, so
it never reaches saves, compare, difference views or the response panel.

Geometry is worked out in fractions of the original, unrotated image: the last image shows one
region of it (its crop), the new modifiers ask for another, and only their intersection can be
shown. Pixels are moved with Qt's own transforms (crop, quarter turns, mirrors); scaling to the
output size is left to the canvas, which stretches the pixmap over the size it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QTransform

from aemviewer.api_spec import MAX_WIDTH_WITHOUT_SIZE
from aemviewer.delivery.modifiers import ImageModifiers

Fractions = tuple[float, float, float, float]
"""x, y, width, height as fractions (0–1) of a frame."""

_WHOLE: Fractions = (0.0, 0.0, 1.0, 1.0)


@dataclass(frozen=True)
class Approximation:
    """Pixels to paint, and the size in delivered pixels the server's answer is expected to have."""

    image: QImage
    size: QSize


def turn_clockwise(rect: Fractions, degrees: int) -> Fractions:
    """Where `rect` lies once its frame is turned clockwise by `degrees` (a multiple of 90)."""
    x, y, w, h = rect
    for _ in range((degrees // 90) % 4):
        x, y, w, h = 1.0 - y - h, x, h, w
    return (x, y, w, h)


def _intersect(a: Fractions, b: Fractions) -> Fractions | None:
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    if right - left <= 1e-6 or bottom - top <= 1e-6:
        return None
    return (left, top, right - left, bottom - top)


def _rotation(modifiers: ImageModifiers) -> int:
    return (modifiers.rotate or 0) % 360


def _crop_in_original(modifiers: ImageModifiers, source: QSize | None) -> Fractions | None:
    """The crop as fractions of the unrotated original; None when it cannot be placed (a pixel crop
    of an original of unknown size)."""
    crop = modifiers.crop
    turned = _rotation(modifiers)
    if crop is None:
        return _WHOLE
    if crop.percent:
        rect = (float(crop.x) / 100, float(crop.y) / 100, float(crop.w) / 100, float(crop.h) / 100)
    else:
        if source is None or source.isEmpty():
            return None
        # A pixel crop counts in the rotated original.
        rotated = _turned(source, turned)
        width, height = rotated.width(), rotated.height()
        rect = (float(crop.x) / width, float(crop.y) / height, float(crop.w) / width, float(crop.h) / height)
    clipped = _intersect(rect, _WHOLE)
    return None if clipped is None else turn_clockwise(clipped, -turned)


def _turned(size: QSize, degrees: int) -> QSize:
    """`size` after a turn of `degrees` (a multiple of 90)."""
    return size.transposed() if degrees in (90, 270) else QSize(size)


def _turn(image: QImage, degrees: int) -> QImage:
    return image if degrees % 360 == 0 else image.transformed(QTransform().rotate(degrees))


def _flip(image: QImage, flip: str | None) -> QImage:
    if not flip:
        return image
    orientations = Qt.Orientation(0)
    if "h" in flip:
        orientations |= Qt.Orientation.Horizontal
    if "v" in flip:
        orientations |= Qt.Orientation.Vertical
    return image.flipped(orientations)


def _output_size(modifiers: ImageModifiers, region: QSize) -> QSize:
    """The answer's size for a region of `region` pixels, as the API sizes it: the aspect ratio
    kept, never enlarged, at most 2048 px wide without a width or size."""
    width, height = region.width(), region.height()
    if modifiers.size is not None:
        box_w, box_h = modifiers.size
    else:
        box_w = modifiers.width or (MAX_WIDTH_WITHOUT_SIZE if modifiers.height is None else 0)
        box_h = modifiers.height or 0
    scales = [1.0]
    if box_w:
        scales.append(box_w / width)
    if box_h:
        scales.append(box_h / height)
    scale = min(scales)
    return QSize(max(1, round(width * scale)), max(1, round(height * scale)))


def approximate(
    image: QImage, shown: QSize, before: ImageModifiers, after: ImageModifiers, source: QSize | None
) -> Approximation | None:
    """`image` (delivered for `before`, `shown` pixels, maybe decoded smaller) transformed as
    `after` would transform the original of `source` pixels (None: unknown). None when it cannot be
    approximated: a smart crop changes the geometry in ways only the server knows, or the new crop
    lies outside what the last image shows."""
    if image.isNull() or shown.isEmpty():
        return None
    if (before.smartcrop or after.smartcrop) and (
        before.smartcrop != after.smartcrop or before.crop != after.crop or before.rotate != after.rotate
    ):
        return None
    had = _crop_in_original(before, source)
    wanted = _crop_in_original(after, source)
    if had is None or wanted is None:
        return None
    kept = _intersect(had, wanted)
    if kept is None:
        return None
    # Undo the last image's flip and rotation: its pixels then show `had` of the unrotated original.
    upright = _turn(_flip(image, before.flip), -_rotation(before))
    if source is None or source.isEmpty():
        # Without the original's size, assume the last image was delivered at full resolution.
        upright_shown = _turned(shown, _rotation(before))
        source = QSize(round(upright_shown.width() / had[2]), round(upright_shown.height() / had[3]))
    # `kept` within `had`, in the upright pixels.
    scale_x, scale_y = upright.width() / had[2], upright.height() / had[3]
    part = QRect(
        round((kept[0] - had[0]) * scale_x),
        round((kept[1] - had[1]) * scale_y),
        max(1, round(kept[2] * scale_x)),
        max(1, round(kept[3] * scale_y)),
    )
    # Untouched pixels stay the same QImage (no copy): the canvas then keeps its pixmap too.
    kept_pixels = upright if part == upright.rect() else upright.copy(part)
    pixels = _flip(_turn(kept_pixels, _rotation(after)), after.flip)
    region = turn_clockwise(kept, _rotation(after))
    turned_source = _turned(source, _rotation(after))
    region_pixels = QSize(
        max(1, round(region[2] * turned_source.width())), max(1, round(region[3] * turned_source.height()))
    )
    return Approximation(pixels, _output_size(after, region_pixels))
