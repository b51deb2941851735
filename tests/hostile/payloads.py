"""What the hostile server sends: real small images, images whose headers lie, large JSON documents,
and a self-signed TLS certificate."""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import struct
import zlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from PIL import Image

ASSET = "urn:aaid:aem:9b1f6c2e-4d3a-4e5b-8c7d-0a1b2c3d4e5f"
BASE = f"/adobe/assets/{ASSET}"
IMAGE_PATH = f"{BASE}/as/photo.jpg"
PNG_PATH = f"{BASE}/as/photo.png"
METADATA_PATH = f"{BASE}/metadata"
TOKEN = "eyJhbGciOiJub25lIn0.hostile-suite-secret.sig"
CLAIMED = 100_000
"""Width and height an image header claims (10¹⁰ pixels: 40 GB decoded)."""


def jpeg(width: int = 64, height: int = 48, quality: int = 80) -> bytes:
    """A real JPEG: a gradient, so that its size depends on its pixels like a photograph's."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int = CLAIMED, height: int = CLAIMED) -> bytes:
    """A PNG whose IHDR claims `width`×`height` RGB pixels, followed by a few bytes of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


def webp_claiming(width: int = CLAIMED, height: int = CLAIMED) -> bytes:
    """An extended WebP (VP8X) whose canvas claims `width`×`height` (24-bit fields allow 16 M)."""
    vp8x = b"\0\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    riff = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x
    return b"RIFF" + struct.pack("<I", len(riff)) + riff


def avif_claiming(width: int = CLAIMED, height: int = CLAIMED) -> bytes:
    """A real 64×64 AVIF whose `ispe` (image spatial extents) property is rewritten to lie."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, "AVIF")
    data = bytearray(buffer.getvalue())
    at = data.index(b"ispe")
    # Box layout: size, 'ispe', version and flags (4 bytes), width (4), height (4).
    data[at + 8 : at + 16] = struct.pack(">II", width, height)
    return bytes(data)


def json_document(size: int) -> Callable[[], AsyncIterator[bytes]]:
    """Chunks of one valid JSON object of exactly `size` bytes (a huge `dc:description`)."""
    opening = f'{{"assetId": "{ASSET}", "assetMetadata": {{"dc:description": "'.encode()
    closing = b'"}}'
    filler = size - len(opening) - len(closing)
    piece = b"x" * (1024 * 1024)

    async def chunks() -> AsyncIterator[bytes]:
        yield opening
        left = filler
        while left > 0:
            yield piece[: min(left, len(piece))]
            left -= len(piece)
        yield closing

    return chunks


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (it is its own CA) and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hostile self-signed")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    cert_file, key_file = folder / "self-signed.pem", folder / "self-signed.key"
    cert_file.write_bytes(certificate.public_bytes(pem))
    key_file.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file
