"""When an IMS token expires, read from the token itself (a JWT) without verifying it.

aemviewer never checks a token's signature: the delivery host does that. It only reads the expiry so
the window can warn before requests start failing. Adobe IMS access tokens carry `created_at` and
`expires_in` (milliseconds, often as strings); other JWTs carry the standard `exp` (seconds). A
token that is not a JWT, or has neither, has an unknown expiry and is never warned about.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from aemviewer.delivery.bounded_json import loads_bounded

JWT_PATTERN = r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"
"""Three base64url parts, the first a JSON object (`{"` is `eyJ`): what a JWT looks like in text."""

DEFAULT_WARNING = timedelta(minutes=15)
"""How long before the expiry the window starts warning."""

_JWT_RE = re.compile(rf"^{JWT_PATTERN}$")


class ExpiryState(StrEnum):
    """Where a token stands relative to its expiry."""

    UNKNOWN = "unknown"
    """Not a JWT, or a JWT without an expiry claim."""
    VALID = "valid"
    EXPIRING = "expiring"
    """Valid for less than the warning time."""
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class TokenExpiry:
    """The expiry read from a token, and how to talk about it."""

    expires_at: datetime | None
    """Aware UTC time, or None when unknown."""

    def state(self, now: datetime, warn_before: timedelta = DEFAULT_WARNING) -> ExpiryState:
        """`now` must be timezone-aware."""
        if self.expires_at is None:
            return ExpiryState.UNKNOWN
        if now >= self.expires_at:
            return ExpiryState.EXPIRED
        if self.expires_at - now <= warn_before:
            return ExpiryState.EXPIRING
        return ExpiryState.VALID

    def next_change(self, now: datetime, warn_before: timedelta = DEFAULT_WARNING) -> timedelta | None:
        """Time until `state` changes next (the warning starts, or the token expires); None when
        it never will."""
        if self.expires_at is None or now >= self.expires_at:
            return None
        warn_at = self.expires_at - warn_before
        return (warn_at if now < warn_at else self.expires_at) - now

    def describe(self, now: datetime) -> str:
        """'expires in 2 min', 'expired 3 h ago', 'expires 2100-01-01 00:00 UTC', or 'expiry unknown'."""
        if self.expires_at is None:
            return "expiry unknown"
        delta = self.expires_at - now
        if delta <= timedelta(0):
            return f"expired {_span(-delta)} ago"
        if delta <= timedelta(days=2):
            return f"expires in {_span(delta)}"
        return f"expires {self.expires_at:%Y-%m-%d %H:%M} UTC"


def looks_like_jwt(token: str) -> bool:
    """Whether `token` has the shape of a JWT (three base64url parts, the first a JSON object)."""
    return bool(_JWT_RE.match(token.strip()))


def read_claims(token: str) -> dict[str, Any] | None:
    """The payload of a JWT as a dict, unverified; None when `token` is not a readable JWT."""
    value = token.strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    if not looks_like_jwt(value):
        return None
    payload = value.split(".")[1]
    try:
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = loads_bounded(decoded)
    except (binascii.Error, ValueError):
        return None
    return claims if isinstance(claims, dict) else None


def token_expiry(token: str) -> TokenExpiry:
    """The expiry of `token`: `exp` (seconds), else IMS `created_at` + `expires_in` (milliseconds)."""
    claims = read_claims(token)
    if claims is None:
        return TokenExpiry(None)
    exp = _number(claims.get("exp"))
    if exp is not None:
        return TokenExpiry(_from_seconds(exp))
    created, lifetime = _number(claims.get("created_at")), _number(claims.get("expires_in"))
    if created is not None and lifetime is not None:
        return TokenExpiry(_from_seconds((created + lifetime) / 1000))
    return TokenExpiry(None)


def token_holder(token: str) -> str:
    """Who a JWT says it was issued to ("Demo Viewer <viewer@example.com>"), "" when it does not say."""
    claims = read_claims(token) or {}
    texts = [claims.get(key) for key in ("name", "email", "sub", "user_id")]
    found = [text for text in texts if isinstance(text, str) and text]
    if not found:
        return ""
    name, *ids = found
    return f"{name} <{ids[0]}>" if ids and ids[0] != name else name


def token_roles_claim(token: str) -> tuple[str, ...]:
    """The roles or groups a JWT lists, when it lists them (IMS access tokens do not)."""
    claims = read_claims(token) or {}
    for key in ("roles", "groups"):
        listed = claims.get(key)
        if isinstance(listed, list):
            return tuple(item for item in listed if isinstance(item, str) and item)
    return ()


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _from_seconds(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _span(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return f"{max(seconds, 1)} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 2 * 86400:
        hours, rest = divmod(seconds, 3600)
        minutes = rest // 60
        return f"{hours} h {minutes} min" if minutes and hours < 10 else f"{hours} h"
    return f"{seconds // 86400} days"
