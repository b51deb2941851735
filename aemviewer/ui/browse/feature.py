"""The Browse tab as a feature: search the profile's host, open a hit where it can be seen."""

from __future__ import annotations

from aemviewer.ui.browse.panel import ActiveProfile, BrowsePanel
from aemviewer.ui.browse.query import HitSummary
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.feature import Feature, Tab


class BrowseTab:
    """The Browse panel of one window and where its hits open."""

    def __init__(self, context: FeatureContext, profiles: ActiveProfile) -> None:
        self.context = context
        self.panel = BrowsePanel(profiles, context.runner, context.limiter)
        self.panel.open_requested.connect(self.open_hit)
        self.feature = Feature(tabs=(Tab(self.panel, "Browse"),))

    def open_hit(self, hit: HitSummary) -> None:
        """Open a search result: in the Video tab for videos, else in the Preview."""
        navigation = self.context.navigation
        if not navigation.open_text(hit.asset_id):
            return
        if hit.is_video:
            navigation.show_video()
        else:
            navigation.show_preview()
