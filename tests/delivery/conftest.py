"""Fixtures of the delivery tests: scripted loopback servers and fast client settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.servers import LoopbackServer


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """The delivery host of the profile."""
    with LoopbackServer() as started:
        yield started


@pytest.fixture
def other_server() -> Iterator[LoopbackServer]:
    """Another origin (another port): where a redirect may lead, never where a token goes."""
    with LoopbackServer() as started:
        yield started
