"""The Batch download dialog: a list of ids or URLs (pasted or imported), what to save of each,
the folder and the name pattern; it checks all of it before the batch can start.

The dialog only gathers choices (`BatchChoice`); the `DownloadsController` runs the batch.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.api_spec import FORMAT_MEDIA_TYPES, IMAGE_FORMATS, STANDARD_RENDITIONS
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.renditions import listed_renditions
from aemviewer.saving.batch import BatchSelection
from aemviewer.saving.batch_list import BatchEntry, parse_batch_list, read_batch_file
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.filenames import with_extension
from aemviewer.saving.naming import (
    DEFAULT_MULTI_PATTERN,
    DEFAULT_PATTERN,
    PLACEHOLDERS,
    SAMPLE_FIELDS,
    check_pattern,
    render_name,
)

FileChooser = Callable[[QWidget], Path | None]
"""Asks for a file or folder: (parent) → path, or None when cancelled."""

EXISTING_CHOICES = (
    (ExistingFile.RENAME, "Keep both: save as “name (1).ext”"),
    (ExistingFile.REFUSE, "Skip the file and list it as failed"),
    (ExistingFile.OVERWRITE, "Replace the existing file"),
)


def ask_list_file(parent: QWidget) -> Path | None:
    """The platform's open dialog for a list (text or CSV)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, "Import a list of assets", "", "Lists (*.txt *.csv *.tsv);;All files (*)"
    )
    return Path(name) if name else None


def ask_folder(parent: QWidget, start: str = "") -> Path | None:
    """The platform's folder dialog."""
    name = QFileDialog.getExistingDirectory(parent, "Save the files into", start)
    return Path(name) if name else None


def known_renditions(metadata: Metadata | None) -> list[str]:
    """The rendition names the metadata lists (when it does), then AEM's standard ones."""
    return list(dict.fromkeys([*listed_renditions(metadata), *STANDARD_RENDITIONS]))


@dataclass(frozen=True)
class BatchChoice:
    """What the user asked for: the entries, what to save of each, where and under which names."""

    entries: list[BatchEntry]
    selection: BatchSelection
    folder: Path
    pattern: str
    existing: ExistingFile


class BatchDialog(QDialog):
    """Gathers a `BatchChoice`; `choice()` is valid once the dialog was accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        folder: str,
        pattern: str,
        modifiers: ImageModifiers,
        image_format: str | None,
        renditions: Sequence[str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Batch download")
        self.setObjectName("batchDialog")
        self.resize(760, 720)
        self.modifiers = modifiers
        self.choose_list_file: FileChooser = ask_list_file
        self.choose_folder: Callable[[QWidget, str], Path | None] = ask_folder
        self._imported: list[BatchEntry] | None = None
        self._entries: list[BatchEntry] = []
        self._pattern_edited = bool(pattern)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(200)
        self._check_timer.timeout.connect(self._check)

        layout = QVBoxLayout(self)
        layout.addWidget(self._list_group())
        layout.addWidget(self._what_group(renditions, image_format))
        layout.addWidget(self._where_group(folder, pattern))
        self.problem_label = QLabel()
        self.problem_label.setObjectName("batchProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: rgb(214, 57, 57);")
        layout.addWidget(self.problem_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton("Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    # --- construction --------------------------------------------------------------------------

    def _list_group(self) -> QGroupBox:
        group = QGroupBox("Assets")
        self.list_edit = QPlainTextEdit()
        self.list_edit.setObjectName("batchList")
        self.list_edit.setPlaceholderText(
            "One asset id (urn:aaid:aem:…) or delivery URL per line — or import a text or CSV file."
        )
        self.list_edit.textChanged.connect(self._list_edited)
        self.import_button = QPushButton("Import list…")
        self.import_button.clicked.connect(self.import_list)
        self.entries_label = QLabel()
        self.entries_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.entries_label, 1)
        row.addWidget(self.import_button)
        box = QVBoxLayout(group)
        box.addWidget(self.list_edit, 1)
        box.addLayout(row)
        return group

    def _what_group(self, renditions: Sequence[str], image_format: str | None) -> QGroupBox:
        group = QGroupBox("What to save of each asset")
        self.original_check = QCheckBox("Original (the uploaded file)")
        self.original_check.setChecked(True)
        self.renditions_check = QCheckBox("Renditions:")
        self.rendition_list = QListWidget()
        self.rendition_list.setObjectName("batchRenditions")
        self.rendition_list.setMaximumHeight(96)
        for name in dict.fromkeys(renditions):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.rendition_list.addItem(item)
        self.other_renditions = QLineEdit()
        self.other_renditions.setPlaceholderText("other rendition names, separated by commas")
        self.images_check = QCheckBox("The image with the current modifiers, as:")
        query = self.modifiers.to_query_string()
        self.modifiers_label = QLabel(f"?{query}" if query else "(no modifiers: the API's defaults)")
        self.modifiers_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.format_checks: dict[str, QCheckBox] = {}
        formats = QHBoxLayout()
        for name in IMAGE_FORMATS:
            if name == "jpeg":
                continue
            check = QCheckBox(name)
            check.setChecked(name == (image_format or "jpg"))
            check.toggled.connect(self._schedule_check)
            self.format_checks[name] = check
            formats.addWidget(check)
        formats.addStretch(1)
        for widget in (self.original_check, self.renditions_check, self.images_check):
            widget.toggled.connect(self._schedule_check)
        self.rendition_list.itemChanged.connect(self._schedule_check)
        self.other_renditions.textChanged.connect(self._schedule_check)
        self.as_listed_label = QLabel("Nothing ticked: each entry is saved as its URL says.")
        self.as_listed_label.setEnabled(False)
        grid = QGridLayout(group)
        grid.addWidget(self.original_check, 0, 0, 1, 2)
        grid.addWidget(self.renditions_check, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.rendition_list, 1, 1)
        grid.addWidget(self.other_renditions, 2, 1)
        grid.addWidget(self.images_check, 3, 0)
        grid.addWidget(self.modifiers_label, 3, 1)
        grid.addLayout(formats, 4, 1)
        grid.addWidget(self.as_listed_label, 5, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return group

    def _where_group(self, folder: str, pattern: str) -> QGroupBox:
        group = QGroupBox("Where and under which names")
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setObjectName("batchFolder")
        self.folder_edit.textChanged.connect(self._schedule_check)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.browse_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.pattern_edit = QLineEdit(pattern or DEFAULT_PATTERN)
        self.pattern_edit.setObjectName("batchPattern")
        self.pattern_edit.textEdited.connect(self._pattern_typed)
        self.pattern_edit.textChanged.connect(self._schedule_check)
        self.pattern_edit.setToolTip("\n".join(f"{{{key}}}: {text}" for key, text in PLACEHOLDERS.items()))
        self.example_label = QLabel()
        self.example_label.setEnabled(False)
        self.existing_combo = QComboBox()
        for value, text in EXISTING_CHOICES:
            self.existing_combo.addItem(text, value)
        form = QFormLayout(group)
        form.addRow("Folder:", folder_row)
        form.addRow("File names:", self.pattern_edit)
        form.addRow("", self.example_label)
        form.addRow("If a file exists:", self.existing_combo)
        return group

    # --- input ---------------------------------------------------------------------------------

    def import_list(self) -> None:
        """Read a list file (text or CSV) into the dialog."""
        path = self.choose_list_file(self)
        if path is None:
            return
        try:
            entries = read_batch_file(path)
        except DeliveryError as error:
            self.problem_label.setText(error.message_with_hint())
            return
        self._imported = entries
        self.list_edit.blockSignals(True)
        self.list_edit.setPlainText("\n".join(entry.text for entry in entries))
        self.list_edit.blockSignals(False)
        self._check()

    def browse_folder(self) -> None:
        path = self.choose_folder(self, self.folder_edit.text())
        if path is not None:
            self.folder_edit.setText(str(path))

    def _list_edited(self) -> None:
        self._imported = None  # typed text replaces an imported file (its CSV columns are gone)
        self._schedule_check()

    def _pattern_typed(self, _text: str) -> None:
        self._pattern_edited = True

    def _schedule_check(self, *_args: object) -> None:
        self._check_timer.start()

    # --- checking ------------------------------------------------------------------------------

    def selection(self) -> BatchSelection:
        renditions = [
            self.rendition_list.item(row).text()
            for row in range(self.rendition_list.count())
            if self.rendition_list.item(row).checkState() is Qt.CheckState.Checked
        ]
        renditions += [name.strip() for name in self.other_renditions.text().split(",") if name.strip()]
        formats = [name for name, check in self.format_checks.items() if check.isChecked()]
        return BatchSelection(
            original=self.original_check.isChecked(),
            renditions=tuple(dict.fromkeys(renditions)) if self.renditions_check.isChecked() else (),
            formats=tuple(formats) if self.images_check.isChecked() else (),
            modifiers=None if self.modifiers.is_default else self.modifiers,
        )

    def entries(self) -> list[BatchEntry]:
        if self._imported is not None:
            return self._imported
        return parse_batch_list(self.list_edit.toPlainText())

    def _check(self) -> None:
        self._check_timer.stop()
        problems: list[str] = []
        self._entries = self.entries()
        unusable = [entry for entry in self._entries if entry.ref is None]
        count = len(self._entries)
        text = f"{count} entr{'y' if count == 1 else 'ies'}"
        if unusable:
            first = unusable[0]
            reason = first.error.message if first.error is not None else "not usable"
            reason = reason if len(reason) <= 110 else reason[:109] + "…"
            text += (
                f"; {len(unusable)} cannot be used and will be listed as failed (line {first.line}: {reason})"
            )
        self.entries_label.setText(text if count else "No entries yet.")
        if not count:
            problems.append("Paste or import at least one asset id or URL.")
        selection = BatchSelection()
        try:
            selection = self.selection().check()
        except DeliveryError as error:
            problems.append(error.message)
        self.rendition_list.setEnabled(self.renditions_check.isChecked())
        self.other_renditions.setEnabled(self.renditions_check.isChecked())
        for check in self.format_checks.values():
            check.setEnabled(self.images_check.isChecked())
        self.as_listed_label.setVisible(selection.is_empty)
        if self.images_check.isChecked() and not selection.formats:
            problems.append("Tick at least one format for the image, or untick it.")
        if not self._pattern_edited:
            default = DEFAULT_MULTI_PATTERN if selection.files_per_entry > 1 else DEFAULT_PATTERN
            if self.pattern_edit.text() != default:
                self.pattern_edit.setText(default)
        try:
            pattern = check_pattern(self.pattern_edit.text())
            self.example_label.setText(f"e.g. {self._example(pattern, selection)}")
        except DeliveryError as error:
            problems.append(error.message)
            self.example_label.setText("")
        folder = self.folder_edit.text().strip()
        if not folder:
            problems.append("Choose the folder to save into.")
        elif not Path(folder).is_dir():
            problems.append(f"The folder {folder} does not exist.")
        self.problem_label.setText("\n".join(problems))
        self.problem_label.setVisible(bool(problems))
        self.start_button.setEnabled(not problems)

    @staticmethod
    def _example(pattern: str, selection: BatchSelection) -> str:
        """The name the pattern gives the first file of the sample asset."""
        if selection.original or selection.is_empty:
            fields, media_type = replace(SAMPLE_FIELDS, rendition="original", width=451), "image/jpeg"
        elif selection.renditions:
            name = selection.renditions[0]
            fields, media_type = replace(SAMPLE_FIELDS, rendition=name), mimetypes.guess_type(name)[0] or ""
        else:
            image_format = selection.formats[0] if selection.formats else "jpg"
            fields = replace(SAMPLE_FIELDS, rendition="image", format=image_format, width=800)
            media_type = FORMAT_MEDIA_TYPES.get(image_format, "")
        return with_extension(render_name(pattern, fields), media_type)

    def choice(self) -> BatchChoice:
        """The batch as chosen (call after the dialog was accepted)."""
        self._check()
        return BatchChoice(
            entries=self._entries,
            selection=self.selection().check(),
            folder=Path(self.folder_edit.text().strip()),
            pattern=check_pattern(self.pattern_edit.text()),
            existing=ExistingFile(self.existing_combo.currentData()),  # Qt hands back the plain str
        )
