"""The pieces under the window: decoding off the GUI thread, the operation runner, atomic saving."""

from __future__ import annotations

import asyncio
import io
import logging
import struct
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import LocalFileError, NotFound, TooLarge, UnexpectedResponse
from aemviewer.ui.common import image_decoding
from aemviewer.ui.common.file_saving import save_atomically
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.common.settings import WindowSettings


def _encoded(kind: str, size: tuple[int, int] = (40, 30), mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 60, 128) if mode == "RGBA" else (200, 30, 60)).save(buffer, kind)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    """A small well-formed PNG whose header claims `width`×`height` (its pixel data is cut short)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    pixels = zlib.compress(bytes(64))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("kind", "mode"), [("PNG", "RGBA"), ("JPEG", "RGB"), ("WEBP", "RGBA"), ("GIF", "RGB")]
)
def test_qt_readers_decode_the_common_formats(run: Callable[..., Any], kind: str, mode: str) -> None:
    image = run(image_decoding.decode(_encoded(kind, mode=mode), f"image/{kind.lower()}"))
    assert isinstance(image, QImage)
    assert (image.width(), image.height()) == (40, 30)


def test_avif_goes_through_pillow_off_the_gui_thread(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    original = image_decoding._decode_with_pillow

    def spy(body: bytes) -> QImage:
        threads.append(threading.current_thread())
        return original(body)

    monkeypatch.setattr(image_decoding, "_decode_with_pillow", spy)
    image = run(image_decoding.decode(_encoded("AVIF"), "image/avif"))
    assert (image.width(), image.height()) == (40, 30)
    assert image.hasAlphaChannel()
    assert threads and threads[0] is not threading.main_thread()


def test_a_header_claiming_absurd_dimensions_is_refused_before_decoding() -> None:
    with pytest.raises(TooLarge, match="100000×100000"):
        image_decoding.decode_now(_png_claiming(100_000, 100_000), "image/png")


def test_bytes_that_are_no_image_raise_a_readable_error() -> None:
    with pytest.raises(UnexpectedResponse, match="not an image"):
        image_decoding.decode_now(b"<html>oops</html>", "text/html")


def test_the_runner_routes_success_failure_and_defects(
    run: Callable[..., Any], qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    runner = OperationRunner()
    results: list[object] = []
    finished: list[str] = []

    async def value() -> int:
        return 7

    async def not_found() -> int:
        raise NotFound("gone", status=404)

    async def defect() -> int:
        raise ZeroDivisionError("bug")

    run(_settle(runner.run(value(), on_success=results.append, on_finished=lambda: finished.append("ok"))))
    run(_settle(runner.run(not_found(), on_success=results.append, on_failure=results.append)))
    with qtbot.waitSignal(runner.failed) as unhandled:
        run(_settle(runner.run(not_found())))
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(runner.unexpected) as unexpected:
        run(
            _settle(
                runner.run(defect(), on_success=results.append, on_finished=lambda: finished.append("bug"))
            )
        )

    assert results[0] == 7 and isinstance(results[1], NotFound)
    assert isinstance(unhandled.args[0], NotFound)
    assert isinstance(unexpected.args[0], ZeroDivisionError)
    assert "ZeroDivisionError: bug" in caplog.text
    assert finished == ["ok", "bug"]


def test_a_new_ticket_cancels_the_previous_turn_silently(run: Callable[..., Any], qtbot: QtBot) -> None:
    runner = OperationRunner()
    results: list[str] = []
    gate = asyncio.Event()

    async def slow(name: str) -> str:
        await gate.wait()
        return name

    first_ticket = runner.ticket("k")
    first = runner.run(
        slow("first"), on_success=results.append, on_failure=results.append, ticket=first_ticket
    )
    assert runner.is_running("k") and runner.pending("k")
    second = runner.run(slow("second"), on_success=results.append, ticket=runner.ticket("k"))
    assert not first_ticket.current
    gate.set()
    run(_settle(second))
    assert first.cancelled()
    assert results == ["second"]
    assert not runner.pending("k")


def test_an_answer_that_finished_before_a_newer_ticket_is_dropped_unread(
    run: Callable[..., Any], qtbot: QtBot
) -> None:
    runner = OperationRunner()
    delivered: list[str] = []

    async def quick(name: str) -> str:
        return name

    async def scenario() -> None:
        older = runner.run(quick("older"), on_success=delivered.append, ticket=runner.ticket("line"))
        # One turn of the loop: the task finishes, and its done-callback is queued behind us.
        await asyncio.sleep(0)
        assert older.done() and runner.pending("line") and not runner.is_running("line")
        newer = runner.run(quick("newer"), on_success=delivered.append, ticket=runner.ticket("line"))
        await _settle(newer)

    run(scenario())
    assert delivered == ["newer"]


def test_many_tasks_share_one_ticket_and_end_with_it(run: Callable[..., Any], qtbot: QtBot) -> None:
    runner = OperationRunner()
    delivered: list[int] = []
    gate = asyncio.Event()

    async def slow(number: int) -> int:
        await gate.wait()
        return number

    ticket = runner.ticket("thumbnails")
    tasks = [runner.run(slow(number), on_success=delivered.append, ticket=ticket) for number in range(3)]
    assert runner.cancel("thumbnails")
    gate.set()
    for task in tasks:
        run(_settle(task))
    assert all(task.cancelled() for task in tasks) and delivered == []
    assert not runner.cancel("thumbnails")


async def _settle(task: asyncio.Task[Any]) -> None:
    # Wait for the task and let its done-callbacks run.
    await asyncio.wait([task])
    await asyncio.sleep(0)


def test_saving_is_atomic_and_reports_failures(run: Callable[..., Any], tmp_path: Path) -> None:
    target = tmp_path / "image.jpg"
    run(save_atomically(target, b"new bytes"))
    assert target.read_bytes() == b"new bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["image.jpg"]

    with pytest.raises(LocalFileError, match=r"The file could not be written to .*missing-folder.x\.jpg"):
        run(save_atomically(tmp_path / "missing-folder" / "x.jpg", b"data"))


def test_settings_keep_recent_assets_unique_and_bounded(settings: WindowSettings) -> None:
    for index in range(20):
        settings.remember_asset(f"asset-{index}")
    settings.remember_asset("asset-5")
    recent = settings.recent_assets
    assert recent[0] == "asset-5" and settings.last_asset == "asset-5"
    assert len(recent) == 12 and len(set(recent)) == 12
