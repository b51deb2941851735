"""Demo-mode wiring: which asset opens first, and how arguments go through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aemviewer.app import Session, demo_emulator_in_background, initial_asset
from aemviewer.cli.main import build_parser, window_options, with_window_command
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.emulator import Library, LibraryError
from aemviewer.emulator import demo as demo_module
from aemviewer.emulator.demo import first_public
from aemviewer.emulator.visibility import Caller, is_delivered
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.window_options import WindowOptions


def test_demo_mode_opens_the_first_public_image(demo: Library) -> None:
    first = first_public(demo)
    assert first is not None
    asset = demo.assets[first]
    assert asset.media_type.startswith("image/") and is_delivered(asset, Caller.anonymous())
    earlier = list(demo.assets)[: list(demo.assets).index(first)]
    assert not any(
        demo.assets[i].media_type.startswith("image/") and is_delivered(demo.assets[i], Caller.anonymous())
        for i in earlier
    )


def _options(*argv: str) -> WindowOptions:
    parser = build_parser()
    return window_options(parser.parse_args(with_window_command(parser, argv)))


def test_the_command_line_builds_the_window_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AEMVIEWER_BASE_URL", raising=False)
    host = "https://delivery-p1-e2.adobeaemcloud.com"
    asset = "urn:aaid:aem:x"
    expected = WindowOptions(asset=asset, base_url=host)
    assert _options("--base-url", host, asset) == expected
    assert _options(asset, "--base-url", host) == expected, "aemviewer ASSET opens the window on it"
    assert _options("window", asset, "--base-url", host) == expected
    assert _options("--base-url", host, "window", asset) == expected
    assert _options() == WindowOptions()
    assert _options("window", "--theme", "dark", "--timeout", "5") == WindowOptions(theme="dark", timeout=5.0)
    assert _options("--theme", "dark") == WindowOptions(theme="dark")
    assert _options("--theme", "high-contrast") == WindowOptions(theme="high-contrast")
    assert _options(asset, "--prefix", "/assets") == WindowOptions(asset=asset, prefix="/assets")
    # A profile says which host: AEMVIEWER_BASE_URL does not override it.
    monkeypatch.setenv("AEMVIEWER_BASE_URL", host)
    assert _options("--profile", "Stage") == WindowOptions(profile="Stage")
    assert _options() == WindowOptions(base_url=host)


def test_the_first_asset_prefers_the_argument_then_the_last_asset_of_this_host(
    settings: WindowSettings,
) -> None:
    service = DeliveryService(DeliveryEndpoints("http://127.0.0.1:9"))
    ids = [f"urn:aaid:aem:00000000-0000-4000-8000-00000000000{n}" for n in range(4)]
    demo = Session(service, requested_asset=None, demo_asset=ids[0])
    assert initial_asset(demo, settings) == ids[0]

    settings.remember_asset(ids[1])
    assert initial_asset(demo, settings) == ids[1]
    assert initial_asset(Session(service, requested_asset=ids[2], demo_asset=ids[0]), settings) == ids[2]

    # A URL from an old emulator port would only fail to connect: the demo's first asset instead.
    settings.remember_asset(f"http://127.0.0.1:1/adobe/assets/{ids[3]}")
    assert initial_asset(demo, settings) == ids[0]


def test_without_a_display_the_window_command_explains_instead_of_aborting() -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    completed = subprocess.run(
        [sys.executable, "-m", "aemviewer"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "no display" in completed.stderr
    assert "xvfb-run" in completed.stderr


def test_a_demo_emulator_that_cannot_start_in_its_thread_says_why_to_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A broken installation: the demo library's folder is gone. The thread that starts the emulator
    # must hand the failure over, not swallow it or leave the caller waiting.
    monkeypatch.setattr(demo_module, "demo_library", lambda: tmp_path / "missing")
    starting = demo_emulator_in_background()
    with pytest.raises(LibraryError, match="missing"):
        starting.result(timeout=60)
