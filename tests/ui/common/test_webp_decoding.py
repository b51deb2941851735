"""WebP bodies: every kind decodes with its pixels and alpha, the size is read from the RIFF
header before any pixel (not by Pillow), and broken or absurd bodies are refused with a message."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from aemviewer.delivery.errors import TooLarge, UnexpectedResponse
from aemviewer.ui.common import image_decoding
from aemviewer.ui.common.image_decoding import decode_now


def webp(mode: str = "RGB", size: tuple[int, int] = (160, 90), **options: object) -> bytes:
    gradient = Image.linear_gradient("L").resize(size)  # dark at the top, light at the bottom
    picture = gradient.convert(mode)
    if mode == "RGBA":
        picture.putalpha(gradient)
    out = io.BytesIO()
    picture.save(out, "WEBP", **options)
    return out.getvalue()


def riff(chunk: bytes, payload: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.mark.parametrize(
    ("mode", "options", "alpha"),
    [
        ("RGB", {}, False),
        ("RGBA", {}, True),
        ("RGB", {"lossless": True}, False),
        ("RGBA", {"lossless": True}, True),
    ],
)
def test_lossy_and_lossless_webp_decode_with_their_alpha(
    mode: str, options: dict[str, object], alpha: bool
) -> None:
    image = decode_now(webp(mode, **options), "image/webp")

    assert (image.width(), image.height()) == (160, 90)
    assert image.hasAlphaChannel() is alpha
    bottom, top = image.pixelColor(10, 85), image.pixelColor(10, 4)
    assert bottom.lightness() > top.lightness() + 100
    assert (bottom.alpha() > top.alpha() + 100) is alpha


def test_an_animated_webp_shows_its_first_frame() -> None:
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], lossless=True)

    image = decode_now(out.getvalue(), "image/webp")

    assert (image.width(), image.height()) == (64, 48)
    colour = image.pixelColor(32, 24)
    assert (colour.red(), colour.green(), colour.blue()) == (255, 0, 0)


@pytest.mark.parametrize("options", [{}, {"lossless": True}], ids=["lossy", "lossless"])
def test_the_size_is_read_from_the_header_not_by_pillow(
    monkeypatch: pytest.MonkeyPatch, options: dict[str, object]
) -> None:
    def pillow_opened(_body: bytes) -> None:
        raise AssertionError("Pillow opened the WebP")

    monkeypatch.setattr(image_decoding, "_declared_size", pillow_opened)

    assert decode_now(webp(**options), "image/webp").width() == 160


@pytest.mark.parametrize(
    ("body", "claimed"),
    [
        # The extended format's canvas: 24-bit sizes (minus one).
        (
            riff(b"VP8X", b"\0" * 4 + (99_999).to_bytes(3, "little") + (49_999).to_bytes(3, "little")),
            "100000×50000",
        ),
        # A lossy frame: start code, then 14-bit sizes.
        (riff(b"VP8 ", b"\0\0\0\x9d\x01\x2a" + struct.pack("<HH", 16_000, 16_000)), "16000×16000"),
        # A lossless frame: signature, then 14-bit sizes (minus one) in one little-endian word.
        (riff(b"VP8L", b"\x2f" + struct.pack("<I", 15_999 | 15_999 << 14)), "16000×16000"),
    ],
    ids=["VP8X", "VP8", "VP8L"],
)
def test_an_absurd_size_in_any_webp_header_is_refused(body: bytes, claimed: str) -> None:
    with pytest.raises(TooLarge) as caught:
        decode_now(body, "image/webp")

    assert caught.value.message.startswith(f"The image claims {claimed} pixels")


def test_a_truncated_webp_is_an_unexpected_response() -> None:
    body = webp()
    with pytest.raises(UnexpectedResponse) as caught:
        decode_now(body[: len(body) // 2], "image/webp")

    assert "is not an image Qt can read" in caught.value.message
