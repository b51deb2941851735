"""Turn delivered bytes into a QImage, off the GUI thread.

Qt's readers (QImageReader on a QBuffer) decode JPEG, PNG, GIF and WebP; they cannot read AVIF, so
AVIF goes through Pillow. Both run in a worker thread via `asyncio.to_thread`: QImage (unlike
QPixmap) may be created outside the GUI thread. A header that claims absurd dimensions is refused
before any pixel is decoded, so a hostile or broken server cannot make the window allocate gigabytes.
"""

from __future__ import annotations

import asyncio
import io

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
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


async def decode(body: bytes, content_type: str = "") -> QImage:
    """Decode `body` in a worker thread. Raises `TooLarge` or `UnexpectedResponse`."""
    return await asyncio.to_thread(decode_now, body, content_type)


def decode_now(body: bytes, content_type: str = "") -> QImage:
    """The blocking decode behind `decode`; never call it on the GUI thread."""
    kind = sniff_format(body)
    if kind is None and "avif" in content_type.lower():
        kind = "avif"
    if kind == "avif":
        return _decode_with_pillow(body)
    return _decode_with_qt(body, kind, content_type)


def _check_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise UnexpectedResponse(f"The image claims an empty size ({width}×{height}).")
    if width * height > MAX_PIXELS:
        raise TooLarge(
            f"The image claims {width}×{height} pixels, more than this viewer decodes.",
            hint="Ask for a smaller width or size.",
        )


def _declared_size(body: bytes) -> tuple[int, int] | None:
    """The size the header claims, read by Pillow without decoding pixels (None if unreadable)."""
    try:
        with Image.open(io.BytesIO(body)) as opened:
            return opened.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _decode_with_qt(body: bytes, kind: str | None, content_type: str) -> QImage:
    # Two guards before any pixel buffer exists: the header's claim (Pillow reads headers of every
    # format lazily; some Qt handlers need more than the header to report a size), then Qt's own.
    declared = _declared_size(body)
    if declared is not None:
        _check_size(*declared)
    data = QByteArray(body)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, kind.encode() if kind else b"")
    # The header alone gives the size; checking it first means no pixel buffer is allocated yet.
    size = reader.size()
    if size.isValid():
        _check_size(size.width(), size.height())
    image = reader.read()
    buffer.close()
    if image.isNull():
        raise UnexpectedResponse(
            f"The {content_type or 'delivered'} body ({len(body)} bytes) is not an image Qt can read: "
            f"{reader.errorString()}."
        )
    return image


def _decode_with_pillow(body: bytes) -> QImage:
    try:
        with Image.open(io.BytesIO(body)) as opened:
            # Image.open reads only the header: the size is known before decoding.
            _check_size(*opened.size)
            rgba = opened.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise UnexpectedResponse(f"The AVIF body ({len(body)} bytes) cannot be decoded: {error}.") from error
    width, height = rgba.size
    pixels = rgba.tobytes("raw", "RGBA")
    # QImage does not own `pixels`: copy() detaches it before the bytes object goes away.
    return QImage(pixels, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()
