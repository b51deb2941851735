"""Fixtures of the command-line tests: the demo emulator on loopback, and a runner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aemviewer.cli.main import main
from aemviewer.emulator import EmulatorServer

from .cli_support import Result


@pytest.fixture
def run(
    emulator: EmulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[object]:
    """`run("meta", ID)`: the CLI in-process against the demo emulator, with its exit code and output."""
    monkeypatch.setenv("AEMVIEWER_BASE_URL", emulator.base_url)
    monkeypatch.delenv("AEMVIEWER_TOKEN", raising=False)

    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield invoke
