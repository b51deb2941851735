"""Batch download from the window: the dialog (paste, import, choices, checks), the run in the
Downloads tab, and the summary with its CSV export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer, Library
from aemviewer.saving.batch_summary import Outcome
from aemviewer.saving.download import ExistingFile
from aemviewer.ui.downloads.batch_dialog import BatchDialog
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.download_server import DownloadServer
from tests.ui.helpers import WAIT_MS, open_and_wait

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
ASTRONAUT = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
COFFEE = "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "batch"
    path.mkdir()
    return path


def open_dialog(qtbot: QtBot, window: MainWindow) -> BatchDialog:
    qtbot.mouseClick(window.downloads.panel.batch_button, Qt.MouseButton.LeftButton)
    dialog = window.downloads.batches.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def start(qtbot: QtBot, dialog: BatchDialog) -> None:
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)


def test_a_mixed_batch_saves_the_good_and_summarizes_the_bad(
    qtbot: QtBot, window: MainWindow, demo: Library, folder: Path, tmp_path: Path
) -> None:
    downloads = window.downloads
    dialog = open_dialog(qtbot, window)
    dialog.list_edit.setPlainText(f"{CHELSEA}\nnot an asset\n{UNKNOWN}\n{ASTRONAUT}\n")
    dialog.folder_edit.setText(str(folder))
    qtbot.waitUntil(lambda: "4 entries; 1 cannot be used" in dialog.entries_label.text(), timeout=WAIT_MS)
    assert dialog.original_check.isChecked()
    start(qtbot, dialog)

    qtbot.waitUntil(lambda: downloads.batches.last_summary is not None, timeout=WAIT_MS)
    summary = downloads.batches.last_summary
    assert summary is not None
    assert [(r.line, r.outcome) for r in summary.results] == [
        (1, Outcome.SAVED),
        (2, Outcome.FAILED),
        (3, Outcome.FAILED),
        (4, Outcome.SAVED),
    ]
    assert window.tabs.currentWidget() is downloads.panel
    assert "Batch finished: 2 of 4 files saved, 2 failed." in downloads.panel.batch_label.text()
    for asset_id, result in ((CHELSEA, summary.results[0]), (ASTRONAUT, summary.results[3])):
        asset = demo.asset(asset_id)
        assert asset is not None and result.path is not None
        assert result.path.read_bytes() == asset.file.read_bytes()
    assert len(list(folder.iterdir())) == 2
    assert window.settings.download_folder == str(folder)

    qtbot.mouseClick(downloads.panel.details_button, Qt.MouseButton.LeftButton)
    details = downloads.batches.summary_dialog
    assert details is not None and details.only_failures.isChecked()
    assert details.table.rowCount() == 2
    assert details.table.item(1, 5).text().startswith(f"Asset {UNKNOWN} was not found")
    details.only_failures.setChecked(False)
    assert details.table.rowCount() == 4

    report = tmp_path / "report.csv"
    downloads.batches.choose_csv_path = lambda parent, suggested: report
    qtbot.mouseClick(details.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(report.exists, timeout=WAIT_MS)
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig")))
    assert [row["outcome"] for row in rows] == ["saved", "failed", "failed", "saved"]
    assert rows[2]["exit_code"] == "3"


def test_the_batch_counters_agree_with_the_files_written(
    qtbot: QtBot, window: MainWindow, folder: Path
) -> None:
    downloads = window.downloads
    strip: list[str] = []
    show = downloads.panel.show_batch_message
    downloads.panel.show_batch_message = lambda text, *, finished: (
        strip.append(text),
        show(text, finished=finished),
    )  # type: ignore[method-assign]
    dialog = open_dialog(qtbot, window)
    # One bad line, one unknown asset, and the first asset listed twice (its file is saved once).
    dialog.list_edit.setPlainText(f"{CHELSEA}\nnot an asset\n{UNKNOWN}\n{ASTRONAUT}\n{CHELSEA}\n")
    dialog.folder_edit.setText(str(folder))
    start(qtbot, dialog)
    qtbot.waitUntil(lambda: downloads.batches.last_summary is not None, timeout=WAIT_MS)

    written = len(list(folder.iterdir()))
    assert written == 2
    queued = next(text for text in strip if "queued" in text)
    assert queued.startswith("Batch of 4 files: 3 queued into ")
    assert queued.endswith("; 1 entry cannot be used (counted as failed).")
    finished = "2 of 4 files saved, 2 failed, 1 duplicate line (saved once)"
    assert f"Batch finished: {finished}." in downloads.panel.batch_label.text()
    qtbot.mouseClick(downloads.panel.details_button, Qt.MouseButton.LeftButton)
    details = downloads.batches.summary_dialog
    assert details is not None
    assert details.headline.text() == f"{finished}."
    details.only_failures.setChecked(False)
    outcomes = [details.table.item(row, 3).text() for row in range(details.table.rowCount())]
    assert outcomes.count("saved") == written
    assert outcomes.count("failed") == 2 and outcomes.count("duplicate") == 1
    details.close()


def test_the_current_modifiers_in_several_formats(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    window.modifier_panel.rows.width_control.spin.setValue(120)
    qtbot.waitUntil(lambda: "width=120" in window.controller.url, timeout=WAIT_MS)
    dialog = open_dialog(qtbot, window)
    assert "width=120" in dialog.modifiers_label.text()
    dialog.list_edit.setPlainText(f"{CHELSEA}\n{ASTRONAUT}")
    dialog.folder_edit.setText(str(folder))
    dialog.original_check.setChecked(False)
    dialog.images_check.setChecked(True)
    for name, check in dialog.format_checks.items():
        check.setChecked(name in ("webp", "avif"))
    dialog.pattern_edit.clear()
    qtbot.keyClicks(dialog.pattern_edit, "{line}-{width}")
    start(qtbot, dialog)
    qtbot.waitUntil(lambda: window.downloads.batches.last_summary is not None, timeout=WAIT_MS)
    assert sorted(p.name for p in folder.iterdir()) == [
        "1-120.avif",
        "1-120.webp",
        "2-120.avif",
        "2-120.webp",
    ]
    assert (folder / "1-120.webp").read_bytes()[8:12] == b"WEBP"


def test_assets_sharing_a_name_are_all_saved(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, folder: Path
) -> None:
    (folder / "IMG_0001.jpg").write_bytes(b"already here")
    dialog = open_dialog(qtbot, window)
    dialog.list_edit.setPlainText(
        "\n".join(
            f"{emulator.base_url}/adobe/assets/{asset}/original/as/IMG_0001.jpg"
            for asset in (CHELSEA, ASTRONAUT, COFFEE)
        )
    )
    dialog.folder_edit.setText(str(folder))
    dialog.original_check.setChecked(False)
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=WAIT_MS)
    assert dialog.choice().existing is ExistingFile.RENAME
    start(qtbot, dialog)
    qtbot.waitUntil(lambda: window.downloads.batches.last_summary is not None, timeout=WAIT_MS)
    assert sorted(p.name for p in folder.iterdir()) == [
        "IMG_0001 (1).jpg",
        "IMG_0001 (2).jpg",
        "IMG_0001 (3).jpg",
        "IMG_0001.jpg",
    ]
    assert (folder / "IMG_0001.jpg").read_bytes() == b"already here"


def test_a_csv_list_is_imported(qtbot: QtBot, window: MainWindow, folder: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(f"title;asset id\nCat;{CHELSEA}\nAstronaut;{ASTRONAUT}\n", encoding="utf-8")
    dialog = open_dialog(qtbot, window)
    dialog.choose_list_file = lambda parent: listing
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.entries_label.text() == "2 entries"
    assert dialog.list_edit.toPlainText() == f"{CHELSEA}\n{ASTRONAUT}"
    dialog.reject()


def test_the_dialog_says_what_is_missing_before_it_starts(
    qtbot: QtBot, window: MainWindow, folder: Path
) -> None:
    dialog = open_dialog(qtbot, window)

    def problem() -> str:
        dialog._check()
        return dialog.problem_label.text()

    assert "Paste or import at least one" in problem() and not dialog.start_button.isEnabled()
    dialog.list_edit.setPlainText(CHELSEA)
    dialog.folder_edit.setText(str(folder / "missing"))
    assert "does not exist" in problem()
    dialog.folder_edit.setText(str(folder))
    dialog.pattern_edit.clear()
    qtbot.keyClicks(dialog.pattern_edit, "sub/{name}")
    assert "path separator" in problem()
    dialog.pattern_edit.clear()
    qtbot.keyClicks(dialog.pattern_edit, "{name}")
    dialog.images_check.setChecked(True)
    for check in dialog.format_checks.values():
        check.setChecked(False)
    assert "at least one format" in problem()
    dialog.format_checks["png"].setChecked(True)
    assert problem() == "" and dialog.start_button.isEnabled()
    assert dialog.example_label.text() == "e.g. chelsea-the-cat.jpg"
    dialog.reject()


def test_retrying_a_failed_file_ends_the_batch_again_with_a_new_summary(
    qtbot: QtBot, window: MainWindow, folder: Path
) -> None:
    with DownloadServer() as files:
        url = files.serve(f"/adobe/assets/{CHELSEA}/original/as/cat.jpg", b"\xff\xd8cat")
        files.fail_with(404)
        dialog = open_dialog(qtbot, window)
        dialog.list_edit.setPlainText(url)
        dialog.folder_edit.setText(str(folder))
        dialog.original_check.setChecked(False)
        start(qtbot, dialog)
        batches = window.downloads.batches
        qtbot.waitUntil(lambda: batches.last_summary is not None, timeout=WAIT_MS)
        assert (
            batches.last_summary is not None
            and batches.last_summary.describe() == "0 of 1 file saved, 1 failed"
        )
        panel = window.downloads.panel
        (job,) = window.downloads.queue.jobs
        panel.select_job(job)
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(batches.summaries) == 2, timeout=WAIT_MS)
        assert batches.summaries[-1].describe() == "1 of 1 file saved"
        assert "Batch finished: 1 of 1 file saved." in panel.batch_label.text()
        assert (folder / "cat.jpg").read_bytes() == b"\xff\xd8cat"
