"""What a banner says for each kind of failure: title, explanation, and which actions it offers."""

from __future__ import annotations

from html import escape

from aemviewer.delivery.errors import (
    AuthRequired,
    BadRequest,
    DeliveryError,
    HTTPStatusError,
    InvalidInput,
    LocalFileError,
    NetworkError,
    NotFound,
    RenditionMissing,
    UnexpectedResponse,
)
from aemviewer.delivery.reference import AssetRef
from aemviewer.delivery.tokens import DEFAULT_TOKEN_VARIABLE
from aemviewer.ui.widgets.banner import BannerKind

RETRY = "Retry"
RESET_MODIFIERS = "Reset modifiers"

TOKEN_HOW = (
    "Tokens belong to the profile: <i>Settings → Profiles…</i> stores an IMS access token in the system "
    f"keyring, or reads it from an environment variable such as <code>{DEFAULT_TOKEN_VARIABLE}</code>."
)
"""How to send a token (rich text): one wording for every banner that needs it."""


def message_and_hint(error: DeliveryError) -> str:
    """A banner message (rich text) saying `error`'s message and hint as written."""
    hint = f"<br>{escape(error.hint)}" if error.hint else ""
    return f"{escape(error.message)}{hint}"


def defect_message(error: BaseException) -> str:
    """A banner message (rich text) for a defect: its type and text as written, and where the rest is."""
    return f"{escape(type(error).__name__)}: {escape(str(error))}<br>The details are in the log. The window keeps working."


def banner_for(error: DeliveryError, asset: AssetRef | None) -> tuple[BannerKind, str, str, list[str]]:
    """(kind, title, rich-text message, action labels) for `error`."""
    what = escape(asset.asset_id) if asset is not None else "the asset"
    hint = f"<br>{escape(error.hint)}" if error.hint else ""
    if isinstance(error, RenditionMissing):
        return (
            BannerKind.ERROR,
            f"Rendition not found (404): {error.rendition}",
            message_and_hint(error),
            [],
        )
    if isinstance(error, NotFound):
        return (
            BannerKind.ERROR,
            f"Not found (404): {what}",
            "The Delivery API answers 404 when an asset is unknown, not approved, expired or outside its "
            "on/off time — and also when it is restricted and the request carries no token, or a token "
            f"without the asset's role.<br>{TOKEN_HOW}",
            [RETRY],
        )
    if isinstance(error, BadRequest):
        detail = escape(error.detail or error.message)
        return (
            BannerKind.ERROR,
            "The server refused the request (400 Bad Request)",
            f"<b>{detail}</b>{hint}<br>Change or remove the parameter it names.",
            [RESET_MODIFIERS, RETRY],
        )
    if isinstance(error, AuthRequired):
        return (
            BannerKind.ERROR,
            f"Not allowed ({error.status}): {what}",
            f"{message_and_hint(error)}<br>{TOKEN_HOW}",
            [RETRY],
        )
    if isinstance(error, NetworkError):
        return (
            BannerKind.ERROR,
            "No answer from the server",
            f"{message_and_hint(error)}<br>Check that the host is reachable, then retry.",
            [RETRY],
        )
    if isinstance(error, HTTPStatusError):
        detail = f"<br>{escape(error.detail)}" if error.detail else ""
        return (
            BannerKind.ERROR,
            f"The server answered {error.status}",
            f"{escape(error.message)}{detail}{hint}",
            [RETRY],
        )
    if isinstance(error, UnexpectedResponse):
        return (BannerKind.ERROR, "The answer cannot be shown", message_and_hint(error), [RETRY])
    if isinstance(error, LocalFileError):
        return (BannerKind.ERROR, "Saving failed", message_and_hint(error), [])
    if isinstance(error, InvalidInput):
        return (BannerKind.WARNING, "Not sent", message_and_hint(error), [])
    return (BannerKind.ERROR, "The request failed", message_and_hint(error), [RETRY])
