"""Fixtures shared by every test folder: the demo library and one emulator serving it on loopback."""

from __future__ import annotations

import os

# Before anything imports Qt: without a display, QApplication() would abort the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest

from aemviewer.emulator import EmulatorServer, Library, load_library
from aemviewer.resources import demo_library
from tests.support_keyring import MemoryKeyring, installed


@pytest.fixture(scope="session")
def demo() -> Library:
    """The demo library, loaded."""
    return load_library(demo_library())


def _token(library: Library, subject: str) -> str:
    return next(token for token, grant in library.tokens.items() if grant.subject == subject)


@pytest.fixture(scope="session")
def tokens(demo: Library) -> dict[str, str]:
    """The demo tokens by role: editor (clinical, marketing), viewer (marketing), expired."""
    return {
        "editor": _token(demo, "demo-editor@aemviewer.example"),
        "viewer": _token(demo, "demo-viewer@aemviewer.example"),
        "expired": _token(demo, "demo-expired@aemviewer.example"),
    }


@pytest.fixture(scope="session")
def emulator(demo: Library) -> Iterator[EmulatorServer]:
    """The emulator over the demo library, started for the whole session."""
    with EmulatorServer(demo) as server:
        yield server


@pytest.fixture(scope="session")
def emulator_url(emulator: EmulatorServer) -> str:
    """Base URL of the demo emulator, e.g. http://127.0.0.1:41823."""
    return emulator.base_url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Window tests last: their qasync loop wraps Qt's and stays running for the rest of the session
    (stopping it would stop Qt), and `asyncio.run` refuses to start inside a running loop."""
    items.sort(key=lambda item: "/tests/ui/" in item.path.as_posix())


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A keyring kept in the test, installed for its duration (never the user's real keyring)."""
    backend = MemoryKeyring()
    with installed(backend):
        yield backend
