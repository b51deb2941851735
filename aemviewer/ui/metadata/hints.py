"""What the Metadata tab says about an answer besides its rows: a one-line summary, and the hint
when the answer is the minimal, token-less set."""

from __future__ import annotations

from aemviewer.delivery.byte_counts import full_bytes
from aemviewer.delivery.metadata import Metadata
from aemviewer.ui.common.error_messages import TOKEN_HOW
from aemviewer.ui.widgets.banner import BannerKind


def is_minimal(metadata: Metadata) -> bool:
    """The token-less answer: format, size, dimensions, status — no title and no file name."""
    return metadata.title is None and metadata.file_name is None


def minimal_hint(*, token_sent: bool) -> tuple[BannerKind, str, str]:
    """(kind, title, rich-text message) for a minimal answer, depending on whether a token went out."""
    if token_sent:
        return (
            BannerKind.WARNING,
            "Only the minimal metadata came back, although a token was sent",
            "The server answered format, size, dimensions and status only: it did not accept the "
            "token (expired, or issued for another environment). Use a fresh IMS access token:"
            f"<br>{TOKEN_HOW}",
        )
    return (
        BannerKind.INFO,
        "Only the minimal metadata: no token was sent",
        "Without a token the Delivery API answers format, size, dimensions and status only; title, "
        "description, keywords, smart tags and smart crops come with a token. To see the full set, "
        f"send one:<br>{TOKEN_HOW}",
    )


def summary_text(metadata: Metadata) -> str:
    """`file.jpg · image/jpeg · 64.9 KiB (66,489 bytes) · 512 × 512 px` (what is known of it)."""
    parts = []
    if metadata.title and metadata.file_name:
        parts.append(metadata.file_name)
    if metadata.media_type:
        parts.append(metadata.media_type)
    if metadata.size is not None:
        parts.append(full_bytes(metadata.size))
    if metadata.width and metadata.height:
        parts.append(f"{metadata.width} × {metadata.height} px")
    return " · ".join(parts)
