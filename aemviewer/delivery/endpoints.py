"""The one place that builds delivery URLs.

Conventions (the parser accepts other spellings; these are what is written):
- the asset id goes into the path raw (`/adobe/assets/urn:aaid:aem:…`): colons are legal in a path
  segment, and this is how Adobe's own URLs look;
- the query follows `ImageModifiers.to_query` order (the API's application order, then the other
  named parameters, then unknown ones as pasted), with commas, colons, slashes and brackets left
  readable and everything else percent-encoded (a space is `%20`);
- an image URL without a given seoName uses `image`; `seo_name_for` derives one from a file name;
  a given seoName (e.g. pasted with a space or accents) is percent-encoded, `%`-escapes kept as they are;
- under a prefix ending in `/dynamicmedia/deliver` the image is `{id}/{seoName}.{format}` (no `/as/`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from aemviewer import api_spec
from aemviewer.delivery.errors import InvalidInput, InvalidReference
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, Operation

DEFAULT_SEO_NAME = "image"
"""The seoName of an image URL when no file name is known (the API ignores the name)."""

_ASSET_ID_RE = re.compile(api_spec.ANY_ASSET_ID_PATTERN)
_SEO_NAME_RE = re.compile(api_spec.SEO_NAME_PATTERN)
_BAD_SEO_NAME_RE = re.compile(r"[/?#\x00-\x1f\x7f]")
_UNSAFE_SEO_RE = re.compile(r"[^A-Za-z0-9._-]+")


class ManifestKind(StrEnum):
    """The two playback manifests of a video."""

    HLS = "hls"
    DASH = "dash"


def seo_name_for(file_name: str | None, default: str = DEFAULT_SEO_NAME) -> str:
    """A URL-safe seoName from a file name: without folder and extension, ASCII letters, digits,
    `.`, `-` and `_` only (other runs become `-`). `default` when nothing usable remains."""
    if not file_name:
        return default
    name = PurePosixPath(file_name.replace("\\", "/")).name
    stem, dot, _extension = name.rpartition(".")
    if dot and stem:
        name = stem
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE_SEO_RE.sub("-", ascii_name).strip("-._")
    return cleaned or default


@dataclass(frozen=True, slots=True)
class DeliveryEndpoints:
    """URLs of every delivery operation on one host.

    `base_url` is scheme, host and optional port (no path); `prefix` is the path before the asset id:
    `/adobe/assets` on Adobe's hosts, `""` on custom domains that drop it, or the experimental
    prefix. Invalid values raise `InvalidInput`.
    """

    base_url: str
    prefix: str = api_spec.API_PREFIX

    def __post_init__(self) -> None:
        # Frozen: normalising is the only write.
        object.__setattr__(self, "base_url", _normalise_base_url(self.base_url))
        object.__setattr__(self, "prefix", _normalise_prefix(self.prefix))

    @property
    def origin(self) -> str:
        """Scheme, host and port: the only place a token may be sent."""
        return self.base_url

    # --- asset operations ----------------------------------------------------------------------

    def image(
        self,
        asset: AssetRef | str,
        modifiers: ImageModifiers | None = None,
        *,
        format: str = "jpg",
        seo_name: str | None = None,
    ) -> str:
        """`…/{id}/as/{seoName}.{format}?{modifiers}`: the web-optimised image."""
        image_format = format.lower()
        if image_format not in api_spec.ALL_IMAGE_FORMATS:
            raise InvalidInput(
                f"{format!r} is not a delivery image format.",
                hint="Use one of " + ", ".join(api_spec.ALL_IMAGE_FORMATS) + ".",
            )
        name = _checked_seo_name(seo_name, DEFAULT_SEO_NAME)
        if self.prefix.endswith(api_spec.DELIVER_PREFIX_SUFFIX):
            return self._url(asset, f"/{name}.{image_format}", modifiers)
        return self._url(asset, f"/as/{name}.{image_format}", modifiers)

    def default_image(self, asset: AssetRef | str, modifiers: ImageModifiers | None = None) -> str:
        """`…/{id}`: the image with the API's defaults (width 1024, quality 65, format by Accept)."""
        return self._url(asset, "", modifiers)

    def original(self, asset: AssetRef | str, *, seo_name: str | None = None) -> str:
        """`…/{id}/original/as/{seoName}`: the uploaded bytes (name usually the file name)."""
        return self._url(asset, f"/original/as/{_checked_seo_name(seo_name, 'original')}")

    def rendition(self, asset: AssetRef | str, name: str, *, seo_name: str | None = None) -> str:
        """`…/{id}/renditions/{name}/as/{seoName}`: a rendition generated on author."""
        if not name or "/" in name or name in (".", ".."):
            raise InvalidInput(
                f"{name!r} is not a rendition name.", hint="Use a name such as cq5dam.web.1280.1280.jpeg."
            )
        default_name = name if _SEO_NAME_RE.fullmatch(name) else "rendition"
        seo = _checked_seo_name(seo_name, default_name)
        return self._url(asset, f"/renditions/{quote(name, safe='')}/as/{seo}")

    def metadata(self, asset: AssetRef | str) -> str:
        """`…/{id}/metadata`: the asset's metadata as JSON."""
        return self._url(asset, "/metadata")

    def smart_crops(self, asset: AssetRef | str) -> str:
        """`…/{id}/smartCrops`: the smart crops defined on the asset."""
        return self._url(asset, "/smartCrops")

    def player_page(self, asset: AssetRef | str) -> str:
        """`…/{id}/play`: the HTML player page meant for an iframe."""
        return self._url(asset, "/play")

    def manifest_hls(self, asset: AssetRef | str) -> str:
        """`…/{id}/manifest.m3u8`: the HLS playlist of a video."""
        return self._url(asset, "/manifest.m3u8")

    def manifest_dash(self, asset: AssetRef | str) -> str:
        """`…/{id}/manifest.mpd`: the DASH manifest of a video."""
        return self._url(asset, "/manifest.mpd")

    def manifest(self, asset: AssetRef | str, kind: ManifestKind | str) -> str:
        """The HLS or DASH manifest URL (`kind` is `hls` or `dash`)."""
        return (
            self.manifest_dash(asset)
            if _manifest_kind(kind) is ManifestKind.DASH
            else self.manifest_hls(asset)
        )

    def search(self) -> str:
        """`…/search`: the search endpoint (POST)."""
        return f"{self.base_url}{self.prefix}/search"

    # --- pasted references ---------------------------------------------------------------------

    def for_ref(self, ref: AssetRef) -> str:
        """The URL of a parsed `AssetRef`, on its own host and prefix when it has them (else this one's).

        For a URL in canonical form, `for_ref(parse_reference(url)) == url`.
        """
        target = (
            self if ref.base_url is None or ref.prefix is None else _raw_endpoints(ref.base_url, ref.prefix)
        )
        operation = ref.operation
        if operation is Operation.IMAGE:
            return target.image(ref, ref.modifiers, format=ref.format or "jpg", seo_name=ref.seo_name)
        if operation is Operation.DEFAULT_IMAGE:
            return target.default_image(ref, ref.modifiers)
        if operation is Operation.ORIGINAL:
            url = target.original(ref, seo_name=ref.seo_name)
        elif operation is Operation.RENDITION:
            if ref.rendition is None:
                raise InvalidReference(
                    f"The reference to {ref.asset_id} asks for a rendition without naming it.",
                    hint="Set the rendition name.",
                )
            url = target.rendition(ref, ref.rendition, seo_name=ref.seo_name)
        else:
            url = {
                Operation.METADATA: target.metadata,
                Operation.SMART_CROPS: target.smart_crops,
                Operation.PLAY: target.player_page,
                Operation.MANIFEST_HLS: target.manifest_hls,
                Operation.MANIFEST_DASH: target.manifest_dash,
            }[operation](ref)
        # Parameters pasted on other operations (e.g. attachment=true) travel along unchanged.
        return _with_query(url, ref.modifiers)

    def _url(self, asset: AssetRef | str, tail: str, modifiers: ImageModifiers | None = None) -> str:
        return _with_query(f"{self.base_url}{self.prefix}/{_asset_id(asset)}{tail}", modifiers)


def _with_query(url: str, modifiers: ImageModifiers | None) -> str:
    if modifiers is None or modifiers.is_default:
        return url
    return f"{url}?{modifiers.to_query_string()}"


def _raw_endpoints(base_url: str, prefix: str) -> DeliveryEndpoints:
    # A parsed prefix is kept byte for byte, so no normalising beyond what the parser did.
    endpoints = DeliveryEndpoints(base_url)
    object.__setattr__(endpoints, "prefix", prefix)
    return endpoints


def _asset_id(asset: AssetRef | str) -> str:
    asset_id = asset.asset_id if isinstance(asset, AssetRef) else asset
    if not isinstance(asset_id, str) or not _ASSET_ID_RE.fullmatch(asset_id):
        raise InvalidReference(
            f"{asset_id!r} is not an asset id: expected urn:aaid:aem: and a UUID, "
            f"e.g. {api_spec.ASSET_ID_EXAMPLE}, or a vanity id such as {api_spec.VANITY_ID_EXAMPLE}.",
            hint="Use the id as shown in AEM (Properties → Asset id) or paste a delivery URL.",
        )
    return asset_id


def _checked_seo_name(seo_name: str | None, default: str) -> str:
    if seo_name is None:
        return default
    # "." and ".." would be removed from the path as dot segments on the way to the server.
    if not seo_name or _BAD_SEO_NAME_RE.search(seo_name) or seo_name in (".", ".."):
        raise InvalidInput(
            f"{seo_name!r} cannot be used as the name in a delivery URL.",
            hint="Leave out '/', '?', '#' and control characters (seo_name_for() makes one from a file name).",
        )
    # Spaces and non-ASCII letters travel percent-encoded; existing %-escapes are kept as pasted.
    return quote(seo_name, safe="%")


def _manifest_kind(kind: ManifestKind | str) -> ManifestKind:
    try:
        return ManifestKind(str(kind).lower())
    except ValueError:
        raise InvalidInput(f"{kind!r} is not a manifest kind.", hint="Use 'hls' or 'dash'.") from None


def _normalise_base_url(base_url: str) -> str:
    hint = "Give scheme, host and optional port only, e.g. https://delivery-p123-e456.adobeaemcloud.com."
    try:
        parts = urlsplit(base_url.strip())
        _ = parts.port
    except (ValueError, AttributeError) as exc:
        raise InvalidInput(f"{base_url!r} is not a valid base URL: {exc}.", hint=hint) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"{base_url!r} is not an http or https base URL.", hint=hint)
    if parts.username is not None or parts.password is not None:
        raise InvalidInput("The base URL must not carry a user name or password.", hint=hint)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InvalidInput(
            f"The base URL {base_url!r} has a path, query or fragment.",
            hint=f"{hint} Put a path such as /adobe/assets in the prefix.",
        )
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _normalise_prefix(prefix: str) -> str:
    if (
        not isinstance(prefix, str)
        or (prefix and not prefix.startswith("/"))
        or any(c in prefix for c in "?#")
    ):
        raise InvalidInput(
            f"{prefix!r} is not a path prefix.",
            hint=f"Use {api_spec.API_PREFIX!r}, '' (custom domains without it) or a path starting with '/'.",
        )
    return prefix.rstrip("/")
