"""The theme switch: View → Theme applies at once and is remembered; `aemviewer --theme NAME` parses
and applies for that run (the real command line, in a child process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aemviewer import window_options
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.shell.theme import THEMES, theme_named
from tests.ui.helpers import SaveChooser, make_window


def window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def checked_theme(window: MainWindow) -> str:
    return next(name for name, action in window.theme_switch.actions.items() if action.isChecked())


def test_every_theme_of_the_switch_is_a_choice_of_the_command_line() -> None:
    assert [theme.name for theme in THEMES] == list(window_options.THEMES)
    assert theme_named("no such theme").name == "system"  # an old or edited settings file


def test_the_view_menu_switches_the_theme_and_remembers_it(
    qtbot: QtBot,
    app_look: QApplication,
    window: MainWindow,
    settings: WindowSettings,
    emulator: EmulatorServer,
) -> None:
    view = window.menus[next(name for name in window.menus if name.value.endswith("View"))]
    submenu = next(action.menu() for action in view.actions() if action.menu() is window.theme_switch.menu)
    assert [action.text() for action in submenu.actions()] == ["&System", "&Light", "&Dark", "&High contrast"]
    assert checked_theme(window) == "system"
    window.theme_switch.actions["dark"].trigger()
    assert window_lightness(app_look) < 100 and app_look.style().name().lower() == "fusion"
    assert checked_theme(window) == "dark"
    window.theme_switch.actions["light"].trigger()
    assert window_lightness(app_look) > 180
    window.theme_switch.actions["dark"].trigger()
    settings.sync()
    # The next start reads it back, and the menu shows it.
    again = WindowSettings(QSettings(settings.path, QSettings.Format.IniFormat))
    assert again.theme == "dark"
    second = make_window(qtbot, emulator.base_url, again, SaveChooser())
    assert checked_theme(second) == "dark"
    second.controller.shutdown()


PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication
    from aemviewer.cli.main import main
    from aemviewer.ui.shell.main_window import MainWindow

    app = QApplication(["aemviewer"])

    def report() -> None:
        # Once the window is built (its frame paints first): its look and View -> Theme, then close it.
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.started]
        if not windows:
            return
        timer.stop()
        checked = [n for n, a in windows[0].theme_switch.actions.items() if a.isChecked()]
        lightness = app.palette().color(QPalette.ColorRole.Window).lightness()
        print(f"theme={','.join(checked)} lightness={lightness}", flush=True)
        windows[0].close()

    timer = QTimer()
    timer.timeout.connect(report)
    timer.start(50)
    sys.exit(main(sys.argv[1:]))
    """
)


def run_window(tmp_path: Path, *argv: str) -> str:
    """`aemviewer ARGV` in demo mode with its own settings folder; what the probe saw."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    environment.pop("AEMVIEWER_BASE_URL", None)
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return next(line for line in completed.stdout.splitlines() if line.startswith("theme="))


def test_the_command_line_theme_applies_for_that_run(tmp_path: Path) -> None:
    theme, lightness = run_window(tmp_path, "--theme", "dark").split()
    assert theme == "theme=dark" and int(lightness.split("=")[1]) < 100
    # Not remembered: the next start without --theme has the one chosen in the menu (none yet).
    theme, lightness = run_window(tmp_path, "--theme", "light").split()
    assert theme == "theme=light" and int(lightness.split("=")[1]) > 180
    settings = WindowSettings(
        QSettings(str(tmp_path / "config" / "aemviewer" / "aemviewer.ini"), QSettings.Format.IniFormat)
    )
    settings.theme = "dark"
    settings.sync()
    theme, lightness = run_window(tmp_path).split()
    assert theme == "theme=dark" and int(lightness.split("=")[1]) < 100
