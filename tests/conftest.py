"""Fixtures shared by every test folder: the demo library, one emulator serving it on loopback, and
scripted loopback servers."""

from __future__ import annotations

import os

# Before anything imports Qt: without a display, QApplication() would abort the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest

from aemviewer.emulator import EmulatorServer, Library, load_library
from aemviewer.resources import demo_library
from tests.support.keyring import MemoryKeyring, installed
from tests.support.servers import LoopbackServer


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


QT_LOOP_FIXTURES = frozenset({"event_loop_qt", "qt_loop"})
"""Fixtures that start the qasync loop (tests/ui's and tests/hostile's)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Window tests last: their qasync loop wraps Qt's and stays running for the rest of the session
    (stopping it would stop Qt), and `asyncio.run` refuses to start inside a running loop."""

    def starts_the_qt_loop(item: pytest.Item) -> bool:
        fixtures = set(getattr(item, "fixturenames", ()))
        return "/tests/ui/" in item.path.as_posix() or bool(QT_LOOP_FIXTURES & fixtures)

    items.sort(key=starts_the_qt_loop)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A keyring kept in the test, installed for its duration (never the user's real keyring)."""
    backend = MemoryKeyring()
    with installed(backend):
        yield backend


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A scripted loopback server: the delivery host of the profile."""
    with LoopbackServer() as started:
        yield started


@pytest.fixture
def other_server() -> Iterator[LoopbackServer]:
    """Another origin (another port): where a redirect may lead, never where a token goes."""
    with LoopbackServer() as started:
        yield started


@pytest.fixture(scope="session")
def changed_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """A second environment: the demo library with the cat changed and the astronaut removed
    (tests/support/libraries.py)."""
    from tests.support.libraries import write_changed_library

    folder = write_changed_library(tmp_path_factory.mktemp("changed") / "library")
    with EmulatorServer(load_library(folder)) as server:
        yield server
