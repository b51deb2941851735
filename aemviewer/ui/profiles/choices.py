"""What the profile form's combo boxes offer: where the host comes from, the token's source and
header, the proxy mode, each with the label the user reads."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from aemviewer.delivery.tokens import TokenHeader
from aemviewer.workspace.profiles import HostKind, ProxyMode, TokenKind

HOST_KINDS = (
    (HostKind.URL, "Delivery URL"),
    (HostKind.PROGRAM, "Program and environment"),
    (HostKind.EMULATOR, "Built-in emulator (demo library)"),
)
TOKEN_KINDS = (
    (TokenKind.NONE, "No token (public assets only)"),
    (TokenKind.KEYRING, "IMS token, stored in the system keyring"),
    (TokenKind.ENVIRONMENT, "Environment variable"),
)
TOKEN_HEADERS = (
    (TokenHeader.AUTHORIZATION, "Authorization: Bearer …"),
    (TokenHeader.DELIVERY_TOKEN, "x-asset-delivery-token: …"),
)
PROXY_MODES = (
    (ProxyMode.SYSTEM, "System settings"),
    (ProxyMode.NONE, "No proxy"),
    (ProxyMode.URL, "This proxy"),
)


def choice_box(items: tuple[tuple[object, str], ...]) -> QComboBox:
    """A combo box offering `items` (value, label), each label's value as its item data."""
    combo = QComboBox()
    for value, label in items:
        combo.addItem(label, value)
    return combo


def select_choice(combo: QComboBox, value: object) -> None:
    """Select the item whose data is `value` (the first item when none is)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
