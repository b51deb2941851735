"""Fixtures of the delivery tests: scripted loopback servers and fast client settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .scripted_server import ScriptedServer


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """The delivery host of the profile."""
    with ScriptedServer() as started:
        yield started


@pytest.fixture
def other_server() -> Iterator[ScriptedServer]:
    """Another origin (another port): where a redirect may lead, never where a token goes."""
    with ScriptedServer() as started:
        yield started
