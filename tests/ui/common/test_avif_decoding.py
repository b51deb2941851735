"""AVIF bodies: libavif's frame is taken without a round trip through a Pillow image, with the same
pixels as the public way; broken bodies are refused with a message."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from aemviewer.delivery.errors import UnexpectedResponse
from aemviewer.ui.common import image_decoding
from aemviewer.ui.common.image_decoding import decode_now


def avif(mode: str, size: tuple[int, int] = (64, 48)) -> bytes:
    gradient = Image.linear_gradient("L").resize(size)
    picture = gradient.convert(mode)
    if mode == "RGBA":
        picture.putalpha(gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM))
    out = io.BytesIO()
    picture.save(out, "AVIF")
    return out.getvalue()


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_the_frame_is_taken_without_a_copy_through_pillow(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    body = avif(mode)
    with Image.open(io.BytesIO(body)) as opened:
        public = opened.tobytes("raw", mode)

    def copied(*_args: object) -> bytes:
        raise AssertionError("the frame went through a Pillow image")

    monkeypatch.setattr(Image.Image, "tobytes", copied)
    with Image.open(io.BytesIO(body)) as opened:
        assert image_decoding._avif_frame(opened, mode) == public


def test_an_image_without_libavif_s_decoder_goes_the_public_way() -> None:
    picture = Image.linear_gradient("L").convert("RGB")

    assert image_decoding._avif_frame(picture, "RGB") == picture.tobytes("raw", "RGB")
    assert image_decoding._avif_frame(picture, "RGBA") == picture.convert("RGBA").tobytes("raw", "RGBA")


def test_alpha_and_colour_arrive_in_the_qimage() -> None:
    image = decode_now(avif("RGBA"), "image/avif")

    top, bottom = image.pixelColor(10, 3), image.pixelColor(10, 44)
    assert image.hasAlphaChannel()
    # Light at the bottom, opaque at the top: the two channels were not mixed up.
    assert bottom.lightness() > top.lightness() + 100
    assert top.alpha() > bottom.alpha() + 100


def test_a_truncated_avif_is_an_unexpected_response() -> None:
    body = avif("RGB", (256, 192))
    with pytest.raises(UnexpectedResponse) as caught:
        decode_now(body[: len(body) * 2 // 3], "image/avif")

    assert caught.value.message.startswith(f"The AVIF body ({len(body) * 2 // 3} bytes) cannot be decoded")
