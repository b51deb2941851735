"""A server that echoes the request's token in its error page: the token is quoted nowhere (message,
detail, stderr, banner) — it is replaced by `••••`."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import AuthRequired, ExitCode
from aemviewer.delivery.tokens import REDACTED
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer
from tests.support.servers import Connection, LoopbackServer, Request

from .payloads import IMAGE_PATH, TOKEN
from .support import CliResult, banner_text, fetch_error, open_expecting_failure


def visible_texts(window: MainWindow) -> list[str]:
    """The text of every label, line edit, text view and table cell in the window."""
    texts = [label.text() for label in window.findChildren(QLabel)]
    texts += [edit.text() for edit in window.findChildren(QLineEdit)]
    texts += [view.toPlainText() for view in window.findChildren(QPlainTextEdit)]
    texts += [view.toPlainText() for view in window.findChildren(QTextEdit)]
    for table in window.findChildren(QAbstractItemView):
        model = table.model()
        if model is not None:
            texts += [
                str(model.index(row, column).data())
                for row in range(model.rowCount())
                for column in range(model.columnCount())
            ]
    return texts


async def echo_token(request: Request, connection: Connection) -> None:
    """401 whose problem detail repeats the Authorization header it received."""
    detail = f"The token in '{request.header('authorization')}' has expired."
    body = json.dumps({"title": "Unauthorized", "status": 401, "detail": detail}).encode()
    await answer(401, body, content_type="application/problem+json")(request, connection)


def test_client_never_quotes_an_echoed_token(hostile: LoopbackServer) -> None:
    url = hostile.on(IMAGE_PATH, echo_token)

    error = fetch_error(hostile, url, token=TOKEN)

    assert type(error) is AuthRequired
    assert error.detail == f"The token in 'Bearer {REDACTED}' has expired."
    assert TOKEN not in f"{error.message} {error.detail} {error.hint} {error!r}"


def test_cli_never_prints_an_echoed_token(hostile: LoopbackServer, cli: Callable[..., CliResult]) -> None:
    url = hostile.on(IMAGE_PATH, echo_token)

    result = cli("get", url)

    assert result.code == ExitCode.AUTHENTICATION
    assert f"Bearer {REDACTED}" in result.err
    assert TOKEN not in result.out + result.err


def test_window_never_shows_an_echoed_token(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, echo_token)

    error, _url = open_expecting_failure(qtbot, window, url)

    assert type(error) is AuthRequired
    assert f"Bearer {REDACTED}" in banner_text(window)
    assert TOKEN not in " ".join(visible_texts(window))
    assert hostile.requests_for(IMAGE_PATH)[0].header("authorization") == f"Bearer {TOKEN}"
