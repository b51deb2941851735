"""One check ready to run (an awaitable that returns a `Finding`), and what checks run with.

The checks of one asset share what they both need (its metadata, its smart-crop list) through
`CheckContext.once`, so a file with ten metadata expectations asks for the metadata once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aemviewer.delivery.client import DeliveryClient
from aemviewer.qa.checks.model import AssetChecks


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found: whether the expectation holds, the evidence, and the URL asked."""

    passed: bool
    message: str
    url: str | None = None


@dataclass(slots=True)
class CheckContext:
    """What the checks run with: a client with the profile's token, one without any token (for
    `restricted`), and whether a token is configured at all."""

    client: DeliveryClient
    anonymous: DeliveryClient
    has_token: bool
    _shared: dict[tuple[str, str], asyncio.Task[Any]] = field(default_factory=dict)

    async def once(self, kind: str, asset_id: str, fetch: Callable[[], Awaitable[Any]]) -> Any:
        """The result of `fetch` for (`kind`, `asset_id`), fetched once per run; errors repeat."""
        key = (kind, asset_id)
        task = self._shared.get(key)
        if task is None:
            task = asyncio.ensure_future(fetch())
            self._shared[key] = task
        return await asyncio.shield(task)


CheckFunction = Callable[[CheckContext], Awaitable[Finding]]


@dataclass(frozen=True, slots=True)
class PlannedCheck:
    """One expectation of one asset, ready to run."""

    asset: AssetChecks
    name: str
    run: CheckFunction
