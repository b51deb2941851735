"""The main window: asset bar on top, then tabs; the Preview tab has modifiers left, the image in the
centre and the response right. Other views (metadata, video, downloads, …) are tabs beside it.

The window only assembles: it builds the preview, one `FeatureContext`, and the features, and puts
the tabs, menu entries and banners they declare in place. Features never see the window.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.shell.menus import build_menu_bar

if TYPE_CHECKING:
    from aemviewer.delivery.reference import AssetRef
    from aemviewer.ui.common.checks_dialog import SaveChecksDialog
    from aemviewer.ui.common.context import SavePathChooser
    from aemviewer.ui.common.service import DeliveryService
    from aemviewer.ui.common.settings import WindowSettings
    from aemviewer.ui.profiles.controller import ProfileController
    from aemviewer.ui.qa.checks.panel import ChecksPanel
    from aemviewer.ui.qa.compare.panel import ComparePanel
    from aemviewer.ui.qa.formats.panel import FormatMatrixPanel
    from aemviewer.ui.qa.smart_crops.panel import SmartCropSheetPanel
    from aemviewer.ui.video.panel import VideoPanel

__all__ = ["MainWindow"]

HEAVY_TABS = (
    ("Compare", "aemviewer.ui.qa.compare.panel", "ComparePanel"),
    ("Formats", "aemviewer.ui.qa.formats.panel", "FormatMatrixPanel"),
    ("Smart crops", "aemviewer.ui.qa.smart_crops.panel", "SmartCropSheetPanel"),
    ("Checks", "aemviewer.ui.qa.checks.panel", "ChecksPanel"),
    ("Video", "aemviewer.ui.video.panel", "VideoPanel"),
)
"""(tab title, module, panel class) of the tabs built when first shown."""

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The preview window over one Delivery API host.

    Given a service it is built at once. Without one (`aemviewer` starting) only its frame is
    built, light to import and quick to paint; `start` builds the rest once a service exists.
    """

    def __init__(
        self,
        service: DeliveryService | None,
        settings: WindowSettings,
        *,
        choose_save_path: SavePathChooser | None = None,
        history_path: Path | None = None,
        downloads_path: Path | None = None,
        profiles: ProfileController | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("aemviewer")
        self.settings = settings
        self._theme = theme
        self.started = False
        self._opened: AssetRef | None = None
        """The asset last opened (for tabs built after it was)."""
        self._restore_geometry()
        if service is None:
            starting = QLabel("Starting…")
            starting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setCentralWidget(starting)
        else:
            self.start(
                service,
                choose_save_path=choose_save_path,
                history_path=history_path,
                downloads_path=downloads_path,
                profiles=profiles,
            )

    def start(
        self,
        service: DeliveryService,
        *,
        choose_save_path: SavePathChooser | None = None,
        history_path: Path | None = None,
        downloads_path: Path | None = None,
        profiles: ProfileController | None = None,
    ) -> None:
        """Build the window over `service`: the preview, the context and every feature."""
        # Imported here, not at the top: the frame paints before the network stack and the tabs load.
        from aemviewer.ui.common.context import FeatureContext, ask_save_path
        from aemviewer.ui.common.operations import OperationRunner
        from aemviewer.ui.common.preview_model import PreviewModel
        from aemviewer.ui.common.request_limiter import RequestLimiter
        from aemviewer.ui.preview.controller import PreviewController
        from aemviewer.ui.profiles.controller import ProfileController
        from aemviewer.ui.shell.asset_bar import AssetBar
        from aemviewer.ui.shell.environments import ProfileEnvironments
        from aemviewer.ui.shell.ports import ShellNavigation, ShellStatus
        from aemviewer.ui.shell.preview_tab import PreviewTab
        from aemviewer.ui.shell.theme import ThemeSwitch

        choose_save_path = choose_save_path or ask_save_path
        settings = self.settings
        self.service = service
        self.runner = OperationRunner(self)
        self.limiter = RequestLimiter()
        self.controller = PreviewController(service, self.runner, self.limiter, self)
        self.preview = PreviewModel(self.controller, self)
        self.asset_bar = AssetBar()
        self.tabs = QTabWidget()
        self.preview_tab = PreviewTab(service, self.controller, self.show_message, self)
        # The preview's parts by their old names: tests, benchmarks and screenshot scripts reach them.
        tab = self.preview_tab
        self.modifier_panel, self.canvas, self.banner = tab.modifier_panel, tab.canvas, tab.banner
        self.response_panel, self.splitter, self.crop_button = (
            tab.response_panel,
            tab.splitter,
            tab.crop_button,
        )
        self.choose_save_path = choose_save_path
        self.status = ShellStatus(self.statusBar(), self.preview_tab)
        self.navigation = ShellNavigation(self.asset_bar, self.preview_tab, self.tabs, self.open_reference)
        profile_controller = profiles or ProfileController(settings.profiles, service, parent=self)
        self.context = FeatureContext(
            service, self.runner, self.limiter, settings, self.preview, self.status, self.navigation, self,
            choose_save_path, ProfileEnvironments(profile_controller, service),
        )  # fmt: skip
        self.controller.publish_to(self.preview)
        # The theme applied at start (the command line's, else the remembered one): View → Theme.
        self.theme_switch = ThemeSwitch(settings, self._theme or settings.theme, self)
        self.features = self._build_features(history_path, downloads_path, profile_controller)
        self._assemble()
        self._connect(profile_controller)
        self.profiles_ui.start()
        splitter = self.settings.splitter_state
        if splitter is not None:
            self.preview_tab.splitter.restoreState(splitter)
        self.started = True

    # --- construction --------------------------------------------------------------------------

    def _build_features(
        self, history_path: Path | None, downloads_path: Path | None, profiles: ProfileController
    ) -> list[Feature]:
        """Every feature beside the preview, in the order of their tabs."""
        from aemviewer.ui.browse.feature import BrowseTab
        from aemviewer.ui.downloads.controller import DownloadsController
        from aemviewer.ui.handoff.feature import Handoff
        from aemviewer.ui.metadata.feature import MetadataTab
        from aemviewer.ui.profiles.feature import ProfilesUi
        from aemviewer.ui.qa.history.panel import HistoryPanel
        from aemviewer.ui.shell.lazy_tabs import LazyTab, panel_builder
        from aemviewer.workspace.download_list import DownloadListStore

        context = self.context
        self.metadata_tab = MetadataTab(context)
        # QA views; the history records every request of the service (None: this session only).
        self.history_panel = HistoryPanel(context, history_path)
        # The heavy views are built when their tab is first shown (or their panel asked for).
        self.lazy_tabs = {
            title: LazyTab(
                self.tabs, context, self.controller, panel_builder(module, name), lambda: self._opened
            )
            for title, module, name in HEAVY_TABS
        }
        self.navigation.video_page = lambda: self.lazy_tabs["Video"].page
        # Save original / rendition / preview and batches, each a job in the Downloads tab.
        # The list is kept between runs in `downloads_path` (None: this session only).
        kept = DownloadListStore(downloads_path) if downloads_path is not None else None
        self.downloads = DownloadsController(context, self, kept)
        self.profiles_ui = ProfilesUi(context, profiles, self)
        self.browse = BrowseTab(context, profiles)
        self.handoff = Handoff(context, lambda: self.history_panel.history.entries)
        heavy = [
            Feature(tabs=(Tab(page, title),), shutdown=page.shutdown)
            for title, page in self.lazy_tabs.items()
        ]
        return [
            self.metadata_tab.feature,
            *heavy,
            self.history_panel.feature(),
            self.downloads.feature,
            self.browse.feature,
            self.profiles_ui.feature,
            self.handoff.feature,
        ]

    # The heavy panels by name, built on first use (tests, benchmarks and screenshot scripts reach them).

    @property
    def compare_panel(self) -> ComparePanel:
        return cast("ComparePanel", self.lazy_tabs["Compare"].owner())

    @property
    def format_matrix_panel(self) -> FormatMatrixPanel:
        return cast("FormatMatrixPanel", self.lazy_tabs["Formats"].owner())

    @property
    def smart_crop_sheet(self) -> SmartCropSheetPanel:
        return cast("SmartCropSheetPanel", self.lazy_tabs["Smart crops"].owner())

    @property
    def checks_panel(self) -> ChecksPanel:
        return cast("ChecksPanel", self.lazy_tabs["Checks"].owner())

    @property
    def video_panel(self) -> VideoPanel:
        return cast("VideoPanel", self.lazy_tabs["Video"].owner())

    def _assemble(self) -> None:
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.asset_bar)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.preview_tab.splitter, "Preview")
        for feature in self.features:
            for banner in feature.banners:
                layout.addWidget(banner)
            for tab in feature.tabs:
                self.tabs.addTab(tab.widget, tab.title)
            if feature.explain_error is not None:
                self.status.explainers.append(feature.explain_error)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(root)
        self.statusBar().addPermanentWidget(self.preview_tab.status_detail)
        self._build_menus()

    def _build_menus(self) -> None:
        from aemviewer.ui.shell.window_menus import shell_menu_entries

        head, tail = shell_menu_entries(self)
        self.menus = build_menu_bar(self, head, self.features, tail)

    def _connect(self, profile_controller: ProfileController) -> None:
        self.asset_bar.open_requested.connect(self.open_reference)
        self.asset_bar.copy_url_requested.connect(self.preview_tab.copy_url)
        self.controller.url_changed.connect(self.asset_bar.set_url)
        self.preview_tab.failed.connect(self.status.show_error)
        self.preview_tab.title_changed.connect(lambda title: self.setWindowTitle(f"{title} — aemviewer"))
        self.runner.failed.connect(self.status.show_error)
        self.runner.unexpected.connect(self.status.show_unexpected)
        from aemviewer.ui.shell.profile_wiring import show_profiles_in_asset_bar

        show_profiles_in_asset_bar(self, profile_controller)
        self.preview_tab.response_panel.save_checks_requested.connect(self.save_preview_checks)

    def save_preview_checks(self) -> SaveChecksDialog | None:
        """The response panel's "Save as checks…": what the painted answer shows, as expectations."""
        from aemviewer.ui.shell.preview_checks import offer_preview_checks

        return offer_preview_checks(self.controller, self.preview, self.context, self.show_message)

    # --- opening -------------------------------------------------------------------------------

    def open_text(self, text: str) -> bool:
        """Open an id or URL as if typed into the asset bar; False (with the inline message) if invalid."""
        return self.asset_bar.open_text(text)

    def open_reference(self, ref: AssetRef, text: str) -> None:
        self._opened = ref
        self.preview.asset_opened.emit(ref)
        self.preview_tab.open_reference(ref)
        # A bare id is remembered as the id (it opens against whatever host the next run uses).
        remembered = ref.asset_id if ref.base_url is None else text
        self.asset_bar.set_recent(self.settings.remember_asset(remembered))
        self.setWindowTitle(f"{ref.asset_id} — aemviewer")

    def show_message(self, text: str, timeout_ms: int) -> None:
        """A passing message in the status bar ("" clears it)."""
        self.status.show_message(text, timeout_ms)

    def save_shown(self) -> None:
        """Save the exact delivered bytes of the shown preview (a job in the Downloads tab)."""
        self.downloads.save_preview()

    def show_about(self) -> None:
        from aemviewer.ui.shell.about_dialog import AboutDialog

        AboutDialog(self, self.windowIcon()).exec()

    # --- window state --------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is None:
                self.resize(1240, 780)
            elif available.width() >= 1500:
                self.resize(1440, 900)
            else:  # a small screen (1024×768): never larger than it
                self.resize(min(1240, available.width()), min(780, available.height()))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.started:  # closed while starting: nothing was built that needs stopping
            super().closeEvent(event)
            return
        # Features stop in reverse order of assembly (downloads pause before the history is written).
        for feature in reversed(self.features):
            if feature.shutdown is not None:
                feature.shutdown()
        self.settings.geometry = self.saveGeometry()
        self.settings.splitter_state = self.preview_tab.splitter.saveState()
        self.settings.sync()
        self.controller.shutdown()
        super().closeEvent(event)
