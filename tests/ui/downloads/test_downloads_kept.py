"""The Downloads list across runs: a finished and a cut download are listed again by the next
window, and the cut one resumes from its kept part."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.tokens import StaticToken
from aemviewer.delivery.transport import READ_SIZE
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.download_job import DownloadJob, DownloadRequest, JobState
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.downloads.model import STATE
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.workspace.download_list import DownloadListStore, KeptDownload
from tests.support.download_server import DownloadServer
from tests.ui.helpers import WAIT_MS, SaveChooser

DATA = bytes(range(256)) * (12 * 1024)  # 3 MiB
SMALL = b"small file" * 100
Run = Callable[[Coroutine[Any, Any, Any]], Any]


def kept_window(qtbot: QtBot, settings: WindowSettings, base_url: str, kept: Path) -> MainWindow:
    service = DeliveryService(DeliveryEndpoints(base_url), StaticToken(None))
    window = MainWindow(service, settings, choose_save_path=SaveChooser(), downloads_path=kept)
    qtbot.addWidget(window)
    return window


def add_job(window: MainWindow, files: DownloadServer, folder: Path, name: str) -> DownloadJob:
    client = window.service.client_for(DeliveryEndpoints(files.url))
    source = ClientSource(client, f"{files.url}/{name}", "image/jpeg")
    return window.downloads.queue.add(DownloadRequest(source, Destination(folder, name), "original"))


def close(window: MainWindow, run: Run) -> None:
    window.close()
    window.runner.cancel_all()
    run(window.service.aclose())


def test_finished_and_cut_downloads_are_listed_again_and_the_cut_one_resumes(
    qtbot: QtBot, settings: WindowSettings, tmp_path: Path, run: Run
) -> None:
    kept = tmp_path / "data" / "downloads.json"
    folder = tmp_path / "saves"
    folder.mkdir()
    with DownloadServer() as files:
        files.serve("/small.jpg", SMALL)
        files.serve("/big.jpg", DATA)
        first = kept_window(qtbot, settings, files.url, kept)
        small = add_job(first, files, folder, "small.jpg")
        qtbot.waitUntil(lambda: small.state is JobState.DONE, timeout=WAIT_MS)
        first.downloads.queue.resume_attempts = 0  # the cut shows as a failure with its part kept
        files.cut_after(READ_SIZE + 100)
        big = add_job(first, files, folder, "big.jpg")
        qtbot.waitUntil(lambda: big.state is JobState.FAILED, timeout=WAIT_MS)
        assert big.resumable
        close(first, run)

        document = json.loads(kept.read_text(encoding="utf-8"))
        assert [entry["state"] for entry in document["downloads"]] == ["done", "failed"]
        assert "Bearer" not in kept.read_text(encoding="utf-8")

        second = kept_window(qtbot, settings, files.url, kept)
        restored_small, restored_big = second.downloads.queue.jobs
        assert restored_small.state is JobState.DONE
        assert restored_small.saved is not None and restored_small.saved.path == folder / "small.jpg"
        assert second.downloads.model.index(0, STATE).data() == "Saved"
        assert restored_big.state is JobState.FAILED and restored_big.resumable
        assert second.downloads.model.index(1, STATE).data().startswith("Failed: The connection")

        second.downloads.panel.select_job(restored_big)
        assert second.downloads.panel.resume_button.isEnabled()
        second.downloads.panel.resume_button.click()
        qtbot.waitUntil(lambda: restored_big.state is JobState.DONE, timeout=WAIT_MS)
        assert files.gets()[-1].header("Range") == f"bytes={READ_SIZE + 100}-"
        assert files.gets()[-1].header("Accept") == "image/jpeg"
        assert (folder / "big.jpg").read_bytes() == DATA
        close(second, run)

    assert [entry.state for entry in DownloadListStore(kept).load()] == ["done", "done"]


def test_a_cut_save_whose_extension_was_corrected_resumes_its_part_in_the_next_run(
    qtbot: QtBot, settings: WindowSettings, tmp_path: Path, run: Run
) -> None:
    kept = tmp_path / "data" / "downloads.json"
    folder = tmp_path / "saves"
    folder.mkdir()
    with DownloadServer() as files:
        files.serve("/photo.jpg", DATA)  # delivered as image/jpeg
        first = kept_window(qtbot, settings, files.url, kept)
        first.downloads.queue.resume_attempts = 0
        files.cut_after(READ_SIZE + 100)
        client = first.service.client_for(DeliveryEndpoints(files.url))
        # As the window's Save original… does when the dialog was given photo.png.
        destination = Destination(
            folder, "photo.png", default_name="photo.png", existing_if_fitted=ExistingFile.RENAME
        )
        request = DownloadRequest(ClientSource(client, f"{files.url}/photo.jpg"), destination, "original")
        job = first.downloads.queue.add(request)
        qtbot.waitUntil(lambda: job.state is JobState.FAILED, timeout=WAIT_MS)
        assert job.resumable and job.display_name == "photo.jpg"
        close(first, run)

        second = kept_window(qtbot, settings, files.url, kept)
        (restored,) = second.downloads.queue.jobs
        assert restored.state is JobState.FAILED and restored.resumable
        second.downloads.queue.resume(restored)
        qtbot.waitUntil(lambda: restored.state is JobState.DONE, timeout=WAIT_MS)
        assert files.gets()[-1].header("Range") == f"bytes={READ_SIZE + 100}-"
        assert sorted(p.name for p in folder.iterdir()) == ["photo.jpg"]
        assert (folder / "photo.jpg").read_bytes() == DATA
        assert second.downloads.model.index(0, STATE).data() == (
            "Saved as .jpg: delivered image/jpeg, not PNG (continued at 1.0 MiB)"
        )
        close(second, run)


def test_an_unreadable_list_or_entry_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "downloads.json"
    store = DownloadListStore(path, limit=2)
    assert store.load() == []
    path.write_text("{not json", encoding="utf-8")
    assert store.load() == []
    good = KeptDownload(url="https://h/a.jpg", folder=str(tmp_path), label="original", state="done")
    path.write_text(
        json.dumps({"downloads": [good.to_json(), {"url": 3}, {**good.to_json(), "bytes_done": "many"}]}),
        encoding="utf-8",
    )
    assert store.load() == [good]

    store.save([good, good, good])  # the newest `limit` are kept
    assert len(store.load()) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["downloads.json"]
