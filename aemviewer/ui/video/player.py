"""The player: QMediaPlayer on a QVideoWidget, with the poster until the first frame, and its controls
(play/pause, seek bar, time, playback rate, volume, mute, full screen).

Every call that changes the player or its audio output goes through Qt's event queue
(`QMetaObject.invokeMethod`, queued) instead of being made from Python. PySide keeps the GIL while
a C++ method runs; QMediaPlayer's stop/play/setSource wait on locks that FFmpeg's renderer threads
hold while they call back into Python objects (which needs the GIL): called from Python, that
deadlocks now and then. Run from the event loop, the same calls hold no GIL.

Import only after `video_backend.missing()` returned None: this module imports QtMultimedia.
"""

from __future__ import annotations

from PySide6.QtCore import (
    Q_ARG,
    QCoreApplication,
    QEvent,
    QGenericArgumentHolder,
    QMetaObject,
    QObject,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer, QVideoFrame
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.ui.video.backend import quiet_ffmpeg_log
from aemviewer.ui.video.poster import PosterLabel
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.icons import tinted_icon

RATES = (0.25, 0.5, 1.0, 1.25, 1.5, 2.0, 4.0)


def clock(milliseconds: int) -> str:
    """`1:05.2` (minutes, seconds, tenths)."""
    minutes, rest = divmod(max(milliseconds, 0), 60_000)
    return f"{minutes}:{rest / 1000:04.1f}"


class VideoPlayer(QWidget):
    """A QMediaPlayer with its picture and controls. Counts the frames its video sink receives."""

    frame_shown = Signal()
    state_changed = Signal()
    """The playback state or the media status changed (see `state_text`)."""
    failed = Signal(str)
    """QMediaPlayer's error string."""
    loaded = Signal()
    """The opened source is ready (after a pending seek was applied)."""
    play_requested = Signal()
    """Play was pressed with nothing open: the owner decides what to open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        quiet_ffmpeg_log()
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget()
        self.video.setObjectName("videoWidget")
        self.video.installEventFilter(self)
        self.player.setVideoOutput(self.video)
        self.poster = PosterLabel()
        self.poster.set_image(None, "No video open.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.poster)
        self.stack.addWidget(self.video)
        self.stack.setMinimumSize(QSize(320, 180))
        self.frames = 0
        self.frame_size = QSize()
        self._pending_position: int | None = None
        self._autoplay = False
        self._loading = False
        self._source = ""
        self._seeking = False
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.controls)
        self.video.videoSink().videoFrameChanged.connect(self._frame)
        self.player.positionChanged.connect(self._position_changed)
        self.player.durationChanged.connect(self._duration_changed)
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.mediaStatusChanged.connect(self._status_changed)
        self.player.errorOccurred.connect(self._error)
        self._update_play_button()

    def _build_controls(self) -> None:
        self.play_button = QToolButton()
        self.play_button.setObjectName("playButton")
        self.play_button.setAutoRaise(True)
        self.play_button.clicked.connect(self.toggle)
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setObjectName("seekBar")
        self.seek.setRange(0, 0)
        name_widget(self.seek, "Position", "Where the playback is; move it to seek")
        self.seek.sliderPressed.connect(lambda: setattr(self, "_seeking", True))
        self.seek.sliderReleased.connect(self._seek_released)
        self.seek.actionTriggered.connect(self._seek_action)
        self.time_label = QLabel(f"{clock(0)} / {clock(0)}")
        self.time_label.setObjectName("timeLabel")
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance("00:00.0 / 00:00.0"))
        self.rate = QComboBox()
        self.rate.setObjectName("rateBox")
        self.rate.setToolTip("Playback rate")
        for rate in RATES:
            self.rate.addItem(f"{rate:g}×", rate)
        self.rate.setCurrentIndex(RATES.index(1.0))
        self.rate.currentIndexChanged.connect(
            lambda _index: self._invoke(
                self.player, "setPlaybackRate", Q_ARG(float, float(self.rate.currentData()))
            )
        )
        self.mute_button = QToolButton()
        self.mute_button.setObjectName("muteButton")
        self.mute_button.setAutoRaise(True)
        self.mute_button.setCheckable(True)
        name_widget(self.mute_button, "Mute", "Mute the sound")
        self.mute_button.setIcon(tinted_icon(self, QStyle.StandardPixmap.SP_MediaVolume))
        self.mute_button.toggled.connect(self._mute)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volumeSlider")
        name_widget(self.volume, "Volume", "The sound's volume, 0 to 100")
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setFixedWidth(90)
        self.volume.valueChanged.connect(
            lambda value: self._invoke(self.audio, "setVolume", Q_ARG("float", value / 100))
        )
        self.audio.setVolume(0.8)  # nothing plays yet: a direct call is safe
        self.full_screen_button = QToolButton()
        self.full_screen_button.setObjectName("fullScreenButton")
        self.full_screen_button.setAutoRaise(True)
        self.full_screen_button.setIcon(tinted_icon(self, QStyle.StandardPixmap.SP_TitleBarMaxButton))
        name_widget(
            self.full_screen_button, "Full screen", "Full screen (or double-click the picture; Esc leaves it)"
        )
        self.full_screen_button.clicked.connect(self.toggle_full_screen)
        self.audio_note = QLabel("No audio device")
        self.audio_note.setObjectName("audioNote")
        self.audio_note.setToolTip(
            "This computer offers no sound output, so videos play without sound; the picture is not affected."
        )
        self._media_devices = QMediaDevices(self)
        self._media_devices.audioOutputsChanged.connect(self._audio_outputs_changed)
        self._audio_outputs_changed()
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(4, 0, 4, 0)
        self.controls.setSpacing(6)
        self.controls.addWidget(self.play_button)
        self.controls.addWidget(self.seek, 1)
        self.controls.addWidget(self.time_label)
        self.controls.addWidget(self.rate)
        self.controls.addWidget(self.audio_note)
        self.controls.addWidget(self.mute_button)
        self.controls.addWidget(self.volume)
        self.controls.addWidget(self.full_screen_button)

    # --- what to play ----------------------------------------------------------------------------

    def set_poster(self, image: QImage | None, text: str = "") -> None:
        """The picture shown until the first frame (or `text` without one)."""
        self.poster.set_image(image, text)

    def open(self, url: str, *, position_ms: int = 0, autoplay: bool = True) -> None:
        """Open `url`; once it is loaded, seek to `position_ms` and play if `autoplay`."""
        self._pending_position = position_ms or None
        self._autoplay = autoplay
        self._loading = False
        self.frames = 0
        self.frame_size = QSize()
        self._source = url
        self._invoke(self.player, "setSource", Q_ARG(QUrl, QUrl(url)))
        if autoplay and self._pending_position is None:
            self._invoke(self.player, "play")
        # With a position to go back to, play starts once loaded and sought (see _status_changed),
        # so the first frames shown are not the start of the video.

    def close_media(self, *, now: bool = False) -> None:
        """Stop and forget the source; the poster shows again. With `now`, the queued calls run
        before this returns (the window is closing: the player's threads end here)."""
        self._invoke(self.player, "stop")
        self._invoke(self.player, "setSource", Q_ARG(QUrl, QUrl()))
        self._source = ""
        self._pending_position = None
        self._show_time(0, 0)
        self.stack.setCurrentWidget(self.poster)
        if now:
            QCoreApplication.processEvents()

    def _invoke(self, target: QObject, slot: str, argument: QGenericArgumentHolder | None = None) -> None:
        # Queued: see the module's docstring for why these calls never come straight from Python.
        queued = Qt.ConnectionType.QueuedConnection
        if argument is None:
            QMetaObject.invokeMethod(target, slot, queued)
        else:
            QMetaObject.invokeMethod(target, slot, queued, argument)

    @property
    def source(self) -> str:
        """The URL opened with `open` ("" when none), also before the queued call has run."""
        return self._source

    def toggle(self) -> None:
        """Pause when playing, else play (or ask the owner what to play: `play_requested`)."""
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self._invoke(self.player, "pause")
        elif not self._source:
            self.play_requested.emit()
        else:
            self._invoke(self.player, "play")

    def resume_position(self) -> int:
        """Where a newly opened variant should start: where this one is, or the start once it ended
        (a seek to the end makes FFmpeg fail with "Operation not permitted")."""
        media = self.player
        if not self._source or media.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia:
            return 0
        position = media.position()
        return 0 if 0 < media.duration() <= position else position

    def state_text(self) -> str:
        """What the player does, in a word or two, for the variant table."""
        media, status = self.player, self.player.mediaStatus()
        if media.error() != QMediaPlayer.Error.NoError or status == QMediaPlayer.MediaStatus.InvalidMedia:
            return "failed"
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            return "ended"
        state = media.playbackState()
        if state == QMediaPlayer.PlaybackState.PlayingState:
            return "▶ playing"
        if state == QMediaPlayer.PlaybackState.PausedState:
            return "paused"
        return "opening…" if self._source else "stopped"

    def pause(self) -> None:
        self._invoke(self.player, "pause")

    def set_rate(self, rate: float) -> None:
        """Choose a playback rate (the box shows it; rates outside the list are added)."""
        index = self.rate.findData(rate)
        if index < 0:
            self.rate.addItem(f"{rate:g}×", rate)
            index = self.rate.count() - 1
        self.rate.setCurrentIndex(index)
        self._invoke(self.player, "setPlaybackRate", Q_ARG(float, rate))

    def toggle_full_screen(self) -> None:
        if self.stack.currentWidget() is self.video:
            self.video.setFullScreen(not self.video.isFullScreen())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.video and event.type() == QEvent.Type.MouseButtonDblClick:
            self.toggle_full_screen()
            return True
        if watched is self.video and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key == Qt.Key.Key_Escape and self.video.isFullScreen():
                self.video.setFullScreen(False)
                return True
            if key == Qt.Key.Key_Space:
                self.toggle()
                return True
        return super().eventFilter(watched, event)

    # --- player events ---------------------------------------------------------------------------

    def _frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        self.frames += 1
        self.frame_size = frame.size()
        if self.stack.currentWidget() is not self.video:
            self.stack.setCurrentWidget(self.video)
        self.frame_shown.emit()

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        loaded = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
        if status == QMediaPlayer.MediaStatus.LoadingMedia:
            self._loading = True
        # setSource() first reports the old media as loaded once more: a seek then would move the
        # old media (and make it fetch its segments again). Only a load that began counts.
        if status in loaded and self._loading and self._pending_position is not None:
            position, self._pending_position = self._pending_position, None
            if self.player.isSeekable():
                self._invoke(self.player, "setPosition", Q_ARG("qint64", position))
            if self._autoplay:
                self._invoke(self.player, "play")
        if status in loaded:
            self.loaded.emit()
        self.state_changed.emit()
        if (
            status == QMediaPlayer.MediaStatus.InvalidMedia
            and self.player.error() == QMediaPlayer.Error.NoError
        ):
            self.failed.emit("The player cannot read this media.")

    def _error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self.failed.emit(message or error.name)

    def _position_changed(self, position: int) -> None:
        self._show_time(position, self.player.duration())

    def _duration_changed(self, duration: int) -> None:
        self._show_time(self.player.position(), duration)

    def _show_time(self, position: int, duration: int) -> None:
        # Without a source nothing plays: the old media's late signals must not bring back its numbers.
        if not self._source:
            position = duration = 0
        self.seek.setRange(0, max(duration, 0))
        if not self._seeking:
            self.seek.setValue(position)
        self.time_label.setText(f"{clock(position)} / {clock(duration)}")

    def _seek_released(self) -> None:
        self._seeking = False
        self._invoke(self.player, "setPosition", Q_ARG("qint64", self.seek.value()))

    def _seek_action(self, action: int) -> None:
        # Clicks on the groove and keyboard steps (not drags) seek at once.
        if not self.seek.isSliderDown():
            self._invoke(self.player, "setPosition", Q_ARG("qint64", self.seek.sliderPosition()))

    def _state_changed(self, _state: QMediaPlayer.PlaybackState) -> None:
        self._update_play_button()
        self.state_changed.emit()

    def _update_play_button(self) -> None:
        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(tinted_icon(self, icon))
        self.play_button.setToolTip("Pause (Space)" if playing else "Play (Space)")
        self.play_button.setAccessibleName("Pause" if playing else "Play")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: tint the icons again
            self._update_play_button()
            self._mute(self.mute_button.isChecked())
            self.full_screen_button.setIcon(tinted_icon(self, QStyle.StandardPixmap.SP_TitleBarMaxButton))

    def _audio_outputs_changed(self) -> None:
        # Without an output QtMultimedia plays the picture silently: say so where the volume is.
        silent = not QMediaDevices.audioOutputs()
        self.audio_note.setVisible(silent)
        for control in (self.mute_button, self.volume):
            control.setEnabled(not silent)

    def _mute(self, muted: bool) -> None:
        self._invoke(self.audio, "setMuted", Q_ARG(bool, muted))
        icon = QStyle.StandardPixmap.SP_MediaVolumeMuted if muted else QStyle.StandardPixmap.SP_MediaVolume
        self.mute_button.setIcon(tinted_icon(self, icon))
        self.mute_button.setToolTip("Unmute" if muted else "Mute")
