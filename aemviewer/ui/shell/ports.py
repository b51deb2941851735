"""The shell's side of `FeatureContext`: status reporting and navigation over the window's parts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStatusBar, QTabWidget, QWidget

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.context import BannerAction
from aemviewer.ui.common.error_messages import banner_for, defect_message
from aemviewer.ui.shell.preview_tab import PreviewTab
from aemviewer.ui.widgets.banner import BannerKind

if TYPE_CHECKING:
    from aemviewer.ui.shell.asset_bar import AssetBar

ErrorExplainer = Callable[[DeliveryError], bool]


class ShellStatus:
    """Status bar messages and the preview's banner."""

    def __init__(self, status_bar: QStatusBar, preview: PreviewTab) -> None:
        self._status_bar = status_bar
        self._preview = preview
        self.explainers: list[ErrorExplainer] = []
        """Features that can say more about some errors than the generic banner (profiles)."""

    def show_message(self, text: str, timeout_ms: int) -> None:
        if text:
            self._status_bar.showMessage(text, timeout_ms)
        else:
            self._status_bar.clearMessage()

    def show_error(self, error: DeliveryError) -> None:
        if any(explain(error) for explain in self.explainers):
            return
        controller, panel = self._preview.controller, self._preview.modifier_panel
        kind, title, message, actions = banner_for(error, controller.asset)
        callbacks = {"Retry": controller.request_now, "Reset modifiers": panel.reset_all}
        self.show_banner(kind, title, message, [(label, callbacks[label]) for label in actions])

    def show_banner(
        self, kind: BannerKind, title: str, message: str, actions: Sequence[BannerAction] = ()
    ) -> None:
        self._preview.banner.show_message(kind, title, message, list(actions))

    def show_unexpected(self, error: BaseException) -> None:
        self.show_banner(
            BannerKind.ERROR,
            "Something went wrong inside aemviewer.",
            defect_message(error),
            [("Retry", self._preview.controller.request_now)],
        )


class ShellNavigation:
    """Opening assets, changing the preview and switching tabs."""

    def __init__(
        self,
        asset_bar: AssetBar,
        preview: PreviewTab,
        tabs: QTabWidget,
        open_reference: Callable[[AssetRef, str], None],
    ) -> None:
        self._asset_bar = asset_bar
        self._preview = preview
        self._tabs = tabs
        self._open_reference = open_reference
        self.video_page: Callable[[], QWidget] | None = None
        """The Video tab's page (a stand-in until the tab is first shown)."""

    def open_text(self, text: str) -> bool:
        return self._asset_bar.open_text(text)

    def open_reference(self, ref: AssetRef, text: str) -> None:
        self._open_reference(ref, text)

    def open_url(self, url: str, accept: str | None = None) -> bool:
        if accept:
            self._preview.modifier_panel.rows.accept.set_value(accept)
            self._preview.controller.set_accept(accept)
        opened = self.open_text(url)
        if opened:
            self.show_preview()
        return opened

    def apply_modifiers(self, modifiers: ImageModifiers, image_format: str | None) -> None:
        self._preview.modifier_panel.set_state(modifiers, image_format)
        self._preview.controller.set_state(modifiers, image_format)

    def show_preview(self) -> None:
        self._tabs.setCurrentWidget(self._preview.splitter)

    def show_video(self) -> None:
        if self.video_page is not None:
            self._tabs.setCurrentWidget(self.video_page())

    def show_tab(self, widget: QWidget) -> None:
        self._tabs.setCurrentWidget(widget)

    def set_tab_title(self, widget: QWidget, title: str) -> None:
        index = self._tabs.indexOf(widget)
        if index >= 0:
            self._tabs.setTabText(index, title)
