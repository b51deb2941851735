"""The light modules stay light: the API's constants, references and the emulator import neither the
HTTP client (httpx) nor Qt, so the emulator shares nothing with the client but `api_spec`, and the
window's start-up path does not pay for a client it has not made yet."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("httpx", "PySide6")
LIGHT = (
    "aemviewer.api_spec",
    "aemviewer.delivery.reference",
    "aemviewer.emulator",
    "aemviewer.emulator.app",
    "aemviewer.emulator.server",
)


def heavy_modules_after_importing(module: str) -> list[str]:
    """The heavy packages present in `sys.modules` of a fresh interpreter that imported `module`."""
    probe = (
        f"import importlib, json, sys; importlib.import_module({module!r}); "
        f"print(json.dumps([name for name in {list(HEAVY)!r} if name in sys.modules]))"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(shown.stdout)
    return loaded


@pytest.mark.parametrize("module", LIGHT)
def test_importing_a_light_module_leaves_httpx_and_qt_out(module: str) -> None:
    assert heavy_modules_after_importing(module) == []


def test_the_probe_sees_httpx_when_a_module_imports_it() -> None:
    # Without this, an empty answer could also mean the probe looks in the wrong place.
    assert heavy_modules_after_importing("aemviewer.delivery.client") == ["httpx"]


def test_httpx_loads_without_its_command_line() -> None:
    # click, rich and pygments are installed here (development tools bring them): httpx would
    # import all three for its own command line, which aemviewer never runs.
    pytest.importorskip("rich")
    pytest.importorskip("click")
    probe = (
        "import json, sys; import aemviewer; import httpx; "
        "print(json.dumps([name for name in ('httpx._main', 'rich', 'click') if sys.modules.get(name)]))"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(shown.stdout) == []
