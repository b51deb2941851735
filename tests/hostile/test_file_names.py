"""`Content-Disposition` names that try to leave the download folder (`../`, absolute paths, Windows
paths), or carry control characters: the file lands inside the chosen folder under a harmless name,
and nothing is written anywhere else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import ExitCode
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination
from aemviewer.saving.transfer import download as transfer
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer

from .payloads import IMAGE_PATH, jpeg
from .support import CliResult, SaveDialog, client_of, files_under, open_expecting_preview, run_async

PHOTO = jpeg(200, 100)

# (Content-Disposition, the name the file gets)
NAMES = {
    "parent": ('attachment; filename="../../escape.jpg"', "escape.jpg"),
    "encoded-parent": ("attachment; filename*=UTF-8''..%2F..%2Fescape.jpg", "escape.jpg"),
    "absolute": ('attachment; filename="/etc/cron.d/evil"', "evil.jpg"),
    "windows": ('attachment; filename="C:\\\\Windows\\\\System32\\\\evil.jpg"', "evil.jpg"),
    "control": ("attachment; filename*=UTF-8''bad%07name%0D%0A.jpg", "bad_name__.jpg"),
    "only-dots": ('attachment; filename=".."', "photo.jpg"),
    "hidden": ('attachment; filename=".bashrc"', "bashrc.jpg"),
    "reserved": ('attachment; filename="CON.jpg"', "CON_.jpg"),
    "invalid-utf8": ("attachment; filename*=UTF-8''caf%E9.jpg", "caf\ufffd.jpg"),
}


def _serve(hostile: LoopbackServer, disposition: str) -> str:
    return hostile.on(IMAGE_PATH, answer(200, PHOTO, ("Content-Disposition", disposition)))


@pytest.mark.parametrize("case", sorted(NAMES))
def test_client_target_stays_in_the_folder(hostile: LoopbackServer, downloads: Path, case: str) -> None:
    disposition, expected = NAMES[case]
    url = _serve(hostile, disposition)

    async def download() -> Path:
        async with client_of(hostile) as client:
            return (
                await transfer(ClientSource(client, url), Destination(downloads, default_name="photo"))
            ).path

    saved = run_async(download())

    assert saved == downloads / expected
    assert files_under(downloads.parent) == [f"downloads/{expected}"]


@pytest.mark.parametrize("case", sorted(NAMES))
def test_cli_get_saves_inside_the_folder_under_a_safe_name(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path, case: str
) -> None:
    disposition, expected = NAMES[case]
    url = _serve(hostile, disposition)

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert result.out == f"{downloads / expected}\n"
    assert (downloads / expected).read_bytes() == PHOTO
    assert files_under(downloads.parent) == [f"downloads/{expected}"]


@pytest.mark.parametrize("case", ["parent", "absolute", "control", "windows"])
def test_window_suggests_a_safe_name_when_saving(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot, case: str
) -> None:
    disposition, expected = NAMES[case]
    open_expecting_preview(qtbot, window, _serve(hostile, disposition))

    window.save_shown()  # the stand-in dialog records the suggestion and cancels

    assert isinstance(window.choose_save_path, SaveDialog)
    [suggested] = window.choose_save_path.suggested
    assert Path(suggested).name == expected
