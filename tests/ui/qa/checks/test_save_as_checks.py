""" "Save as checks…" from the response panel, the Formats matrix and the Smart-crop sheet: the dialog
shows the expectations that hold now as TOML, the user edits the name and a budget, the file is
written where chosen, and the Checks tab then runs it against the same emulator: every check passes
(they were true when saved), and a budget tightened below today's size fails."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from aemviewer.qa.checks.parser import read_checks_file
from aemviewer.qa.checks.results import Outcome
from aemviewer.ui.common.checks_dialog import SaveChecksDialog
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.libraries import CAT
from tests.ui.helpers import WAIT_MS, SaveChooser, open_and_wait
from tests.ui.qa.formats.test_format_matrix import MATRIX_WAIT_MS, finished, show_matrix_in_window
from tests.ui.qa.smart_crops.test_smart_crop_sheet import show_sheet


def save(qtbot: QtBot, dialog: SaveChecksDialog | None, chooser: SaveChooser, path: Path) -> str:
    assert dialog is not None and dialog.isVisible()
    chooser.path = path
    dialog.save_button.click()
    qtbot.waitUntil(path.exists, timeout=WAIT_MS)
    return path.read_text(encoding="utf-8")


def run_in_checks_tab(qtbot: QtBot, window: MainWindow, path: Path) -> dict[str, Outcome]:
    panel = window.checks_panel
    window.tabs.setCurrentWidget(panel)
    assert panel.open_file(path)
    panel.run_button.click()
    qtbot.waitUntil(lambda: len(panel.model.finished()) == len(panel.model.planned), timeout=WAIT_MS)
    return {result.check: result.outcome for result in panel.model.finished()}


def test_the_response_panels_answer_becomes_checks_that_pass(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    preview = open_and_wait(
        qtbot, window, f"{emulator.base_url}/adobe/assets/{CAT}/as/cat.png?width=160&auto-format=false"
    )
    window.preview_tab.response_panel.checks_button.click()
    dialog = window.findChild(SaveChecksDialog)
    assert isinstance(dialog, SaveChecksDialog)
    height = preview.image.height()
    assert f"width = 160\nheight = {height}" in dialog.text.toPlainText()
    assert len(dialog.budgets) == 1 and dialog.budgets[0].value() >= preview.delivery.byte_count
    dialog_budget = dialog.budgets[0].value()
    dialog.name.setText("cat at 160")
    assert 'name = "cat at 160"' in dialog.text.toPlainText()  # the TOML follows the edits
    dialog.grab().save(str(tmp_path / "save-as-checks.png"))
    text = save(qtbot, dialog, save_chooser, tmp_path / "cat.toml")
    assert save_chooser.suggested == ["cat-at-160-checks.toml"]

    checks = read_checks_file(tmp_path / "cat.toml")
    (asset,) = checks.assets
    assert asset.ref == CAT and asset.format == "png"
    assert asset.modifiers == (("width", "160"), ("auto-format", "false"))
    assert asset.dimensions[0].width == 160 and asset.dimensions[0].height == height
    assert set(asset.cache_headers) == {"Cache-Control", "ETag", "Last-Modified"}
    assert f"max_bytes = {dialog_budget}" in text
    outcomes = run_in_checks_tab(qtbot, window, tmp_path / "cat.toml")
    assert len(outcomes) == 3 and set(outcomes.values()) == {Outcome.PASSED}


def test_a_budget_tightened_in_the_dialog_fails_when_run(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    preview = open_and_wait(
        qtbot, window, f"{emulator.base_url}/adobe/assets/{CAT}/as/cat.png?width=160&auto-format=false"
    )
    dialog = window.save_preview_checks()
    assert dialog is not None
    dialog.budgets[0].setValue(preview.delivery.byte_count - 1)
    save(qtbot, dialog, save_chooser, tmp_path / "tight.toml")
    outcomes = run_in_checks_tab(qtbot, window, tmp_path / "tight.toml")
    budget = next(check for check in outcomes if "within" in check)
    assert outcomes[budget] is Outcome.FAILED
    assert f"{preview.delivery.byte_count - 1:,} bytes" in budget


def test_the_format_matrix_becomes_types_per_accept_profile_and_budgets(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    # The preview asks with auto-format off; the types are still those of the auto-format cells.
    url = f"{emulator.base_url}/adobe/assets/{CAT}/as/cat.jpg?width=120&auto-format=false"
    panel = show_matrix_in_window(qtbot, window, url)
    qtbot.waitUntil(lambda: finished(panel), timeout=MATRIX_WAIT_MS)
    dialog = panel.save_as_checks()
    text = save(qtbot, dialog, save_chooser, tmp_path / "formats.toml")
    (asset,) = read_checks_file(tmp_path / "formats.toml").assets
    types = dict(asset.types)
    assert types["modern"] == "image/avif" and types["curl"] == "image/jpeg"
    assert {budget.format for budget in asset.budgets} >= {"jpg", "webp", "avif"}
    assert all(budget.width == 120 for budget in asset.budgets)
    assert "[asset.types]" in text
    outcomes = run_in_checks_tab(qtbot, window, tmp_path / "formats.toml")
    assert set(outcomes.values()) == {Outcome.PASSED}, outcomes


def test_the_smart_crop_sheet_becomes_crops_with_their_aspect(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    sheet = show_sheet(qtbot, window, CAT)
    dialog = sheet.save_as_checks()
    save(qtbot, dialog, save_chooser, tmp_path / "crops.toml")
    (asset,) = read_checks_file(tmp_path / "crops.toml").assets
    crops = dict(asset.smart_crops)
    assert crops["Square"] == "1:1" and crops["Landscape"] == "16:9"
    assert set(crops) == {crop.name for crop in sheet.crops}
    outcomes = run_in_checks_tab(qtbot, window, tmp_path / "crops.toml")
    assert set(outcomes.values()) == {Outcome.PASSED}, outcomes


def test_nothing_to_save_is_said_not_offered(qtbot: QtBot, window: MainWindow) -> None:
    assert window.format_matrix_panel.save_as_checks() is None
    assert window.smart_crop_sheet.save_as_checks() is None
    assert window.findChild(SaveChecksDialog) is None
