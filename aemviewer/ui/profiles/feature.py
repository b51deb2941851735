"""What profiles, tokens, favourites and the log add to the main window.

`ProfilesUi` declares, as a `Feature`: the Settings menu (Profiles…, switch), the token banner
(expiring, expired, unreadable), the 404-without-token explanation with its "Add a token…" button,
the Favourites menu and Help → Open log folder. What the asset bar and the response panel show of
the profile (name, host, token, the star) it says with signals, which the shell connects. Switching
profiles re-points the shared `DeliveryService`; the current asset is then reloaded if it is a bare
id (so it comes from the new host), and every tab following `asset_opened` follows.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu

from aemviewer.delivery.errors import DeliveryError, NotFound, RenditionMissing, TokenUnavailable
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef
from aemviewer.logging_setup import log_directory, register_secret
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.error_messages import message_and_hint
from aemviewer.ui.common.feature import Feature, MenuEntry, MenuName
from aemviewer.ui.profiles.controller import ProfileController, TokenStatus
from aemviewer.ui.profiles.dialog import ProfileDialog
from aemviewer.ui.profiles.token_status import TokenWatch
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.ui.widgets.questions import Ask, ask_question
from aemviewer.workspace.jwt import ExpiryState
from aemviewer.workspace.profiles import Profile

log = logging.getLogger(__name__)

ADD_TOKEN = "Add a token…"
RETIRE_AFTER_MS = 30_000


class ProfilesUi(QObject):
    """Profiles, tokens, favourites and the log folder of one window."""

    profile_shown = Signal(str, str, str)
    """(profile name, host and token summary, warning) for the asset bar's profile indicator."""
    token_available = Signal(bool)
    """Whether requests carry a token now (the response panel offers curl with the token)."""
    favourite_shown = Signal(bool, bool)
    """(an asset is open, it is starred) for the asset bar's star."""

    def __init__(
        self, context: FeatureContext, controller: ProfileController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.controller = controller
        self.dialog: ProfileDialog | None = None
        self.ask: Ask = ask_question
        """How the dialog asks yes/no questions (tests answer them)."""
        self.token_banner = Banner()
        self.token_banner.setObjectName("tokenBanner")
        self.token_banner.setContentsMargins(8, 4, 8, 4)
        self.watch = TokenWatch(controller, self)
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.setInterval(RETIRE_AFTER_MS)
        self._close_timer.timeout.connect(lambda: context.runner.run(controller.service.close_retired()))
        self.feature = self._build_feature()
        context.preview.metadata_ready.connect(self._metadata_arrived)
        controller.profile_changed.connect(self._profile_changed)
        self.watch.changed.connect(self._token_status_changed)

    def start(self) -> None:
        """Say what the indicators show first (once the shell has connected the signals)."""
        self.update_star()
        self.watch.refresh()

    # --- menus ---------------------------------------------------------------------------------

    def _build_feature(self) -> Feature:
        parent = self.context.dialog_parent
        self.settings_menu = QMenu("&Settings", parent)
        self.profiles_action = QAction("Profiles…", parent)
        self.profiles_action.setShortcut(QKeySequence("Ctrl+,"))
        self.profiles_action.triggered.connect(lambda: self.open_dialog())
        self.settings_menu.addAction(self.profiles_action)
        self.switch_menu = QMenu("Switch profile", parent)
        self.switch_menu.aboutToShow.connect(self._fill_switch_menu)
        self.settings_menu.addMenu(self.switch_menu)
        self.favourites_menu = QMenu("F&avourites", parent)
        self.favourites_menu.aboutToShow.connect(self._fill_favourites_menu)
        self.log_action = QAction("Open log folder", parent)
        self.log_action.setToolTip("The log to attach to a bug report (tokens are never written to it)")
        self.log_action.triggered.connect(self.open_log_folder)
        self._fill_switch_menu()
        self._fill_favourites_menu()
        return Feature(
            menus=((MenuName.FAVOURITES, self.favourites_menu), (MenuName.SETTINGS, self.settings_menu)),
            menu_entries=(MenuEntry(MenuName.HELP, self.log_action),),
            shortcuts=(self.profiles_action,),
            banners=(self.token_banner,),
            explain_error=self.explain_error,
        )

    def _fill_switch_menu(self) -> None:
        self.switch_menu.clear()
        try:
            profiles = self.controller.listed()
        except DeliveryError as error:  # a broken profiles file: say so where the menu is
            self.context.status.show_message(error.message_with_hint(), 15000)
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
        star.setEnabled(bool(self.context.settings.last_asset))
        self.favourites_menu.addSeparator()
        favourites = self.context.settings.favourites
        for favourite in favourites:
            label = favourite.title or favourite.text
            action = self.favourites_menu.addAction(label if len(label) < 80 else label[:78] + "…")
            action.setToolTip(favourite.text)
            action.triggered.connect(
                lambda _checked=False, text=favourite.text: self.context.navigation.open_text(text)
            )
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
        asset = self.context.preview.asset
        probe = asset.asset_id if asset is not None and asset.base_url is None else None
        self.dialog = ProfileDialog(
            self.controller, self.context.runner, self.context.dialog_parent, probe_asset=probe, ask=self.ask
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
            self.context.status.show_error(error)

    def _profile_changed(self, profile: Profile) -> None:
        # The old profile's connections close a little later: requests in flight end first.
        self._close_timer.start()
        # The token banner says why a token cannot be read; then there is nothing to redact.
        with contextlib.suppress(TokenUnavailable):
            register_secret(self.controller.service.token.token() if self.controller.service.token else None)
        self.token_available.emit(self.controller.service.has_token())
        self.context.status.show_message(f"Profile: {profile.name} — {profile.describe_host()}", 6000)
        preview = self.context.preview
        asset = preview.asset
        if asset is not None and asset.base_url is None:
            # A bare id means "on the profile's host": ask the new host, with the modifiers on screen.
            self.context.navigation.open_reference(
                AssetRef(asset_id=asset.asset_id, modifiers=preview.modifiers), asset.asset_id
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
        self.profile_shown.emit(profile.name, f"{host}\n{status.summary(now)}", warning)
        self.token_available.emit(status.present)
        if status.problem:
            self._show_token_problem(status.problem)
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

    def _show_token_problem(self, problem: str, outcome: str = "") -> None:
        """The token banner for a token that cannot be read; `outcome`: what that just cost (plain)."""
        profile = self.controller.current
        happened = f"<br>{escape(outcome)}" if outcome else ""
        self.token_banner.show_message(
            BannerKind.WARNING,
            f"The token of profile “{profile.name}” cannot be read",
            f"{escape(problem)}{happened}<br>Nothing is requested from this profile's host until the token "
            "can be read. You can enter the token in the profile and keep it for this session only.",
            [("Enter token…", self.ask_for_token)],
        )

    def _explain_with_token_problem(self, error: DeliveryError) -> bool:
        """When the token cannot be read, a failure it explains goes into the one token banner, so
        that no second banner contradicts it ("no token" beside "token cannot be read")."""
        if not isinstance(error, TokenUnavailable | NotFound) or isinstance(error, RenditionMissing):
            return False
        problem = self.controller.token_status().problem
        if not problem:
            return False
        asset = self.context.preview.asset
        what = asset.asset_id if asset is not None else "The asset"
        if isinstance(error, NotFound):
            outcome = f"{what} answered 404 (not found): a restricted asset does so without a token."
        else:
            outcome = f"{what} was not requested, for want of the token."
        self._show_token_problem(problem, outcome)
        return True

    def explain_error(self, error: DeliveryError) -> bool:
        """Show `error` in the preview banner when profiles have more to say than the generic text
        (a 404 on the profile's host while no token is set; an unreadable token); True if shown."""
        service = self.controller.service
        if self._explain_with_token_problem(error):
            return True
        if isinstance(error, TokenUnavailable):
            self.context.status.show_banner(
                BannerKind.ERROR,
                "The token cannot be used",
                message_and_hint(error),
                [("Profiles…", self.ask_for_token)],
            )
            return True
        on_profile_host = error.url is None or error.url.startswith(service.endpoints.base_url + "/")
        if (
            not isinstance(error, NotFound)
            or isinstance(error, RenditionMissing)  # the asset is there: a token would not help
            or not on_profile_host
        ):
            return False
        asset = self.context.preview.asset
        # The title is plain text; only the rich-text message needs escaping.
        what = asset.asset_id if asset is not None else "the asset"
        if service.has_token():
            self._explain_not_found_with_token(what)
            return True
        self.context.status.show_banner(
            BannerKind.ERROR,
            f"Not found (404): {what}",
            "Restricted assets answer 404 — not 401 — when the request carries no token, and profile "
            f"“{escape(self.controller.current.name)}” has none. The asset may also be unknown, not approved, "
            "expired or outside its on/off time.<br>If it is restricted, add an IMS token to the profile.",
            [
                (ADD_TOKEN, self.ask_for_token),
                ("Retry", self.context.preview.request_now),
            ],
        )
        return True

    def _explain_not_found_with_token(self, what: str) -> None:
        profile = self.controller.current
        description = self.controller.token_description() or "whose holder cannot be read"
        self.context.status.show_banner(
            BannerKind.ERROR,
            f"Not found (404): {what}",
            f"A token was sent (profile “{escape(profile.name)}”), {escape(description)}. Restricted "
            "assets answer 404 — not 401 — when the token lacks one of the asset's roles. The asset may "
            "also be unknown, not approved, expired or outside its on/off time.<br>If it is restricted "
            "to another role, use a token of a user who holds it.",
            [("Profiles…", self.ask_for_token), ("Retry", self.context.preview.request_now)],
        )

    # --- favourites ----------------------------------------------------------------------------

    def toggle_favourite(self) -> None:
        text = self.context.settings.last_asset
        if not text:
            return
        metadata = self.context.preview.metadata
        title = (metadata.title or metadata.file_name or "") if metadata is not None else ""
        starred = self.context.settings.toggle_favourite(text, title)
        self.context.status.show_message(
            "Added to favourites" if starred else "Removed from favourites", 4000
        )
        self.update_star()

    def update_star(self) -> None:
        """Say whether the open asset is starred (after an asset was opened and remembered)."""
        text = self.context.settings.last_asset
        self.favourite_shown.emit(bool(text), bool(text) and self.context.settings.is_favourite(text))

    def _metadata_arrived(self, metadata: Metadata) -> None:
        title = metadata.title or metadata.file_name
        if title:
            self.context.settings.set_favourite_title(self.context.settings.last_asset, title)

    # --- help ----------------------------------------------------------------------------------

    def open_log_folder(self) -> bool:
        folder = log_directory()
        folder.mkdir(parents=True, exist_ok=True)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            self.context.status.show_message(f"The log is in {folder}", 10000)
        return opened
