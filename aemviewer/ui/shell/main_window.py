"""The main window: asset bar on top, then tabs; the Preview tab has modifiers left, the image in the
centre and the response right. Other views (metadata, video, downloads, …) are tabs beside it: each
is a panel that follows `asset_opened` and asks the shared `DeliveryService` for what it shows.

The window only wires views to the preview controller and shows outcomes (previews, banners, status
messages); requests, decoding and saving happen in the controller and services.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aemviewer.api_spec import FORMAT_MEDIA_TYPES
from aemviewer.delivery.errors import DeliveryError, HTTPStatusError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef, Operation
from aemviewer.ui.common.error_messages import banner_for
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.downloads.controller import DownloadsController
from aemviewer.ui.metadata.feature import MetadataTab
from aemviewer.ui.modifiers.panel import ModifierPanel
from aemviewer.ui.preview.controller import Preview, PreviewController
from aemviewer.ui.preview.response_panel import ResponsePanel, ResponseSummary
from aemviewer.ui.profiles.controller import ProfileController
from aemviewer.ui.profiles.feature import ProfilesUi
from aemviewer.ui.qa.compare.panel import ComparePanel
from aemviewer.ui.qa.formats.panel import FormatMatrixPanel
from aemviewer.ui.qa.history.panel import HistoryPanel
from aemviewer.ui.qa.smart_crops.panel import SmartCropSheetPanel
from aemviewer.ui.shell.about_dialog import AboutDialog
from aemviewer.ui.shell.asset_bar import AssetBar
from aemviewer.ui.video.panel import VideoPanel
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.ui.widgets.canvas_toolbar import CanvasToolbar
from aemviewer.ui.widgets.image_canvas import PreviewCanvas

log = logging.getLogger(__name__)

SavePathChooser = Callable[[QWidget, str], Path | None]
"""Asks where to save: (parent, suggested file name) → path, or None when cancelled."""

_IMAGE_OPERATIONS = (Operation.IMAGE, Operation.DEFAULT_IMAGE)


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    """The platform's save dialog; it asks before replacing an existing file."""
    name, _filter = QFileDialog.getSaveFileName(parent, "Save the delivered image", suggested)
    return Path(name) if name else None


class MainWindow(QMainWindow):
    """The preview window over one Delivery API host."""

    asset_opened = Signal(object)
    """An `AssetRef` the user opened (as typed or pasted, before the preview narrows it to an image)."""

    def __init__(
        self,
        service: DeliveryService,
        settings: WindowSettings,
        *,
        choose_save_path: SavePathChooser = ask_save_path,
        history_path: Path | None = None,
        profiles: ProfileController | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("aemviewer")
        self.service = service
        self.settings = settings
        self.choose_save_path = choose_save_path
        self.runner = OperationRunner(self)
        self.controller = PreviewController(service, self.runner, self)
        self.asset_bar = AssetBar()
        self.modifier_panel = ModifierPanel()
        self.canvas = PreviewCanvas()
        self.banner = Banner()
        self.response_panel = ResponsePanel()
        self.saved_paths: list[Path] = []
        self._smart_crop_names: list[str] = []
        self._build_layout()
        self._build_actions()
        self._connect()
        self.metadata_tab = MetadataTab(self)
        self.metadata_panel = self.metadata_tab.panel
        # QA views; the history records every request of `service` (None: this session only).
        self.history_panel = HistoryPanel(self, history_path)
        self.compare_panel = ComparePanel(self)
        self.format_matrix_panel = FormatMatrixPanel(self)
        self.smart_crop_sheet = SmartCropSheetPanel(self)
        self.add_tab(self.compare_panel, "Compare")
        self.add_tab(self.format_matrix_panel, "Formats")
        self.add_tab(self.smart_crop_sheet, "Smart crops")
        self.video_panel = VideoPanel(self)
        self.add_tab(self.video_panel, "Video")
        self.add_tab(self.history_panel, "History")
        # Save original / rendition / preview and batches, each a job in the Downloads tab.
        self.downloads = DownloadsController(self)
        self.asset_bar.set_profile(
            service.profile_name,
            f"{service.endpoints.base_url}{service.endpoints.prefix}\n"
            + (
                "A token is sent (AEMVIEWER_TOKEN)."
                if service.has_token()
                else "No token: public assets only."
            ),
        )
        self.asset_bar.set_recent(settings.recent_assets)
        self.response_panel.set_token_available(service.has_token())
        self.controller.set_accept(self.modifier_panel.accept_header())
        self.profiles_ui = ProfilesUi(
            self, profiles or ProfileController(settings.profiles, service, parent=self)
        )
        self._restore_geometry()

    # --- construction --------------------------------------------------------------------------

    def _build_layout(self) -> None:
        center = QWidget()
        center.setObjectName("previewColumn")
        column = QVBoxLayout(center)
        column.setContentsMargins(4, 8, 4, 4)
        column.setSpacing(6)
        column.addWidget(self.banner)
        self.canvas_toolbar = CanvasToolbar(self.canvas)
        self.crop_button = self.canvas_toolbar.crop_button
        self.crop_button.clicked.connect(self.start_crop_drawing)
        column.addWidget(self.canvas_toolbar)
        column.addWidget(self.canvas, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.modifier_panel)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.response_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([410, 760, 360])

        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.asset_bar)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "Preview")
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(root)
        self.status_detail = QLabel()
        self.statusBar().addPermanentWidget(self.status_detail)

    def _build_actions(self) -> None:
        def action(
            menu_name: str,
            text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
            slot: Callable[[], object],
        ) -> QAction:
            menu = self._menus.get(menu_name)
            if menu is None:
                menu = self._menus[menu_name] = self.menuBar().addMenu(menu_name)
            item = QAction(text, self)
            if shortcut is not None:
                item.setShortcut(QKeySequence(shortcut))
            item.triggered.connect(slot)
            menu.addAction(item)
            self.addAction(item)
            return item

        self._menus: dict[str, QMenu] = {}
        self.focus_asset_action = action("&File", "Open asset or URL…", "Ctrl+L", self.asset_bar.focus_field)
        self.save_action = action(
            "&File", "Save delivered image…", QKeySequence.StandardKey.Save, self.save_shown
        )
        action("&File", "Quit", QKeySequence.StandardKey.Quit, self.close)
        self.copy_url_action = action("&Edit", "Copy request URL", "Ctrl+Shift+C", self.copy_url)
        action("&Edit", "Copy as curl (token redacted)", None, lambda: self.copy_curl(False))
        action("&Edit", "Reset all modifiers", None, self.modifier_panel.reset_all)
        action("&View", "Fit", "Ctrl+0", self.canvas.fit)
        action("&View", "Actual size (100 %)", "Ctrl+1", self.canvas.actual_size)
        action("&View", "Zoom in", QKeySequence.StandardKey.ZoomIn, self.canvas.zoom_in)
        action("&View", "Zoom out", QKeySequence.StandardKey.ZoomOut, self.canvas.zoom_out)
        action("&View", "Reload preview", QKeySequence.StandardKey.Refresh, self.controller.request_now)
        action("&Help", "About aemviewer", None, self.show_about)

    def _connect(self) -> None:
        self.asset_bar.open_requested.connect(self.open_reference)
        self.asset_bar.copy_url_requested.connect(self.copy_url)
        self.modifier_panel.modifiers_changed.connect(self.controller.set_modifiers)
        self.modifier_panel.format_changed.connect(self.controller.set_format)
        self.modifier_panel.accept_changed.connect(self.controller.set_accept)
        self.modifier_panel.invalid.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.modifier_panel.draw_crop_requested.connect(self.start_crop_drawing)
        self.controller.url_changed.connect(self.asset_bar.set_url)
        self.controller.busy_changed.connect(self.canvas.set_busy)
        self.controller.preview_ready.connect(self._show_preview)
        self.controller.failed.connect(self._show_failure)
        self.controller.metadata_ready.connect(self._metadata_arrived)
        self.controller.smart_crops_ready.connect(self._smart_crops_arrived)
        self.controller.smart_crops_failed.connect(self._smart_crops_failed)
        self.controller.uncropped_ready.connect(self._uncropped_arrived)
        self.canvas.crop_drawn.connect(self._crop_drawn)
        self.canvas.crop_mode_changed.connect(self._crop_mode_changed)
        self.response_panel.copy_url_requested.connect(self.copy_delivered_url)
        self.response_panel.copy_curl_requested.connect(self.copy_curl)
        self.runner.failed.connect(lambda error: self.show_error(error))
        self.runner.unexpected.connect(self._show_unexpected)

    # --- opening -------------------------------------------------------------------------------

    def open_text(self, text: str) -> bool:
        """Open an id or URL as if typed into the asset bar; False (with the inline message) if invalid."""
        return self.asset_bar.open_text(text)

    def show_about(self) -> None:
        AboutDialog(self, self.windowIcon()).exec()

    def add_tab(self, panel: QWidget, title: str) -> int:
        """Add a view beside the preview; returns its tab index."""
        return self.tabs.addTab(panel, title)

    def open_reference(self, ref: AssetRef, text: str) -> None:
        self.asset_opened.emit(ref)
        self.banner.dismiss()
        self.canvas.end_crop()
        if ref.operation not in _IMAGE_OPERATIONS:
            kind = ref.operation.value.replace("_", " ")
            self.banner.show_message(
                BannerKind.INFO,
                f"Showing the image of this asset (the URL asks for its {kind}).",
                "The preview works on the image endpoint; the query parameters of the URL were kept.",
            )
            ref = AssetRef(
                asset_id=ref.asset_id, base_url=ref.base_url, prefix=ref.prefix, modifiers=ref.modifiers
            )
        image_format: str | None
        if ref.operation is Operation.DEFAULT_IMAGE:
            image_format = None
        elif ref.format is not None:
            image_format = ref.format
        else:
            # A bare id (or a non-image URL): the format the panel shows, as a user would expect.
            image_format = self.modifier_panel.image_format() or "jpg"
        self.modifier_panel.set_state(ref.modifiers, image_format)
        self._smart_crop_names = []
        self.modifier_panel.set_smart_crops([])
        self.modifier_panel.set_source_size(None)
        self.controller.open(ref, image_format)
        # A bare id is remembered as the id (it opens against whatever host the next run uses).
        remembered = ref.asset_id if ref.base_url is None else text
        self.asset_bar.set_recent(self.settings.remember_asset(remembered))
        self.setWindowTitle(f"{ref.asset_id} — aemviewer")

    def _smart_crops_arrived(self, names: list[str]) -> None:
        self._smart_crop_names = list(dict.fromkeys([*self._smart_crop_names, *names]))
        self.modifier_panel.set_smart_crops(self._smart_crop_names)

    def _smart_crops_failed(self, error: DeliveryError) -> None:
        # Shown where it matters: on the smart crop control (the image request reports 404s itself).
        self.modifier_panel.set_smart_crops(self._smart_crop_names, unavailable=error.message)

    def _metadata_arrived(self, metadata: Metadata) -> None:
        self._smart_crops_arrived([crop.name for crop in metadata.smart_crops])
        if metadata.width and metadata.height:
            self.modifier_panel.set_source_size((metadata.width, metadata.height))
        title = metadata.title or metadata.file_name
        if title:
            self.setWindowTitle(f"{title} — aemviewer")
        if self.controller.last_preview is not None:
            self._show_summary(self.controller.last_preview)

    # --- results -------------------------------------------------------------------------------

    def _show_preview(self, preview: Preview) -> None:
        if self.banner.kind is not BannerKind.INFO:
            self.banner.dismiss()
        if not self.canvas.crop_mode:
            self.canvas.set_image(preview.image)
        self._show_summary(preview)
        delivery = preview.delivery
        self.status_detail.setText(
            f"{preview.image.width()} × {preview.image.height()} px · {delivery.media_type} · "
            f"{delivery.byte_count:,} bytes · {delivery.timings.total * 1000:.0f} ms"
        )

    def _show_summary(self, preview: Preview) -> None:
        metadata = self.controller.metadata
        self.response_panel.show_summary(
            ResponseSummary.from_delivery(
                preview.url,
                preview.delivery,
                pixel_size=(preview.image.width(), preview.image.height()),
                requested_type=FORMAT_MEDIA_TYPES.get(self.controller.image_format or ""),
                original_bytes=metadata.size if metadata is not None else None,
            )
        )

    def _show_failure(self, error: DeliveryError, url: str) -> None:
        self.show_error(error)
        if not self.canvas.crop_mode:
            self.crop_button.setChecked(False)
        status = error.status if isinstance(error, HTTPStatusError) else None
        detail = error.detail if isinstance(error, HTTPStatusError) and error.detail else error.message
        self.response_panel.show_failure(url, status, detail)
        if self.controller.last_preview is None:
            self.canvas.clear("No image — the message above says why.")
            self.status_detail.clear()
        self.statusBar().showMessage(f"Failed: {url}", 10000)

    def show_error(self, error: DeliveryError) -> None:
        """Show an expected failure in the banner above the preview, with what to do about it."""
        if self.profiles_ui.explain_error(error):
            return
        kind, title, message, actions = banner_for(error, self.controller.asset)
        callbacks = {"Retry": self.controller.request_now, "Reset modifiers": self.modifier_panel.reset_all}
        self.banner.show_message(kind, title, message, [(label, callbacks[label]) for label in actions])

    def _show_unexpected(self, error: BaseException) -> None:
        self.banner.show_message(
            BannerKind.ERROR,
            "Something went wrong inside aemviewer.",
            f"{type(error).__name__}: {error}<br>The details are in the log. The window keeps working.",
            [("Retry", self.controller.request_now)],
        )

    # --- crop drawing --------------------------------------------------------------------------

    def start_crop_drawing(self) -> None:
        if self.controller.asset is None:
            self.crop_button.setChecked(False)
            return
        if self.canvas.crop_mode:
            self._leave_crop_mode()
            return
        self.crop_button.setChecked(True)
        self.statusBar().showMessage("Loading the uncropped image…", 4000)
        self.controller.request_uncropped()

    def _uncropped_arrived(self, image: object) -> None:
        if not isinstance(image, QImage) or not self.crop_button.isChecked():
            return
        fractions = self.modifier_panel.rows.crop.fractions()
        self.canvas.begin_crop(image, QRectF(*fractions) if fractions else None)
        self.canvas.setFocus()
        self.statusBar().showMessage("Drag a rectangle on the uncropped image; Esc cancels.", 8000)

    def _crop_drawn(self, rect: QRectF) -> None:
        self.modifier_panel.set_crop_fractions(rect.x(), rect.y(), rect.width(), rect.height())
        self._leave_crop_mode()

    def _leave_crop_mode(self) -> None:
        self.canvas.end_crop()

    def _crop_mode_changed(self, active: bool) -> None:
        self.crop_button.setChecked(active)
        if not active:
            self.statusBar().clearMessage()
        if not active and self.controller.last_preview is not None:
            self.canvas.set_image(self.controller.last_preview.image)

    # --- clipboard and saving ------------------------------------------------------------------

    def copy_url(self) -> None:
        url = self.controller.url
        if url:
            QGuiApplication.clipboard().setText(url)
            self.statusBar().showMessage("Request URL copied", 4000)

    def copy_delivered_url(self) -> None:
        summary = self.response_panel.summary
        if summary is not None:
            QGuiApplication.clipboard().setText(summary.url)
            self.statusBar().showMessage("URL copied", 4000)

    def copy_curl(self, include_token: bool) -> None:
        url = self.response_panel.summary.url if self.response_panel.summary else self.controller.url
        if not url:
            return
        try:
            command = self.service.curl_command(
                url, accept=self.controller.accept, include_token=include_token
            )
        except DeliveryError as error:  # an unreadable token: say so where the user looks
            self.show_error(error)
            return
        QGuiApplication.clipboard().setText(command)
        note = "with the token" if include_token else "token redacted"
        self.statusBar().showMessage(f"curl command copied ({note})", 4000)

    def save_shown(self) -> None:
        """Save the exact delivered bytes of the shown preview (a job in the Downloads tab)."""
        self.downloads.save_preview()

    # --- window state --------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is not None and available.width() >= 1500:
                self.resize(1440, 900)
            else:
                self.resize(1240, 780)
        splitter = self.settings.splitter_state
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.splitter_state = self.splitter.saveState()
        self.settings.sync()
        self.controller.shutdown()
        super().closeEvent(event)
