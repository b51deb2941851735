"""Wiring of the desktop window: QApplication, the qasync event loop, demo mode.

`aemviewer` without a subcommand (or `aemviewer window`, or `aemviewer ASSET`) calls `main` with
the `WindowOptions` its parser built. Without a base URL or profile, the demo profile starts the
emulator in-process on the demo library and opens the first public image, so a new user sees a
working preview within seconds.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from aemviewer import __version__
from aemviewer.delivery.errors import DeliveryError
from aemviewer.resources import DESKTOP_ID, app_icon
from aemviewer.ui.common.settings import APPLICATION, ORGANIZATION, WindowSettings
from aemviewer.ui.shell.first_paint import show_and_wait_for_first_paint
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.shell.theme import apply_theme
from aemviewer.window_options import WindowOptions

if TYPE_CHECKING:
    from aemviewer.emulator.demo import DemoEmulator
    from aemviewer.ui.common.service import DeliveryService
    from aemviewer.ui.profiles.controller import ProfileController

log = logging.getLogger("aemviewer")


@dataclass
class Session:
    """What `main` started: the service the window uses, and the emulator in demo mode."""

    service: DeliveryService
    requested_asset: str | None
    """The ASSET argument."""
    demo_asset: str | None = None
    """In demo mode: the first public image of the demo library."""
    emulator: DemoEmulator | None = None
    profiles: ProfileController | None = None
    """The profiles, with the active one already applied to `service`."""

    def stop(self) -> None:
        if self.emulator is not None:
            self.emulator.stop()


def start_session(options: WindowOptions, settings: WindowSettings | None = None) -> Session:
    """The service for `--base-url` (a profile for this session, token from `AEMVIEWER_TOKEN`), else
    the active profile; the built-in demo profile runs the emulator on the demo library (demo mode)."""
    # The HTTP stack and the emulator load here, after the window's frame has painted.
    from aemviewer.delivery.endpoints import DeliveryEndpoints
    from aemviewer.workspace.profiles import DEMO_PROFILE, HostKind, Profile, TokenKind

    store = (settings or WindowSettings()).profiles
    base_url = (options.base_url or "").strip()
    if base_url:
        endpoints = DeliveryEndpoints(base_url, options.prefix)
        profile = Profile(
            name=endpoints.base_url.split("://", 1)[-1],
            base_url=endpoints.base_url,
            prefix=endpoints.prefix,
            token_kind=TokenKind.ENVIRONMENT,
        )
    elif options.profile:
        profile = store.get(options.profile)  # an unknown name is an error worth stopping for
    else:
        try:
            profile = store.load().active_profile
        except DeliveryError as error:  # a broken profiles file must not keep the window closed
            log.warning("%s %s Starting with the demo profile.", error.message, error.hint)
            profile = DEMO_PROFILE
    # On the emulator, it loads and starts in a thread of its own while this one loads the client.
    starting = demo_emulator_in_background() if profile.host_kind is HostKind.EMULATOR else None
    from aemviewer.ui.common.service import DeliveryService
    from aemviewer.ui.profiles.controller import ProfileController

    service = DeliveryService(
        DeliveryEndpoints("http://127.0.0.1"), profile_name=profile.name, timeout=options.timeout
    )
    from aemviewer.emulator.demo import DemoEmulator, first_public

    emulator = starting.result() if starting is not None else DemoEmulator()
    profiles = ProfileController(store, service, current=profile, emulator=emulator)
    try:
        profiles.switch_to(profile)
    except DeliveryError as error:
        if profile.built_in:
            raise
        log.warning("profile %r cannot be used (%s); starting with the demo profile", profile.name, error)
        profiles.switch_to(DEMO_PROFILE)
    demo_asset = first_public(emulator.library) if emulator.running else None
    return Session(service, options.asset, demo_asset, emulator, profiles)


def demo_emulator_in_background() -> Future[DemoEmulator]:
    """The demo emulator, imported, with its library read and its server started in a thread, so
    that the caller can load the client meanwhile; `result()` raises what starting it raised."""
    future: Future[DemoEmulator] = Future()

    def start() -> None:
        try:
            from aemviewer.emulator.demo import DemoEmulator

            emulator = DemoEmulator()
            emulator.base_url()
        except BaseException as error:  # noqa: BLE001 - raised again by future.result()
            future.set_exception(error)
        else:
            future.set_result(emulator)

    threading.Thread(target=start, name="aemviewer-emulator-start", daemon=True).start()
    return future


def initial_asset(session: Session, settings: WindowSettings) -> str | None:
    """The ASSET argument, else the last asset (when it belongs to this host), else the demo's first."""
    if session.requested_asset:
        return session.requested_asset
    from aemviewer.delivery.reference import parse_reference

    last = settings.last_asset
    if last:
        try:
            ref = parse_reference(last)
        except DeliveryError:
            ref = None
        # A URL remembered from another host (or an old emulator port) would only fail to connect.
        if ref is not None and ref.base_url in (None, session.service.endpoints.base_url):
            return last
    return session.demo_asset


def missing_display() -> str | None:
    """Why no window can open here, or None. Qt itself would abort the process without a display."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "  hint: run it in a desktop session, or under xvfb-run; the command line needs no display: "
        "aemviewer serve, url, meta, get (aemviewer --help)."
    )


def main(options: WindowOptions | None = None) -> int:
    """Open the window as `options` say (the command line builds them); returns the exit code."""
    options = options or WindowOptions()
    problem = missing_display()
    if problem is not None:
        print(f"aemviewer: error: {problem}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1] or ["aemviewer"])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("aemviewer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(QIcon(str(app_icon())))
    settings = WindowSettings()
    apply_theme(app, options.theme or settings.theme)
    # Qt would stop its loop as the last window closes, before the connections are closed; instead
    # the close only sets an event (below), and the loop ends once cleanup is done.
    app.setQuitOnLastWindowClosed(False)
    # The frame first, painted by Qt's own loop: the log file, asyncio, the session (HTTP stack,
    # emulator) and the tabs load once it is on screen.
    window = MainWindow(None, settings, theme=options.theme)
    show_and_wait_for_first_paint(window)
    if not window.isVisible():
        return 0  # closed before it was built
    import asyncio

    import qasync

    from aemviewer.logging_setup import setup_logging

    log.info("aemviewer %s starting; log file %s", __version__, setup_logging())

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    sessions: list[Session] = []
    exit_code = 0

    def build() -> None:
        nonlocal exit_code
        try:
            session = start_session(options, settings)
        except DeliveryError as error:
            print(f"aemviewer: {error}\n{error.hint}", file=sys.stderr)
            exit_code = int(error.exit_code)
            window.close()
            return
        sessions.append(session)
        _start_window(window, session, settings)

    QTimer.singleShot(0, build)

    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    app.aboutToQuit.connect(closed.set)

    async def run_until_closed() -> None:
        await closed.wait()
        for session in sessions:
            window.runner.cancel_all()
            await session.service.aclose()

    # Ctrl+C in the terminal closes the window like the close button. Python runs signal handlers
    # only between bytecodes, so a timer gives it a moment now and then while Qt waits for events.
    signal.signal(signal.SIGINT, lambda _number, _frame: window.close())
    ticker = QTimer()
    ticker.timeout.connect(lambda: None)
    ticker.start(250)
    try:
        with loop:
            loop.run_until_complete(run_until_closed())
    finally:
        for session in sessions:
            session.stop()
    return exit_code


def _start_window(window: MainWindow, session: Session, settings: WindowSettings) -> None:
    """Build the shown frame into the window over `session`, and open the first asset."""
    from aemviewer.workspace.download_list import default_download_list_path
    from aemviewer.workspace.history import default_history_path

    window.start(
        session.service,
        history_path=default_history_path(),
        downloads_path=default_download_list_path(),
        profiles=session.profiles,
    )
    _report_uncaught_exceptions(window)
    first = initial_asset(session, settings)
    if first:
        window.open_text(first)
    else:
        window.asset_bar.focus_field()


def _report_uncaught_exceptions(window: MainWindow) -> None:
    # An exception escaping a Qt slot would otherwise only reach stderr: log it and show it in place.
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            return
        log.error("uncaught exception", exc_info=(kind, error, trace))
        window.runner.unexpected.emit(error)

    sys.excepthook = hook
