"""The control rows of the modifier panel, and how they map to and from `ImageModifiers`.

`ModifierRows` owns one control per modifier (plus the path's format and the Accept header) and
knows how to read a validated `ImageModifiers` from them, write one into them, and which notes
(parameters the server will ignore, and why) apply. The panel lays them out and wires signals.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from aemviewer import api_spec
from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.ui.common.accept import ACCEPT_CHOICES, WEBP_ACCEPT
from aemviewer.ui.modifiers.controls import (
    SEGMENT_STYLE,
    ChoiceControl,
    ControlRow,
    DecimalControl,
    IntControl,
    SegmentControl,
    ToggleControl,
)
from aemviewer.ui.modifiers.editors import CropControl, ExtraParamsControl, TextControl

DIMENSION_MIN, DIMENSION_MAX = api_spec.DIMENSION_RANGE
QUALITY_MIN, QUALITY_MAX = api_spec.QUALITY_RANGE
SLIDER_DIMENSION_MAX = 4096
"""Slider range for width/height until the original's size is known (the spin box goes to the API max)."""

_FORMAT_CHOICES: list[tuple[str, str | None]] = [
    *((name, name) for name in api_spec.IMAGE_FORMATS),
    ("-", None),
    *((f"{name} (legacy)", name) for name in api_spec.LEGACY_IMAGE_FORMATS),
]
_BOOLEAN_CHOICES: list[tuple[str, str | None]] = [
    ("server default", None),
    ("true", "true"),
    ("false", "false"),
]
_LOSSLESS = ("png", "png8", "gif")


class ModifierRows:
    """One control per modifier; `read` and `write` convert between them and `ImageModifiers`."""

    def __init__(self) -> None:
        dimension = f"{DIMENSION_MIN}–{DIMENSION_MAX} px"
        self.width_control = IntControl(
            "width",
            "Width",
            f"width ({dimension}): the aspect ratio of the original is kept; no upscaling.",
            minimum=DIMENSION_MIN,
            maximum=DIMENSION_MAX,
            slider_maximum=SLIDER_DIMENSION_MAX,
            suffix=" px",
        )
        self.height_control = IntControl(
            "height",
            "Height",
            f"height ({dimension}): the aspect ratio is kept, also when width is given too.",
            minimum=DIMENSION_MIN,
            maximum=DIMENSION_MAX,
            slider_maximum=SLIDER_DIMENSION_MAX,
            suffix=" px",
        )
        self.size_w = IntControl(
            "size",
            "Size W",
            f"size=W,H ({dimension} each): a bounding box; width is ignored when size is given. Set both.",
            minimum=DIMENSION_MIN,
            maximum=DIMENSION_MAX,
            slider_maximum=SLIDER_DIMENSION_MAX,
            suffix=" px",
        )
        self.size_h = IntControl(
            "size",
            "Size H",
            f"size=W,H ({dimension} each): the box's height. Set both.",
            minimum=DIMENSION_MIN,
            maximum=DIMENSION_MAX,
            slider_maximum=SLIDER_DIMENSION_MAX,
            suffix=" px",
        )
        self.dpr = DecimalControl(
            "dpr",
            "DPR",
            f"dpr (0.1–{api_spec.DPR_MAX:g}): device pixel ratio, an experimental modifier.",
            minimum=0.1,
            maximum=api_spec.DPR_MAX,
            step=0.1,
            decimals=1,
            unset_text="auto",
        )
        self.format = ChoiceControl(
            "format",
            "Format",
            "The extension in the path (/as/<name>.<format>). With auto-format on, the server may deliver "
            'another format (chosen from the Accept header). "none" asks /{id} itself: the image with '
            "the API's defaults (width 1024, quality 65).",
            [*_FORMAT_CHOICES, ("-", None), ("none: image with defaults", None)],
            default="jpg",
        )
        self.auto_format = ChoiceControl(
            "auto-format",
            "Auto format",
            "auto-format: true (the default) lets the server pick AVIF → WebP → JPEG (PNG with alpha) "
            "from Accept, ignoring the extension; false delivers the extension's format.",
            _BOOLEAN_CHOICES,
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
        self.preferwebp = ChoiceControl(
            "preferwebp", "Prefer WebP", "preferwebp: WebP when the client accepts it.", _BOOLEAN_CHOICES
        )
        quality = f"{QUALITY_MIN}–{QUALITY_MAX}"
        self.quality = IntControl(
            "quality",
            "Quality",
            f"quality ({quality}): wins over max-quality.",
            minimum=QUALITY_MIN,
            maximum=QUALITY_MAX,
            unset_text="default",
        )
        self.max_quality = IntControl(
            "max-quality",
            "Max quality",
            f"max-quality ({quality}): an upper bound; {api_spec.DEFAULT_MAX_QUALITY} when neither is set.",
            minimum=QUALITY_MIN,
            maximum=QUALITY_MAX,
            unset_text="default",
        )
        self.rotate = SegmentControl(
            "rotate",
            "Rotate",
            "rotate: clockwise, applied first (before crop).",
            [("0°", None), *((f"{angle}°", str(angle)) for angle in api_spec.ROTATIONS)],
        )
        self.flip = ToggleControl(
            "flip",
            "Flip",
            "flip: h (horizontal), v (vertical) or hv.",
            [("↔ Horizontal", "h"), ("↕ Vertical", "v")],
        )
        self.crop = CropControl()
        self.smartcrop = ChoiceControl(
            "smartcrop",
            "Smart crop",
            "smartcrop: the name of a smart crop defined on the asset (listed from its metadata).",
            [("none", None)],
            editable=True,
        )
        self.preset = TextControl("preset", "Preset", "preset: the name of an image preset.", "none")
        self.blur = TextControl(
            "blur", "Blur", "blur: experimental; its syntax is only partly public.", "none"
        )
        self.sharpen = TextControl(
            "sharpen", "Sharpen", "sharpen: experimental; its syntax is only partly public.", "none"
        )
        self.attachment = ChoiceControl(
            "attachment",
            "Attachment",
            "attachment=true asks for Content-Disposition: attachment (a download in browsers).",
            [("not sent", None), ("true", "true"), ("false", "false")],
        )
        reserved = [*api_spec.KNOWN_PARAMETERS, *api_spec.IGNORED_PARAMETERS]
        self.extra = ExtraParamsControl([name for name in reserved if name != "layers"])
        self.aspect_lock = QToolButton()
        self.aspect_lock.setCheckable(True)
        self.aspect_lock.setText("Lock aspect ratio")
        self.aspect_lock.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.aspect_lock.setStyleSheet(SEGMENT_STYLE)
        self.aspect_lock.setToolTip(
            "Keep width and height in the original's aspect ratio while you edit one of them "
            "(the server keeps the aspect ratio anyway; this keeps the URL honest)."
        )

    @property
    def controls(self) -> list[ControlRow]:
        """Every control that feeds `ImageModifiers` (format is separate: it lives in the path)."""
        return [
            self.width_control,
            self.height_control,
            self.size_w,
            self.size_h,
            self.dpr,
            self.auto_format,
            self.preferwebp,
            self.quality,
            self.max_quality,
            self.rotate,
            self.flip,
            self.crop,
            self.smartcrop,
            self.preset,
            self.blur,
            self.sharpen,
            self.attachment,
            self.extra,
        ]

    def write(self, modifiers: ImageModifiers, image_format: str | None) -> None:
        """Set every control from a value (a pasted URL); emits nothing."""
        self.width_control.set_value(modifiers.width)
        self.height_control.set_value(modifiers.height)
        self.size_w.set_value(modifiers.size[0] if modifiers.size else None)
        self.size_h.set_value(modifiers.size[1] if modifiers.size else None)
        self.dpr.set_value(modifiers.dpr)
        self.format.set_value(image_format)
        self.auto_format.set_value(_bool_text(modifiers.auto_format))
        self.preferwebp.set_value(_bool_text(modifiers.preferwebp))
        self.quality.set_value(modifiers.quality)
        self.max_quality.set_value(modifiers.max_quality)
        self.rotate.set_value(str(modifiers.rotate) if modifiers.rotate else None)
        self.flip.set_value(modifiers.flip)
        self.crop.set_value(modifiers.crop)
        self.smartcrop.set_value(modifiers.smartcrop)
        self.preset.set_value(modifiers.preset)
        self.blur.set_value(modifiers.blur)
        self.sharpen.set_value(modifiers.sharpen)
        self.attachment.set_value(_bool_text(modifiers.attachment))
        self.extra.set_pairs(modifiers.extra)

    def read(self) -> ImageModifiers:
        """The value the controls describe. Raises `InvalidModifier` (field and range) when the API
        would refuse it."""
        size_w, size_h = self.size_w.value(), self.size_h.value()
        if (size_w is None) != (size_h is None):
            raise InvalidModifier(
                "size",
                f"{size_w or '?'},{size_h or '?'}",
                f"both W and H, each {DIMENSION_MIN}–{DIMENSION_MAX}",
            )
        rotate = self.rotate.value()
        return ImageModifiers(
            width=self.width_control.value(),
            height=self.height_control.value(),
            size=(size_w, size_h) if size_w is not None and size_h is not None else None,
            dpr=self.dpr.value(),
            auto_format=_text_bool(self.auto_format.value()),
            preferwebp=_text_bool(self.preferwebp.value()),
            quality=self.quality.value(),
            max_quality=self.max_quality.value(),
            rotate=int(rotate) if rotate else None,
            flip=self.flip.value(),
            crop=self.crop.value(),
            smartcrop=self.smartcrop.value(),
            preset=self.preset.value(),
            blur=self.blur.value(),
            sharpen=self.sharpen.value(),
            attachment=_text_bool(self.attachment.value()),
            extra=self.extra.pairs(),
        )

    def notes(self, modifiers: ImageModifiers) -> dict[str, str]:
        """Query name → why the server will not apply that parameter (or treats it specially)."""
        notes = {note.parameter: note.text for note in modifiers.notes()}
        image_format = self.format.value() or ""
        if modifiers.auto_format is False and image_format in _LOSSLESS:
            lossless = f"{image_format} is lossless: quality settings have no effect with auto-format=false."
            notes.setdefault("quality", lossless)
            notes.setdefault("max-quality", lossless)
        if modifiers.auto_format is not False and modifiers.preferwebp is not None:
            notes.setdefault(
                "preferwebp",
                "auto-format is on (the default), so the server already picks the format from Accept; "
                "preferwebp matters when auto-format=false.",
            )
        return notes


def _bool_text(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _text_bool(value: str | None) -> bool | None:
    return None if value is None else value == "true"
