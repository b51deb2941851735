"""The manifests as text: master playlist, each media playlist and the DASH manifest, highlighted, with
a summary of each media playlist (target duration, segments, total duration)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.errors import DeliveryError, MalformedManifest
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.video.loading import VideoManifests


def _format(colour: str, *, bold: bool = False) -> QTextCharFormat:
    result = QTextCharFormat()
    result.setForeground(QColor(colour))
    if bold:
        result.setFontWeight(700)
    return result


class ManifestHighlighter(QSyntaxHighlighter):
    """HLS tags, attribute names, quoted values and URIs; XML tags, attributes and strings."""

    _RULES = (
        (re.compile(r"^#EXT[\w-]*"), _format("#2f6fd0", bold=True)),
        (re.compile(r"(?<=[:,])[A-Z0-9-]+(?==)"), _format("#9a5cc6")),
        (re.compile(r'"[^"]*"'), _format("#2e9d4f")),
        (re.compile(r"^[^#<\s].*$"), _format("#c0601a")),
        (re.compile(r"</?[\w:.-]+|/?>"), _format("#2f6fd0", bold=True)),
        (re.compile(r"\s[\w:.-]+(?==)"), _format("#9a5cc6")),
        (re.compile(r"<!--.*?-->|^#(?!EXT).*$"), _format("#888888")),
    )

    def highlightBlock(self, text: str) -> None:
        for pattern, style in self._RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), style)


@dataclass(frozen=True)
class ManifestDocument:
    """One entry of the document chooser."""

    title: str
    url: str
    text: str
    error: DeliveryError | None = None


def documents_for(manifests: VideoManifests) -> list[ManifestDocument]:
    """Master, media playlists, DASH manifest (or why it is missing), in that order."""
    master = manifests.master
    documents = [ManifestDocument("Master playlist", master.url, master.text)]
    for entry in manifests.variants:
        title = f"Media playlist · {entry.variant.label}"
        if entry.playlist is not None:
            documents.append(ManifestDocument(title, entry.playlist.url, entry.playlist.text))
        else:
            documents.append(ManifestDocument(title, entry.variant.uri, "", entry.error))
    if manifests.dash is not None:
        documents.append(ManifestDocument("DASH manifest", manifests.dash.url, manifests.dash.text))
    elif manifests.dash_error is not None:
        documents.append(
            ManifestDocument("DASH manifest", manifests.dash_error.url or "", "", manifests.dash_error)
        )
    return documents


class ManifestView(QWidget):
    """Chooser, highlighted text, and the summary table."""

    SUMMARY_COLUMNS = ("Playlist", "Target duration", "Segments", "Total duration", "Type", "Complete")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chooser = QComboBox()
        self.chooser.setObjectName("manifestChooser")
        name_widget(self.chooser, "Manifest", "Which manifest or playlist is shown")
        self.chooser.currentIndexChanged.connect(self._show)
        self.url_label = QLabel()
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_label.setStyleSheet("color: palette(placeholder-text);")
        self.text = QPlainTextEdit()
        self.text.setObjectName("manifestText")
        self.text.setReadOnly(True)
        name_widget(self.text, "Manifest text", "The manifest as the server sent it")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = ManifestHighlighter(self.text.document())
        self.summary = QTableWidget(0, len(self.SUMMARY_COLUMNS))
        self.summary.setObjectName("manifestSummary")
        name_widget(self.summary, "Manifest summary", "What the manifest lists, one row per entry")
        self.summary.setHorizontalHeaderLabels(list(self.SUMMARY_COLUMNS))
        self.summary.verticalHeader().setVisible(False)
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary.setWordWrap(False)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addWidget(self.url_label, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.text)
        splitter.addWidget(self.summary)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._documents: list[ManifestDocument] = []

    @property
    def documents(self) -> list[ManifestDocument]:
        return list(self._documents)

    def clear(self) -> None:
        self._documents = []
        self.chooser.clear()
        self.text.clear()
        self.url_label.clear()
        self.summary.setRowCount(0)

    def show_manifests(self, manifests: VideoManifests) -> None:
        self._documents = documents_for(manifests)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for document in self._documents:
            self.chooser.addItem(document.title + (" (failed)" if document.error else ""))
        self.chooser.blockSignals(False)
        self._fill_summary(manifests)
        self._show(0)

    def show_failed_text(self, title: str, url: str, text: str, error: DeliveryError) -> None:
        """A manifest that could not be read: its text, with the line the error names marked."""
        self.clear()
        self._documents = [ManifestDocument(title, url, text, error)]
        self.chooser.addItem(f"{title} (failed)")
        self._show(0)

    def _fill_summary(self, manifests: VideoManifests) -> None:
        rows: list[tuple[str, ...]] = []
        for entry in manifests.variants:
            playlist = entry.playlist
            if playlist is None:
                message = entry.error.message if entry.error else "not read"
                rows.append((entry.variant.label, "", "", "", "failed", message))
                continue
            rows.append(
                (
                    entry.variant.label,
                    f"{playlist.target_duration} s",
                    str(len(playlist.segments)),
                    f"{playlist.total_duration:.3f} s",
                    playlist.playlist_type or "live",
                    "yes" if playlist.ended else "no (live)",
                )
            )
        dash = manifests.dash
        if dash is not None:
            for representation in dash.representations:
                rows.append(
                    (
                        f"DASH {representation.id}",
                        "",
                        "" if representation.segment_count is None else str(representation.segment_count),
                        "" if dash.duration is None else f"{dash.duration:.3f} s",
                        f"{dash.kind} (DASH)",
                        "—",
                    )
                )
        self.summary.setRowCount(len(rows))
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                item = QTableWidgetItem(value)
                if column in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.summary.setItem(row_number, column, item)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self._documents):
            return
        document = self._documents[index]
        self.url_label.setText(document.url)
        if document.error is not None and not document.text:
            self.text.setPlainText(
                f"# Could not read this manifest:\n# {document.error.message}\n# {document.error.hint}"
            )
        else:
            self.text.setPlainText(document.text)
        self._mark_error_line(document.error)

    def _mark_error_line(self, error: DeliveryError | None) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if isinstance(error, MalformedManifest) and error.line is not None:
            block = self.text.document().findBlockByLineNumber(error.line - 1)
            if block.isValid():
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(QColor(214, 57, 57, 70))
                selection.format.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
                cursor = QTextCursor(block)
                selection.cursor = cursor
                selections.append(selection)
                self.text.setTextCursor(cursor)
                self.text.centerCursor()
        self.text.setExtraSelections(selections)

    def marked_line(self) -> int | None:
        """The 1-based line marked as the error's, if any (for tests and the status bar)."""
        selections = self.text.extraSelections()
        if not selections:
            return None
        return selections[0].cursor.block().blockNumber() + 1
