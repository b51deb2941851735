"""The media type of a Content-Type value, without its parameters."""

from __future__ import annotations

import pytest

from aemviewer.delivery.media_type import bare_media_type


@pytest.mark.parametrize(
    ("content_type", "media_type"),
    [
        ("image/jpeg", "image/jpeg"),
        ("text/html; charset=utf-8", "text/html"),
        ("application/problem+json;charset=UTF-8;q=1", "application/problem+json"),
        ("Image/WebP", "image/webp"),
        ("  image/avif ; quality=high", "image/avif"),
        ("application/vnd.apple.mpegURL ", "application/vnd.apple.mpegurl"),
        ("", ""),
        ("; charset=utf-8", ""),
    ],
)
def test_bare_media_type(content_type: str, media_type: str) -> None:
    assert bare_media_type(content_type) == media_type
