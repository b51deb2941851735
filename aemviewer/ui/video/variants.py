"""The variant table: the HLS master's variants (playable) and the DASH representations (shown only),
with how many segments of each the player has fetched so far."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from aemviewer.video.loading import VideoManifests

PLAYING = "▶ playing"
DASH_NOTE = "not playable in this player (no DASH demuxer)"

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class VariantRow:
    """One row: the master ("all variants"), an HLS variant, or a DASH representation."""

    kind: str
    """`HLS` or `DASH`."""
    name: str
    url: str | None
    """The playlist the player opens for this row; None when it cannot play it."""
    bandwidth: int | None = None
    average_bandwidth: int | None = None
    resolution: tuple[int, int] | None = None
    codecs: str | None = None
    frame_rate: float | None = None
    audio_group: str | None = None
    segments: int | None = None
    duration: float | None = None
    note: str = ""
    """Why it does not play, or what went wrong reading its playlist."""
    fetched: int = 0
    """Segments fetched through the player's proxy."""

    @property
    def playable(self) -> bool:
        return self.url is not None


def rows_for(manifests: VideoManifests) -> list[VariantRow]:
    """The table's rows: "All variants", each HLS variant, then each DASH representation."""
    master = manifests.master
    rows = [
        VariantRow(
            "HLS",
            "All variants (master)",
            master.url,
            segments=sum(len(entry.playlist.segments) for entry in manifests.variants if entry.playlist),
            note="the player switches no variant by itself: it plays one video track",
        )
    ]
    for entry in manifests.variants:
        variant, playlist = entry.variant, entry.playlist
        rows.append(
            VariantRow(
                "HLS",
                variant.label,
                variant.uri if playlist is not None else None,
                variant.bandwidth,
                variant.average_bandwidth,
                variant.resolution,
                variant.codecs,
                variant.frame_rate,
                variant.audio_group,
                len(playlist.segments) if playlist else None,
                playlist.total_duration if playlist else None,
                entry.error.message if entry.error is not None else "",
            )
        )
    if manifests.dash is not None:
        for representation in manifests.dash.representations:
            size = (representation.width, representation.height)
            rows.append(
                VariantRow(
                    "DASH",
                    f"{representation.label} ({representation.content_type})",
                    None,
                    representation.bandwidth,
                    None,
                    size if size[0] and size[1] else None,  # type: ignore[arg-type]
                    representation.codecs,
                    representation.frame_rate,
                    None,
                    representation.segment_count,
                    manifests.dash.duration,
                    DASH_NOTE,
                )
            )
    return rows


def _rate(bits: int | None) -> str:
    if bits is None:
        return ""
    return f"{bits / 1_000_000:.2f} Mbit/s" if bits >= 1_000_000 else f"{bits / 1000:.0f} kbit/s"


class VariantTableModel(QAbstractTableModel):
    """`VariantRow`s as a table; the row being played is bold."""

    COLUMNS = (
        "Variant",
        "Bandwidth",
        "Average",
        "Resolution",
        "Codecs",
        "Frame rate",
        "Audio",
        "Segments",
        "Fetched",
        "Playback",
    )

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[VariantRow] = []
        self._playing: str | None = None
        self._state = PLAYING

    @property
    def rows(self) -> list[VariantRow]:
        return list(self._rows)

    def set_rows(self, rows: list[VariantRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._playing = None
        self.endResetModel()

    def set_playing(self, url: str | None, state: str = PLAYING) -> None:
        """Mark the row whose playlist the player has open, with what the player does with it."""
        self._playing = url
        self._state = state
        self._changed()

    def set_play_state(self, state: str) -> None:
        """What the player does with the marked row: `▶ playing`, `paused`, `ended`, `failed`, …"""
        if state != self._state:
            self._state = state
            self._changed()

    def set_fetched(self, counts: dict[str, int]) -> None:
        """Segments fetched per playlist URL (a variant's, or the master's for the total)."""
        self._rows = [replace(row, fetched=counts.get(row.url or "", 0)) for row in self._rows]
        self._changed()

    def row_of(self, url: str) -> int | None:
        return next((number for number, row in enumerate(self._rows) if row.url == url), None)

    def _changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled
        if index.isValid() and self._rows[index.row()].playable:
            flags |= Qt.ItemFlag.ItemIsSelectable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.note or (row.url or "")
        if role == Qt.ItemDataRole.FontRole and row.url is not None and row.url == self._playing:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not row.playable:
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == Qt.ItemDataRole.ForegroundRole and row.note and row.kind == "HLS" and row.url is None:
            return QBrush(QColor(214, 57, 57))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            "Bandwidth",
            "Average",
            "Segments",
            "Fetched",
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: VariantRow, column: str) -> str:
        if column == "Variant":
            return f"{row.kind} · {row.name}"
        if column == "Bandwidth":
            return _rate(row.bandwidth)
        if column == "Average":
            return _rate(row.average_bandwidth)
        if column == "Resolution":
            return f"{row.resolution[0]}×{row.resolution[1]}" if row.resolution else ""
        if column == "Codecs":
            return row.codecs or ""
        if column == "Frame rate":
            return f"{row.frame_rate:g} fps" if row.frame_rate else ""
        if column == "Audio":
            return row.audio_group or ""
        if column == "Segments":
            if row.segments is None:
                return ""
            return f"{row.segments}" + (f" · {row.duration:.1f} s" if row.duration else "")
        if column == "Fetched":
            return "" if not row.playable else str(row.fetched)
        if row.url is not None and row.url == self._playing:
            return self._state
        if row.kind == "DASH":
            return DASH_NOTE
        return row.note if row.url is None else "click to play"
