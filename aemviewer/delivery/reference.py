"""What the user typed or pasted: an asset id or a delivery URL, read into an `AssetRef`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from aemviewer import api_spec
from aemviewer.delivery.errors import InvalidModifier, InvalidReference
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.other_apis import other_api

_ASSET_ID_RE = re.compile(api_spec.ANY_ASSET_ID_PATTERN)
_VANITY_PREFIX = "urn:avid:aem:"
_UUID_RE = re.compile(api_spec.ASSET_ID_PATTERN.removeprefix("urn:aaid:aem:"))
# Pasted names may hold spaces and any text (Adobe's own examples do); the URLs this tool builds
# percent-encode them (`endpoints.py`). Only what would change the URL's structure is refused.
_PASTED_NAME_RE = re.compile(r"[^/?#\x00-\x1f\x7f]+")
_ID_PREFIX = "urn:aaid:aem:"
_HOST_RE = re.compile(r"(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?")
_QUOTES = (("<", ">"), ('"', '"'), ("'", "'"), ("`", "`"), ("“", "”"), ("‘", "’"), ("«", "»"))
_URL_EXAMPLE = (
    f"https://delivery-p123-e456.adobeaemcloud.com/adobe/assets/{api_spec.ASSET_ID_EXAMPLE}/as/photo.jpg"
)
_EXPECTED = (
    f"an asset id such as {api_spec.ASSET_ID_EXAMPLE}, a vanity id such as {api_spec.VANITY_ID_EXAMPLE} "
    f"or a delivery URL such as {_URL_EXAMPLE}"
)
_SHAPES = (
    "as/<name>.<format>, original/as/<name>, renditions/<rendition>/as/<name>, metadata, smartCrops, "
    "play, manifest.m3u8 or manifest.mpd (or nothing, for the image with defaults)"
)
_HINT = "Paste an asset id or the whole delivery URL as copied from the browser or AEM."


class Operation(StrEnum):
    """What a delivery URL asks for."""

    IMAGE = "image"
    DEFAULT_IMAGE = "default_image"
    ORIGINAL = "original"
    RENDITION = "rendition"
    METADATA = "metadata"
    SMART_CROPS = "smart_crops"
    PLAY = "play"
    MANIFEST_HLS = "manifest_hls"
    MANIFEST_DASH = "manifest_dash"


_SIMPLE_OPERATIONS = {
    "metadata": Operation.METADATA,
    "smartcrops": Operation.SMART_CROPS,
    "play": Operation.PLAY,
    "manifest.m3u8": Operation.MANIFEST_HLS,
    "manifest.mpd": Operation.MANIFEST_DASH,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AssetRef:
    """One asset, and what a pasted URL asked of it.

    `base_url` is scheme, host and port (`None` for a bare id: the profile's base URL applies);
    `prefix` is the path before the id (`/adobe/assets`, `""` on some custom domains, or the
    experimental prefix; `None` for a bare id). `format` and `seo_name` come from `/as/<seo>.<format>`
    (original and rendition URLs keep their whole last segment in `seo_name`), `rendition` is the
    rendition's name, `modifiers` the query parameters.
    """

    asset_id: str
    """An asset id (`urn:aaid:aem:<uuid>`) or a vanity id (`urn:avid:aem:<name>`)."""
    base_url: str | None = None
    prefix: str | None = None
    operation: Operation = Operation.IMAGE
    format: str | None = None
    seo_name: str | None = None
    rendition: str | None = None
    modifiers: ImageModifiers = field(default_factory=ImageModifiers)

    def __post_init__(self) -> None:
        if not isinstance(self.asset_id, str) or not _ASSET_ID_RE.fullmatch(self.asset_id):
            raise InvalidReference(_diagnose_id(str(self.asset_id)), hint=_HINT)
        if (self.base_url is None) != (self.prefix is None):
            raise InvalidReference(
                f"AssetRef for {self.asset_id} has a base URL without a path prefix or the reverse.",
                hint="Give both base_url and prefix (prefix may be ''), or neither.",
            )

    @property
    def is_vanity(self) -> bool:
        """True when `asset_id` is a vanity id (`urn:avid:aem:…`) rather than the asset's own id."""
        return self.asset_id.startswith(_VANITY_PREFIX)


def parse_reference(text: str) -> AssetRef:
    """Read an asset or vanity id (raw or percent-encoded) or any delivery URL into an `AssetRef`.

    Surrounding whitespace, `<…>` and quotes are tolerated; a URL without a scheme is read as https.
    Raises `InvalidReference` saying what was expected (with an example) and, for near misses,
    what is wrong; an invalid modifier in the query raises `InvalidModifier` with the URL attached.
    """
    cleaned = _clean(text)
    if not cleaned:
        raise InvalidReference(f"Nothing to open: expected {_EXPECTED}.", hint=_HINT)
    if "://" in cleaned:
        return _parse_url(cleaned)
    candidate = unquote(cleaned)
    if _ASSET_ID_RE.fullmatch(candidate):
        return AssetRef(asset_id=candidate)
    first_segment = cleaned.split("/", 1)[0]
    if "/" in cleaned and _HOST_RE.fullmatch(first_segment):
        # A URL pasted without its scheme, e.g. delivery-p1-e2.adobeaemcloud.com/adobe/assets/…
        return _parse_url("https://" + cleaned)
    if (other := other_api(cleaned)) is not None:
        raise InvalidReference(f"{_shorten(cleaned)} {other}.", hint=_HINT)
    if "/" in cleaned and (segment := _near_miss_segment(cleaned.split("/"))) is not None:
        raise InvalidReference(_diagnose_id(segment), hint=_HINT)
    raise InvalidReference(_diagnose_id(candidate), hint=_HINT)


def _clean(text: str) -> str:
    cleaned = text.strip()
    changed = True
    while changed and len(cleaned) >= 2:
        changed = False
        for opening, closing in _QUOTES:
            if cleaned.startswith(opening) and cleaned.endswith(closing):
                cleaned = cleaned[len(opening) : -len(closing)].strip()
                changed = True
    return cleaned


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diagnose_id(candidate: str) -> str:
    shown = _shorten(candidate)
    lowered = candidate.lower()
    if lowered.startswith(_VANITY_PREFIX):
        return (
            f"{shown} is not a valid vanity id: after urn:avid:aem: come 1 to 200 letters, digits, "
            f"'.', '-', '_' or '~', e.g. {api_spec.VANITY_ID_EXAMPLE}."
        )
    if lowered.startswith(_ID_PREFIX):
        if not candidate.startswith(_ID_PREFIX):
            return f"{shown} is not a valid asset id: the prefix must be lowercase urn:aaid:aem:."
        return (
            f"{shown} is not a valid asset id: the part after urn:aaid:aem: must be a UUID "
            f"(8-4-4-4-12 hexadecimal digits), e.g. {api_spec.ASSET_ID_EXAMPLE}."
        )
    if lowered.startswith("urn:aaid:"):
        return (
            f"{shown} is an asset id of another Adobe repository: the Delivery API needs an id that "
            f"starts with urn:aaid:aem:, e.g. {api_spec.ASSET_ID_EXAMPLE}."
        )
    if _UUID_RE.fullmatch(candidate):
        return f"{shown} is a UUID without its prefix: the asset id is urn:aaid:aem:{candidate}."
    return f"{shown!r} is neither an asset id nor a delivery URL: expected {_EXPECTED}."


def _near_miss_segment(segments: list[str]) -> str | None:
    for segment in segments:
        decoded = unquote(segment)
        if decoded.lower().startswith(("urn:aaid:", _VANITY_PREFIX)) or _UUID_RE.fullmatch(decoded):
            return decoded
    return None


def _split(url: str) -> tuple[SplitResult, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidReference(f"{_shorten(url)} is not a valid URL: {exc}.", hint=_HINT) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidReference(
            f"{_shorten(url)} uses the scheme {parts.scheme!r}: expected an http or https delivery URL "
            f"such as {_URL_EXAMPLE}.",
            hint=_HINT,
        )
    if parts.username is not None or parts.password is not None:
        raise InvalidReference(
            f"{_shorten(url.split('@', 1)[-1])} carries a user name or password in the URL, which "
            "delivery URLs never do.",
            hint="Remove the user:password@ part; a token belongs in the profile, not in the URL.",
        )
    if not parts.hostname:
        raise InvalidReference(f"{_shorten(url)} has no host: expected {_EXPECTED}.", hint=_HINT)
    del port  # read only to reject an invalid port early
    return parts, f"{scheme}://{parts.netloc.lower()}"


def _parse_url(url: str) -> AssetRef:
    parts, base_url = _split(url)
    segments = parts.path.split("/")
    index = next((i for i, segment in enumerate(segments) if _ASSET_ID_RE.fullmatch(unquote(segment))), None)
    if index is None:
        if (other := other_api(parts.path)) is not None:
            raise InvalidReference(f"{_shorten(url)} {other}.", hint=_HINT, url=url)
        if parts.path.rstrip("/").endswith("/search"):
            raise InvalidReference(
                f"{_shorten(url)} is the search endpoint, not an asset: expected the URL of one asset.",
                hint=_HINT,
            )
        near_miss = _near_miss_segment(segments)
        if near_miss is not None:
            raise InvalidReference(_diagnose_id(near_miss), hint=_HINT, url=url)
        raise InvalidReference(
            f"{_shorten(url)} has no asset id in its path: expected {_URL_EXAMPLE}.", hint=_HINT, url=url
        )
    asset_id = unquote(segments[index])
    prefix = "/".join(segments[:index])
    rest = segments[index + 1 :]
    if rest and rest[-1] == "":
        rest = rest[:-1]
    try:
        modifiers = ImageModifiers.from_query(parse_qsl(parts.query, keep_blank_values=True))
    except InvalidModifier as exc:
        exc.url = url
        raise
    return _ref_for_rest(url, rest, asset_id=asset_id, base_url=base_url, prefix=prefix, modifiers=modifiers)


def _ref_for_rest(
    url: str, rest: list[str], *, asset_id: str, base_url: str, prefix: str, modifiers: ImageModifiers
) -> AssetRef:
    def ref(operation: Operation, **kw: str) -> AssetRef:
        return AssetRef(
            asset_id=asset_id,
            base_url=base_url,
            prefix=prefix,
            operation=operation,
            modifiers=modifiers,
            **kw,
        )

    lowered = [segment.lower() for segment in rest]
    if not rest:
        return ref(Operation.DEFAULT_IMAGE)
    if len(rest) == 1 and lowered[0] in _SIMPLE_OPERATIONS:
        return ref(_SIMPLE_OPERATIONS[lowered[0]])
    if len(rest) == 2 and lowered[0] == "as":
        return _image(url, rest[1], ref)
    if len(rest) == 3 and lowered[:2] == ["original", "as"]:
        return ref(Operation.ORIGINAL, seo_name=_seo(url, rest[2]))
    if len(rest) == 4 and lowered[:3] == ["renditions", "original", "as"]:
        # Documented as the same resource as original/as/…
        return ref(Operation.ORIGINAL, seo_name=_seo(url, rest[3]))
    if len(rest) == 1 and prefix.endswith(api_spec.DELIVER_PREFIX_SUFFIX):
        return _image(url, rest[0], ref)
    if (
        len(rest) == 4
        and lowered[0] == "renditions"
        and lowered[2] == "as"
        and unquote(rest[1]) not in ("", ".", "..")
    ):
        return ref(Operation.RENDITION, rendition=unquote(rest[1]), seo_name=_seo(url, rest[3]))
    if lowered[0] == "original":
        raise _bad_shape(url, "an original ends with /original/as/<file name>, e.g. /original/as/photo.jpg")
    if lowered[0] == "renditions":
        raise _bad_shape(url, "a rendition ends with /renditions/<rendition>/as/<name>")
    if lowered[0] == "as":
        raise _bad_shape(url, "an image ends with /as/<name>.<format>, e.g. /as/photo.jpg")
    after = "/".join(rest)
    raise _bad_shape(url, f"after the asset id expected {_SHAPES}; got {_shorten(after, 60)!r}")


def _image(url: str, last: str, ref: Callable[..., AssetRef]) -> AssetRef:
    seo_name, dot, image_format = last.rpartition(".")
    if not dot or not seo_name:
        raise _bad_shape(url, f"the image name {last!r} has no format: expected <name>.<format>")
    if image_format.lower() not in api_spec.ALL_IMAGE_FORMATS:
        formats = ", ".join(api_spec.ALL_IMAGE_FORMATS)
        raise _bad_shape(url, f"{image_format!r} is not a delivery image format: expected one of {formats}")
    return ref(Operation.IMAGE, seo_name=_seo(url, seo_name), format=image_format.lower())


def _seo(url: str, name: str) -> str:
    if name in (".", ".."):
        raise _bad_shape(url, f"the name {name!r} is a dot segment, which no server sees")
    if not _PASTED_NAME_RE.fullmatch(name):
        raise _bad_shape(url, f"the name {name!r} holds control characters, which a URL cannot carry")
    return name


def _bad_shape(url: str, what: str) -> InvalidReference:
    return InvalidReference(f"{_shorten(url)} is not a delivery URL: {what}.", hint=_HINT, url=url)
