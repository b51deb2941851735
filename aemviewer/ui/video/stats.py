"""Live playback statistics, like hls.js's demo: what plays, at what size, buffer, segments, frames."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from aemviewer.video.loading import VideoManifests
from aemviewer.video.proxy import ProxyExchange

if TYPE_CHECKING:
    from aemviewer.ui.video.player import VideoPlayer


@dataclass
class FetchCounter:
    """Segments and bytes the player fetched through the proxy, per variant playlist URL.

    `variant_of` maps a segment URL to its variant's playlist URL (from the media playlists); a
    segment no media playlist lists counts under "other".
    """

    variant_of: dict[str, str] = field(default_factory=dict)
    segments: Counter[str] = field(default_factory=Counter)
    playlists: int = 0
    bytes: int = 0
    failures: list[ProxyExchange] = field(default_factory=list)

    def add(self, exchange: ProxyExchange) -> None:
        self.bytes += exchange.byte_count
        if not exchange.ok:
            self.failures.append(exchange)
            return
        if exchange.is_playlist:
            self.playlists += 1
        else:
            self.segments[self.variant_of.get(exchange.url, "other")] += 1

    @property
    def total_segments(self) -> int:
        return sum(self.segments.values())

    def reset(self, variant_of: dict[str, str] | None = None) -> None:
        if variant_of is not None:
            self.variant_of = variant_of
        self.segments.clear()
        self.playlists = 0
        self.bytes = 0
        self.failures.clear()


class StatsPanel(QGroupBox):
    """A form of live values; `show_values` replaces them all at once."""

    FIELDS = ("Playing", "Resolution", "Position", "Buffer", "Segments", "Frames shown", "Through proxy")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Live stats", parent)
        self.setObjectName("videoStats")
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setContentsMargins(10, 8, 10, 8)
        form.setVerticalSpacing(5)
        for name in self.FIELDS:
            label = QLabel("–")
            label.setObjectName(f"stat{name.replace(' ', '')}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.labels[name] = label
            form.addRow(f"{name}:", label)

    def show_values(self, values: dict[str, str]) -> None:
        for name, label in self.labels.items():
            label.setText(values.get(name, "–"))

    def value(self, name: str) -> str:
        return self.labels[name].text()


def player_values(player: VideoPlayer, name: str, *, is_master: bool) -> dict[str, str]:
    """What the player says: the variant (for the master, its video track), decoded size,
    position and rate, buffer, frames."""
    media = player.player
    if is_master and media.videoTracks():
        name += f", video track {media.activeVideoTrack() + 1} of {len(media.videoTracks())}"
    size = player.frame_size
    status = media.mediaStatus().name.removesuffix("Media")
    return {
        "Playing": f"{name} ({player.state_text()})",
        "Resolution": f"{size.width()}×{size.height()} decoded" if size.isValid() else "no frame yet",
        "Position": f"{media.position() / 1000:.1f} s of {media.duration() / 1000:.1f} s at {media.playbackRate():g}×",
        "Buffer": f"{media.bufferProgress() * 100:.0f} % ({status})",
        "Frames shown": str(player.frames),
    }


def fetch_values(counter: FetchCounter, manifests: VideoManifests) -> dict[str, str]:
    """What went through the proxy: segments per variant, playlists, bytes, failures."""
    per_variant = " · ".join(
        f"{entry.variant.label}: {counter.segments.get(entry.variant.uri, 0)}" for entry in manifests.variants
    )
    failed = f", {len(counter.failures)} failed" if counter.failures else ""
    playlists = counter.playlists
    return {
        "Segments": f"{counter.total_segments} fetched ({per_variant})",
        "Through proxy": f"{playlists} playlist{'' if playlists == 1 else 's'}, {counter.bytes / 1024:.0f} KiB{failed}",
    }
