"""Tabs whose feature is built the first time they are shown.

The heavy views (Compare, Formats, Smart crops, Video: QtMultimedia, many widgets) cost start-up
time and memory whether or not they are used. The shell puts a `LazyTab` stand-in page in their
place; it builds its feature when it is first shown (or when code asks for the feature), imports and
all, and the feature's own tab takes its place. A feature built late missed the `asset_opened` of the asset already open, so each one gets a
`PreviewModel` of its own that relays the window's, and is told that asset once it exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QWidget

from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.feature import Feature
from aemviewer.ui.common.preview_model import PreviewModel, PreviewSource

Builder = Callable[[FeatureContext], tuple[object, Feature]]
"""Builds the feature over its context: (the feature's object, what it adds to the window)."""

_RELAYED = (
    "asset_opened",
    "preview_ready",
    "preview_failed",
    "metadata_ready",
    "metadata_failed",
    "smart_crops_ready",
    "smart_crops_failed",
)


def panel_builder(module: str, class_name: str) -> Builder:
    """A builder for a panel class `class_name(context)` with a `feature()` method, imported from
    `module` only when built."""

    def build(context: FeatureContext) -> tuple[object, Feature]:
        panel = getattr(importlib.import_module(module), class_name)(context)
        feature: Feature = panel.feature()
        return panel, feature

    return build


def relay_of(model: PreviewModel, source: PreviewSource) -> PreviewModel:
    """A `PreviewModel` over the same state that re-emits everything `model` emits."""
    relay = PreviewModel(source, model)
    for name in _RELAYED:
        getattr(model, name).connect(getattr(relay, name))
    return relay


class LazyTab(QWidget):
    """A stand-in tab page: when first shown (or when code asks for the feature) it builds the
    feature and puts the feature's tab in its own place in `tabs`."""

    def __init__(
        self,
        tabs: QTabWidget,
        context: FeatureContext,
        source: PreviewSource,
        build: Builder,
        opened: Callable[[], AssetRef | None],
    ) -> None:
        super().__init__()
        self._tabs = tabs
        self._context = context
        self._source = source
        self._build = build
        self._opened = opened
        self._owner: object | None = None
        self.feature: Feature | None = None
        """What the feature added, once built."""
        self.page: QWidget = self
        """The tab page: this stand-in until built, then the feature's own tab."""

    def owner(self) -> object:
        """The feature's object, built now if it was not yet."""
        if self._owner is None:
            relay = relay_of(self._context.preview, self._source)
            owner, feature = self._build(replace(self._context, preview=relay))
            self._owner, self.feature = owner, feature
            self._take_place_of_stand_in(feature)
            opened = self._opened()
            if opened is not None:
                relay.asset_opened.emit(opened)
        return self._owner

    def _take_place_of_stand_in(self, feature: Feature) -> None:
        index = self._tabs.indexOf(self)
        if index < 0 or not feature.tabs:
            return
        current = self._tabs.currentIndex() == index
        tab = feature.tabs[0]
        self._tabs.insertTab(index, tab.widget, tab.title)
        if current:
            self._tabs.setCurrentIndex(index)
        self._tabs.removeTab(index + 1)
        self.page = tab.widget

    def shutdown(self) -> None:
        """The built feature's shutdown (nothing to stop if it was never built)."""
        if self.feature is not None and self.feature.shutdown is not None:
            self.feature.shutdown()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Not while Qt is showing this page: the page is replaced on the next turn of the loop.
        QTimer.singleShot(0, self.owner)
