"""The Video tab: the player, the variant table with live stats, the manifests, the player container.

It follows the window's `asset_opened` and loads when visible: metadata (is it a video?), the HLS
master and every media playlist, the DASH manifest, the poster. All playback goes through a
loopback `PlaybackProxy` (the player cannot send the token), which is also how the segments the
player fetches are counted. Without QtMultimedia the tab still shows manifests and variants and says
what to install.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, MalformedManifest, MediaBackendMissing, NotAVideo
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.error_messages import banner_for, message_and_hint
from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.video import backend as video_backend
from aemviewer.ui.video.container import PlayerContainerView
from aemviewer.ui.video.loading import LoadedVideo, load_video
from aemviewer.ui.video.manifest_view import ManifestView
from aemviewer.ui.video.playback_log import PlaybackLog
from aemviewer.ui.video.problems import playback_problem
from aemviewer.ui.video.stats import FetchCounter, StatsPanel, fetch_values, player_values
from aemviewer.ui.video.variants import VariantTableModel, rows_for
from aemviewer.ui.video.variants_view import variant_table, variants_page
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.video.proxy import CLOSED_BY_PLAYER, PlaybackProxy, ProxyExchange

if TYPE_CHECKING:
    from aemviewer.ui.video.player import VideoPlayer


STATS_INTERVAL_MS = 250


class VideoPanel(QWidget):
    """The Video tab of one window."""

    exchange_seen = Signal(object)
    """A `ProxyExchange`; emitted on the proxy's thread, delivered on the GUI thread."""
    video_loaded = Signal(object)
    """A `LoadedVideo`."""
    load_failed = Signal(object)
    """The `DeliveryError` that stopped loading."""

    def __init__(self, context: FeatureContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoPanel")
        self._context = context
        self.ref: AssetRef | None = None
        self.video: LoadedVideo | None = None
        self.counter = FetchCounter()
        self.playback_log = PlaybackLog(context.service.report_entry)
        self._stale = False
        self._proxies: dict[str, PlaybackProxy] = {}
        self._playing_url: str | None = None
        self._player_error: str | None = None
        self._selecting = False
        self.banner = Banner()
        self.unavailable: MediaBackendMissing | None = None
        """Why video cannot play here; known once the tab was shown."""
        self.player: VideoPlayer | None = None
        self._player_made = False
        self.model = VariantTableModel()
        self.table = variant_table(self.model)
        self.stats = StatsPanel()
        self.manifest_view = ManifestView()
        self.container = PlayerContainerView()
        self._build()
        self.stats_timer = QTimer(self)
        self.stats_timer.setInterval(STATS_INTERVAL_MS)
        self.stats_timer.timeout.connect(self.refresh_stats)
        self.exchange_seen.connect(self._exchange, Qt.ConnectionType.QueuedConnection)
        self.container.copied.connect(lambda text: context.status.show_message(text, 4000))
        context.preview.asset_opened.connect(self.open_asset)

    def _ensure_player(self) -> None:
        """Create the player the first time the tab is shown: QtMultimedia (its FFmpeg, the sound
        devices) loads only for those who watch a video, not with every window."""
        if self._player_made:
            return
        self._player_made = True
        self.unavailable = video_backend.missing()
        if self.unavailable is None:
            from aemviewer.ui.video.player import (
                VideoPlayer,  # QtMultimedia loads only once it is known to work
            )

            self.player = VideoPlayer()
            self.player.frame_shown.connect(self._first_frames)
            self.player.failed.connect(self._playback_failed)
            self.player.state_changed.connect(self._show_play_state)
            self.player.play_requested.connect(self.toggle_play)
            picture: QWidget = self.player
        else:
            picture = QLabel(f"{self.unavailable.message}\n{self.unavailable.hint}")
            picture.setObjectName("videoUnavailable")
            picture.setWordWrap(True)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._picture_layout.addWidget(picture)

    def _build(self) -> None:
        self.picture_box = QWidget()
        self.picture_box.setObjectName("videoPicture")
        self._picture_layout = QVBoxLayout(self.picture_box)
        self._picture_layout.setContentsMargins(0, 0, 0, 0)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        variants = variants_page(self.table)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("videoTabs")
        self.tabs.addTab(variants, "Variants")
        self.tabs.addTab(self.manifest_view, "Manifests")
        self.tabs.addTab(self.container, "Player container")
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.picture_box)
        top.addWidget(self.stats)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 0)
        top.setSizes([900, 300])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("videoSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([460, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        row.addWidget(self.splitter)
        layout.addLayout(row, 1)

    # --- opening ---------------------------------------------------------------------------------

    def open_asset(self, ref: AssetRef) -> None:
        """Follow the window: load now when the tab is visible, else when it is shown."""
        self.ref = ref
        self._stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ensure_player()
        if self._stale and self.ref is not None:
            self.load()
        self.stats_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.stats_timer.stop()
        if self.player is not None and not self.player.video.isFullScreen():
            self.player.pause()

    def load(self) -> None:
        """Load the current asset's manifests and poster (replacing whatever was shown)."""
        ref = self.ref
        if ref is None:
            return
        self._stale = False
        self._ensure_player()
        self._stop_playback()
        self.video = None
        self.model.set_rows([])
        self.manifest_view.clear()
        self.container.set_page(None)
        self.banner.dismiss()
        if self.player is not None:
            self.player.set_poster(None, "Loading…")
        self._context.runner.run(
            load_video(self._context.service, ref),
            on_success=self._loaded,
            on_failure=self._load_failed,
            ticket=self._context.runner.ticket("video-load"),
        )

    def _loaded(self, video: LoadedVideo) -> None:
        self.video = video
        manifests = video.manifests
        self.counter.reset(video.variant_of_segments())
        self.model.set_rows(rows_for(manifests))
        self.manifest_view.show_manifests(manifests)
        self.container.set_page(video.endpoints.player_page(video.ref.asset_id), video.title)
        if self.player is not None:
            text = f"No poster: {video.poster_error}" if video.poster_error else "Press play."
            self.player.set_poster(video.poster, text)
        problems = [entry.error for entry in manifests.variants if entry.error is not None]
        if self.unavailable is not None:
            self.banner.show_message(
                BannerKind.WARNING, self.unavailable.message, escape(self.unavailable.hint)
            )
        elif problems:
            first = problems[0]
            self.banner.show_message(
                BannerKind.WARNING,
                f"{len(problems)} of {len(manifests.variants)} media playlists cannot be read",
                message_and_hint(first),
            )
        self.refresh_stats()
        self.video_loaded.emit(video)

    def _load_failed(self, error: DeliveryError) -> None:
        if self.player is not None:
            self.player.set_poster(None, "No video.")
        if isinstance(error, NotAVideo):
            self.banner.show_message(BannerKind.INFO, "Not a video", message_and_hint(error))
        elif isinstance(error, MalformedManifest):
            self.banner.show_message(
                BannerKind.ERROR,
                "The manifest cannot be read" + (f" (line {error.line})" if error.line else ""),
                message_and_hint(error),
                [("Retry", self.load)],
            )
            if error.text is not None:
                self.manifest_view.show_failed_text("Manifest", error.url or "", error.text, error)
                self.tabs.setCurrentWidget(self.manifest_view)
        else:
            kind, title, message, actions = banner_for(error, self.ref)
            self.banner.show_message(kind, title, message, [("Retry", self.load)] if actions else [])
        self.load_failed.emit(error)

    # --- playing ---------------------------------------------------------------------------------

    def toggle_play(self) -> None:
        """Play/pause; the first press plays the selected variant (or all of them)."""
        if self.player is None or self.video is None:
            return
        if not self.player.source:
            self.play(self._selected_url() or self.video.manifests.master.url)
        else:
            self.player.toggle()

    def play(self, url: str) -> None:
        """Play the playlist at `url` (the master or one variant's) through the proxy, from the
        current position."""
        if self.player is None or self.video is None:
            return
        try:
            proxy = self._proxy_for(self.video.endpoints)
            proxied = proxy.url_for(url)
        except DeliveryError as error:
            self.banner.show_message(BannerKind.ERROR, "Cannot start playback", message_and_hint(error))
            return
        position = self.player.resume_position()
        if self.banner.kind is not BannerKind.INFO:
            self.banner.dismiss()
        self.playback_log.begin(url, self.video.ref.asset_id, self.counter)
        self._playing_url = url
        self._player_error = None
        self.model.set_playing(url, "opening…")
        self.player.open(proxied, position_ms=position, autoplay=True)
        self._select_row(url)
        self.refresh_stats()

    def play_variant(self, row: int) -> None:
        """Play the table row `row` (0 is “All variants”)."""
        rows = self.model.rows
        if 0 <= row < len(rows) and rows[row].url is not None:
            self.play(rows[row].url)  # type: ignore[arg-type]

    @property
    def playing_url(self) -> str | None:
        """The delivery URL of the playlist being played (not the proxy's)."""
        return self._playing_url

    def _selected_url(self) -> str | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()].url if indexes else None

    def _select_row(self, url: str) -> None:
        row = self.model.row_of(url)
        if row is None:
            return
        self._selecting = True
        try:
            self.table.selectRow(row)
        finally:
            self._selecting = False

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._selecting or not selected.indexes():
            return
        url = self.model.rows[selected.indexes()[0].row()].url
        if url is not None and url != self._playing_url:
            self.play(url)

    def _proxy_for(self, endpoints: DeliveryEndpoints) -> PlaybackProxy:
        service = self._context.service
        token = service.token_for(endpoints)
        proxy = self._proxies.get(endpoints.base_url)
        if proxy is not None and proxy.token_source is not token:
            proxy.stop()  # the profile (and its token) changed since
            proxy = None
        if proxy is None:
            proxy = PlaybackProxy(endpoints.base_url, token, on_exchange=self.exchange_seen.emit)
            proxy.start()
            self._proxies[endpoints.base_url] = proxy
        return proxy

    def _exchange(self, exchange: ProxyExchange) -> None:
        self.counter.add(exchange)
        counts = dict(self.counter.segments)
        if self.video is not None:
            counts[self.video.manifests.master.url] = self.counter.total_segments
        self.model.set_fetched(counts)
        if not exchange.ok and exchange.error != CLOSED_BY_PLAYER:
            self._show_playback_problem()

    def _first_frames(self) -> None:
        if self.player is not None and self.player.frames == 1:
            self.refresh_stats()

    def _playback_failed(self, message: str) -> None:
        self._player_error = message
        self._show_playback_problem()
        self._show_play_state()

    def _show_play_state(self) -> None:
        if self.player is not None and self._playing_url is not None:
            self.model.set_play_state("failed" if self._player_error else self.player.state_text())

    def _show_playback_problem(self) -> None:
        """One banner for what went wrong (see `playback_problem`)."""
        problem = playback_problem(self._player_error, self.counter.failures)
        if problem is not None:
            actions = [("Retry", self._retry)] if problem.retry else []
            self.banner.show_message(problem.kind, problem.title, problem.message, actions)

    def _retry(self) -> None:
        if self._playing_url is not None:
            self.play(self._playing_url)

    # --- stats -----------------------------------------------------------------------------------

    def refresh_stats(self) -> None:
        """Update the live stats from the player and the proxy's counts."""
        values = {"Playing": "nothing yet" if self.video is not None else "–"}
        video, playing = self.video, self._playing_url
        if self.player is not None and video is not None and playing is not None:
            row = self.model.row_of(playing)
            name = self.model.rows[row].name if row is not None else playing
            values.update(player_values(self.player, name, is_master=playing == video.manifests.master.url))
        if video is not None:
            values.update(fetch_values(self.counter, video.manifests))
        self.stats.show_values(values)

    # --- ending ----------------------------------------------------------------------------------

    def _stop_playback(self, *, now: bool = False) -> None:
        self.playback_log.end(self.counter)
        if self.player is not None:
            self.player.close_media(now=now)
        self._playing_url = None
        self.model.set_playing(None)

    def shutdown(self) -> None:
        """Stop the player, then the proxies (the window is closing). The player's threads end
        before the proxies do, so that none of them is left waiting on a socket."""
        self.stats_timer.stop()
        self._stop_playback(now=True)
        for proxy in self._proxies.values():
            proxy.stop()
        self._proxies.clear()

    def feature(self) -> Feature:
        """The Video tab; playback stops when the window closes."""
        return Feature(tabs=(Tab(self, "Video"),), shutdown=self.shutdown)
