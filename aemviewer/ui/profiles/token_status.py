"""Watching the active profile's token: its state now, and a timer for when it changes (the warning
time before the expiry, then the expiry), so the banner and the profile indicator follow by
themselves while the window stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from aemviewer.ui.profiles.controller import ProfileController, TokenStatus
from aemviewer.workspace.jwt import DEFAULT_WARNING, ExpiryState

MAX_TIMER = timedelta(hours=12)
"""Longest single wait: QTimer takes an int of milliseconds, and clocks drift over days."""


class TokenWatch(QObject):
    """Emits `changed(TokenStatus)` when the profile, its token, or the token's state changes."""

    changed = Signal(object)

    def __init__(
        self,
        controller: ProfileController,
        parent: QObject | None = None,
        *,
        warn_before: timedelta = DEFAULT_WARNING,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.warn_before = warn_before
        self.clock = clock
        self.status: TokenStatus | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        controller.profile_changed.connect(lambda _profile: self.refresh())
        controller.token_changed.connect(self.refresh)

    def state(self) -> ExpiryState:
        if self.status is None:
            return ExpiryState.UNKNOWN
        return self.status.expiry.state(self.clock(), self.warn_before)

    def refresh(self) -> TokenStatus:
        """Read the token's status now, emit it, and wake up when it will change next."""
        self.status = self.controller.token_status()
        self._timer.stop()
        wait = self.status.expiry.next_change(self.clock(), self.warn_before)
        if wait is not None:
            # A second late, so that the state has certainly changed when the timer fires.
            self._timer.start(int(min(wait + timedelta(seconds=1), MAX_TIMER).total_seconds() * 1000))
        self.changed.emit(self.status)
        return self.status

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime()
