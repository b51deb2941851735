"""Reading a token's expiry without verifying it: `exp`, IMS `created_at` + `expires_in`, and tokens
that are not JWTs at all."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from aemviewer.workspace.jwt import (
    DEFAULT_WARNING,
    ExpiryState,
    TokenExpiry,
    looks_like_jwt,
    read_claims,
    token_expiry,
)

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def unsigned_jwt(claims: dict[str, object]) -> str:
    """An unsigned JWT (alg none) with these claims: the shape IMS tokens have."""

    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def test_exp_in_seconds_is_read() -> None:
    expires = NOW + timedelta(minutes=2)
    expiry = token_expiry(unsigned_jwt({"sub": "someone", "exp": int(expires.timestamp())}))
    assert expiry.expires_at == expires
    assert expiry.state(NOW) is ExpiryState.EXPIRING
    assert expiry.describe(NOW) == "expires in 2 min"


def test_ims_created_at_and_expires_in_in_milliseconds_as_strings() -> None:
    created = NOW - timedelta(hours=1)
    token = unsigned_jwt(
        {"type": "access_token", "created_at": str(int(created.timestamp() * 1000)), "expires_in": "86400000"}
    )
    expiry = token_expiry(token)
    assert expiry.expires_at == created + timedelta(hours=24)
    assert expiry.state(NOW) is ExpiryState.VALID
    assert expiry.describe(NOW) == "expires in 23 h"


def test_states_and_the_next_change() -> None:
    expires = NOW + timedelta(hours=1)
    expiry = TokenExpiry(expires)
    assert expiry.state(NOW) is ExpiryState.VALID
    assert expiry.next_change(NOW) == timedelta(hours=1) - DEFAULT_WARNING  # the warning starts
    warning_time = expires - timedelta(minutes=5)
    assert expiry.state(warning_time) is ExpiryState.EXPIRING
    assert expiry.next_change(warning_time) == timedelta(minutes=5)  # then it expires
    assert expiry.state(expires) is ExpiryState.EXPIRED
    assert expiry.next_change(expires) is None
    assert expiry.describe(expires + timedelta(hours=3)) == "expired 3 h ago"
    assert TokenExpiry(NOW + timedelta(days=400)).describe(NOW).startswith("expires 2027-06-08")


def test_tokens_without_a_readable_expiry_are_unknown() -> None:
    for token in (
        "opaque-access-token-0123456789",
        unsigned_jwt({"sub": "no expiry"}),
        unsigned_jwt({"exp": "soon"}),
        unsigned_jwt({"exp": 10**20}),  # beyond any date: unknown rather than a crash
        "eyJhbGciOi.!!!notbase64!!!.x",
    ):
        expiry = token_expiry(token)
        assert expiry.expires_at is None, token
        assert expiry.state(NOW) is ExpiryState.UNKNOWN
        assert expiry.next_change(NOW) is None
        assert expiry.describe(NOW) == "expiry unknown"


def test_the_demo_tokens_are_read(tokens: dict[str, str]) -> None:
    assert token_expiry(tokens["viewer"]).expires_at == datetime(2100, 1, 1, tzinfo=UTC)
    assert token_expiry(tokens["expired"]).state(NOW) is ExpiryState.EXPIRED
    assert token_expiry(tokens["editor"]).expires_at is None
    assert read_claims(f"Bearer {tokens['viewer']}") == read_claims(tokens["viewer"])
    claims = read_claims(tokens["viewer"])
    assert claims is not None and claims["sub"] == "demo-viewer@aemviewer.example"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", True), ("eyJ.abc.def", False), ("a.b.c", False), ("", False)],
)
def test_looks_like_jwt(text: str, expected: bool) -> None:
    assert looks_like_jwt(text) is expected
