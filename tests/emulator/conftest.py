"""Fixtures for the emulator tests: real servers on loopback ports, real HTTP clients.

- `emulator` / `emulator_url` / `demo` / `tokens` (tests/conftest.py): the demo library, started once.
- `fixture_server`: a small synthetic library (colour quadrants, alpha, visibility cases) built in a
  temporary folder, for tests that check pixels or rules the demo library does not cover.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from aemviewer.emulator import EmulatorServer, load_library

from .emulator_support import write_fixture_library


@pytest.fixture(scope="session")
def client(emulator_url: str) -> Iterator[httpx.Client]:
    """A real HTTP client on the demo emulator."""
    with httpx.Client(base_url=emulator_url, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def fixture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """The emulator over the synthetic fixture library."""
    folder = tmp_path_factory.mktemp("fixture-library")
    write_fixture_library(folder)
    with EmulatorServer(load_library(folder)) as server:
        yield server


@pytest.fixture(scope="session")
def fixture_client(fixture_server: EmulatorServer) -> Iterator[httpx.Client]:
    """A real HTTP client on the fixture-library emulator."""
    with httpx.Client(base_url=fixture_server.base_url, timeout=30) as http:
        yield http
