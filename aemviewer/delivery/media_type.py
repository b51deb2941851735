"""The media type of a `Content-Type` value: what the code compares, without the parameters."""

from __future__ import annotations


def bare_media_type(content_type: str) -> str:
    """`content_type` without its parameters, trimmed and in lower case:
    `"Image/JPEG; charset=binary"` → `"image/jpeg"`, `""` → `""`."""
    return content_type.split(";", 1)[0].strip().lower()
