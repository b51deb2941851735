"""URLs and ids of *other* Adobe image APIs that people paste by mistake, told apart by shape.

Two look close to a Delivery API URL but are served by different services that this tool does not
speak: Dynamic Media Classic's Image Serving (Scene7, `/is/image/<company>/<name>`) and the
`dm-aid--<uuid>` ids of AEM's own Dynamic Media delivery for Sites (the `_dynamicUrl` of Content
Fragments, `AssetDelivery#getDeliveryURL`), which are not asset ids of the Delivery API.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from aemviewer import api_spec

_DM_AID_RE = re.compile(r"dm-aid--[0-9a-fA-F-]{36}", re.IGNORECASE)
_SCENE7_RE = re.compile(r"/is/(?:image|content)/", re.IGNORECASE)
_INSTEAD = (
    "this tool needs the Delivery API's asset id (urn:aaid:aem:<uuid>) or a URL such as "
    f"https://delivery-p123-e456.adobeaemcloud.com/adobe/assets/{api_spec.ASSET_ID_EXAMPLE}/as/photo.jpg: "
    "in AEM Assets, copy the asset's Dynamic Media with OpenAPI delivery URL"
)


def other_api(text: str) -> str | None:
    """What is wrong with `text` when it belongs to another Adobe API (a sentence naming that API and
    what this tool needs instead), else None. `text` is an id or a URL, raw or percent-encoded."""
    decoded = unquote(text)
    if _SCENE7_RE.search(decoded):
        return (
            "is a Dynamic Media Classic (Scene7) Image Serving URL (/is/image/…), a different Adobe API: "
            + _INSTEAD
        )
    match = _DM_AID_RE.search(decoded)
    if match:
        return (
            f"uses {match[0]}, an id of AEM's Dynamic Media delivery for Sites "
            "(/adobe/dynamicmedia/deliver/dm-aid--…, e.g. a Content Fragment's _dynamicUrl), "
            "a different Adobe API: " + _INSTEAD
        )
    return None
