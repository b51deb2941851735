"""Turn delivered bytes into a QImage, off the GUI thread.

Qt's readers (QImageReader on a QBuffer) decode JPEG, PNG, GIF and WebP; they cannot read AVIF, so
AVIF goes through Pillow. Both run in a worker thread via `asyncio.to_thread`: QImage (unlike
QPixmap) may be created outside the GUI thread. A header that claims absurd dimensions is refused
before any pixel is decoded, so a hostile or broken server cannot make the window allocate gigabytes.
"""

from __future__ import annotations

import asyncio
import io
import re
import struct
from dataclasses import dataclass

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from aemviewer.delivery.errors import TooLarge, UnexpectedResponse

MAX_PIXELS = 12000 * 12000
"""The largest image the API can deliver (spec.DIMENSION_RANGE squared); anything above is refused."""
ALLOCATION_LIMIT_MB = 1024
"""Qt's own guard for one decoded image (its default, 256 MB, is below a 12000² RGBA image)."""

_AVIF_BRANDS = (b"avif", b"avis")

QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)


def sniff_format(body: bytes) -> str | None:
    """The image format the bytes are in, from their signature (the Content-Type may lie)."""
    if body.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if body[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "webp"
    if body[4:8] == b"ftyp" and (body[8:12] in _AVIF_BRANDS or any(b in body[16:64] for b in _AVIF_BRANDS)):
        return "avif"
    return None


_SCALED_DECODERS = ("jpeg",)
"""Formats decoded smaller when shown smaller: libjpeg scales while decoding (DCT scaling), a
fraction of the work. Qt's WebP reader (and Pillow's) decode in full and then scale, which costs
more than it saves (BENCHMARKS.md), so WebP, PNG and GIF are decoded in full."""


@dataclass(frozen=True)
class Decoded:
    """Decoded pixels, and the size the image was delivered at (larger when decoded scaled)."""

    image: QImage
    delivered_size: QSize


async def decode(body: bytes, content_type: str = "") -> QImage:
    """Decode `body` in a worker thread. Raises `TooLarge` or `UnexpectedResponse`."""
    return await asyncio.to_thread(decode_now, body, content_type)


async def decode_to_fit(body: bytes, content_type: str, fit_within: QSize | None) -> Decoded:
    """As `decode`, but a JPEG larger than `fit_within` (device pixels) is decoded scaled into it,
    aspect ratio kept; None decodes in full."""
    return await asyncio.to_thread(decode_to_fit_now, body, content_type, fit_within)


def decode_now(body: bytes, content_type: str = "") -> QImage:
    """The blocking decode behind `decode`; never call it on the GUI thread."""
    return decode_to_fit_now(body, content_type, None).image


def decode_to_fit_now(body: bytes, content_type: str, fit_within: QSize | None) -> Decoded:
    """The blocking decode behind `decode_to_fit`; never call it on the GUI thread."""
    kind = sniff_format(body)
    if kind is None and "avif" in content_type.lower():
        kind = "avif"
    if kind == "avif":
        image = _decode_with_pillow(body)
        return Decoded(image, image.size())
    return _decode_with_qt(body, kind, content_type, fit_within if kind in _SCALED_DECODERS else None)


def _check_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise UnexpectedResponse(f"The image claims an empty size ({width}×{height}).")
    if width * height > MAX_PIXELS:
        raise TooLarge(
            f"The image claims {width}×{height} pixels, more than this viewer decodes.",
            hint="Ask for a smaller width or size.",
        )


def _declared_size(body: bytes) -> tuple[int, int] | None:
    """The size the header claims, read by Pillow without decoding pixels (None if unreadable).
    Pillow's own decompression-bomb guard refuses absurd headers before we see their size."""
    try:
        with Image.open(io.BytesIO(body)) as opened:
            return opened.size
    except Image.DecompressionBombError as error:
        raise _bomb(error) from error
    except (OSError, ValueError):
        return None


def _bomb(error: Image.DecompressionBombError) -> TooLarge:
    # Pillow's message names the pixel count ("Image size (10000000000 pixels) exceeds limit …").
    found = re.search(r"(\d+) pixels", str(error))
    claimed = f"{int(found.group(1)):,} pixels" if found else "more pixels"
    return TooLarge(
        f"The image claims {claimed}, more than this viewer decodes.", hint="Ask for a smaller width or size."
    )


def _webp_declared_size(body: bytes) -> tuple[int, int] | None:
    """The size a WebP's first chunk claims (the VP8X canvas, or the VP8 / VP8L frame), or None.

    Read from the RIFF header alone, so a canvas that Qt cannot size without more data is still
    checked before any pixel buffer exists."""
    chunk, payload = body[12:16], body[20:30]
    if chunk == b"VP8X" and len(payload) >= 10:
        width, height = int.from_bytes(payload[4:7], "little"), int.from_bytes(payload[7:10], "little")
        return width + 1, height + 1
    if chunk == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", payload, 6)
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = int.from_bytes(payload[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _avif_declared_size(body: bytes) -> tuple[int, int] | None:
    """The largest `ispe` (image spatial extents) in the AVIF's top-level `meta` box, or None.

    libavif refuses absurd extents itself, but Pillow then only says "cannot identify image file";
    reading them here gives the clear `TooLarge`."""
    offset = 0
    while offset + 8 <= len(body):
        size, kind = struct.unpack_from(">I4s", body, offset)
        if size < 8:
            return None  # 0 (to the end) and 1 (64-bit size) are not used by top-level AVIF boxes
        if kind == b"meta":
            meta = body[offset + 8 : offset + size]
            extents = [
                struct.unpack_from(">II", meta, at + 8)
                for at in range(len(meta))
                if meta.startswith(b"ispe", at) and at + 16 <= len(meta)
            ]
            return max(extents, key=lambda extent: extent[0] * extent[1], default=None)
        offset += size
    return None


def _decode_with_qt(body: bytes, kind: str | None, content_type: str, fit_within: QSize | None) -> Decoded:
    # Guards before any pixel buffer exists: the header's claim as Qt reads it, then as Pillow
    # reads it (some Qt handlers need more than the header to report a size; Pillow reads the
    # headers of every format lazily), then Qt's allocation limit.
    data = QByteArray(body)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, kind.encode() if kind else b"")
    size = reader.size()
    if size.isValid():
        _check_size(size.width(), size.height())
    # A WebP's header is read here, not by Pillow: opening a WebP, Pillow sets up an animation
    # decoder with two zeroed full-size canvases, ~10 ms of a preview (BENCHMARKS.md).
    declared = (_webp_declared_size(body) if kind == "webp" else None) or _declared_size(body)
    if declared is not None:
        _check_size(*declared)
    if (
        fit_within is not None
        and size.isValid()
        and (size.width() > fit_within.width() or size.height() > fit_within.height())
    ):
        reader.setScaledSize(size.scaled(fit_within, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    if image.isNull():
        raise UnexpectedResponse(
            f"The {content_type or 'delivered'} body ({len(body)} bytes) is not an image Qt can read: "
            f"{reader.errorString()}."
        )
    return Decoded(image, size if size.isValid() else image.size())


def _decode_with_pillow(body: bytes) -> QImage:
    extents = _avif_declared_size(body)
    if extents is not None:
        _check_size(*extents)
    try:
        with Image.open(io.BytesIO(body)) as opened:
            # Image.open reads only the header: the size is known before decoding.
            _check_size(*opened.size)
            # Most AVIFs decode to RGB: converting them to RGBA would only add a pass and a quarter.
            mode, image_format = ("RGB", QImage.Format.Format_RGB888)
            if opened.mode not in ("RGB", "L"):
                mode, image_format = ("RGBA", QImage.Format.Format_RGBA8888)
            width, height = opened.size
            pixels = _avif_frame(opened, mode)
    except Image.DecompressionBombError as error:
        raise _bomb(error) from error
    except (OSError, ValueError, SyntaxError) as error:
        # libavif's parse errors come out of Pillow's AVIF decoder as SyntaxError (a truncated body).
        raise UnexpectedResponse(f"The AVIF body ({len(body)} bytes) cannot be decoded: {error}.") from error
    # QImage does not own `pixels`: copy() detaches it before the bytes object goes away.
    return QImage(pixels, width, height, width * len(mode), image_format).copy()


def _avif_frame(opened: Image.Image, mode: str) -> bytes:
    """The first frame's pixels in `mode`, `mode`'s bytes per pixel, row after row.

    libavif's frame is taken as Pillow's own AVIF `load` takes it (`_decoder.get_frame`, the same
    in Pillow 11.3 to 13), not copied into a Pillow image in 64 KiB pieces and out again with
    `tobytes`: in the window that halved a 2048 × 1152 AVIF's decode, 48 → 23 ms (BENCHMARKS.md).
    A Pillow without that decoder goes the public way."""
    get_frame = getattr(getattr(opened, "_decoder", None), "get_frame", None)
    if get_frame is not None and opened.mode == mode:
        frame = get_frame(0)[0]
        if isinstance(frame, bytes) and len(frame) == opened.width * opened.height * len(mode):
            return frame
    decoded = opened if opened.mode == mode else opened.convert(mode)
    return decoded.tobytes("raw", mode)
