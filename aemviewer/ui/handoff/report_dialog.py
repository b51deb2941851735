"""File → Export report…: tick the sections, choose the file, watch it being written.

The file dialog asks before replacing an existing file (only a file it asked about is replaced);
fetching runs on the event loop and rendering and writing in a worker thread, so the window stays
responsive while the dialog shows each step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from aemviewer.delivery.errors import DeliveryError
from aemviewer.handoff.report import ReportContents, ReportSection
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.handoff.report_work import WINDOW_SECTIONS, export_report
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.workspace.history import HistoryEntry

REPORT_LINE = "export-report"
SECTION_LABELS = {
    ReportSection.METADATA: ("&Metadata", "Every field of the metadata document"),
    ReportSection.PREVIEW: ("&Preview", "The preview's image, URL, status, type, bytes and headers"),
    ReportSection.FORMATS: ("&Formats", "The Formats matrix, the smallest delivery marked"),
    ReportSection.SMART_CROPS: ("Smart &crops", "Each smart crop as delivered, rectangles when known"),
    ReportSection.VIDEO: ("&Video check", "For a video: every variant played for 2 s, what decoded"),
    ReportSection.HISTORY: ("&History", "This asset's rows of the request History"),
}


class ReportDialog(QDialog):
    """Sections to include, then Export… writes the file."""

    def __init__(
        self, context: FeatureContext, state: PreviewState, history: Callable[[], Sequence[HistoryEntry]]
    ) -> None:
        super().__init__(context.dialog_parent)
        self.setWindowTitle(f"Export report — {state.asset_id}")
        self.context, self.state, self.history = context, state, history
        self.written: Path | None = None
        self.banner = Banner()
        self.boxes: dict[ReportSection, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(QLabel("Include:"))
        for section in WINDOW_SECTIONS:
            label, description = SECTION_LABELS[section]
            box = self.boxes[section] = QCheckBox(label)
            box.setChecked(True)
            box.setToolTip(description)
            layout.addWidget(box)
        self.note = QLabel(
            "One HTML file with the images embedded and no external requests; tokens are redacted. "
            "The video check plays every variant of a video in a separate process."
        )
        self.note.setWordWrap(True)
        self.progress = QLabel()
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        self.export_button.setToolTip("Choose the file and write the report")
        self.export_button.clicked.connect(self.export)
        close = QPushButton("Close")
        close.setToolTip("Close this dialog")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)  # room for the step ("Fetching smart crops…") beside the buttons

    def sections(self) -> tuple[ReportSection, ...]:
        return tuple(section for section, box in self.boxes.items() if box.isChecked())

    def export(self) -> None:
        """Ask where, then gather and write the report."""
        sections = self.sections()
        if not sections:
            self.banner.show_message(BannerKind.WARNING, "Tick at least one section.")
            return
        name = f"{self.state.asset_id.rsplit(':', 1)[-1]}-report.html"
        target = self.context.choose_save_path(self, name, "Export the QA report (HTML)")
        if target is None:
            return
        self.banner.dismiss()
        self.export_button.setEnabled(False)
        runner = self.context.runner
        runner.run(
            export_report(self.context, self.state, sections, self.history(), target, self._step),
            ticket=runner.ticket(REPORT_LINE),
            on_success=lambda contents: self._written(target, contents),
            on_failure=self._failed,
            on_finished=lambda: self.export_button.setEnabled(True),
        )

    def _step(self, step: str) -> None:
        texts = {"writing": "Writing the file…", "video check": "Playing every variant of the video…"}
        self.progress.setText(texts.get(step, f"Fetching {step}…"))

    def _written(self, target: Path, contents: ReportContents) -> None:
        self.written = target
        self.progress.setText(f"Written: {target.name}")
        self.context.status.show_message(f"Report written to {target}", 6000)
        if contents.problems:
            items = "".join(f"<li>{escape(problem)}</li>" for problem in contents.problems)
            self.banner.show_message(BannerKind.WARNING, "Some sections are incomplete", f"<ul>{items}</ul>")

    def _failed(self, error: DeliveryError) -> None:
        self.progress.setText("Not written.")
        self.banner.show_message(BannerKind.ERROR, error.message, escape(error.hint or ""))

    def done(self, code: int) -> None:
        self.context.runner.cancel(REPORT_LINE)
        super().done(code)
