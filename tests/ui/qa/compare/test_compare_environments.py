"""Compare's side B from another profile, against two emulators: the demo library (the active
profile) and the changed library (profile "Changed": the cat cropped to its left half, the astronaut
removed). Both answers are diffed — type, bytes, pixel size, headers — with the difference image and
its threshold; a 404 on one side is stated as missing there."""

from __future__ import annotations

import io
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.qa.compare.differences import DIFFERS, SAME
from aemviewer.ui.qa.compare.panel import ComparePanel
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.workspace.profiles import DEMO_PROFILE, Profile, TokenKind
from tests.support.libraries import ASTRONAUT, CAT, COFFEE
from tests.support.servers import LoopbackServer
from tests.ui.helpers import WAIT_MS, SaveChooser, make_window, open_and_wait

SMALL = "width=160&quality=80"


@pytest.fixture
def two_environments(
    qtbot: QtBot,
    emulator: EmulatorServer,
    changed_emulator: EmulatorServer,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> Iterator[MainWindow]:
    settings.profiles.save_profile(Profile(name="Changed", base_url=changed_emulator.base_url))
    window = make_window(qtbot, emulator.base_url, settings, save_chooser)
    window.resize(1280, 900)
    yield window
    window.controller.shutdown()
    window.runner.cancel_all()
    run(window.service.aclose())


def compared(qtbot: QtBot, panel: ComparePanel, word: str) -> str:
    qtbot.waitUntil(lambda: word in panel.differences.verdict.text(), timeout=WAIT_MS)
    return panel.differences.verdict.text()


def rows(panel: ComparePanel) -> dict[str, tuple[str, str, str]]:
    table = panel.differences.table
    return {
        table.item(row, 0).text(): tuple(table.item(row, column).text() for column in (1, 2, 3))  # type: ignore[misc]
        for row in range(table.rowCount())
    }


def choose_b(panel: ComparePanel, name: str | None) -> None:
    combo = panel.environment_combo
    index = combo.findData(name)
    assert index >= 0, name
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what a user's choice emits


def open_in_compare(qtbot: QtBot, window: MainWindow, asset: str) -> ComparePanel:
    open_and_wait(
        qtbot, window, f"{window.service.endpoints.base_url}/adobe/assets/{asset}/as/photo.jpg?{SMALL}"
    )
    window.tabs.setCurrentWidget(window.compare_panel)
    return window.compare_panel


def test_side_b_from_another_profile_is_diffed_with_a_difference_image(
    qtbot: QtBot, two_environments: MainWindow, emulator: EmulatorServer, changed_emulator: EmulatorServer,
    tmp_path: Path,
) -> None:  # fmt: skip
    window = two_environments
    panel = open_in_compare(qtbot, window, CAT)
    assert compared(qtbot, panel, "Same")  # both sides on the active profile at first
    combo = panel.environment_combo
    assert [combo.itemText(i) for i in range(combo.count())][:1] == ["the active profile"]
    assert combo.findData("Changed") > 0
    sent = len(changed_emulator.request_log)

    choose_b(panel, "Changed")
    verdict = compared(qtbot, panel, "Different")
    assert panel.urls[0].startswith(emulator.base_url)
    assert panel.urls[1].startswith(changed_emulator.base_url) and "width=160" in panel.urls[1]
    assert any(CAT in line for line in changed_emulator.request_log[sent:])
    assert "pixel size" in verdict and "mean absolute difference" in verdict and "PSNR" in verdict
    assert "compared at 160 × " in verdict  # different sizes: compared after scaling to the smaller
    facts = rows(panel)
    assert facts["status"] == ("200", "200", SAME)
    size_a, size_b, marker = facts["pixel size"]
    assert (
        size_a.startswith("160 × ") and size_b.startswith("160 × ") and size_a != size_b and marker == DIFFERS
    )
    assert facts["header etag"][2] == DIFFERS
    assert panel.stats[1].badge.text().endswith("Changed")
    assert not panel.swap_button.isEnabled()

    differences = panel.differences
    image = differences.canvas.image
    assert differences.pixel_map is not None
    assert (image.width(), image.height()) == (differences.pixel_map.width, differences.pixel_map.height)
    differences.slider.setValue(0)
    loose = differences.pixel_map.pixels_above(0)
    assert f"{loose:,} pixels" in differences.above.text()
    differences.slider.setValue(200)
    assert differences.pixel_map.pixels_above(200) < loose
    assert "more than 200" in differences.above.text()
    differences.slider.setValue(40)
    window.grab().save(str(tmp_path / "compare-environments.png"))


def test_an_asset_missing_in_one_environment_is_stated_as_missing(
    qtbot: QtBot, two_environments: MainWindow
) -> None:
    window = two_environments
    panel = open_in_compare(qtbot, window, ASTRONAUT)
    compared(qtbot, panel, "Same")
    choose_b(panel, "Changed")
    verdict = compared(qtbot, panel, "Missing")
    assert verdict == "Missing in Changed (404); Test emulator delivers it."
    assert rows(panel)["status"] == ("200", "404 missing", DIFFERS)
    assert panel.differences.pixel_map is None and panel.differences.canvas.image.isNull()


def test_an_unchanged_asset_is_the_same_in_both_and_b_goes_back_to_the_active_profile(
    qtbot: QtBot, two_environments: MainWindow, emulator: EmulatorServer
) -> None:
    window = two_environments
    panel = open_in_compare(qtbot, window, COFFEE)
    choose_b(panel, "Changed")
    qtbot.waitUntil(lambda: panel.other is not None and panel.results[1] is not None, timeout=WAIT_MS)
    verdict = compared(qtbot, panel, "mean absolute difference 0.000, PSNR ∞ dB")
    # Each library stamps its own ETag: at most the headers differ, never what was delivered.
    assert "pixel" not in verdict.split("—")[0]
    facts = rows(panel)
    assert [facts[what][2] for what in ("status", "type", "bytes", "pixel size")] == [SAME] * 4
    choose_b(panel, None)
    qtbot.waitUntil(lambda: panel.urls[1].startswith(emulator.base_url), timeout=WAIT_MS)
    assert panel.other is None and panel.swap_button.isEnabled()


def test_each_side_sends_only_its_own_profiles_token(
    qtbot: QtBot,
    emulator: EmulatorServer,
    server: LoopbackServer,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> None:
    monkeypatch.setenv("QAWIN_B_TOKEN", "token-of-b")
    settings.profiles.save_profile(
        Profile(
            name="Recorder",
            base_url=server.url,
            token_kind=TokenKind.ENVIRONMENT,
            token_variable="QAWIN_B_TOKEN",
        )
    )
    image = io.BytesIO()
    Image.new("RGB", (160, 100), (200, 40, 40)).save(image, "PNG")
    server.reply(200, image.getvalue(), ("Content-Type", "image/png"))
    window = make_window(qtbot, emulator.base_url, settings, save_chooser, token="token-of-a")
    try:
        panel = open_in_compare(qtbot, window, COFFEE)
        compared(qtbot, panel, "Same")
        choose_b(panel, "Recorder")
        compared(qtbot, panel, "Different")
        (request,) = server.requests
        assert request.path == f"/adobe/assets/{COFFEE}/as/photo.jpg"
        assert request.header("Authorization") == "Bearer token-of-b"
        assert "token-of-a" not in repr(server.requests)
    finally:
        window.controller.shutdown()
        window.runner.cancel_all()
        run(window.service.aclose())


def test_a_profile_that_cannot_be_used_is_refused_on_side_b(
    qtbot: QtBot, two_environments: MainWindow, emulator: EmulatorServer
) -> None:
    panel = open_in_compare(qtbot, two_environments, COFFEE)
    compared(qtbot, panel, "Same")
    # This window was started without the built-in emulator, so the demo profile has no host.
    choose_b(panel, DEMO_PROFILE.name)
    message = panel.editors[1].message
    assert message.isVisible() and "built-in emulator" in message.text() and "not running" in message.text()
    assert panel.other is None and panel.environment_combo.currentData() is None
    assert panel.urls[1].startswith(emulator.base_url)
