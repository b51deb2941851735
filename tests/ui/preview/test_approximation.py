"""`approximate`: the geometry of the live approximation, on images whose pixels say where they came from."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from aemviewer.delivery.crop import Crop
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.ui.preview.approximation import approximate, turn_clockwise

RED, GREEN, BLUE, WHITE = (QColor(c).rgb() for c in ("red", "green", "blue", "white"))


def quadrants(width: int = 200, height: int = 100) -> QImage:
    """Red top-left, green top-right, blue bottom-left, white bottom-right."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for x in range(width):
        for y in range(height):
            left, top = x < width // 2, y < height // 2
            image.setPixel(x, y, RED if left and top else GREEN if top else BLUE if left else WHITE)
    return image


def corners(image: QImage) -> tuple[int, int, int, int]:
    """Top-left, top-right, bottom-left, bottom-right."""
    w, h = image.width() - 1, image.height() - 1
    return (image.pixel(0, 0), image.pixel(w, 0), image.pixel(0, h), image.pixel(w, h))


@pytest.mark.parametrize(
    ("rect", "degrees", "expected"),
    [
        ((0.0, 0.0, 0.5, 0.25), 90, (0.75, 0.0, 0.25, 0.5)),
        ((0.0, 0.0, 0.5, 0.25), 180, (0.5, 0.75, 0.5, 0.25)),
        ((0.0, 0.0, 0.5, 0.25), -90, (0.0, 0.5, 0.25, 0.5)),
        ((0.1, 0.2, 0.3, 0.4), 360, (0.1, 0.2, 0.3, 0.4)),
    ],
)
def test_rectangles_turn_with_their_frame(
    rect: tuple[float, float, float, float], degrees: int, expected: tuple[float, float, float, float]
) -> None:
    assert turn_clockwise(rect, degrees) == pytest.approx(expected)


def test_a_new_width_keeps_the_pixels_and_asks_the_canvas_for_the_new_size() -> None:
    image = quadrants()
    result = approximate(image, QSize(200, 100), ImageModifiers(), ImageModifiers(width=50), QSize(200, 100))
    assert result is not None
    assert result.size == QSize(50, 25)
    assert result.image.size() == image.size()


def test_no_upscaling_and_at_most_2048_wide_without_a_width() -> None:
    image = quadrants()
    source = QSize(4096, 2048)
    wider = approximate(image, QSize(200, 100), ImageModifiers(width=200), ImageModifiers(width=9000), source)
    default = approximate(image, QSize(200, 100), ImageModifiers(width=200), ImageModifiers(), source)
    boxed = approximate(image, QSize(200, 100), ImageModifiers(), ImageModifiers(size=(100, 100)), source)
    assert wider is not None and wider.size == QSize(4096, 2048)
    assert default is not None and default.size == QSize(2048, 1024)
    assert boxed is not None and boxed.size == QSize(100, 50)


def test_rotation_and_flip_are_undone_and_redone_in_the_apis_order() -> None:
    source = QSize(200, 100)
    turned = approximate(quadrants(), source, ImageModifiers(), ImageModifiers(rotate=90), source)
    assert turned is not None
    assert turned.size == QSize(100, 200)
    assert corners(turned.image) == (BLUE, RED, WHITE, GREEN)
    # From a rotated and flipped answer back to a plain one.
    assert (
        approximate(
            turned.image, turned.size, ImageModifiers(rotate=90), ImageModifiers(rotate=90, flip="h"), source
        )
        is not None
    )
    flipped = approximate(
        turned.image.flipped(), turned.size, ImageModifiers(rotate=90, flip="v"), ImageModifiers(), source
    )
    assert flipped is not None
    assert corners(flipped.image) == (RED, GREEN, BLUE, WHITE)


def test_a_crop_shows_its_part_in_pixels_or_percent() -> None:
    source = QSize(400, 200)
    shown = quadrants()  # delivered at half the original's size
    in_percent = ImageModifiers(crop=Crop(50, 0, 50, 50, percent=True))
    in_pixels = ImageModifiers(crop=Crop(200, 0, 200, 100))
    for after in (in_percent, in_pixels):
        result = approximate(shown, QSize(200, 100), ImageModifiers(), after, source)
        assert result is not None
        assert set(corners(result.image)) == {GREEN}
        assert result.size == QSize(200, 100)


def test_a_crop_in_a_rotated_image_counts_in_the_rotated_frame() -> None:
    source = QSize(200, 100)
    # Rotated 90°, the image is 100 × 200; its top half shows the original's left half, turned.
    after = ImageModifiers(rotate=90, crop=Crop(0, 0, 100, 100))
    result = approximate(quadrants(), source, ImageModifiers(), after, source)
    assert result is not None
    assert result.size == QSize(100, 100)
    assert corners(result.image) == (BLUE, RED, BLUE, RED)


def test_only_what_the_last_image_shows_can_be_approximated() -> None:
    source = QSize(200, 100)
    left_half = ImageModifiers(crop=Crop(0, 0, 50, 100, percent=True))
    right_half = ImageModifiers(crop=Crop(50, 0, 50, 100, percent=True))
    image = quadrants(100, 100)
    assert approximate(image, QSize(100, 100), left_half, right_half, source) is None
    # Widening the crop shows the part already delivered.
    whole = approximate(image, QSize(100, 100), left_half, ImageModifiers(), source)
    assert whole is not None and whole.image.size() == image.size()


def test_smart_crops_and_unknown_originals_are_left_to_the_server() -> None:
    image, shown = quadrants(), QSize(200, 100)
    assert approximate(image, shown, ImageModifiers(), ImageModifiers(smartcrop="Square"), None) is None
    assert approximate(image, shown, ImageModifiers(), ImageModifiers(crop=Crop(0, 0, 10, 10)), None) is None
    unknown = approximate(image, shown, ImageModifiers(), ImageModifiers(width=100), None)
    assert unknown is not None and unknown.size == QSize(100, 50)
    assert approximate(QImage(), shown, ImageModifiers(), ImageModifiers(width=100), None) is None
