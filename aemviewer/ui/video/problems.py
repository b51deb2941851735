"""What the Video tab's banner says when playback goes wrong: one message for the player's error
(if it gave up) and the latest failed fetch the proxy saw; either may arrive first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from aemviewer.ui.widgets.banner import BannerKind
from aemviewer.video.proxy import CLOSED_BY_PLAYER, ProxyExchange


@dataclass(frozen=True)
class PlaybackProblem:
    """A banner: its kind, title and rich-text message; `retry` when playing again may help."""

    kind: BannerKind
    title: str
    message: str
    retry: bool


def playback_problem(player_error: str | None, exchanges: Sequence[ProxyExchange]) -> PlaybackProblem | None:
    """The banner for the player's error and the failed fetches; None when there is nothing to say."""
    failures = [failure for failure in exchanges if failure.error != CLOSED_BY_PLAYER]
    latest = failures[-1] if failures else None
    if player_error is None and latest is not None:
        what = "playlist" if latest.is_playlist else "segment"
        return PlaybackProblem(
            BannerKind.WARNING,
            f"A {what} failed ({latest.status}): {latest.url.rsplit('/', 1)[-1]}",
            f"{escape(latest.url)}<br>{escape(latest.error or '')}",
            retry=False,
        )
    if player_error is None:
        return None
    seen = f"<br>The proxy saw: {escape(latest.url)} → {escape(latest.error or '')}" if latest else ""
    hint = ""
    if latest is not None and latest.status == 404:
        hint = "<br>A 404 also means a restricted video requested without a token that has its role."
    return PlaybackProblem(
        BannerKind.ERROR, "Playback failed", f"{escape(player_error)}{seen}{hint}", retry=True
    )
