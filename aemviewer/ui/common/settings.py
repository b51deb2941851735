"""The window's remembered state, as one typed object over QSettings.

Everything the window keeps between runs goes through `WindowSettings`, so keys, types and defaults
live in one place. Tokens never go here (they belong in the keyring). Profiles live in their own
JSON file (`workspace.profile_store.ProfileStore`) because the command line reads them too, without Qt.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from aemviewer.delivery.bounded_json import loads_bounded

if TYPE_CHECKING:
    from aemviewer.workspace.profile_store import ProfileStore

ORGANIZATION = "aemviewer"
APPLICATION = "aemviewer"
MAX_RECENT_ASSETS = 12
MAX_FAVOURITES = 100


@dataclass(frozen=True)
class Favourite:
    """An asset the user starred: the id or URL as opened, and its title when known."""

    text: str
    title: str = ""


class WindowSettings:
    """Geometry, splitter layout, last, recent and favourite assets of the main window; the
    profiles file."""

    def __init__(self, store: QSettings | None = None, *, profiles_path: Path | None = None) -> None:
        # INI everywhere: readable, diffable, and the same file format on every platform.
        self._store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )
        self._profiles_path = profiles_path
        self._beside_store = profiles_path is None and store is not None

    @functools.cached_property
    def profiles(self) -> ProfileStore:
        """The profiles file (in the platform's configuration folder by default), shared with the CLI."""
        # Read when first asked for, after the window's first paint.
        from aemviewer.workspace.profile_store import ProfileStore
        from aemviewer.workspace.profiles import PROFILES_FILE

        path = self._profiles_path
        if self._beside_store:
            # Settings in a file of their own (tests, a portable setup): the profiles sit beside it.
            path = Path(self._store.fileName()).with_name(PROFILES_FILE)
        return ProfileStore(path)

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

    @property
    def favourites(self) -> list[Favourite]:
        value = self._store.value("assets/favourites", "")
        try:
            items = loads_bounded(value) if isinstance(value, str) and value else []
        except ValueError:
            return []
        if not isinstance(items, list):
            return []
        return [
            Favourite(item["text"], str(item.get("title") or ""))
            for item in items
            if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"]
        ]

    @favourites.setter
    def favourites(self, items: list[Favourite]) -> None:
        # JSON in one value: QSettings' INI lists cannot hold pairs, and titles may contain commas.
        data = [{"text": item.text, "title": item.title} for item in items[:MAX_FAVOURITES]]
        self._store.setValue("assets/favourites", json.dumps(data, ensure_ascii=False))

    def is_favourite(self, text: str) -> bool:
        return any(item.text == text for item in self.favourites)

    def toggle_favourite(self, text: str, title: str = "") -> bool:
        """Star `text`, or unstar it when it is starred; returns whether it is starred now."""
        items = self.favourites
        if any(item.text == text for item in items):
            self.favourites = [item for item in items if item.text != text]
            return False
        self.favourites = [Favourite(text, title), *items]
        return True

    def set_favourite_title(self, text: str, title: str) -> None:
        """Remember the title of a starred asset (it arrives with the metadata)."""
        items = self.favourites
        if any(item.text == text and item.title != title for item in items):
            self.favourites = [
                Favourite(item.text, title if item.text == text else item.title) for item in items
            ]

    # --- downloads (the Downloads tab, Save original / rendition / preview, batches) ------------

    @property
    def download_folder(self) -> str:
        """The folder the last save or batch went to ("" before the first)."""
        value = self._store.value("downloads/folder", "")
        return value if isinstance(value, str) else ""

    @download_folder.setter
    def download_folder(self, value: str) -> None:
        self._store.setValue("downloads/folder", value)

    @property
    def parallel_downloads(self) -> int:
        """How many downloads run at once (1-16, default 3)."""
        value = self._store.value("downloads/parallel", 3)
        # INI values come back as text.
        number = int(value) if isinstance(value, int | str) and str(value).strip().isdigit() else 3
        return max(1, min(number, 16))

    @parallel_downloads.setter
    def parallel_downloads(self, value: int) -> None:
        self._store.setValue("downloads/parallel", int(value))

    @property
    def batch_name_pattern(self) -> str:
        """The name pattern of the last batch ("" before the first)."""
        value = self._store.value("downloads/pattern", "")
        return value if isinstance(value, str) else ""

    @batch_name_pattern.setter
    def batch_name_pattern(self, value: str) -> None:
        self._store.setValue("downloads/pattern", value)

    # --- appearance ---------------------------------------------------------------------------

    @property
    def theme(self) -> str:
        """The theme chosen in the View menu ("system" before the first choice)."""
        value = self._store.value("window/theme", "system")
        return value if isinstance(value, str) and value else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._store.setValue("window/theme", value)

    def sync(self) -> None:
        """Write pending changes to disk now (Qt otherwise writes them lazily)."""
        self._store.sync()
