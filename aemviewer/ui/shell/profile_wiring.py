"""The asset bar's profile button, favourite star and recent list, kept in step with the profiles
feature and Browse."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aemviewer.ui.profiles.controller import ProfileController
    from aemviewer.ui.shell.main_window import MainWindow


def show_profiles_in_asset_bar(window: MainWindow, profile_controller: ProfileController) -> None:
    """Connect the asset bar to the profiles feature (and Browse to profile switches), and show the
    active profile, the recent assets and whether a token is sent."""
    profiles, bar = window.profiles_ui, window.asset_bar
    profiles.profile_shown.connect(
        lambda name, detail, warning: bar.set_profile(name, detail, warning=warning)
    )
    profiles.favourite_shown.connect(bar.set_favourite)
    profiles.token_available.connect(window.preview_tab.response_panel.set_token_available)
    bar.favourite_button.clicked.connect(profiles.toggle_favourite)
    bar.profile_button.setMenu(profiles.switch_menu)
    # After `open_reference`: by then the opened asset is remembered.
    bar.open_requested.connect(lambda _ref, _text: profiles.update_star())
    window.browse.panel.edit_profile_requested.connect(profiles.ask_for_token)
    profile_controller.profile_changed.connect(lambda _profile: window.browse.panel.profile_changed())
    bar.set_profile(
        window.service.profile_name,
        f"{window.service.endpoints.base_url}{window.service.endpoints.prefix}\n"
        + (
            "A token is sent (AEMVIEWER_TOKEN)."
            if window.service.has_token()
            else "No token: public assets only."
        ),
    )
    bar.set_recent(window.settings.recent_assets)
    window.preview_tab.response_panel.set_token_available(window.service.has_token())
