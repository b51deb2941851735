"""A live approximation whose request fails gives way to the last delivered image, not left marked
on screen as if the answer were still coming."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer

from .payloads import IMAGE_PATH, jpeg
from .support import WAIT_MS, open_expecting_preview

PHOTO = jpeg(320, 240)


def test_a_failed_request_puts_the_delivered_image_back(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    problem = b'{"title": "Not Found", "status": 404}'
    url = hostile.on(
        IMAGE_PATH, answer(200, PHOTO), answer(404, problem, content_type="application/problem+json")
    )
    delivered = open_expecting_preview(qtbot, window, url)

    with qtbot.waitSignal(window.controller.failed, timeout=WAIT_MS):
        window.modifier_panel.rows.width_control.slider.setValue(160)
        assert window.canvas.approximate

    assert not window.canvas.approximate
    assert window.canvas.image == delivered.image
    assert window.canvas.image_size == delivered.size
    assert window.banner.isVisible()
