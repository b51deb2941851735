"""The Preview tab: modifiers left, the image in the centre, the response right.

It wires the preview controller to its views and shows its outcomes (previews, failures, crop
drawing); requests and decoding happen in the controller.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from aemviewer.api_spec import FORMAT_MEDIA_TYPES
from aemviewer.delivery.errors import DeliveryError, HTTPStatusError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef, Operation
from aemviewer.ui.common.preview_model import Preview
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.modifiers.panel import ModifierPanel
from aemviewer.ui.preview.approximation import Approximation
from aemviewer.ui.preview.controller import PreviewController
from aemviewer.ui.preview.response_panel import ResponsePanel, ResponseSummary
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.ui.widgets.canvas_toolbar import CanvasToolbar
from aemviewer.ui.widgets.image_canvas import PreviewCanvas

_IMAGE_OPERATIONS = (Operation.IMAGE, Operation.DEFAULT_IMAGE)

ShowMessage = Callable[[str, int], None]


class PreviewTab(QObject):
    """The views of the Preview tab over one `PreviewController`."""

    title_changed = Signal(str)
    """The asset's title (or id) for the window title."""
    failed = Signal(object)
    """A `DeliveryError` to show in the banner (of the preview request, or of copying as curl)."""

    def __init__(
        self,
        service: DeliveryService,
        controller: PreviewController,
        show_message: ShowMessage,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.controller = controller
        self._show_message = show_message
        self.modifier_panel = ModifierPanel()
        self.canvas = PreviewCanvas()
        self.banner = Banner()
        self.response_panel = ResponsePanel()
        self.status_detail = QLabel()
        self._smart_crop_names: list[str] = []
        self.splitter = self._build_layout()
        self._connect()
        controller.set_accept(self.modifier_panel.accept_header())

    def _build_layout(self) -> QSplitter:
        center = QWidget()
        center.setObjectName("previewColumn")
        column = QVBoxLayout(center)
        column.setContentsMargins(4, 8, 4, 4)
        column.setSpacing(6)
        column.addWidget(self.banner)
        self.canvas_toolbar = CanvasToolbar(self.canvas)
        self.crop_button = self.canvas_toolbar.crop_button
        column.addWidget(self.canvas_toolbar)
        column.addWidget(self.canvas, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.setChildrenCollapsible(False)
        for index, (widget, stretch) in enumerate(
            ((self.modifier_panel, 0), (center, 1), (self.response_panel, 0))
        ):
            splitter.addWidget(widget)
            splitter.setStretchFactor(index, stretch)
        splitter.setSizes([410, 760, 360])
        return splitter

    def _connect(self) -> None:
        controller, panel = self.controller, self.modifier_panel
        self.crop_button.clicked.connect(self.start_crop_drawing)
        panel.modifiers_changed.connect(controller.set_modifiers)
        # Until the new answer comes, the last one does not speak for the new values.
        panel.modifiers_changed.connect(lambda modifiers: panel.show_delivered(modifiers, None))
        panel.format_changed.connect(controller.set_format)
        panel.accept_changed.connect(controller.set_accept)
        panel.invalid.connect(lambda message: self._show_message(message, 8000))
        panel.draw_crop_requested.connect(self.start_crop_drawing)
        controller.busy_changed.connect(self.canvas.set_busy)
        controller.preview_ready.connect(self._show_preview)
        controller.failed.connect(self._show_failure)
        controller.metadata_ready.connect(self._metadata_arrived)
        controller.smart_crops_ready.connect(self._smart_crops_arrived)
        controller.smart_crops_failed.connect(self._smart_crops_failed)
        controller.uncropped_ready.connect(self._uncropped_arrived)
        controller.approximation_ready.connect(self._show_approximation)
        controller.full_resolution_ready.connect(self._full_resolution_arrived)
        self.canvas.zoom_changed.connect(self._canvas_zoomed)
        self.canvas.crop_drawn.connect(self._crop_drawn)
        self.canvas.crop_mode_changed.connect(self._crop_mode_changed)
        self.response_panel.copy_url_requested.connect(self.copy_delivered_url)
        self.response_panel.copy_curl_requested.connect(self.copy_curl)

    # --- opening -------------------------------------------------------------------------------

    def open_reference(self, ref: AssetRef) -> None:
        """Show `ref` as an image (the image endpoint, with its modifiers) and request it."""
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
            # A bare id (or a non-image URL): the format the panel shows, as a user would expect,
            # with the auto-format that goes with it (a picked PNG stays a delivered PNG).
            image_format = self.modifier_panel.image_format() or "jpg"
            if ref.modifiers.auto_format is None:
                kept = self.modifier_panel.modifiers().auto_format
                ref = dataclasses.replace(ref, modifiers=dataclasses.replace(ref.modifiers, auto_format=kept))
        self.modifier_panel.set_state(ref.modifiers, image_format)
        self.modifier_panel.show_delivered(ref.modifiers, None)
        if not self._showing(ref.asset_id):
            # Another asset: its numbers come with its answer; the last asset's must not be read as its.
            self.response_panel.show_loading(ref.asset_id)
            self.status_detail.clear()
        self._smart_crop_names = []
        self.modifier_panel.set_smart_crops([])
        self.modifier_panel.set_source_size(None)
        self.controller.open(ref, image_format)

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
            self.title_changed.emit(title)
        preview = self.controller.last_preview
        if preview is not None and preview.asset_id == metadata.asset_id:
            self._show_summary(preview)

    # --- results -------------------------------------------------------------------------------

    def _show_preview(self, preview: Preview) -> None:
        if self.banner.kind is not BannerKind.INFO:
            self.banner.dismiss()
        if not self.canvas.crop_mode:
            self.canvas.set_image(preview.image, preview.size)
        self._show_summary(preview)
        # Only an answer for the URL the controls now make speaks for them.
        current = preview.url == self.controller.url
        # The delivered size: the image may have been decoded smaller, at the size the canvas shows.
        size = (preview.size.width(), preview.size.height()) if current else None
        self.modifier_panel.show_delivered(self.controller.modifiers, size)
        delivery = preview.delivery
        self.status_detail.setText(
            f"{preview.size.width()} × {preview.size.height()} px · {delivery.media_type} · "
            f"{delivery.byte_count:,} bytes · {delivery.timings.total * 1000:.0f} ms"
        )

    def _showing(self, asset_id: str) -> bool:
        """Whether the response panel shows an answer about `asset_id`."""
        preview = self.controller.last_preview
        return (
            self.response_panel.summary is not None and preview is not None and preview.asset_id == asset_id
        )

    def _show_summary(self, preview: Preview) -> None:
        metadata = self.controller.metadata
        if metadata is not None and metadata.asset_id != preview.asset_id:
            metadata = None  # the next asset's metadata came before its image: no ratio across assets
        self.response_panel.show_summary(
            ResponseSummary.from_delivery(
                preview.url,
                preview.delivery,
                pixel_size=(preview.size.width(), preview.size.height()),
                requested_type=FORMAT_MEDIA_TYPES.get(self.controller.image_format or ""),
                original_bytes=metadata.size if metadata is not None else None,
            )
        )

    def _show_failure(self, error: DeliveryError, url: str) -> None:
        self.failed.emit(error)
        if not self.canvas.crop_mode:
            self.crop_button.setChecked(False)
        status = error.status if isinstance(error, HTTPStatusError) else None
        detail = error.detail if isinstance(error, HTTPStatusError) and error.detail else error.message
        self.response_panel.show_failure(
            url,
            status,
            detail,
            response_headers=error.response_headers if isinstance(error, HTTPStatusError) else (),
            request_headers=error.request_headers if isinstance(error, HTTPStatusError) else (),
        )
        last = self.controller.last_preview
        if last is None:
            self.canvas.clear("No image — the message above says why.")
            self.status_detail.clear()
        elif self.canvas.approximate:
            self.canvas.set_image(last.image, last.size)  # the approximation of what failed goes
        self._show_message(f"Failed: {url}", 10000)

    # --- live approximation and resolution --------------------------------------------------------

    def _show_approximation(self, approximation: Approximation) -> None:
        if not self.canvas.crop_mode:
            self.canvas.show_approximation(approximation.image, approximation.size)

    def _canvas_zoomed(self, _scale: float) -> None:
        self.controller.set_decode_box(self.canvas.fit_box())
        if not self.canvas.approximate and not self.canvas.crop_mode and self.canvas.wants_more_pixels():
            self.controller.request_full_resolution()

    def _full_resolution_arrived(self, preview: Preview) -> None:
        if not self.canvas.crop_mode and not self.canvas.approximate:
            self.canvas.set_image(preview.image, preview.size)

    # --- crop drawing --------------------------------------------------------------------------

    def start_crop_drawing(self) -> None:
        if self.controller.asset is None:
            self.crop_button.setChecked(False)
            return
        if self.canvas.crop_mode:
            self.canvas.end_crop()
            return
        self.crop_button.setChecked(True)
        self._show_message("Loading the uncropped image…", 4000)
        self.controller.request_uncropped()

    def _uncropped_arrived(self, image: object) -> None:
        if not isinstance(image, QImage) or not self.crop_button.isChecked():
            return
        fractions = self.modifier_panel.rows.crop.fractions()
        current = mirrored(QRectF(*fractions), self._flip()) if fractions else None
        self.canvas.begin_crop(image, current)
        self.canvas.setFocus()
        self._show_message("Drag a rectangle on the uncropped image; Esc cancels.", 8000)

    def _flip(self) -> str:
        return self.controller.modifiers.flip or ""

    def _crop_drawn(self, rect: QRectF) -> None:
        # Drawn on the flipped picture; the API crops before it flips (rotate, crop, flip).
        rect = mirrored(rect, self._flip())
        self.modifier_panel.set_crop_fractions(rect.x(), rect.y(), rect.width(), rect.height())
        self.canvas.end_crop()

    def _crop_mode_changed(self, active: bool) -> None:
        self.crop_button.setChecked(active)
        if not active:
            self._show_message("", 0)
        last = self.controller.last_preview
        if not active and last is not None:
            self.canvas.set_image(last.image, last.size)

    # --- clipboard -----------------------------------------------------------------------------

    def copy_url(self) -> None:
        url = self.controller.url
        if url:
            QGuiApplication.clipboard().setText(url)
            self._show_message("Request URL copied", 4000)

    def copy_delivered_url(self) -> None:
        summary = self.response_panel.summary
        if summary is not None:
            QGuiApplication.clipboard().setText(summary.url)
            self._show_message("URL copied", 4000)

    def copy_curl(self, include_token: bool) -> None:
        url = self.response_panel.summary.url if self.response_panel.summary else self.controller.url
        if not url:
            return
        try:
            command = self.service.curl_command(
                url, accept=self.controller.accept, include_token=include_token
            )
        except DeliveryError as error:  # an unreadable token: say so where the user looks
            self.failed.emit(error)
            return
        QGuiApplication.clipboard().setText(command)
        note = "with the token" if include_token else "token redacted"
        self._show_message(f"curl command copied ({note})", 4000)


def mirrored(rect: QRectF, flip: str) -> QRectF:
    """`rect` (fractions of the picture) seen through `flip` (`h`, `v`, `hv` or ``): where the same
    region lies once the picture is flipped. Flipping twice gives `rect` back."""
    x, y = rect.x(), rect.y()
    if "h" in flip:
        x = 1 - rect.x() - rect.width()
    if "v" in flip:
        y = 1 - rect.y() - rect.height()
    return QRectF(x, y, rect.width(), rect.height())
