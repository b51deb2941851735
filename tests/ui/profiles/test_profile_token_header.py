"""The profile form keeps and edits how the token is sent (bearer or x-asset-delivery-token)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aemviewer.delivery.tokens import TokenHeader
from aemviewer.ui.profiles.form import ProfileForm
from aemviewer.workspace.profiles import Profile, TokenKind


def test_the_form_keeps_and_edits_the_token_header(qtbot: QtBot) -> None:
    form = ProfileForm()
    qtbot.addWidget(form)
    form.show()
    profile = Profile(
        name="Secure",
        base_url="https://delivery-p1-e2.adobeaemcloud.com",
        token_kind=TokenKind.KEYRING,
        token_header=TokenHeader.DELIVERY_TOKEN,
    )
    form.set_profile(profile, token_stored=True)
    assert form.profile() == profile, "saving an edited profile keeps its token header"
    assert form.token_header_combo.isVisibleTo(form)

    form.token_header_combo.setCurrentIndex(form.token_header_combo.findData(TokenHeader.AUTHORIZATION))
    assert form.profile().token_header is TokenHeader.AUTHORIZATION

    form.set_profile(Profile(name="Public", base_url="https://cdn.example.com"), token_stored=False)
    assert not form.token_header_combo.isVisibleTo(form), "no token, nothing to send"
