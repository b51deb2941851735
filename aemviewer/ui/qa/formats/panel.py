"""The Formats tab: the preview's current modifiers requested in every output format, with
auto-format on and off, for chosen Accept profiles (and optionally at several quality levels): a table
of delivered type, bytes, pixel size and time with thumbnails, the smallest marked. Any row opens in
the preview (with its Accept).

The requests go out concurrently, each taking a slot of its host in the window's `RequestLimiter`,
as one turn of the runner's `MATRIX_KEY` line. Opening another asset cancels that turn — every
request still running or waiting — and its ticket makes sure no result of an older run lands in the
table. The matrix runs when the tab is shown and the preview has changed since the last run.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.api_spec import LEGACY_IMAGE_FORMATS, QUALITY_RANGE
from aemviewer.delivery.byte_counts import full_bytes
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, InvalidInput
from aemviewer.delivery.reference import AssetRef
from aemviewer.qa.checks.observed import from_formats
from aemviewer.qa.format_matrix import (
    ACCEPT_PROFILES,
    DEFAULT_FORMATS,
    MAX_CONCURRENCY,
    AcceptProfile,
    MatrixRequest,
    MatrixResult,
    plan_matrix,
    run_matrix,
)
from aemviewer.ui.common.checks_dialog import SaveChecksDialog
from aemviewer.ui.common.checks_saving import offer_checks
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.error_messages import banner_for
from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.qa.formats.model import QUALITY, SORT_ROLE, FormatMatrixModel
from aemviewer.ui.qa.formats.table import matrix_table, thumbnail
from aemviewer.ui.widgets.banner import Banner
from aemviewer.ui.widgets.tab_layout import tab_layout

MATRIX_KEY = "format-matrix"


def parse_qualities(text: str) -> list[int | None]:
    """`"40, 60 80"` → [40, 60, 80]; empty → [None] (the modifiers' own). Raises `InvalidInput`."""
    words = text.replace(",", " ").split()
    if not words:
        return [None]
    low, high = QUALITY_RANGE
    levels: list[int | None] = []
    for word in words:
        if not word.isdigit() or not low <= int(word) <= high:
            raise InvalidInput(
                f"Quality level {word!r} is not valid: expected integers from {low} to {high}.",
                hint="Write them like 40, 60, 80 — or leave the field empty for the preview's quality.",
            )
        levels.append(int(word))
    return levels


class FormatMatrixPanel(QWidget):
    """Options, the matrix table, and what is smallest."""

    def __init__(self, context: FeatureContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formatMatrixPanel")
        self._context = context
        self.model = FormatMatrixModel(self)
        self.task: asyncio.Task[list[MatrixResult]] | None = None
        self.ran_for: tuple[str, str | None] | None = None
        """(preview URL, Accept) of the last run: the tab runs again when the preview differs."""
        self._asset_id: str | None = None
        self._build()
        context.preview.asset_opened.connect(self._asset_opened)

    def _build(self) -> None:
        self.banner = Banner()
        options = self._options()
        self._build_table()
        footer = self._footer()
        tab_layout(self, self.banner, options, self.table, footer)

    def _options(self) -> QVBoxLayout:
        # Two rows: in one, the options make a 1024-pixel window wider than the screen.
        accepts = QHBoxLayout()
        accepts.setSpacing(10)
        accepts.addWidget(QLabel("Accept:"))
        self.accept_boxes: list[tuple[QCheckBox, AcceptProfile]] = []
        for profile in ACCEPT_PROFILES:
            box = QCheckBox(profile.label)
            box.setChecked(True)
            box.setToolTip(f"Accept: {profile.header}")
            accepts.addWidget(box)
            self.accept_boxes.append((box, profile))
        accepts.addStretch(1)
        options = QHBoxLayout()
        options.setSpacing(10)
        self.auto_on = QCheckBox("auto-format on")
        self.auto_on.setChecked(True)
        self.auto_on.setToolTip("auto-format=true: the server picks AVIF, WebP or JPEG/PNG from Accept")
        self.auto_off = QCheckBox("off")
        self.auto_off.setChecked(True)
        self.auto_off.setToolTip("auto-format=false: the path's format is delivered")
        options.addWidget(self.auto_on)
        options.addWidget(self.auto_off)
        options.addSpacing(12)
        self.legacy = QCheckBox("legacy formats")
        self.legacy.setToolTip("Also " + ", ".join(LEGACY_IMAGE_FORMATS))
        options.addWidget(self.legacy)
        options.addSpacing(12)
        options.addWidget(QLabel("Quality levels:"))
        self.qualities = QLineEdit()
        self.qualities.setObjectName("matrixQualities")
        self.qualities.setPlaceholderText("e.g. 40, 60, 80")
        self.qualities.setToolTip(
            "Request every cell at each of these quality levels; empty: the preview's own quality"
        )
        self.qualities.setAccessibleName("Quality levels")
        self.qualities.setMaximumWidth(160)
        self.qualities.returnPressed.connect(self.run)
        options.addWidget(self.qualities)
        options.addStretch(1)
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Request every cell now")
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop requesting the cells left")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        options.addWidget(self.run_button)
        options.addWidget(self.stop_button)
        rows = QVBoxLayout()
        rows.setSpacing(6)
        rows.addLayout(accepts)
        rows.addLayout(options)
        return rows

    def _build_table(self) -> None:
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = matrix_table(self.proxy)
        self.table.doubleClicked.connect(self._open_index)

    def _footer(self) -> QHBoxLayout:
        footer = QHBoxLayout()
        self.summary = QLabel("Run the matrix to see which delivery is the smallest.")
        self.summary.setObjectName("matrixSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QLabel("")
        self.open_button = QPushButton("Open in preview")
        self.open_button.setToolTip("Open the selected row in the preview, with its Accept header")
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button = QPushButton("Copy URL")
        self.copy_button.setToolTip("Copy the selected row's URL")
        self.copy_button.clicked.connect(self.copy_selected)
        self.checks_button = QPushButton("Save as checks…")
        self.checks_button.setToolTip(
            "Save the types each Accept profile gets and a byte budget per format as a checks file"
        )
        self.checks_button.clicked.connect(self.save_as_checks)
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.progress)
        footer.addWidget(self.open_button)
        footer.addWidget(self.copy_button)
        footer.addWidget(self.checks_button)
        return footer

    def save_as_checks(self) -> SaveChecksDialog | None:
        """Offer the expectations that hold in the last run (None: nothing has run yet)."""
        state = self._context.preview.state()
        results = [result for result in self.model.results() if result.ok]
        if state is None or not results:
            self._context.status.show_message("Run the matrix first: its answers become the checks.", 6000)
            return None
        modifiers = tuple(state.modifiers.to_query())
        asset = from_formats(state.asset_id, modifiers, state.image_format or "jpg", results)
        return offer_checks(self._context, asset, "the Formats matrix")

    # --- running -------------------------------------------------------------------------------

    def plan(self, state: PreviewState) -> tuple[list[MatrixRequest], DeliveryEndpoints]:
        """The requests for the preview's state with the chosen options (raises `InvalidInput`)."""
        accepts = [profile for box, profile in self.accept_boxes if box.isChecked()]
        auto_formats = [
            value for box, value in ((self.auto_on, True), (self.auto_off, False)) if box.isChecked()
        ]
        if not accepts or not auto_formats:
            raise InvalidInput(
                "Nothing to request: no Accept profile or no auto-format setting is chosen.",
                hint="Tick at least one Accept profile and auto-format on or off.",
            )
        formats = DEFAULT_FORMATS + (LEGACY_IMAGE_FORMATS if self.legacy.isChecked() else ())
        endpoints = self._context.service.endpoints_for(state.ref)
        requests = plan_matrix(
            endpoints,
            state.ref,
            state.modifiers,
            formats=formats,
            auto_formats=auto_formats,
            accepts=accepts,
            qualities=parse_qualities(self.qualities.text()),
            seo_name=state.seo_name,
        )
        return requests, endpoints

    def run(self) -> None:
        """Request the whole matrix for the preview's state now (a running matrix is cancelled)."""
        self.stop()
        self.banner.dismiss()
        state = self._context.preview.state()
        if state is None:
            self.summary.setText("Open an asset in the preview first.")
            return
        try:
            requests, endpoints = self.plan(state)
        except DeliveryError as error:
            self._show_error(error, state.ref)
            return
        ticket = self._context.runner.ticket(MATRIX_KEY)
        self._asset_id = state.asset_id
        self.ran_for = (state.url, state.accept)
        self.model.set_plan(requests)
        # The quality column only says something when levels were asked for.
        self.table.setColumnHidden(QUALITY, all(request.quality is None for request in requests))
        self.summary.setText(f"Requesting {len(requests)} deliveries of {state.asset_id}…")
        self._show_progress()
        self.run_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        thumbnails: dict[MatrixRequest, tuple[QImage | None, str]] = {}

        async def fetch(request: MatrixRequest) -> Delivery:
            async with self._context.limiter.slot(endpoints.base_url):
                delivery = await self._context.service.fetch(
                    endpoints, request.url, accept=request.accept.header
                )
            try:
                image = await asyncio.to_thread(thumbnail, delivery.body, delivery.content_type)
            except DeliveryError as error:  # shown as the thumbnail's tooltip
                thumbnails[request] = (None, error.message)
            else:
                thumbnails[request] = (image, "")
            return delivery

        def arrived(result: MatrixResult) -> None:
            if not ticket.current:
                return  # a result of an older run (it was cancelled): never shown
            image, problem = thumbnails.pop(result.request, (None, ""))
            self.model.set_result(result, image, problem)
            self._show_progress()

        self.task = self._context.runner.run(
            # The limiter bounds the requests per host; the matrix itself only caps its tasks.
            run_matrix(requests, fetch, concurrency=MAX_CONCURRENCY, on_result=arrived),
            ticket=ticket,
            on_success=lambda _results: self._finished(),
            on_failure=lambda error: self._show_error(error, state.ref),
            on_finished=self._idle,
        )

    def stop(self) -> None:
        """Cancel the running matrix (its pending rows stay empty)."""
        if self._context.runner.cancel(MATRIX_KEY):
            self.summary.setText(f"Stopped after {self.model.done} of {len(self.model.rows)} deliveries.")
        self.run_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    @property
    def running(self) -> bool:
        return self._context.runner.is_running(MATRIX_KEY)

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    def _finished(self) -> None:
        best = self.model.best
        failed = sum(1 for result in self.model.results() if not result.ok)
        note = f" {failed} failed (hover a row for why)." if failed else ""
        if best is None:
            self.summary.setText(f"No delivery succeeded.{note}")
            return
        request = best.request
        quality = f", quality {request.quality}" if request.quality is not None else ""
        self.summary.setText(
            f"Smallest: <b>{best.media_type}</b>, {full_bytes(best.byte_count or 0)} — "
            f"{request.accept.label}, auto-format {'on' if request.auto_format else 'off'}, "
            f".{request.image_format}{quality}.{note}"
        )

    def _show_progress(self) -> None:
        total = len(self.model.rows)
        self.progress.setText(f"{self.model.done} / {total}" if total else "")

    def _show_error(self, error: DeliveryError, asset: AssetRef | None) -> None:
        kind, title, message, _actions = banner_for(error, asset)
        self.banner.show_message(kind, title, message, [("Retry", self.run)])

    # --- rows ----------------------------------------------------------------------------------

    def _row_at(self, index: QModelIndex) -> int | None:
        if not index.isValid():
            return None
        return self.proxy.mapToSource(index).row()

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self._row_at(rows[0]) if rows else None

    def open_row(self, row: int) -> bool:
        """Open row `row` (in plan order) in the preview, with its Accept header."""
        request = self.model.rows[row].request
        return self._context.navigation.open_url(request.url, request.accept.header)

    def open_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.open_row(row)

    def copy_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            QGuiApplication.clipboard().setText(self.model.rows[row].request.url)
            self._context.status.show_message("URL copied", 4000)

    def _open_index(self, index: QModelIndex) -> None:
        row = self._row_at(index)
        if row is not None:
            self.open_row(row)

    # --- following the preview -----------------------------------------------------------------

    def _asset_opened(self, ref: AssetRef) -> None:
        if ref.asset_id == self._asset_id:
            return  # e.g. a row opened in the preview: the matrix still describes this asset
        self.stop()
        self._asset_id = None
        self.ran_for = None
        self.model.clear()
        self._show_progress()
        self.summary.setText("Another asset was opened: the matrix runs again when this tab is shown.")
        if self.isVisible():
            # The preview's URL for the new asset is built right after this signal.
            QTimer.singleShot(0, self, self.run)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        state = self._context.preview.state()
        if state is not None and (state.url, state.accept) != self.ran_for and not self.running:
            self.run()

    def feature(self) -> Feature:
        """The Formats tab."""
        return Feature(tabs=(Tab(self, "Formats"),))
