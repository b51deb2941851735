"""The modifier panel: a control for every image modifier, emitting an immutable `ImageModifiers`.

Each section is a grid (label · editor · value · reset) so all rows line up. Values the API would
refuse never leave the panel: the panel shows the field and its allowed range instead. Controls the
server will ignore for the current combination say why in their tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifier_catalogue import SECTIONS
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.ui.modifiers.controls import ControlRow
from aemviewer.ui.modifiers.format_choice import FormatChoiceLine
from aemviewer.ui.modifiers.rows import DIMENSION_MIN, ModifierRows
from aemviewer.ui.modifiers.size_note import SizeNote
from aemviewer.ui.widgets.collapsible_section import CollapsibleSection


class RowsScrollArea(QScrollArea):
    """A vertical scroll area that is never narrower than its rows need (plus the scroll bar).

    The horizontal scroll bar is off, so a narrower viewport would cut off the reset buttons.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = content.minimumSizeHint().width() + scroll_bar + 2 * self.frameWidth() + 2
        return QSize(max(hint.width(), width), hint.height())


class ModifierPanel(QWidget):
    """Every modifier of delivery-api.md as a control; emits a new `ImageModifiers` on each edit."""

    modifiers_changed = Signal(object)
    """The new `ImageModifiers`, after any edit that produced a valid value."""
    format_changed = Signal(str)
    accept_changed = Signal(str)
    """The Accept header the preview requests with (a request header, not a modifier)."""
    invalid = Signal(str)
    """An edit the API would refuse: field and allowed range (the last valid value stays in force)."""
    draw_crop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modifierPanel")
        self._modifiers = ImageModifiers()
        self._source: tuple[int, int] | None = None
        self.rows = ModifierRows()
        self.size_note = SizeNote()
        self.format_choice = FormatChoiceLine()
        self.format_choice.auto_format_requested.connect(self._set_auto_format)
        self._build_layout()
        for control in self.rows.controls:
            control.changed.connect(self._control_changed)
        self.rows.format.changed.connect(self._format_picked)
        self.rows.accept.changed.connect(lambda: self.accept_changed.emit(self.rows.accept.value() or ""))
        self.rows.crop.draw_requested.connect(self.draw_crop_requested)
        self.rows.width_control.changed.connect(lambda: self._keep_aspect(from_width=True))
        self.rows.height_control.changed.connect(lambda: self._keep_aspect(from_width=False))
        self.set_smart_crops([])
        self._refresh_notes()

    # --- construction --------------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.error_label = QLabel()
        self.error_label.setObjectName("panelError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: rgb(214, 57, 57);")
        self.error_label.hide()
        scroll = RowsScrollArea()
        scroll.setWidget(self._sections_widget())
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        layout.addLayout(self._header())
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def _header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        title = QLabel("Modifiers")
        title.setObjectName("panelTitle")
        title_font = title.font()
        title_font.setBold(True)
        title.setFont(title_font)
        self.reset_all_button = QPushButton("Reset all")
        self.reset_all_button.setToolTip("Remove every modifier (the image with the server's defaults)")
        self.reset_all_button.clicked.connect(self.reset_all)
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.reset_all_button)
        return header

    def _sections_widget(self) -> QWidget:
        sections = QWidget()
        column = QVBoxLayout(sections)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(2)
        self._grids: list[QGridLayout] = []
        self.sections: dict[str, CollapsibleSection] = {}
        for title_text in SECTIONS:
            column.addWidget(self._section(title_text, self._section_rows(title_text)))
        column.addStretch(1)
        self._align_label_columns()
        return sections

    def _section_rows(self, title: str) -> list[ControlRow | QWidget]:
        """The catalogue's rows of a section, with the panel's own rows where they belong."""
        rows: list[ControlRow | QWidget] = list(self.rows.section_rows(title))
        if self.rows.height_control in rows:
            lock_row = QHBoxLayout()
            lock_row.setContentsMargins(0, 0, 0, 0)
            lock_row.addWidget(self.rows.aspect_lock)
            lock_row.addStretch(1)
            lock = QWidget()
            lock.setLayout(lock_row)
            rows.insert(rows.index(self.rows.height_control) + 1, lock)
            rows.insert(rows.index(self.rows.height_control) + 2, self.size_note)
        if self.rows.control("auto_format") in rows:
            # The path's format and the Accept header decide the format together with auto-format.
            rows[0:0] = [self.rows.format, self.format_choice, self.rows.accept]
        if title == SECTIONS[-1]:
            rows.append(self.rows.extra)
        return rows

    def _section(self, title: str, rows: list[ControlRow | QWidget]) -> CollapsibleSection:
        section = CollapsibleSection(title)
        section.setObjectName(f"section-{title}")
        font = section.toggleButton().font()
        font.setBold(True)
        section.toggleButton().setFont(font)
        section.toggleButton().setAccessibleDescription(f"Shows or hides the {title} modifiers")
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(4, 2, 0, 8)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for index, row in enumerate(rows):
            if isinstance(row, ControlRow):
                row.place(grid, index)
            else:
                grid.addWidget(row, index, 1, 1, 2)
        self._grids.append(grid)
        section.addWidget(body)
        self.sections[title] = section
        return section

    def _align_label_columns(self) -> None:
        # One label width for every section, so the editors of all sections start at the same x.
        rows = [*self.rows.controls, self.rows.format, self.rows.accept]
        width = max(control.label.sizeHint().width() for control in rows) + 12
        for grid in self._grids:
            grid.setColumnMinimumWidth(0, width)

    # --- public API ----------------------------------------------------------------------------

    def modifiers(self) -> ImageModifiers:
        """The last valid value."""
        return self._modifiers

    def accept_header(self) -> str | None:
        return self.rows.accept.value()

    def image_format(self) -> str | None:
        """The format extension for `/as/<name>.<format>`; None asks for the image with defaults (`/{id}`)."""
        return self.rows.format.value()

    def set_state(self, modifiers: ImageModifiers, image_format: str | None) -> None:
        """Set every control from a value (a pasted URL); emits nothing."""
        self.rows.write(modifiers, image_format)
        self._modifiers = modifiers
        self._show_error("")
        self._source_changed_for_rotation()
        self._refresh_notes()

    def reset_all(self) -> None:
        for control in self.rows.controls:
            control.reset()
            control._update_reset()
        self.rows.format.reset()
        self.rows.format._update_reset()
        self._control_changed()
        self._format_edited()

    def step_smart_crop(self, step: int) -> str | None:
        """Choose the smart crop `step` places after (or before) the current one, wrapping round
        through "none", as if picked from the list; the name chosen (None: none, or no crops)."""
        combo = self.rows.smartcrop.combo
        if combo.count() < 2:
            return None
        index = (combo.currentIndex() + step) % combo.count()
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        return self.rows.smartcrop.value()

    def set_smart_crops(self, names: list[str], *, unavailable: str = "") -> None:
        """The smart crops the asset defines; `unavailable` says why the list could not be loaded."""
        self.rows.smartcrop.set_choices([("none", None), *((name, name) for name in names)])
        if names:
            self.rows.smartcrop.tooltip = (
                "smartcrop: one of the smart crops defined on this asset: " + ", ".join(names) + "."
            )
        elif unavailable:
            self.rows.smartcrop.tooltip = (
                f"smartcrop: the asset's smart crops could not be listed: {unavailable}"
            )
        else:
            self.rows.smartcrop.tooltip = (
                "smartcrop: this asset defines no smart crops, so the server has nothing to apply. "
                "A name typed here is still sent."
            )
        self.rows.smartcrop.set_note(self.rows.smartcrop.note)

    def set_source_size(self, size: tuple[int, int] | None) -> None:
        """The original's pixel size (from metadata): slider ranges, crop conversion, aspect lock."""
        self._source = size
        self._source_changed_for_rotation()

    def set_crop_fractions(self, x: float, y: float, w: float, h: float) -> None:
        """A crop drawn on the uncropped image; sets the crop control and emits."""
        self.rows.crop.set_fractions(x, y, w, h)

    def show_delivered(self, modifiers: ImageModifiers, size: tuple[int, int] | None) -> None:
        """The pixel size delivered for `modifiers` (None: nothing yet): under Width and Height,
        say when it is smaller than asked."""
        self.size_note.show_delivered(modifiers, size)

    # --- reacting to edits ---------------------------------------------------------------------

    def _rotated_source(self) -> tuple[int, int] | None:
        if self._source is None:
            return None
        width, height = self._source
        # Crop and resizing apply after rotate: a quarter turn swaps the axes they see.
        if self.rows.rotate.value() in ("90", "270"):
            return (height, width)
        return (width, height)

    def _source_changed_for_rotation(self) -> None:
        source = self._rotated_source()
        self.rows.crop.set_source_size(source)
        if source is not None:
            for control in (self.rows.width_control, self.rows.size_w):
                control.set_slider_maximum(source[0])
            for control in (self.rows.height_control, self.rows.size_h):
                control.set_slider_maximum(source[1])
        self.rows.aspect_lock.setEnabled(source is not None)
        self.rows.aspect_lock.setToolTip(
            "Keep width and height in the original's aspect ratio while you edit one of them."
            if source is not None
            else "Available once the original's size is known (it comes with the asset's metadata)."
        )

    def _keep_aspect(self, *, from_width: bool) -> None:
        source = self._rotated_source()
        if not self.rows.aspect_lock.isChecked() or source is None:
            return
        width, height = source
        if from_width and self.rows.width_control.value() is not None:
            value = self.rows.width_control.value() or 0
            self.rows.height_control.set_value(max(DIMENSION_MIN, round(value * height / width)))
        elif not from_width and self.rows.height_control.value() is not None:
            value = self.rows.height_control.value() or 0
            self.rows.width_control.set_value(max(DIMENSION_MIN, round(value * width / height)))
        self._control_changed()

    def _format_picked(self) -> None:
        # A format picked by hand is the format wanted: with auto-format on the server would
        # ignore it, so auto-format goes off with it (the line under the control says so).
        if self.rows.format.value() is not None and self.rows.fields["auto_format"].read() is not False:
            self.rows.fields["auto_format"].write(False)
            self._control_changed()
        self._format_edited()

    def _set_auto_format(self, value: bool | None) -> None:
        self.rows.fields["auto_format"].write(value)
        self._control_changed()

    def _format_edited(self) -> None:
        self._refresh_notes()
        self.format_changed.emit(self.rows.format.value() or "")

    def _control_changed(self) -> None:
        if self.sender() is self.rows.rotate:
            self._source_changed_for_rotation()
        try:
            modifiers = self.rows.read()
        except InvalidModifier as error:
            self._show_error(f"Not sent — {error.message}")
            self.invalid.emit(error.message)
            return
        self._show_error("")
        self._refresh_notes(modifiers)
        if modifiers != self._modifiers:
            self._modifiers = modifiers
            self.modifiers_changed.emit(modifiers)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _refresh_notes(self, modifiers: ImageModifiers | None = None) -> None:
        modifiers = modifiers or self._modifiers
        notes = self.rows.notes(modifiers)
        with QSignalBlocker(self):
            for control in [*self.rows.controls, self.rows.format]:
                control.set_note(notes.get(control.name, ""))
        self.format_choice.show_state(self.rows.format.value(), modifiers.auto_format)
        self.reset_all_button.setEnabled(not modifiers.is_default or not self.rows.format.is_default())
