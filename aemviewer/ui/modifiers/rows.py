"""The control rows of the modifier panel, and how they map to and from `ImageModifiers`.

`ModifierRows` builds one `FieldControl` per catalogue entry (plus the path's format, the Accept
header and the extra parameters) and knows how to read a validated `ImageModifiers` from them, write
one into them, and which notes (parameters the server will ignore, and why) apply. The panel lays
them out and wires signals.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from aemviewer import api_spec
from aemviewer.delivery.modifier_catalogue import BY_QUERY, CATALOGUE
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.ui.common.accept import ACCEPT_CHOICES, WEBP_ACCEPT
from aemviewer.ui.modifiers.button_controls import SegmentControl
from aemviewer.ui.modifiers.controls import SEGMENT_STYLE, ChoiceControl, ControlRow, IntControl
from aemviewer.ui.modifiers.editors import CropControl, ExtraParamsControl
from aemviewer.ui.modifiers.field_controls import FieldControl, build_field_control

DIMENSION_MIN = api_spec.DIMENSION_RANGE[0]

_FORMAT_CHOICES: list[tuple[str, str | None]] = [
    *((name, name) for name in api_spec.IMAGE_FORMATS),
    ("-", None),
    *((f"{name} (legacy)", name) for name in api_spec.LEGACY_IMAGE_FORMATS),
]

RowT = TypeVar("RowT", bound=ControlRow)


class ModifierRows:
    """One control per catalogue entry; `read` and `write` convert between them and `ImageModifiers`."""

    def __init__(self) -> None:
        self.fields: dict[str, FieldControl] = {spec.field: build_field_control(spec) for spec in CATALOGUE}
        self.format = ChoiceControl(
            "format",
            "Format",
            "The extension in the path (/as/<name>.<format>). With auto-format on, the server may deliver "
            'another format (chosen from the Accept header). "none" asks /{id} itself: the image with '
            "the API's defaults (width 1024, quality 65).",
            [*_FORMAT_CHOICES, ("-", None), ("none: image with defaults", None)],
            default="jpg",
        )
        self.accept = ChoiceControl(
            "accept",
            "Accept",
            "The Accept header of the preview request (not a modifier). With auto-format on, the server "
            "chooses the delivered format from it; the response panel shows what was sent. The default "
            "leaves AVIF out because encoding it is slow, which makes live previews lag; choose "
            '"browser" to see what Chrome or Firefox get.',
            ACCEPT_CHOICES,
            default=WEBP_ACCEPT,
        )
        self.extra = ExtraParamsControl([*BY_QUERY, *api_spec.IGNORED_PARAMETERS])
        self.aspect_lock = QToolButton()
        self.aspect_lock.setCheckable(True)
        self.aspect_lock.setText("Lock aspect ratio")
        self.aspect_lock.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.aspect_lock.setStyleSheet(SEGMENT_STYLE)
        self.aspect_lock.setToolTip(
            "Keep width and height in the original's aspect ratio while you edit one of them "
            "(the server keeps the aspect ratio anyway; this keeps the URL honest)."
        )

    def control(self, field: str, part: int = 0) -> ControlRow:
        """The row that edits `field` (`part` 1: the second row of a two-part value such as size)."""
        return self.fields[field].rows[part]

    def section_rows(self, section: str) -> list[ControlRow]:
        """The rows of one panel section, in catalogue order."""
        return [
            row for control in self.fields.values() if control.spec.section == section for row in control.rows
        ]

    # The rows the panel gives behaviour beyond their value: aspect lock, slider ranges from the
    # original's size, drawing a crop, the asset's smart crops, axes swapped by a quarter turn.

    @property
    def width_control(self) -> IntControl:
        return self._row("width", IntControl)

    @property
    def height_control(self) -> IntControl:
        return self._row("height", IntControl)

    @property
    def size_w(self) -> IntControl:
        return self._row("size", IntControl)

    @property
    def size_h(self) -> IntControl:
        return self._row("size", IntControl, part=1)

    @property
    def rotate(self) -> SegmentControl:
        return self._row("rotate", SegmentControl)

    @property
    def crop(self) -> CropControl:
        return self._row("crop", CropControl)

    @property
    def smartcrop(self) -> ChoiceControl:
        return self._row("smartcrop", ChoiceControl)

    def _row(self, field: str, kind: type[RowT], part: int = 0) -> RowT:
        row = self.control(field, part)
        if not isinstance(row, kind):
            raise TypeError(f"the {field} control is a {type(row).__name__}, not a {kind.__name__}")
        return row

    @property
    def controls(self) -> list[ControlRow]:
        """Every control that feeds `ImageModifiers` (format is separate: it lives in the path)."""
        return [*(row for control in self.fields.values() for row in control.rows), self.extra]

    def write(self, modifiers: ImageModifiers, image_format: str | None) -> None:
        """Set every control from a value (a pasted URL); emits nothing."""
        for field, control in self.fields.items():
            control.write(getattr(modifiers, field))
        self.format.set_value(image_format)
        self.extra.set_pairs(modifiers.extra)

    def read(self) -> ImageModifiers:
        """The value the controls describe. Raises `InvalidModifier` (field and range) when the API
        would refuse it."""
        values = {field: control.read() for field, control in self.fields.items()}
        return ImageModifiers(**values, extra=self.extra.pairs())

    def notes(self, modifiers: ImageModifiers) -> dict[str, str]:
        """Query name → why the server will not apply that parameter (or treats it specially)."""
        notes: dict[str, str] = {}
        for note in modifiers.notes(self.format.value()):
            # One note per control: the first rule of a parameter says the most.
            notes.setdefault(note.parameter, note.text)
        return notes
