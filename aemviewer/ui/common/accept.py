"""The Accept headers a preview can be requested with (the modifier panel and Compare offer them)."""

from __future__ import annotations

BROWSER_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
WEBP_ACCEPT = "image/webp,image/jpeg;q=0.9,*/*;q=0.5"
ACCEPT_CHOICES: list[tuple[str, str | None]] = [
    ("WebP, JPEG", WEBP_ACCEPT),
    ("browser: AVIF, WebP, JPEG", BROWSER_ACCEPT),
    ("JPEG, PNG only", "image/jpeg,image/png;q=0.9"),
    ("*/* (any)", "*/*"),
]
"""Accept headers to preview with: with auto-format on, the server picks the format from this."""
