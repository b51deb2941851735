"""The asset's smart crops as a small table: name, rectangle in pixels of the original and as
fractions, and the nominal size the crop is delivered at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from aemviewer.delivery.metadata import SmartCrop

ModelIndex = QModelIndex | QPersistentModelIndex
CROP_HEADERS = ("Name", "Rectangle (pixels)", "Rectangle (fractions)", "Nominal size")
NO_GEOMETRY = (
    "The smartCrops list names this crop; its rectangle comes with the full metadata (a token shows it)."
)


@dataclass(frozen=True, slots=True)
class SmartCropRow:
    """One smart crop with what can be worked out from it."""

    crop: SmartCrop
    image_size: tuple[int, int] | None

    @property
    def name(self) -> str:
        return self.crop.name

    @property
    def fractions(self) -> tuple[float, float, float, float] | None:
        """(left, top, width, height) as fractions of the image, when the server gave them."""
        crop = self.crop
        if None in (crop.left, crop.top, crop.normalized_width, crop.normalized_height):
            return None
        return (
            crop.left or 0.0,
            crop.top or 0.0,
            crop.normalized_width or 0.0,
            crop.normalized_height or 0.0,
        )

    @property
    def pixels(self) -> tuple[int, int, int, int] | None:
        """(x, y, w, h) in pixels of the original, from the fractions and the image's size."""
        fractions = self.fractions
        if fractions is None or self.image_size is None:
            return None
        width, height = self.image_size
        left, top, fraction_w, fraction_h = fractions
        x, y = round(left * width), round(top * height)
        # Rounding each edge (not the size) keeps a full-width crop exactly as wide as the image.
        right, bottom = round((left + fraction_w) * width), round((top + fraction_h) * height)
        return (x, y, max(right - x, 0), max(bottom - y, 0))

    @property
    def nominal(self) -> tuple[int, int] | None:
        if self.crop.width is None or self.crop.height is None:
            return None
        return (self.crop.width, self.crop.height)

    def cells(self) -> tuple[str, str, str, str]:
        pixels, fractions, nominal = self.pixels, self.fractions, self.nominal
        return (
            self.name,
            f"{pixels[2]} × {pixels[3]} at {pixels[0]}, {pixels[1]}" if pixels else "—",
            f"{_fraction(fractions[2])} × {_fraction(fractions[3])} at "
            f"{_fraction(fractions[0])}, {_fraction(fractions[1])}"
            if fractions
            else "—",
            f"{nominal[0]} × {nominal[1]} px" if nominal else "—",
        )

    def tooltips(self) -> tuple[str, str, str, str]:
        if self.fractions is None:
            missing = NO_GEOMETRY
            return (f"Smart crop {self.name}", missing, missing, missing if self.nominal is None else "")
        size = f"{self.image_size[0]} × {self.image_size[1]}" if self.image_size else ""
        return (
            f"Smart crop {self.name}: double-click (or Show in preview) to preview it",
            f"width × height at left, top — in pixels of the {size} original"
            if size
            else "Needs the image's width and height, which the metadata did not give",
            "width × height at left, top — as fractions of the image (as the server sends them)",
            "The size the server delivers this crop at when the URL asks for no other size",
        )


def _fraction(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"


def smart_crop_rows(
    crops: Sequence[SmartCrop], listed_names: Sequence[str], image_size: tuple[int, int] | None
) -> list[SmartCropRow]:
    """The crops from the metadata (with geometry), then names only the smartCrops list had."""
    rows = [SmartCropRow(crop, image_size) for crop in crops]
    known = {crop.name for crop in crops}
    rows += [SmartCropRow(SmartCrop(name), image_size) for name in listed_names if name not in known]
    return rows


class SmartCropTableModel(QAbstractTableModel):
    """A read-only table of `SmartCropRow`s."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SmartCropRow] = []

    def set_rows(self, rows: list[SmartCropRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[SmartCropRow]:
        return list(self._rows)

    def row(self, index: int) -> SmartCropRow:
        return self._rows[index]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(CROP_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return CROP_HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells()[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltips()[index.column()] or None
        if role == Qt.ItemDataRole.ForegroundRole and row.fractions is None and index.column() > 0:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None
