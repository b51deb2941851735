"""Play playlists offscreen for a while and report what was decoded: `aemviewer video-check`'s Qt part.

The command line never imports Qt at module level; it imports this module lazily, once the
manifests are fetched. Each playlist plays in its own QMediaPlayer into a QVideoSink (no window),
through the caller's `PlaybackProxy`, for a fixed wall-clock time.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from aemviewer.delivery.errors import MediaBackendMissing
from aemviewer.ui.video import backend as video_backend
from aemviewer.video.proxy import CLOSED_BY_PLAYER, PlaybackProxy, ProxyExchange


@dataclass(frozen=True)
class ProbeResult:
    """What playing one playlist for a while gave."""

    url: str
    """The delivery URL of the playlist (never the proxy's)."""
    frames: int
    width: int | None
    height: int | None
    first_frame_seconds: float | None
    segments_fetched: int
    error: str | None

    @property
    def ok(self) -> bool:
        """Frames were decoded and nothing failed."""
        return self.frames > 0 and self.error is None


@dataclass
class _Observed:
    frames: int = 0
    size: tuple[int, int] | None = None
    first_frame: float | None = None
    error: str | None = None
    started: float = field(default_factory=time.perf_counter)


def probe_playlists(urls: list[str], proxy: PlaybackProxy, seconds: float) -> list[ProbeResult]:
    """Play each playlist through `proxy` for `seconds` (less when it ends or fails), one after the
    other. Raises `MediaBackendMissing` when QtMultimedia cannot load."""
    # A check needs no screen: offscreen unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QLoggingCategory

    # Absent optional libraries (PipeWire, VA-API), no sound card, no GPU decoder: none of it is this
    # check's business, and its report goes to stdout; QtMultimedia's chatter would bury it on stderr.
    QLoggingCategory.setFilterRules("qt.multimedia*=false")
    problem = video_backend.missing()
    if problem is not None:
        raise MediaBackendMissing(problem.message, hint=problem.hint)
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance() or QGuiApplication(["aemviewer video-check"])
    assert app is not None
    return [_probe(url, proxy, seconds) for url in urls]


def _probe(url: str, proxy: PlaybackProxy, seconds: float) -> ProbeResult:
    from PySide6.QtCore import Q_ARG, QCoreApplication, QEventLoop, QMetaObject, Qt, QTimer, QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

    loop = QEventLoop()
    # No audio output: the check is about pictures, and without one no sound device is probed.
    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    video_backend.quiet_ffmpeg_log()
    seen = _Observed()

    def frame(video_frame: QVideoFrame) -> None:
        if not video_frame.isValid():
            return
        seen.frames += 1
        seen.size = (video_frame.width(), video_frame.height())
        if seen.first_frame is None:
            seen.first_frame = time.perf_counter() - seen.started

    def error(kind: QMediaPlayer.Error, message: str) -> None:
        if kind != QMediaPlayer.Error.NoError:
            seen.error = message or kind.name
            loop.quit()

    def status(value: QMediaPlayer.MediaStatus) -> None:
        if value == QMediaPlayer.MediaStatus.EndOfMedia:
            loop.quit()
        elif value == QMediaPlayer.MediaStatus.InvalidMedia and seen.error is None:
            seen.error = "the player cannot read this media"
            loop.quit()

    sink.videoFrameChanged.connect(frame)
    player.errorOccurred.connect(error)
    player.mediaStatusChanged.connect(status)
    before = len(proxy.exchanges)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(seconds * 1000))
    seen.started = time.perf_counter()
    # Queued, so that they run from the event loop without the GIL (see ui/video/player.py).
    queued = Qt.ConnectionType.QueuedConnection
    QMetaObject.invokeMethod(player, "setSource", queued, Q_ARG(QUrl, QUrl(proxy.url_for(url))))
    QMetaObject.invokeMethod(player, "play", queued)
    loop.exec()
    timer.stop()
    QMetaObject.invokeMethod(player, "stop", queued)
    QMetaObject.invokeMethod(player, "setSource", queued, Q_ARG(QUrl, QUrl()))
    QCoreApplication.processEvents()  # the player's threads end here, before the next one starts
    player.deleteLater()
    sink.deleteLater()
    return _result(url, seen, proxy.exchanges[before:])


def _result(url: str, seen: _Observed, exchanges: list[ProxyExchange]) -> ProbeResult:
    """What the player showed of `url`, and the first fetch that failed under it."""
    failures = [e for e in exchanges if not e.ok and e.error != CLOSED_BY_PLAYER]
    message = seen.error
    if failures:
        failed = f"{failures[0].url} → {failures[0].error}"
        message = f"{message}; {failed}" if message else failed
    return ProbeResult(
        url=url,
        frames=seen.frames,
        width=seen.size[0] if seen.size else None,
        height=seen.size[1] if seen.size else None,
        first_frame_seconds=seen.first_frame,
        segments_fetched=sum(1 for e in exchanges if e.ok and not e.is_playlist),
        error=message,
    )
