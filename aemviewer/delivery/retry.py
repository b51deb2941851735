"""When a request is tried again, and how long to wait in between (the waiting is stamina's)."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
import stamina

from aemviewer.delivery.exchange import is_certificate_error

T = TypeVar("T")

# stamina reports each scheduled retry as a logging warning; where nothing is configured (the
# command line) Python's last-resort handler would print it on stderr, beside the real messages.
# The window's log file still gets them: the record propagates to the handlers set up there.
logging.getLogger("stamina").addHandler(logging.NullHandler())

RETRYABLE_STATUSES = frozenset({429, 503})
"""Answers that say "try again later". Other errors are final: a 404 stays a 404."""

RETRYABLE_TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)
"""Connections refused, reset or cut. Timeouts are not retried: the user already waited a whole
timeout, and retrying would multiply it."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How idempotent requests (GET, HEAD) are retried on connection errors, 429 and 503.

    `attempts` counts the first try (1 = no retry). Waits grow from `wait_initial` by doubling up to
    `wait_max`, plus up to `wait_jitter` at random. A `Retry-After` of the server replaces the wait;
    one longer than `retry_after_cap` seconds ends the retries at once (the error says how long the
    server asked to wait). `timeout` bounds the whole series in seconds (`None`: attempts only).
    """

    attempts: int = 3
    wait_initial: float = 0.25
    wait_max: float = 5.0
    wait_jitter: float = 0.25
    retry_after_cap: float = 30.0
    timeout: float | None = None

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts counts the first try and must be at least 1")


DEFAULT_RETRIES = RetryPolicy()
NO_RETRIES = RetryPolicy(attempts=1)


class RetryableAnswer(Exception):
    """Raised inside an attempt for a 429/503 so that stamina retries it; carries what is needed to
    report the final answer when the retries run out."""

    def __init__(
        self, *, url: str, status: int, reason: str, content_type: str, body: bytes, retry_after: float | None
    ) -> None:
        super().__init__(f"{status} {reason} from {url}")
        self.url = url
        self.status = status
        self.reason = reason
        self.content_type = content_type
        self.body = body
        self.retry_after = retry_after
        self.response_headers: tuple[tuple[str, str], ...] = ()
        self.request_headers: tuple[tuple[str, str], ...] = ()
        """Credentials redacted."""
        self.tries = 1
        """How many attempts were made when the retries ended (set by `call_with_retries`)."""


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or an HTTP date), or `None`."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    reference = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - reference).total_seconds())


def backoff_hook(policy: RetryPolicy) -> Callable[[Exception], bool | float]:
    """The `on=` hook for `stamina.retry_context`: `True` to retry with the usual backoff, a number
    to wait that many seconds (a server's `Retry-After`), `False` to give up."""

    def hook(exc: Exception) -> bool | float:
        if isinstance(exc, RetryableAnswer):
            if exc.retry_after is None:
                return True
            if exc.retry_after > policy.retry_after_cap:
                return False
            return exc.retry_after
        # An untrusted certificate stays untrusted: trying again only delays the message.
        return isinstance(exc, RETRYABLE_TRANSPORT_ERRORS) and not is_certificate_error(exc)

    return hook


async def call_with_retries(policy: RetryPolicy, attempt: Callable[[], Awaitable[T]]) -> T:
    """Await `attempt()` until it succeeds, raises something not worth retrying, or the policy ends.

    The last exception propagates unchanged (a `RetryableAnswer` knows how many tries were made).
    """
    tries = 0
    try:
        async for retry in stamina.retry_context(
            on=backoff_hook(policy),
            attempts=policy.attempts,
            timeout=policy.timeout,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=policy.wait_jitter,
        ):
            with retry:
                tries += 1
                return await attempt()
    except RetryableAnswer as answer:
        answer.tries = tries
        raise
    raise AssertionError("unreachable: stamina either returns or raises")
