"""The self-test, from the installed package and from a one-folder PyInstaller build of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _offscreen() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_self_test_passes_in_this_installation() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aemviewer", "--self-test"],
        capture_output=True,
        text=True,
        env=_offscreen(),
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "ok   decode avif" in completed.stdout
    assert "ok   decode HLS video" in completed.stdout
    assert completed.stdout.rstrip().endswith("self-test passed")


@pytest.mark.skipif(
    shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None, reason="no PyInstaller"
)
def test_the_frozen_build_passes_its_self_test(tmp_path: Path) -> None:
    pyinstaller = str(Path(sys.executable).parent / "pyinstaller")
    build = subprocess.run(
        [
            pyinstaller,
            "--noconfirm",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "build"),
            str(ROOT / "packaging" / "aemviewer.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    frozen = tmp_path / "dist" / "aemviewer" / "aemviewer"
    completed = subprocess.run(
        [str(frozen), "--self-test"],
        capture_output=True,
        text=True,
        env=_offscreen(),
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert f"in {tmp_path / 'dist'}" in completed.stdout, "the demo library comes from the bundle"
    assert "ok   decode HLS video" in completed.stdout
