"""The Checks tab: open a checks file (docs/checks.md), run it against the active profile with
progress and cancel, see passed/FAILED/error per expectation with what was found, open the asset of
a row in the Preview, and export the results as JUnit XML.

The window checks the active profile's host with its token, whatever `base_url` the file names (the
command line uses that only when no host is given). The run is one turn of the runner's
`CHECKS_LINE`: Cancel, or running again, ends it and nothing of it lands afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import parse_reference
from aemviewer.qa.checks.junit import junit_document
from aemviewer.qa.checks.model import ChecksFile
from aemviewer.qa.checks.parser import read_checks_file
from aemviewer.qa.checks.plan import CheckContext, PlannedCheck
from aemviewer.qa.checks.results import CheckResult, Outcome, counts
from aemviewer.qa.checks.runner import plan_checks, run_checks
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.error_messages import message_and_hint
from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.common.file_saving import save_atomically
from aemviewer.ui.qa.checks.model import CheckRowsModel
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.ui.widgets.tab_layout import tab_layout

CHECKS_LINE = "checks"


class ChecksPanel(QWidget):
    """The Checks tab over the window's service and runner."""

    def __init__(self, context: FeatureContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        self._context = context
        self.path: Path | None = None
        self.checks: ChecksFile | None = None
        self.model = CheckRowsModel()
        self.banner = Banner()
        self.banner.hide()
        self.table = QTableView()
        self.table.setObjectName("checksTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        tools = QHBoxLayout()
        self.open_button = self._button(
            tools, "Open checks file…", "Open a TOML checks file", self.choose_file
        )
        self.run_button = self._button(tools, "Run", "Run every check against the active profile", self.run)
        self.cancel_button = self._button(tools, "Cancel", "Stop the run", self.cancel)
        self.asset_button = self._button(
            tools, "Open in Preview", "Open the asset of the selected row in the Preview", self.open_selected
        )
        self.export_button = self._button(
            tools, "Export JUnit…", "Save the results as JUnit XML for a CI system", self.choose_export
        )
        tools.addStretch(1)
        self.file_label = QLabel("No checks file open")
        tools.addWidget(self.file_label)
        below = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m checks")
        self.progress.setValue(0)
        self.summary = QLabel("")
        self.summary.setObjectName("checksSummary")
        below.addWidget(self.progress, 1)
        below.addWidget(self.summary, 2)
        tab_layout(self, self.banner, tools, self.table, below)
        self._update_buttons()

    def _button(self, row: QHBoxLayout, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # --- the file ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Open a checks file", str(self.path.parent if self.path else ""), "Checks (*.toml)"
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> bool:
        """Read and plan `path`; a malformed file is named in the banner (key path and line)."""
        self.cancel()
        try:
            checks = read_checks_file(path)
            plan = plan_checks(checks)
        except DeliveryError as error:
            self._show_error(f"{path.name} cannot be used", error)
            return False
        self.banner.dismiss()
        self.path, self.checks = path, checks
        self.file_label.setText(
            f"{checks.title or path.name}: {len(checks.assets)} assets, {len(plan)} checks"
        )
        self.model.set_plan(plan)
        self._set_progress(0, len(plan))
        self.summary.setText(f"Not run yet: Run checks {self._context.service.profile_name}.")
        self._update_buttons()
        return True

    # --- running -------------------------------------------------------------------------------

    def run(self) -> None:
        """Run every check of the open file against the active profile (a run in flight ends)."""
        if self.checks is None:
            return
        self.model.set_plan(plan_checks(self.checks))
        self._set_progress(0, len(self.model.planned))
        self.summary.setText(f"Running against {self._context.service.profile_name}…")
        self.banner.dismiss()
        ticket = self._context.runner.ticket(CHECKS_LINE)
        self._context.runner.run(
            self._run(self.model.planned), ticket=ticket, on_success=self._finished, on_failure=self._failed
        )
        self._update_buttons()

    async def _run(self, plan: list[PlannedCheck]) -> list[CheckResult]:
        service = self._context.service
        endpoints = service.endpoints
        async with service.pool.anonymous_client(endpoints) as anonymous:
            checks = CheckContext(service.client_for(endpoints), anonymous, has_token=service.has_token())
            return await run_checks(plan, checks, on_result=self._arrived)

    def _arrived(self, result: CheckResult, done: int, total: int) -> None:
        self.model.record(result)
        self._set_progress(done, total)

    def cancel(self) -> None:
        """Stop the run; the rows that had no answer stay waiting."""
        if self._context.runner.cancel(CHECKS_LINE):
            done = len(self.model.finished())
            self.summary.setText(f"Cancelled after {done} of {len(self.model.planned)} checks.")
        self._update_buttons()

    def _finished(self, results: list[CheckResult]) -> None:
        tally = counts(results)
        self.summary.setText(
            f"{tally[Outcome.PASSED]} passed, {tally[Outcome.FAILED]} failed, "
            f"{tally[Outcome.ERROR]} could not run — against {self._context.service.profile_name}"
        )
        self._update_buttons()

    def _failed(self, error: DeliveryError) -> None:
        self._show_error("The checks could not run", error)
        self.summary.setText("The run stopped.")
        self._update_buttons()

    @property
    def running(self) -> bool:
        return self._context.runner.is_running(CHECKS_LINE)

    # --- rows and export -----------------------------------------------------------------------

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_row(row)

    def open_row(self, row: int) -> None:
        """Open the asset of `row` in the Preview, on the active profile (where it was checked),
        with the asset's modifiers and format."""
        asset = self.model.planned[row].asset
        navigation = self._context.navigation
        if not navigation.open_text(parse_reference(asset.ref).asset_id):
            return
        if asset.modifiers or asset.format != "jpg":
            navigation.apply_modifiers(ImageModifiers.from_query(asset.modifiers), asset.format)
        navigation.show_preview()

    def _row_activated(self, index: QModelIndex) -> None:
        self.open_row(index.row())

    def choose_export(self) -> None:
        stem = self.path.stem if self.path else "checks"
        path = self._context.choose_save_path(
            self, f"{stem}-results.xml", "Export the check results (JUnit XML)"
        )
        if path is not None:
            self.export_junit(path)

    def export_junit(self, path: Path) -> asyncio.Task[Path]:
        """Write the results so far to `path` as JUnit XML (off the GUI thread)."""
        suite = (self.checks.title if self.checks else "") or (self.path.stem if self.path else "checks")
        document = junit_document(self.model.finished(), suite)

        def saved(written: Path) -> None:
            self._context.status.show_message(f"JUnit results saved to {written}", 6000)

        def failed(error: DeliveryError) -> None:
            self._show_error("The JUnit file was not saved", error)

        return self._context.runner.run(save_atomically(path, document), on_success=saved, on_failure=failed)

    # --- showing -------------------------------------------------------------------------------

    def _show_error(self, title: str, error: DeliveryError) -> None:
        self.banner.show_message(BannerKind.ERROR, title, message_and_hint(error))

    def _set_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _update_buttons(self) -> None:
        running = self.running
        self.run_button.setEnabled(self.checks is not None and not running)
        self.cancel_button.setEnabled(running)
        self.asset_button.setEnabled(self.selected_row() is not None)
        self.export_button.setEnabled(bool(self.model.finished()) and not running)

    def feature(self) -> Feature:
        """The Checks tab."""
        return Feature(tabs=(Tab(self, "Checks"),))
