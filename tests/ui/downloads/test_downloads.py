"""The Downloads tab and the save actions, driven like a user with pytest-qt against the emulator
and a misbehaving file server: save original / rendition / preview, pause, resume, retry, cancel,
open, the "at once" setting."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from aemviewer.api_spec import STANDARD_RENDITIONS
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.transport import READ_SIZE
from aemviewer.emulator import Library
from aemviewer.saving.download_job import DownloadJob, DownloadRequest, JobState
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.filenames import extension_for
from aemviewer.saving.transfer import Destination
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.downloads.controller import MAY_NOT_EXIST, rendition_choices
from aemviewer.ui.downloads.model import STATE
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.download_server import DownloadServer
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, open_and_wait

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
DATA = bytes(range(256)) * (12 * 1024)  # 3 MiB


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the tests save (tmp_path also holds the settings file)."""
    path = tmp_path / "saves"
    path.mkdir()
    return path


@pytest.fixture
def files() -> Iterator[DownloadServer]:
    with DownloadServer() as server:
        yield server


@pytest.fixture
def editor_window(window_with_token: Callable[[str], MainWindow], tokens: dict[str, str]) -> MainWindow:
    """A window whose token sees the full metadata (DAM file names)."""
    return window_with_token(tokens["editor"])


class Opener:
    """Stands in for QDesktopServices.openUrl."""

    def __init__(self) -> None:
        self.opened: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.opened.append(url)
        return True


def wait_state(qtbot: QtBot, job: DownloadJob, state: JobState) -> None:
    qtbot.waitUntil(lambda: job.state is state, timeout=WAIT_MS)


def only_job(window: MainWindow) -> DownloadJob:
    (job,) = window.downloads.queue.jobs
    return job


def add_server_job(
    window: MainWindow, files: DownloadServer, folder: Path, name: str = "big.jpg"
) -> DownloadJob:
    url = files.serve(f"/{name}", DATA) if f"/{name}" not in files.files else f"{files.url}/{name}"
    client = window.service.client_for(DeliveryEndpoints(files.url))
    request = DownloadRequest(ClientSource(client, url), Destination(folder, name), "original")
    return window.downloads.queue.add(request)


# --- saving from the menu -------------------------------------------------------------------------


def test_save_original_offers_the_dam_name_in_the_last_folder_and_saves_it_exactly(
    qtbot: QtBot, editor_window: MainWindow, save_chooser: SaveChooser, demo: Library, folder: Path
) -> None:
    window = editor_window
    open_and_wait(qtbot, window, CHELSEA)
    qtbot.waitUntil(lambda: window.controller.metadata is not None, timeout=WAIT_MS)
    window.settings.download_folder = str(folder)
    save_chooser.path = folder / "chelsea-the-cat.jpg"

    window.downloads.save_original_action.trigger()

    qtbot.waitUntil(lambda: window.downloads.saved_paths == [save_chooser.path], timeout=WAIT_MS)
    assert save_chooser.suggested == [str(folder / "chelsea-the-cat.jpg")]
    assert save_chooser.titles == [f"Save the original of {CHELSEA}"]
    asset = demo.asset(CHELSEA)
    assert asset is not None
    assert save_chooser.path.read_bytes() == asset.file.read_bytes()
    job = only_job(window)
    assert job.state is JobState.DONE and job.request.label == "original"
    assert window.downloads.model.index(0, STATE).data() == "Saved"
    assert sorted(p.name for p in folder.iterdir()) == ["chelsea-the-cat.jpg"]


def test_save_rendition_offers_known_and_standard_names(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, demo: Library, folder: Path
) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    offered: list[list[str]] = []

    def choose(parent: object, names: list[str]) -> str:
        offered.append(names)
        return "cq5dam.thumbnail.319.319.png"

    window.downloads.choose_rendition = choose
    save_chooser.path = folder / "thumb.png"
    window.downloads.save_rendition_action.trigger()

    qtbot.waitUntil(lambda: window.downloads.saved_paths == [save_chooser.path], timeout=WAIT_MS)
    # The emulator's metadata lists no renditions: AEM's standard names are offered as guesses.
    assert offered[0] == [f"{name}{MAY_NOT_EXIST}" for name in STANDARD_RENDITIONS]
    assert save_chooser.suggested is not None and save_chooser.suggested[0].endswith(".png")
    assert save_chooser.titles == [f"Save the rendition cq5dam.thumbnail.319.319.png of {CHELSEA}"]
    asset = demo.asset(CHELSEA)
    assert asset is not None
    assert save_chooser.path.read_bytes() == asset.renditions["cq5dam.thumbnail.319.319.png"].read_bytes()


def test_a_missing_rendition_is_reported_before_any_file_dialog(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser
) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    window.downloads.choose_rendition = lambda parent, names: "cq5dam.zoom.2048.2048.jpeg"
    window.downloads.save_rendition_action.trigger()
    qtbot.waitUntil(
        lambda: window.banner.isVisible() and "404" in window.banner.title_label.text(), timeout=WAIT_MS
    )
    # The asset's metadata answers, so it is the rendition that is missing, not the asset.
    assert window.banner.title_label.text() == "Rendition not found (404): cq5dam.zoom.2048.2048.jpeg"
    message = window.banner.message_label.text()
    assert f"The asset {CHELSEA} exists, but it has no rendition cq5dam.zoom.2048.2048.jpeg" in message
    assert "not approved" not in message
    assert save_chooser.suggested is None
    assert window.downloads.queue.jobs == []


def test_the_picker_offers_the_renditions_the_metadata_lists(qtbot: QtBot, window: MainWindow) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    qtbot.waitUntil(lambda: window.controller.metadata is not None, timeout=WAIT_MS)
    metadata = window.controller.metadata
    assert metadata is not None
    # The same answer as if the server listed the asset's renditions (the emulator does not).
    listed = dataclasses.replace(
        metadata, document={**metadata.document, "renditions": {"cq5dam.web.640.480.jpeg": {}}}
    )
    offered: list[list[str]] = []
    window.controller.metadata = listed
    window.downloads.choose_rendition = lambda parent, names: offered.append(names)
    window.downloads.save_rendition_action.trigger()
    assert offered == [["cq5dam.web.640.480.jpeg"]]
    assert rendition_choices(None)[0] == f"{STANDARD_RENDITIONS[0]}{MAY_NOT_EXIST}"


def test_save_this_preview_is_a_job_with_exactly_the_delivered_bytes(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, demo_assets: DemoAssets, folder: Path
) -> None:
    preview = open_and_wait(qtbot, window, demo_assets.public_image.id)
    save_chooser.path = folder / f"shown{extension_for(preview.delivery.content_type)}"
    window.downloads.save_preview_action.trigger()
    qtbot.waitUntil(lambda: window.downloads.saved_paths == [save_chooser.path], timeout=WAIT_MS)
    assert window.downloads.save_preview_action.text() == "Save this preview…"
    assert save_chooser.path.read_bytes() == preview.delivery.body
    assert only_job(window).request.label.startswith("preview (image/")
    kind = preview.delivery.media_type.split("/")[1].upper()
    assert save_chooser.titles == [f"Save the shown image as delivered ({kind}) — {preview.asset_id}"]


def test_an_existing_file_is_replaced_only_after_the_dialog_asked(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, demo_assets: DemoAssets, folder: Path
) -> None:
    preview = open_and_wait(qtbot, window, demo_assets.public_image.id)
    target = folder / f"old{extension_for(preview.delivery.content_type)}"
    target.write_bytes(b"old")
    save_chooser.path = target  # the platform dialog confirmed "Replace?"
    window.downloads.save_preview_action.trigger()
    qtbot.waitUntil(lambda: window.downloads.saved_paths == [target], timeout=WAIT_MS)
    assert target.read_bytes() == preview.delivery.body


# --- the Downloads tab ----------------------------------------------------------------------------


def test_pause_resume_open_and_show_in_folder(
    qtbot: QtBot, window: MainWindow, files: DownloadServer, folder: Path
) -> None:
    downloads = window.downloads
    panel = downloads.panel
    opener = Opener()
    panel.open_url = opener
    window.tabs.setCurrentWidget(panel)
    files.serve("/big.jpg", DATA)
    files.hold_after(READ_SIZE)
    job = add_server_job(window, files, folder)
    qtbot.waitUntil(lambda: job.bytes_done >= READ_SIZE, timeout=WAIT_MS)
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "Downloads (1)"
    panel.select_job(job)
    assert panel.pause_button.isEnabled() and not panel.resume_button.isEnabled()

    qtbot.mouseClick(panel.pause_button, qtbot_button())
    wait_state(qtbot, job, JobState.PAUSED)
    qtbot.waitUntil(
        lambda: downloads.model.index(0, STATE).data() == "Paused (1.0 MiB kept)", timeout=WAIT_MS
    )
    assert panel.resume_button.isEnabled() and not panel.pause_button.isEnabled()
    files.release()

    qtbot.mouseClick(panel.resume_button, qtbot_button())
    wait_state(qtbot, job, JobState.DONE)
    assert files.gets()[-1].header("Range") == f"bytes={READ_SIZE}-"
    assert (folder / "big.jpg").read_bytes() == DATA
    assert "continued at 1.0 MiB" in downloads.model.index(0, STATE).data()

    qtbot.waitUntil(panel.open_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(panel.open_button, qtbot_button())
    qtbot.mouseClick(panel.folder_button, qtbot_button())
    assert opener.opened == [QUrl.fromLocalFile(str(folder / "big.jpg")), QUrl.fromLocalFile(str(folder))]
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "Downloads"


def test_a_cut_download_fails_in_place_and_retry_continues_it(
    qtbot: QtBot, window: MainWindow, files: DownloadServer, folder: Path
) -> None:
    panel = window.downloads.panel
    window.downloads.queue.resume_attempts = 0  # show the failure instead of continuing at once
    files.serve("/big.jpg", DATA)
    files.cut_after(READ_SIZE + 100)
    job = add_server_job(window, files, folder)
    wait_state(qtbot, job, JobState.FAILED)
    state = window.downloads.model.index(0, STATE).data()
    assert state.startswith("Failed: The connection to 127.0.0.1 was cut")
    assert "kept in big.jpg.aemviewer-part" in state
    panel.select_job(job)
    assert "retrying continues from there" in panel.detail_label.text()
    assert panel.retry_button.isEnabled() and panel.resume_button.isEnabled()

    qtbot.mouseClick(panel.retry_button, qtbot_button())
    wait_state(qtbot, job, JobState.DONE)
    assert files.gets()[-1].header("Range") == f"bytes={READ_SIZE + 100}-"
    assert (folder / "big.jpg").read_bytes() == DATA


def test_cancel_stops_the_job_and_removes_its_part(
    qtbot: QtBot, window: MainWindow, files: DownloadServer, folder: Path
) -> None:
    panel = window.downloads.panel
    files.serve("/big.jpg", DATA)
    files.hold_after(READ_SIZE)
    job = add_server_job(window, files, folder)
    qtbot.waitUntil(lambda: job.bytes_done >= READ_SIZE, timeout=WAIT_MS)
    panel.select_job(job)
    qtbot.mouseClick(panel.cancel_button, qtbot_button())
    wait_state(qtbot, job, JobState.CANCELLED)
    files.release()
    qtbot.waitUntil(lambda: list(folder.iterdir()) == [], timeout=WAIT_MS)
    assert panel.clear_button.isEnabled()
    qtbot.mouseClick(panel.clear_button, qtbot_button())
    assert window.downloads.queue.jobs == []
    assert not panel.empty_label.isHidden() and panel.table.isHidden()


def test_the_at_once_setting_bounds_the_running_jobs_and_is_remembered(
    qtbot: QtBot, window: MainWindow, files: DownloadServer, settings: WindowSettings, folder: Path
) -> None:
    panel = window.downloads.panel
    assert panel.parallel.value() == 3
    panel.parallel.setValue(1)
    assert window.downloads.queue.limit == 1 and settings.parallel_downloads == 1
    files.hold_after(100, times=3)
    jobs = [add_server_job(window, files, folder, f"f{n}.jpg") for n in range(3)]
    qtbot.waitUntil(lambda: files.holding == 1, timeout=WAIT_MS)
    assert [job.state for job in jobs] == [JobState.RUNNING, JobState.QUEUED, JobState.QUEUED]
    assert "1 downloading · 2 waiting" in panel.counts_label.text()
    while not all(job.state is JobState.DONE for job in jobs):
        files.release()
        qtbot.waitUntil(
            lambda: files.holding == 1 or all(j.state is JobState.DONE for j in jobs), timeout=WAIT_MS
        )
    assert files.holding == 0
    assert sorted(p.name for p in folder.iterdir()) == ["f0.jpg", "f1.jpg", "f2.jpg"]


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
