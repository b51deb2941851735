"""The start-up import budget: what must not be imported before the window first paints.

`aemviewer` decides "window or command" on the command names alone (every command's parser and
module load only when it runs), shows the window's frame and lets Qt's own loop paint it; then the
log file, asyncio, the HTTP stack, the emulator and the tabs load. A module added to the start-up path by a top-level import shows
up here, in a fresh process (`startup_modules_probe.py`), long before anyone measures start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aemviewer.cli.command_table import LAZY_COMMANDS

NOT_BEFORE_FIRST_PAINT = (
    "asyncio",
    "qasync",
    "httpx",
    "httpcore",
    "h2",
    "hishel",
    "stamina",
    "starlette",
    "uvicorn",
    "PIL",
    "PySide6.QtMultimedia",
    "aemviewer.emulator",
    "aemviewer.delivery.client",
    "aemviewer.ui.common.service",
    "aemviewer.ui.preview.controller",
    "aemviewer.ui.modifiers.panel",
    "aemviewer.ui.metadata",
    "aemviewer.ui.downloads",
    "aemviewer.ui.browse",
    "aemviewer.ui.video",
    "aemviewer.ui.qa",
    "aemviewer.ui.profiles",
    "aemviewer.cli.commands",
    "aemviewer.cli.modifier_options",
    "aemviewer.delivery.modifier_catalogue",
    "aemviewer.workspace",
    "aemviewer.logging_setup",
    *(command.module for command in LAZY_COMMANDS.values()),
)
"""Packages (and their submodules) the first paint must not wait for."""


NOT_BEFORE_THEIR_TAB = (
    "PySide6.QtMultimedia",
    "aemviewer.ui.video",
    "aemviewer.ui.qa.compare",
    "aemviewer.ui.qa.formats",
)
"""Loaded when their tab is first shown, not for the first preview."""


NEVER = ("superqt", "qtpy")
"""Not imported at all, with every tab built: superqt (and its qtpy shim, which imports QtOpenGL,
QtDataVisualization, importlib.metadata, pygments…) cost 0.2–0.3 s on the way to the first preview;
`aemviewer.ui.widgets` has the collapsible section, eliding label and labeled slider instead."""


def loaded(modules: list[str], name: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for module in modules)


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    config = tmp_path_factory.mktemp("config")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config)}
    environment["PYTHONPATH"] = os.pathsep.join([str(Path.cwd()), environment.get("PYTHONPATH", "")])
    finished = subprocess.run(
        [sys.executable, "-m", "tests.ui.shell.startup_modules_probe"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, list[str]] = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, finished.stderr
    assert result["first_paint"] and result["preview"] and result["every_tab"], finished.stderr
    return result


@pytest.mark.parametrize("name", NOT_BEFORE_FIRST_PAINT)
def test_the_first_paint_does_not_wait_for(snapshots: dict[str, list[str]], name: str) -> None:
    assert not loaded(snapshots["first_paint"], name)


@pytest.mark.parametrize("name", NOT_BEFORE_THEIR_TAB)
def test_the_first_preview_does_not_wait_for_the_heavy_tabs(
    snapshots: dict[str, list[str]], name: str
) -> None:
    assert not loaded(snapshots["preview"], name)


def test_the_probe_sees_them_once_the_window_is_built(snapshots: dict[str, list[str]]) -> None:
    # Without this, an empty first-paint list could also mean the probe looked too early or nowhere.
    later = [name for name in NOT_BEFORE_FIRST_PAINT if loaded(snapshots["preview"], name)]
    assert {
        "httpx",
        "asyncio",
        "aemviewer.emulator",
        "aemviewer.ui.qa",
        "aemviewer.ui.preview.controller",
    } <= set(later)
    assert loaded(snapshots["preview"], "aemviewer.ui.qa.history")
    assert loaded(snapshots["first_paint"], "aemviewer.ui.shell.main_window")
    assert loaded(snapshots["first_paint"], "aemviewer.cli.main")


@pytest.mark.parametrize("name", NEVER)
def test_building_the_window_and_every_tab_never_imports(snapshots: dict[str, list[str]], name: str) -> None:
    assert not loaded(snapshots["every_tab"], name)


def test_the_probe_sees_every_tab_built(snapshots: dict[str, list[str]]) -> None:
    # Without this, an empty list could also mean the tabs that used superqt were never built.
    users = (
        "aemviewer.ui.modifiers.panel",
        "aemviewer.ui.preview.response_panel",
        "aemviewer.ui.qa.compare.differences",
        "aemviewer.ui.qa.compare.side",
        "aemviewer.ui.qa.smart_crops.cards",
    )
    assert all(loaded(snapshots["every_tab"], name) for name in users)
