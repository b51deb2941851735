"""The Checks tab against two emulators: the demo library (every check passes) and the changed
library (the astronaut is gone: its checks fail with the 404, the rest pass); a malformed file named
with its line, cancel, opening a failing row's asset in the Preview, and the JUnit export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from aemviewer.qa.checks.results import Outcome
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.qa.checks.panel import ChecksPanel
from tests.support.libraries import ASTRONAUT, CAT, COFFEE
from tests.ui.feature_harness import FeatureHarness, feature_harness
from tests.ui.helpers import WAIT_MS, SaveChooser

CHECKS = f"""\
title = "Two environments"

[[asset]]
ref = "{CAT}"
name = "cat"
[[asset.dimensions]]
modifiers = {{ width = "96" }}
width = 96

[[asset]]
ref = "https://delivery-p1-e2.adobeaemcloud.com/adobe/assets/{ASTRONAUT}/as/astronaut.png?width=80"
name = "astronaut"
[[asset.dimensions]]
modifiers = {{ width = "80" }}
format = "png"
width = 80
[asset.types]
curl = "image/jpeg"

[[asset]]
ref = "{COFFEE}"
name = "coffee"
[asset.types]
curl = "image/jpeg"
"""


@pytest.fixture
def checks_file(tmp_path: Path) -> Path:
    path = tmp_path / "release.toml"
    path.write_text(CHECKS, encoding="utf-8")
    return path


@pytest.fixture
def changed_harness(
    qtbot: QtBot,
    changed_emulator: EmulatorServer,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> Iterator[FeatureHarness]:
    harness = feature_harness(qtbot, changed_emulator.base_url, settings, save_chooser)
    yield harness
    harness.close()
    run(harness.context.service.aclose())


def run_to_end(qtbot: QtBot, panel: ChecksPanel) -> None:
    with qtbot.waitSignal(panel.model.dataChanged, timeout=WAIT_MS):
        panel.run_button.click()
    qtbot.waitUntil(lambda: not panel.running and panel.run_button.isEnabled(), timeout=WAIT_MS)


def outcomes(panel: ChecksPanel) -> dict[tuple[str, str], str]:
    model = panel.model
    return {
        (model.index(row, 1).data(), model.index(row, 2).data()): model.index(row, 0).data()
        for row in range(model.rowCount())
    }


def test_every_check_passes_on_the_demo_library(
    qtbot: QtBot, harness: FeatureHarness, checks_file: Path
) -> None:
    panel = ChecksPanel(harness.context)
    qtbot.addWidget(panel)
    assert not panel.run_button.isEnabled()
    assert panel.open_file(checks_file)
    assert "3 assets, 4 checks" in panel.file_label.text()
    assert set(outcomes(panel).values()) == {"waiting…"}
    run_to_end(qtbot, panel)
    assert set(outcomes(panel).values()) == {"passed"}
    assert panel.summary.text().startswith("4 passed, 0 failed, 0 could not run")
    assert panel.progress.value() == panel.progress.maximum() == 4


def test_the_missing_asset_fails_on_the_changed_library_and_opens_in_the_preview(
    qtbot: QtBot, changed_harness: FeatureHarness, checks_file: Path, tmp_path: Path
) -> None:
    panel = ChecksPanel(changed_harness.context)
    qtbot.addWidget(panel)
    panel.resize(1000, 320)
    panel.open_file(checks_file)
    run_to_end(qtbot, panel)
    found = outcomes(panel)
    failed = {key for key, outcome in found.items() if outcome == "FAILED"}
    assert {asset for asset, _check in failed} == {"astronaut"}
    assert len(failed) == 2
    assert found[("coffee", "type for curl is image/jpeg")] == "passed"
    assert panel.summary.text().startswith("2 passed, 2 failed, 0 could not run")
    row = next(
        r for r, result in enumerate(panel.model.results) if result and result.outcome is Outcome.FAILED
    )
    assert (
        "404" in panel.model.index(row, 3).data() or "not found" in panel.model.index(row, 3).data().lower()
    )
    assert panel.model.index(row, 0).data(1) is not None  # an icon beside the word
    panel.grab().save(str(tmp_path / "checks-tab.png"))

    panel.table.selectRow(row)
    assert panel.asset_button.isEnabled()
    panel.asset_button.click()
    assert changed_harness.navigation.shown[-1] == "preview"
    # Opened where it was checked (the active profile), not on the host of the URL in the file.
    expected = f"{changed_harness.context.service.endpoints.base_url}/adobe/assets/{ASTRONAUT}/as/"
    qtbot.waitUntil(lambda: changed_harness.controller.url.startswith(expected), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "width=80" in changed_harness.controller.url, timeout=WAIT_MS)
    assert ".png" in changed_harness.controller.url


def test_junit_export_holds_every_result(
    qtbot: QtBot, changed_harness: FeatureHarness, checks_file: Path, tmp_path: Path
) -> None:
    panel = ChecksPanel(changed_harness.context)
    qtbot.addWidget(panel)
    panel.open_file(checks_file)
    assert not panel.export_button.isEnabled()
    run_to_end(qtbot, panel)
    target = tmp_path / "results.xml"
    changed_harness.context.choose_save_path.path = target  # type: ignore[attr-defined]
    panel.export_button.click()
    qtbot.waitUntil(
        lambda: any("JUnit results saved" in m for m in changed_harness.status.messages), timeout=WAIT_MS
    )
    root = ET.fromstring(target.read_bytes())
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "0")
    assert root.find("testsuite").get("name") == "Two environments"  # type: ignore[union-attr]


def test_a_malformed_file_is_named_with_its_line(
    qtbot: QtBot, harness: FeatureHarness, tmp_path: Path
) -> None:
    panel = ChecksPanel(harness.context)
    qtbot.addWidget(panel)
    path = tmp_path / "broken.toml"
    path.write_text(
        f'[[asset]]\nref = "{CAT}"\n\n[[asset.budget]]\nwidth = 300\nformat = "avif"\nmax_bytes = "big"\n'
    )
    assert not panel.open_file(path)
    assert not panel.banner.isHidden()
    assert "line 7" in panel.banner.message_label.text()
    assert "asset[0].budget[0].max_bytes" in panel.banner.message_label.text()
    assert not panel.run_button.isEnabled()


def test_cancel_stops_the_run_and_nothing_lands_afterwards(
    qtbot: QtBot, harness: FeatureHarness, tmp_path: Path
) -> None:
    many = "".join(
        f'[[asset]]\nref = "{CAT}"\nname = "cat {width}"\n[[asset.dimensions]]\n'
        f'modifiers = {{ width = "{width}" }}\nwidth = {width}\n'
        for width in range(40, 120)
    )
    path = tmp_path / "many.toml"
    path.write_text(many)
    panel = ChecksPanel(harness.context)
    qtbot.addWidget(panel)
    panel.open_file(path)
    with qtbot.waitSignal(panel.model.dataChanged, timeout=WAIT_MS):
        panel.run_button.click()
    assert panel.cancel_button.isEnabled()
    panel.cancel_button.click()
    assert not panel.running and not panel.cancel_button.isEnabled()
    done = len(panel.model.finished())
    assert done < 80
    assert panel.summary.text() == f"Cancelled after {done} of 80 checks."
    # Another run of the same file starts clean and completes: the cancelled one left nothing behind.
    run_to_end(qtbot, panel)
    assert len(panel.model.finished()) == 80
