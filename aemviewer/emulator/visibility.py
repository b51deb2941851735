"""Who may see what: the delivery rules of an asset and the roles a bearer token carries.

The API answers 404 — never 401/403 — for anything not delivered, so that a caller cannot tell a
missing asset from an unapproved, expired or restricted one; `is_delivered` is one yes/no for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aemviewer.emulator.library import Asset, Library

DELIVERY_TARGET = "delivery"


@dataclass(frozen=True)
class Caller:
    """The requester as far as the emulator cares: a known, unexpired token and its roles, or nobody."""

    token_known: bool
    roles: frozenset[str]

    @classmethod
    def anonymous(cls) -> Caller:
        """A request without a usable token."""
        return cls(token_known=False, roles=frozenset())


def caller_from(
    library: Library,
    authorization: str | None,
    now: datetime | None = None,
    *,
    delivery_token: str | None = None,
) -> Caller:
    """The caller an `Authorization: Bearer` header, or else a delivery-token header, identifies.

    Unknown tokens and tokens past their JWT `exp` count as no token: the delivery endpoints then
    answer as for an anonymous request (search answers 401).
    """
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        token = delivery_token or ""
    if not token.strip():
        return Caller.anonymous()
    grant = library.tokens.get(token.strip())
    if grant is None:
        return Caller.anonymous()
    if grant.expires is not None and grant.expires <= (now or datetime.now(tz=UTC)):
        return Caller.anonymous()
    return Caller(token_known=True, roles=grant.roles)


def is_delivered(asset: Asset, caller: Caller, now: datetime | None = None) -> bool:
    """Whether the API delivers `asset` to `caller` now: approved, activated to delivery, inside its
    on/off time, not expired, and — when it has roles — requested with a token holding one of them."""
    moment = now or datetime.now(tz=UTC)
    if asset.status != "approved" or asset.activation_target != DELIVERY_TARGET:
        return False
    if asset.on_time is not None and moment < asset.on_time:
        return False
    if asset.off_time is not None and moment >= asset.off_time:
        return False
    if asset.expires is not None and moment >= asset.expires:
        return False
    return not asset.roles or bool(asset.roles & caller.roles)
