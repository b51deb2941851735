"""Constants of the AEM Assets Delivery API that both the client and the emulator read.

Only facts of the public API live here (names, ranges, orders, path prefixes); how a URL is built
or parsed does not. The emulator is an independent implementation of the same spec, so it may read
these constants but never the client's URL code.
"""

from __future__ import annotations

from typing import Final

API_PREFIX: Final = "/adobe/assets"
"""Path prefix of every delivery endpoint on Adobe's hosts (custom domains may drop it)."""

DELIVER_PREFIX_SUFFIX: Final = "/dynamicmedia/deliver"
"""A prefix ending like this (`/adobe/dynamicmedia/deliver`, shown for this API on the Asset Selector
page) serves the image as `{prefix}/{id}/{seoName}.{format}`, without `/as/`."""

EXPERIMENTAL_PREFIX_PATTERN: Final = r"/adobe/experimental/advancemodifiers-expires-(?P<expires>\d{8})/assets"
"""Experimental modifiers live under this prefix instead of API_PREFIX."""

ASSET_ID_PATTERN: Final = (
    r"urn:aaid:aem:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
"""An asset id: `urn:aaid:aem:` and a UUID."""

VANITY_ID_PATTERN: Final = r"urn:avid:aem:[A-Za-z0-9_~.-]{1,200}"
"""A vanity id: `urn:avid:aem:` and a name chosen in AEM (documented for vanity URLs; the allowed
characters are not public, so this takes the unreserved URL characters, as all public examples use)."""

ANY_ASSET_ID_PATTERN: Final = f"(?:{ASSET_ID_PATTERN}|{VANITY_ID_PATTERN})"
"""What may stand in the asset id's place in a delivery path: an asset id or a vanity id."""

VANITY_ID_EXAMPLE: Final = "urn:avid:aem:VanityCheck"

ASSET_ID_EXAMPLE: Final = "urn:aaid:aem:0f8a7c3e-2b1d-4c5e-9a6f-1e2d3c4b5a69"

SEO_NAME_PATTERN: Final = r"[%.\w-]+"
"""What the API accepts as the seoName path segment; it has no effect on the result."""

IMAGE_FORMATS: Final = ("jpg", "jpeg", "png", "gif", "webp", "avif")
LEGACY_IMAGE_FORMATS: Final = ("png8", "pjpg", "bjpg", "webpll", "webply")
ALL_IMAGE_FORMATS: Final = IMAGE_FORMATS + LEGACY_IMAGE_FORMATS

FORMAT_MEDIA_TYPES: Final = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "pjpg": "image/jpeg",
    "bjpg": "image/jpeg",
    "png": "image/png",
    "png8": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "webpll": "image/webp",
    "webply": "image/webp",
    "avif": "image/avif",
}
"""The media type each path format delivers when auto-format is off."""

ROTATIONS: Final = (90, 180, 270)
FLIPS: Final = ("h", "v", "hv")
QUALITY_RANGE: Final = (1, 100)
DIMENSION_RANGE: Final = (1, 12000)
"""Width and height in pixels. The API documents only the minimum; the maximum is this project's
choice, shared by client and emulator so that neither sends nor accepts absurd sizes."""

DEFAULT_IMAGE_WIDTH: Final = 1024
"""Width of the image-with-defaults endpoint."""
DEFAULT_IMAGE_QUALITY: Final = 65
"""Quality of the image-with-defaults endpoint."""
MAX_WIDTH_WITHOUT_SIZE: Final = 2048
"""Without width or size the delivered image is at most this wide."""
DEFAULT_MAX_QUALITY: Final = 85
"""Quality used when neither quality nor max-quality is given."""
CROP_PERCENT_DECIMALS: Final = 2
DPR_MAX: Final = 5.0
"""Largest device pixel ratio accepted for `dpr` (> 0). The API names `dpr` without a range; the cap
is this project's choice, shared by client and emulator."""

MODIFIER_ORDER: Final = (
    "rotate",
    "crop",
    "flip",
    "size",
    "preferwebp",
    "height",
    "width",
    "quality",
    "smartcrop",
)
"""The order in which the API applies modifiers, whatever their order in the URL."""

KNOWN_PARAMETERS: Final = (
    *MODIFIER_ORDER,
    "max-quality",
    "auto-format",
    "preset",
    "attachment",
    "dpr",
    "blur",
    "sharpen",
    "layers",
)
"""Every query parameter the API names. `source[<layer>]` parameters come on top."""

IGNORED_PARAMETERS: Final = ("accept-experimental",)
"""Sent by older clients; accepted and ignored. (Their header `X-Adobe-Accept-Experimental` needs no
name here: like every header the API does not read, it is ignored.)"""

DELIVERY_TOKEN_HEADER: Final = "x-asset-delivery-token"
"""A delivery token sent instead of `Authorization: Bearer` (seen in Adobe's secure-assets block of
adobe-rnd/aem-assets-plugin; its semantics are not public, so client and emulator treat it as a
second way to send the same token)."""

IGNORED_PARAMETERS_HEADER: Final = "X-Emulator-Ignored-Parameters"
"""Not Adobe's: the emulator names here the query parameters it accepted but did not apply, so that
the client can show typos such as `widht`. The real service sends no such header."""

CDN_MAX_AGE: Final = 600
"""The CDN keeps delivered responses for ten minutes."""

STANDARD_RENDITIONS: Final = (
    "cq5dam.thumbnail.48.48.png",
    "cq5dam.thumbnail.140.100.png",
    "cq5dam.thumbnail.319.319.png",
    "cq5dam.web.1280.1280.jpeg",
    "cq5dam.zoom.2048.2048.jpeg",
)
"""Rendition names AEM generates on author by default."""
