"""The wheel works anywhere: built from this checkout, installed into a fresh virtual environment
outside it, it serves the demo library and answers `meta` and `get` from its own packaged files."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only the wheel (and its dependencies) installed."""
    home = tmp_path_factory.mktemp("fresh-venv")
    venv.create(home, with_pip=True)
    wheel = next(dist.glob("aemviewer-*.whl"))
    subprocess.run(
        [
            str(home / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return home


def _environment() -> dict[str, str]:
    # Nothing may lead the installed copy back to this checkout.
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "AEMVIEWER_BASE_URL", "AEMVIEWER_TOKEN", "VIRTUAL_ENV")
    }


def test_both_archives_carry_the_resources(dist: Path) -> None:
    wheel = next(dist.glob("aemviewer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "aemviewer/data/demo/catalogue.json" in names
    assert "aemviewer/data/icons/aemviewer.svg" in names
    assert "aemviewer/data/desktop/dev.aemviewer.AemViewer.desktop" in names
    assert not any(name.startswith(("tests/", "resources/")) for name in names)
    sdist = next(dist.glob("aemviewer-*.tar.gz"))
    assert sdist.stat().st_size > 1_000_000, "the sdist carries the demo library"


def test_the_installed_package_finds_its_resources_in_itself(installed: Path, tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "from aemviewer.resources import demo_library; print(demo_library())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_environment(),
        check=True,
    )
    found = Path(completed.stdout.strip())
    assert found.is_relative_to(installed), found
    assert (found / "catalogue.json").is_file()


def test_serve_meta_and_get_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    aemviewer = str(installed / "bin" / "aemviewer")
    server = subprocess.Popen(
        [aemviewer, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=_environment(),
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        env = {**_environment(), "AEMVIEWER_BASE_URL": base_url}
        meta = subprocess.run(
            [aemviewer, "meta", CHELSEA, "--json"], capture_output=True, text=True, env=env, check=False
        )
        assert meta.returncode == 0, meta.stderr
        assert (
            meta.stdout.strip().encode()
            == httpx.get(f"{base_url}/adobe/assets/{CHELSEA}/metadata").content.strip()
        )
        get = subprocess.run(
            [aemviewer, "get", CHELSEA, "--original", "-o", str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert get.returncode == 0, get.stderr
        saved = Path(get.stdout.strip())
        packaged = next(
            installed.glob("lib/python*/site-packages/aemviewer/data/demo/originals/chelsea-the-cat.jpg")
        )
        assert saved.read_bytes() == packaged.read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=10)
