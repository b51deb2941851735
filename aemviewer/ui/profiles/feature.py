"""What profiles, tokens, favourites, Browse and the log add to the main window.

`ProfilesUi` is built by the window's constructor and wires, without more changes to the window:
the Settings menu (Profiles…, switch), the profile indicator in the asset bar, the token banner
(expiring, expired, unreadable), the 404-without-token explanation with its "Add a token…" button,
favourites (star + menu), the Browse tab, and Help → Open log folder. Switching profiles re-points
the shared `DeliveryService`; the window then reloads the current asset if it is a bare id (so it
comes from the new host), and every tab following `asset_opened` follows.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu, QVBoxLayout

from aemviewer.delivery.errors import DeliveryError, NotFound, TokenUnavailable
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef
from aemviewer.logging_setup import log_directory, register_secret
from aemviewer.ui.browse.panel import BrowsePanel
from aemviewer.ui.browse.query import HitSummary
from aemviewer.ui.profiles.controller import ProfileController, TokenStatus
from aemviewer.ui.profiles.dialog import Ask, ProfileDialog, ask_question
from aemviewer.ui.profiles.token_status import TokenWatch
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.workspace.jwt import ExpiryState
from aemviewer.workspace.profiles import Profile

if TYPE_CHECKING:
    from aemviewer.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

ADD_TOKEN = "Add a token…"
RETIRE_AFTER_MS = 30_000


class ProfilesUi(QObject):
    """Profiles, tokens, favourites, Browse and the log folder, attached to one `MainWindow`."""

    def __init__(self, window: MainWindow, controller: ProfileController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.dialog: ProfileDialog | None = None
        self.ask: Ask = ask_question
        """How the dialog asks yes/no questions (tests answer them)."""
        self.token_banner = Banner()
        self.token_banner.setObjectName("tokenBanner")
        central = window.centralWidget()
        root = central.layout() if central is not None else None
        if isinstance(root, QVBoxLayout):
            root.insertWidget(1, self.token_banner)
            self.token_banner.setContentsMargins(8, 4, 8, 4)
        self.watch = TokenWatch(controller, self)
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.setInterval(RETIRE_AFTER_MS)
        self._close_timer.timeout.connect(lambda: window.runner.run(controller.service.close_retired()))
        self.browse = BrowsePanel(controller, window.runner)
        self.browse_index = window.add_tab(self.browse, "Browse")
        self._build_menus()
        window.asset_bar.favourite_button.clicked.connect(self.toggle_favourite)
        window.asset_bar.profile_button.setMenu(self.switch_menu)
        # Connected after the window's own handler: by then the opened asset is remembered.
        window.asset_bar.open_requested.connect(lambda _ref, _text: self._update_star())
        window.controller.metadata_ready.connect(self._metadata_arrived)
        self.browse.open_requested.connect(self.open_hit)
        self.browse.edit_profile_requested.connect(self.ask_for_token)
        controller.profile_changed.connect(self._profile_changed)
        self.watch.changed.connect(self._token_status_changed)
        self._update_star()
        self.watch.refresh()

    # --- menus ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        help_menu = next(
            (action for action in bar.actions() if action.text().replace("&", "") == "Help"), None
        )
        self.settings_menu = QMenu("&Settings", self.window)
        self.profiles_action = QAction("Profiles…", self.window)
        self.profiles_action.setShortcut(QKeySequence("Ctrl+,"))
        self.profiles_action.triggered.connect(lambda: self.open_dialog())
        self.window.addAction(self.profiles_action)
        self.settings_menu.addAction(self.profiles_action)
        self.switch_menu = QMenu("Switch profile", self.window)
        self.switch_menu.aboutToShow.connect(self._fill_switch_menu)
        self.settings_menu.addMenu(self.switch_menu)
        self.favourites_menu = QMenu("F&avourites", self.window)
        self.favourites_menu.aboutToShow.connect(self._fill_favourites_menu)
        self.log_action = QAction("Open log folder", self.window)
        self.log_action.setToolTip("The log to attach to a bug report (tokens are never written to it)")
        self.log_action.triggered.connect(self.open_log_folder)
        if help_menu is not None:
            bar.insertMenu(help_menu, self.favourites_menu)
            bar.insertMenu(help_menu, self.settings_menu)
            menu = help_menu.menu()
            if isinstance(menu, QMenu):
                menu.addAction(self.log_action)
        else:
            bar.addMenu(self.favourites_menu)
            bar.addMenu(self.settings_menu)
        self._fill_switch_menu()
        self._fill_favourites_menu()

    def _fill_switch_menu(self) -> None:
        self.switch_menu.clear()
        try:
            profiles = self.controller.listed()
        except DeliveryError as error:  # a broken profiles file: say so where the menu is
            self.window.statusBar().showMessage(f"{error.message} {error.hint}", 15000)
            profiles = [self.controller.current]
        for profile in profiles:
            action = self.switch_menu.addAction(profile.name)
            action.setCheckable(True)
            action.setChecked(profile.name == self.controller.current.name)
            action.setToolTip(profile.describe_host())
            action.triggered.connect(lambda _checked=False, chosen=profile: self.switch_to(chosen))
        self.switch_menu.addSeparator()
        self.switch_menu.addAction("Edit profiles…", lambda: self.open_dialog())

    def _fill_favourites_menu(self) -> None:
        self.favourites_menu.clear()
        star = self.favourites_menu.addAction(
            "Star or unstar the current asset (Ctrl+D)", self.toggle_favourite
        )
        star.setEnabled(bool(self.window.settings.last_asset))
        self.favourites_menu.addSeparator()
        favourites = self.window.settings.favourites
        for favourite in favourites:
            label = favourite.title or favourite.text
            action = self.favourites_menu.addAction(label if len(label) < 80 else label[:78] + "…")
            action.setToolTip(favourite.text)
            action.triggered.connect(lambda _checked=False, text=favourite.text: self.window.open_text(text))
        if not favourites:
            self.favourites_menu.addAction("No favourites yet: ☆ in the asset bar stars one").setEnabled(
                False
            )

    # --- profiles ------------------------------------------------------------------------------

    def open_dialog(self, *, focus_token: bool = False) -> ProfileDialog:
        """Show the Profiles dialog (non-blocking), on the active profile; `focus_token` puts the
        cursor in its token field (on an editable copy when the profile is built in)."""
        if self.dialog is not None:
            self.dialog.close()
        asset = self.window.controller.asset
        probe = asset.asset_id if asset is not None and asset.base_url is None else None
        self.dialog = ProfileDialog(
            self.controller, self.window.runner, self.window, probe_asset=probe, ask=self.ask
        )
        self.dialog.open()
        if focus_token:
            self.dialog.focus_token()
        return self.dialog

    def ask_for_token(self) -> None:
        """The Profiles dialog with the cursor in the active profile's token field."""
        self.open_dialog(focus_token=True)

    def switch_to(self, profile: Profile) -> None:
        try:
            self.controller.switch_to(profile)
        except DeliveryError as error:
            self.window.show_error(error)

    def _profile_changed(self, profile: Profile) -> None:
        # The old profile's connections close a little later: requests in flight end first.
        self._close_timer.start()
        # The token banner says why a token cannot be read; then there is nothing to redact.
        with contextlib.suppress(TokenUnavailable):
            register_secret(self.controller.service.token.token() if self.controller.service.token else None)
        self.window.response_panel.set_token_available(self.controller.service.has_token())
        self.browse.profile_changed()
        self.window.statusBar().showMessage(f"Profile: {profile.name} — {profile.describe_host()}", 6000)
        asset = self.window.controller.asset
        if asset is not None and asset.base_url is None:
            # A bare id means "on the profile's host": ask the new host, with the modifiers on screen.
            self.window.open_reference(
                AssetRef(asset_id=asset.asset_id, modifiers=self.window.controller.modifiers), asset.asset_id
            )

    def _token_status_changed(self, status: TokenStatus) -> None:
        profile = self.controller.current
        now = self.watch.clock()
        state = status.expiry.state(now, self.watch.warn_before)
        host = self.controller.service.endpoints.base_url + self.controller.service.endpoints.prefix
        warning = ""
        if status.problem:
            warning = "token unavailable"
        elif state in (ExpiryState.EXPIRED, ExpiryState.EXPIRING):
            warning = f"token {status.expiry.describe(now)}"
        self.window.asset_bar.set_profile(profile.name, f"{host}\n{status.summary(now)}", warning=warning)
        self.window.response_panel.set_token_available(status.present)
        if status.problem:
            self.token_banner.show_message(
                BannerKind.WARNING,
                f"The token of profile “{profile.name}” cannot be read",
                f"{escape(status.problem)}<br>Requests go without a token until this is fixed. You can "
                "enter the token in the profile and keep it for this session only.",
                [("Enter token…", self.ask_for_token)],
            )
        elif state is ExpiryState.EXPIRED:
            self.token_banner.show_message(
                BannerKind.ERROR,
                f"The token of profile “{profile.name}” {status.expiry.describe(now)}",
                "Restricted assets answer 404 and search is refused until it is replaced. Get a new IMS "
                "access token and paste it into the profile.",
                [("Update token…", self.ask_for_token)],
            )
        elif state is ExpiryState.EXPIRING:
            self.token_banner.show_message(
                BannerKind.WARNING,
                f"The token of profile “{profile.name}” {status.expiry.describe(now)}",
                "After that, restricted assets answer 404 and search is refused. Paste a fresh IMS access "
                "token into the profile before it runs out.",
                [("Update token…", self.ask_for_token)],
            )
        else:
            self.token_banner.dismiss()

    def explain_error(self, error: DeliveryError) -> bool:
        """Show `error` in the preview banner when profiles have more to say than the generic text
        (a 404 on the profile's host while no token is set; an unreadable token); True if shown."""
        service = self.controller.service
        if isinstance(error, TokenUnavailable):
            self.window.banner.show_message(
                BannerKind.ERROR,
                "The token cannot be used",
                f"{escape(error.message)}<br>{escape(error.hint)}",
                [("Profiles…", self.ask_for_token)],
            )
            return True
        on_profile_host = error.url is None or error.url.startswith(service.endpoints.base_url + "/")
        if not isinstance(error, NotFound) or not on_profile_host or service.has_token():
            return False
        asset = self.window.controller.asset
        what = escape(asset.asset_id) if asset is not None else "the asset"
        self.window.banner.show_message(
            BannerKind.ERROR,
            f"Not found (404): {what}",
            "Restricted assets answer 404 — not 401 — when the request carries no token, and profile "
            f"“{escape(self.controller.current.name)}” has none. The asset may also be unknown, not approved, "
            "expired or outside its on/off time.<br>If it is restricted, add an IMS token to the profile.",
            [
                (ADD_TOKEN, self.ask_for_token),
                ("Retry", self.window.controller.request_now),
            ],
        )
        return True

    # --- favourites ----------------------------------------------------------------------------

    def toggle_favourite(self) -> None:
        text = self.window.settings.last_asset
        if not text:
            return
        metadata = self.window.controller.metadata
        title = (metadata.title or metadata.file_name or "") if metadata is not None else ""
        starred = self.window.settings.toggle_favourite(text, title)
        self.window.statusBar().showMessage(
            "Added to favourites" if starred else "Removed from favourites", 4000
        )
        self._update_star()

    def _update_star(self) -> None:
        text = self.window.settings.last_asset
        self.window.asset_bar.set_favourite(
            bool(text), bool(text) and self.window.settings.is_favourite(text)
        )

    def _metadata_arrived(self, metadata: Metadata) -> None:
        title = metadata.title or metadata.file_name
        if title:
            self.window.settings.set_favourite_title(self.window.settings.last_asset, title)

    # --- browse --------------------------------------------------------------------------------

    def open_hit(self, hit: HitSummary) -> None:
        """Open a search result: in the Video tab for videos when there is one, else the Preview."""
        if not self.window.open_text(hit.asset_id):
            return
        target = 0
        if hit.is_video:
            for index in range(self.window.tabs.count()):
                if self.window.tabs.tabText(index).replace("&", "") == "Video":
                    target = index
        self.window.tabs.setCurrentIndex(target)

    # --- help ----------------------------------------------------------------------------------

    def open_log_folder(self) -> bool:
        folder = log_directory()
        folder.mkdir(parents=True, exist_ok=True)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            self.window.statusBar().showMessage(f"The log is in {folder}", 10000)
        return opened
