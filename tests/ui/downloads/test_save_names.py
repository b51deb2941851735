"""Names typed in the window's save dialogs: an extension that names another type than the one
delivered is corrected (never over a file the dialog did not ask about), and the status bar and the
Downloads row say so — for originals (the GET decides, whatever the HEAD said) and the preview."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer, Library
from aemviewer.saving.download_job import DownloadJob, JobState
from aemviewer.saving.filenames import extension_for
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.downloads.model import FILE, STATE
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer, by_method, relay
from tests.support.servers import Connection, LoopbackServer, Request
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, make_window, open_and_wait

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
"""A demo asset whose original is a JPEG."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "saves"
    path.mkdir()
    return path


@pytest.fixture
def original(demo: Library) -> bytes:
    asset = demo.asset(CHELSEA)
    assert asset is not None and asset.media_type == "image/jpeg"
    return asset.file.read_bytes()


def only_job(window: MainWindow) -> DownloadJob:
    (job,) = window.downloads.queue.jobs
    return job


def save_original_as(qtbot: QtBot, window: MainWindow, chooser: SaveChooser, path: Path) -> DownloadJob:
    """Save the open asset's original, typing `path` in the dialog; the job once it is done."""
    chooser.path = path
    window.downloads.save_original_action.trigger()
    qtbot.waitUntil(lambda: bool(window.downloads.saved_paths), timeout=WAIT_MS)
    job = only_job(window)
    assert job.state is JobState.DONE
    return job


def row_texts(window: MainWindow, job: DownloadJob) -> tuple[str, str, str, str]:
    """The row's File and State cells, its tooltip, and the detail line under the table."""
    model, panel = window.downloads.model, window.downloads.panel
    row = model.row_of(job)
    panel.select_job(job)
    return (
        model.index(row, FILE).data(),
        model.index(row, STATE).data(),
        model.index(row, STATE).data(Qt.ItemDataRole.ToolTipRole),
        panel.detail_label.text(),
    )


# --- originals from the emulator --------------------------------------------------------------------


def test_a_typed_png_for_a_jpeg_original_is_saved_as_jpg_and_said(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, folder: Path, original: bytes
) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    job = save_original_as(qtbot, window, save_chooser, folder / "photo.png")

    saved = folder / "photo.jpg"
    assert window.downloads.saved_paths == [saved]
    assert saved.read_bytes() == original
    assert sorted(p.name for p in folder.iterdir()) == ["photo.jpg"]
    said = "Saved as photo.jpg: the server delivered image/jpeg, not the PNG that photo.png names"
    assert window.statusBar().currentMessage() == said
    file_cell, state_cell, tooltip, detail = row_texts(window, job)
    assert file_cell == "photo.jpg"
    assert state_cell == "Saved as .jpg: delivered image/jpeg, not PNG"
    assert said in tooltip and said in detail


@pytest.mark.parametrize("typed", ["photo.jpg", "photo.jpeg", "photo.JPG"])
def test_an_extension_that_names_the_delivered_type_stays_as_typed(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, folder: Path, original: bytes, typed: str
) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    job = save_original_as(qtbot, window, save_chooser, folder / typed)

    assert window.downloads.saved_paths == [folder / typed]
    assert (folder / typed).read_bytes() == original
    assert window.statusBar().currentMessage().startswith(f"Saved {len(original):,} bytes to ")
    assert job.correction is None
    assert row_texts(window, job)[1] == "Saved"


def test_a_name_without_extension_gets_the_delivered_types_and_says_so(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, folder: Path, original: bytes
) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    job = save_original_as(qtbot, window, save_chooser, folder / "photo")

    assert window.downloads.saved_paths == [folder / "photo.jpg"]
    assert (folder / "photo.jpg").read_bytes() == original
    said = "Saved as photo.jpg: the server delivered image/jpeg, so .jpg was added to photo"
    assert window.statusBar().currentMessage() == said
    assert row_texts(window, job)[1] == "Saved with .jpg added: delivered image/jpeg"


def test_a_corrected_name_that_exists_is_not_replaced(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, folder: Path, original: bytes
) -> None:
    open_and_wait(qtbot, window, CHELSEA)
    (folder / "photo.jpg").write_bytes(b"the user's own photo.jpg")
    # The dialog asked about photo.png (and the user said Replace): only that file may be replaced.
    (folder / "photo.png").write_bytes(b"the user's own photo.png")
    job = save_original_as(qtbot, window, save_chooser, folder / "photo.png")

    assert window.downloads.saved_paths == [folder / "photo (1).jpg"]
    assert (folder / "photo (1).jpg").read_bytes() == original
    assert (folder / "photo.jpg").read_bytes() == b"the user's own photo.jpg"
    assert (folder / "photo.png").read_bytes() == b"the user's own photo.png"
    said = (
        "Saved as photo (1).jpg: the server delivered image/jpeg, not the PNG that photo.png names "
        "(photo.jpg is taken and was not replaced)"
    )
    assert window.statusBar().currentMessage() == said
    file_cell, _state, tooltip, _detail = row_texts(window, job)
    assert file_cell == "photo (1).jpg" and said in tooltip


# --- the preview ------------------------------------------------------------------------------------


def test_the_preview_saved_under_another_types_extension_is_corrected(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, demo_assets: DemoAssets, folder: Path
) -> None:
    preview = open_and_wait(qtbot, window, demo_assets.public_image.id)
    media_type = preview.delivery.media_type
    right = extension_for(media_type)
    wrong = ".gif" if right != ".gif" else ".png"
    save_chooser.path = folder / f"shown{wrong}"
    window.downloads.save_preview_action.trigger()
    qtbot.waitUntil(lambda: bool(window.downloads.saved_paths), timeout=WAIT_MS)

    saved = folder / f"shown{right}"
    assert window.downloads.saved_paths == [saved]
    assert saved.read_bytes() == preview.delivery.body
    assert not (folder / f"shown{wrong}").exists()
    kind = wrong.lstrip(".").upper()
    said = f"Saved as {saved.name}: the server delivered {media_type}, not the {kind} that shown{wrong} names"
    assert window.statusBar().currentMessage() == said
    assert said in row_texts(window, only_job(window))[2]


# --- a server whose HEAD and GET disagree -----------------------------------------------------------


@pytest.fixture
def negotiating_window(
    event_loop_qt: qasync.QEventLoop,
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    original: bytes,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> Iterator[tuple[MainWindow, LoopbackServer]]:
    """A window on a host that is the emulator, except that an original's HEAD says PNG while its
    GET delivers the JPEG."""
    emulated = relay(emulator.base_url)
    changing = by_method(
        head=answer(200, original, content_type="image/png"),
        get=answer(200, original, content_type="image/jpeg"),
    )

    async def host(request: Request, connection: Connection) -> None:
        await (changing if "/original/as/" in request.path else emulated)(request, connection)

    with LoopbackServer(fallback=host) as server:
        window = make_window(qtbot, server.url, settings, save_chooser)
        yield window, server
        window.downloads.shutdown()
        window.controller.shutdown()
        window.runner.cancel_all()
        run(window.service.aclose())


def test_a_get_that_delivers_another_type_than_the_head_said_decides_the_name(
    qtbot: QtBot,
    negotiating_window: tuple[MainWindow, LoopbackServer],
    save_chooser: SaveChooser,
    folder: Path,
    original: bytes,
) -> None:
    window, server = negotiating_window
    open_and_wait(qtbot, window, CHELSEA)
    save_chooser.path = folder / "photo.png"  # what the dialog offered after the HEAD said PNG
    window.downloads.save_original_action.trigger()
    qtbot.waitUntil(lambda: bool(window.downloads.saved_paths), timeout=WAIT_MS)

    assert save_chooser.suggested is not None and save_chooser.suggested[0].endswith(".png")
    originals = [r.method for r in server.requests if "/original/as/" in r.path]
    assert originals == ["HEAD", "GET"]
    assert window.downloads.saved_paths == [folder / "photo.jpg"]
    assert (folder / "photo.jpg").read_bytes() == original
    assert sorted(p.name for p in folder.iterdir()) == ["photo.jpg"]
    said = "Saved as photo.jpg: the server delivered image/jpeg, not the PNG that photo.png names"
    assert window.statusBar().currentMessage() == said
    file_cell, state_cell, tooltip, detail = row_texts(window, only_job(window))
    assert file_cell == "photo.jpg"
    assert state_cell == "Saved as .jpg: delivered image/jpeg, not PNG"
    assert said in tooltip and said in detail
