"""Helpers of the command-line tests: the CLI as a real process, facts of the demo library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from aemviewer.emulator import Library


@dataclass
class Result:
    code: int
    out: str
    err: str


def without_root_privileges() -> list[str]:
    """A command prefix under which folder permissions apply even to root (CI runs as root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux) to drop the file-permission override")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


def run_process(
    *argv: str, env: dict[str, str] | None = None, preexec: object = None, wrapper: list[str] | None = None
) -> Result:
    """The CLI as a real process (`python -m aemviewer`), for exit codes and what reaches stderr."""
    environment = {**os.environ, **(env or {})}
    completed = subprocess.run(
        [*(wrapper or []), sys.executable, "-m", "aemviewer", *argv],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        preexec_fn=preexec,  # type: ignore[arg-type]
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def original_bytes(library: Library, asset_id: str) -> bytes:
    asset = library.asset(asset_id)
    assert asset is not None
    return Path(asset.file).read_bytes()
