"""The window's remembered state, as one typed object over QSettings.

Everything the window keeps between runs goes through `WindowSettings`, so keys, types and defaults
live in one place. Tokens never go here (they belong in the keyring).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "aemviewer"
APPLICATION = "aemviewer"
MAX_RECENT_ASSETS = 12


class WindowSettings:
    """Geometry, splitter layout, last asset and recent assets of the main window."""

    def __init__(self, store: QSettings | None = None) -> None:
        # INI everywhere: readable, diffable, and the same file format on every platform.
        self._store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )

    @property
    def path(self) -> str:
        """The file the settings live in."""
        return self._store.fileName()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self._store.setValue("window/splitter", value)

    @property
    def last_asset(self) -> str:
        value = self._store.value("assets/last", "")
        return value if isinstance(value, str) else ""

    @last_asset.setter
    def last_asset(self, value: str) -> None:
        self._store.setValue("assets/last", value)

    @property
    def recent_assets(self) -> list[str]:
        value = self._store.value("assets/recent", [])
        # QSettings hands back a str for a one-element list and None for an empty one (INI format).
        if isinstance(value, str):
            return [value] if value else []
        if isinstance(value, list):
            return [item for item in value if isinstance(item, str) and item]
        return []

    def remember_asset(self, text: str) -> list[str]:
        """Make `text` the last asset and the first recent one; returns the new recent list."""
        recent = [text, *(item for item in self.recent_assets if item != text)][:MAX_RECENT_ASSETS]
        self._store.setValue("assets/recent", recent)
        self.last_asset = text
        return recent

    def clear_recent_assets(self) -> None:
        self._store.remove("assets/recent")

    def sync(self) -> None:
        """Write pending changes to disk now (Qt otherwise writes them lazily)."""
        self._store.sync()
