"""Choosing the delivered format from the path's extension, the modifiers and the `Accept` header.

Decisions the spec leaves open (documented in docs/emulator.md):
- AVIF and WebP count as accepted only when `Accept` names them explicitly with q > 0: browsers that
  decode them say so, while `*/*` or `image/*` (curl, old clients) promise nothing.
- With auto-format, an image with transparency is delivered as AVIF or WebP when accepted (both keep
  alpha), otherwise as PNG — never as JPEG, which would flatten it.
- JPEG output of a transparent image (auto-format=false with .jpg) is flattened onto white.
"""

from __future__ import annotations

from dataclasses import dataclass

from aemviewer.api_spec import FORMAT_MEDIA_TYPES


@dataclass(frozen=True)
class OutputFormat:
    """How the delivered bytes are encoded."""

    codec: str
    """Pillow's format name: JPEG, PNG, GIF, WEBP or AVIF."""
    extension: str
    """For `Content-Disposition` file names."""
    progressive: bool = False
    palette: bool = False
    lossless: bool = False

    @property
    def media_type(self) -> str:
        """The `Content-Type` of the delivered bytes."""
        return FORMAT_MEDIA_TYPES[self.codec.lower()]

    @property
    def uses_quality(self) -> bool:
        """Whether `quality` changes the bytes (lossy encodings only)."""
        return self.codec in ("JPEG", "AVIF") or (self.codec == "WEBP" and not self.lossless)


JPEG = OutputFormat("JPEG", "jpg")
PNG = OutputFormat("PNG", "png")
WEBP = OutputFormat("WEBP", "webp")
AVIF = OutputFormat("AVIF", "avif")

_BY_EXTENSION = {
    "jpg": JPEG,
    "jpeg": OutputFormat("JPEG", "jpeg"),
    "bjpg": JPEG,
    "pjpg": OutputFormat("JPEG", "jpg", progressive=True),
    "png": PNG,
    "png8": OutputFormat("PNG", "png", palette=True),
    "gif": OutputFormat("GIF", "gif", palette=True),
    "webp": WEBP,
    "webply": WEBP,
    "webpll": OutputFormat("WEBP", "webp", lossless=True),
    "avif": AVIF,
}


def accepted_media_types(accept: str | None) -> dict[str, float]:
    """Media ranges of an `Accept` header with their q-values (malformed q counts as 1)."""
    ranges: dict[str, float] = {}
    for item in (accept or "").split(","):
        media_range, *parameters = (part.strip() for part in item.split(";"))
        if not media_range:
            continue
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 1.0
        ranges[media_range.lower()] = max(quality, ranges.get(media_range.lower(), 0.0))
    return ranges


def explicitly_accepts(accept: str | None, media_type: str) -> bool:
    """True when `Accept` names `media_type` itself with q > 0 (wildcards do not count)."""
    return accepted_media_types(accept).get(media_type, 0.0) > 0.0


def format_for_extension(extension: str) -> OutputFormat | None:
    """The format a path extension asks for (auto-format off), or None for an unknown one."""
    return _BY_EXTENSION.get(extension.lower())


def choose_format(
    extension: str, accept: str | None, *, auto_format: bool, prefer_webp: bool, has_alpha: bool
) -> tuple[OutputFormat, bool]:
    """The delivered format, and whether it depended on `Accept` (then the answer varies by it).

    `extension` must be a known one (see `format_for_extension`).
    """
    requested = _BY_EXTENSION[extension.lower()]
    if auto_format:
        candidates = (WEBP, AVIF) if prefer_webp else (AVIF, WEBP)
        for candidate in candidates:
            if explicitly_accepts(accept, candidate.media_type):
                return candidate, True
        return (PNG if has_alpha else JPEG), True
    if prefer_webp:
        if requested.codec != "WEBP" and explicitly_accepts(accept, WEBP.media_type):
            return WEBP, True
        return requested, True
    return requested, False


def default_format(accept: str | None, *, has_alpha: bool) -> OutputFormat:
    """The format of the image-with-defaults endpoint: WebP when accepted, else JPEG (PNG with alpha)."""
    if explicitly_accepts(accept, WEBP.media_type):
        return WEBP
    return PNG if has_alpha else JPEG
