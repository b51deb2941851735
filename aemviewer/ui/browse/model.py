"""The Browse results as a list model, with thumbnails that are asked for only when a card is drawn.

The view asks `data(…, DecorationRole)` for the cards it paints; the first time for a card, the
model emits `thumbnail_wanted`, and the panel fetches it. Thumbnails live in a small LRU cache keyed
by host and asset id, so searching again or scrolling back costs no request.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QImage

from aemviewer.ui.browse.query import HitSummary

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The `HitSummary` of a card."""
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
"""'loading', 'ready' or 'failed' for the card's thumbnail."""

Index = QModelIndex | QPersistentModelIndex


class ThumbnailCache:
    """At most `capacity` thumbnails, the least recently used dropped first."""

    def __init__(self, capacity: int = 600) -> None:
        self.capacity = capacity
        self._images: OrderedDict[tuple[str, str], QImage] = OrderedDict()

    def get(self, key: tuple[str, str]) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: tuple[str, str], image: QImage) -> None:
        self._images[key] = image
        self._images.move_to_end(key)
        while len(self._images) > self.capacity:
            self._images.popitem(last=False)

    def __len__(self) -> int:
        return len(self._images)


class BrowseModel(QAbstractListModel):
    """Search hits of the current query, page after page."""

    thumbnail_wanted = Signal(object)
    """A `HitSummary` whose card is being drawn without its thumbnail."""

    def __init__(self, cache: ThumbnailCache | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.cache = cache or ThumbnailCache()
        self.host = ""
        self._hits: list[HitSummary] = []
        self._rows: dict[str, int] = {}
        self._pending: set[str] = set()
        self._failed: set[str] = set()

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            name = f"\n{hit.file_name}" if hit.file_name and hit.file_name != hit.title else ""
            return f"{hit.title}{name}\n{hit.detail()}\n{hit.asset_id}\nDouble-click or Enter opens it."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}, {hit.detail()}"
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(hit)
        if role == STATE_ROLE:
            if hit.asset_id in self._failed:
                return "failed"
            return "ready" if self.cache.get(self._key(hit.asset_id)) is not None else "loading"
        return None

    # --- contents ------------------------------------------------------------------------------

    @property
    def hits(self) -> list[HitSummary]:
        return list(self._hits)

    def reset(self, host: str) -> None:
        """Empty the list for a new search on `host`."""
        self.beginResetModel()
        self.host = host
        self._hits = []
        self._rows = {}
        self._pending.clear()
        self._failed.clear()
        self.endResetModel()

    def append(self, hits: list[HitSummary]) -> int:
        """Add the hits of the next page (ids already listed are skipped); returns how many were new."""
        fresh = [
            hit
            for hit in dict((hit.asset_id, hit) for hit in hits).values()
            if hit.asset_id not in self._rows
        ]
        if not fresh:
            return 0
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for offset, hit in enumerate(fresh):
            self._rows[hit.asset_id] = first + offset
            self._hits.append(hit)
        self.endInsertRows()
        return len(fresh)

    def set_thumbnail(self, asset_id: str, image: QImage) -> None:
        self._pending.discard(asset_id)
        self.cache.put(self._key(asset_id), image)
        self._changed(asset_id)

    def set_failed(self, asset_id: str) -> None:
        self._pending.discard(asset_id)
        self._failed.add(asset_id)
        self._changed(asset_id)

    def row_of(self, asset_id: str) -> int | None:
        return self._rows.get(asset_id)

    # --- inside --------------------------------------------------------------------------------

    def _thumbnail(self, hit: HitSummary) -> QImage | None:
        image = self.cache.get(self._key(hit.asset_id))
        if image is not None:
            return image
        if hit.asset_id not in self._pending and hit.asset_id not in self._failed:
            self._pending.add(hit.asset_id)
            self.thumbnail_wanted.emit(hit)
        return None

    def _key(self, asset_id: str) -> tuple[str, str]:
        return (self.host, asset_id)

    def _changed(self, asset_id: str) -> None:
        row = self._rows.get(asset_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole, STATE_ROLE])
