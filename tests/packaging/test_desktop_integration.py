"""The launcher, icons and AppStream file, and `aemviewer install-desktop` writing them."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from aemviewer import __version__
from aemviewer.cli.desktop_integration import ICON_SIZES, planned_files
from aemviewer.cli.main import main
from aemviewer.resources import DESKTOP_ID, app_icon, resources_root

DESKTOP = resources_root() / "desktop"


def test_the_launcher_has_what_menus_need() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP / f"{DESKTOP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].startswith("aemviewer window")
    assert section["Icon"] == DESKTOP_ID
    assert "Graphics" in section["Categories"].split(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_launcher_validates() -> None:
    completed = subprocess.run(
        ["desktop-file-validate", str(DESKTOP / f"{DESKTOP_ID}.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "error" not in completed.stdout


def test_the_appstream_file_names_the_launcher() -> None:
    root = ET.parse(DESKTOP / f"{DESKTOP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    releases = [release.get("version") for release in root.iter("release")]
    assert __version__ in releases, "the metainfo lists the current version"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_the_appstream_file_validates() -> None:
    completed = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(DESKTOP / f"{DESKTOP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_icon_size_is_that_size(size: int) -> None:
    with Image.open(resources_root() / "icons" / f"aemviewer-{size}.png") as icon:
        assert icon.size == (size, size)
        assert icon.mode == "RGBA"
    assert app_icon().read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_install_desktop_writes_every_file_and_uninstall_removes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    executable = Path(sys.executable).parent / "aemviewer"
    monkeypatch.setattr(sys, "argv", [str(executable)])
    assert main(["install-desktop", "--data-dir", str(tmp_path)]) == 0
    files = planned_files(tmp_path)
    assert all(path.is_file() for path in files)
    launcher = (tmp_path / "applications" / f"{DESKTOP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={executable.resolve()} window %u" in launcher
    assert (
        str(tmp_path / "icons" / "hicolor" / "48x48" / "apps" / f"{DESKTOP_ID}.png")
        in capsys.readouterr().out
    )

    assert main(["install-desktop", "--uninstall", "--data-dir", str(tmp_path)]) == 0
    assert not any(path.exists() for path in files)


def test_install_desktop_into_an_unwritable_place_exits_6(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["install-desktop", "--data-dir", str(blocker)]) == 6
    assert "Could not write the desktop files" in capsys.readouterr().err


def test_version_flag() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aemviewer", "--version"], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == f"aemviewer {__version__}"
