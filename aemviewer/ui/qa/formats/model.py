"""The format matrix as a table model: one row per request of the plan, filled in as results arrive.

Rows exist from the start (pending, so the user sees what is coming); a result fills its row and
re-marks the smallest delivery overall (★, highlighted) and for each Accept profile. Sorting uses the
raw values (`SORT_ROLE`), so bytes sort as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage

from aemviewer.qa.format_matrix import (
    AcceptProfile,
    MatrixRequest,
    MatrixResult,
    smallest,
    smallest_by_accept,
)

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (
    "Preview",
    "Accept",
    "Auto-format",
    "Format",
    "Quality",
    "Status",
    "Delivered",
    "Bytes",
    "Pixels",
    "Time",
    "Smallest",
)
(
    PREVIEW,
    ACCEPT,
    AUTO_FORMAT,
    FORMAT,
    QUALITY,
    STATUS,
    DELIVERED,
    BYTES,
    PIXELS,
    TIME,
    SMALLEST,
) = range(len(COLUMNS))
_HIGHLIGHT = QColor(46, 160, 67, 60)


@dataclass
class MatrixRow:
    """One request of the plan and, once it arrived, its result and thumbnail."""

    request: MatrixRequest
    result: MatrixResult | None = None
    thumbnail: QImage | None = None
    thumbnail_problem: str = ""


class FormatMatrixModel(QAbstractTableModel):
    """Rows of the matrix, in plan order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MatrixRow] = []
        self._index: dict[MatrixRequest, int] = {}
        self.best: MatrixResult | None = None
        self.best_by_accept: dict[AcceptProfile, MatrixResult] = {}

    # --- changes -------------------------------------------------------------------------------

    def set_plan(self, requests: list[MatrixRequest]) -> None:
        self.beginResetModel()
        self.rows = [MatrixRow(request) for request in requests]
        self._index = {request: index for index, request in enumerate(requests)}
        self.best = None
        self.best_by_accept = {}
        self.endResetModel()

    def clear(self) -> None:
        self.set_plan([])

    def set_result(self, result: MatrixResult, thumbnail: QImage | None, problem: str = "") -> bool:
        """Fill the row of `result.request`; False when the request is not in the current plan."""
        index = self._index.get(result.request)
        if index is None:
            return False
        row = self.rows[index]
        row.result, row.thumbnail, row.thumbnail_problem = result, thumbnail, problem
        results = self.results()
        self.best = smallest(results)
        self.best_by_accept = smallest_by_accept(results)
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(COLUMNS) - 1))
        # The marks of other rows may have moved.
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
        return True

    def results(self) -> list[MatrixResult]:
        return [row.result for row in self.rows if row.result is not None]

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.result is not None)

    # --- the model -----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == PREVIEW:
            return row.thumbnail
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and self._is_best(row):
            return QBrush(_HIGHLIGHT)
        if role == Qt.ItemDataRole.FontRole and self._is_best(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (BYTES, TIME, QUALITY, STATUS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _is_best(self, row: MatrixRow) -> bool:
        return row.result is not None and row.result is self.best

    def smallest_mark(self, row: MatrixRow) -> str:
        """`★ smallest`, `smallest for curl`, or ``."""
        if row.result is None:
            return ""
        if row.result is self.best:
            return "★ smallest"
        if self.best_by_accept.get(row.request.accept) is row.result:
            return f"smallest for {row.request.accept.label}"
        return ""

    def _text(self, row: MatrixRow, column: int) -> str | None:
        request, result = row.request, row.result
        if column == PREVIEW:
            return None
        if column == ACCEPT:
            return request.accept.label
        if column == AUTO_FORMAT:
            return "on" if request.auto_format else "off"
        if column == FORMAT:
            return f".{request.image_format}"
        if column == QUALITY:
            return str(request.quality) if request.quality is not None else "—"
        if result is None:
            return "…" if column == STATUS else ""
        if column == STATUS:
            if result.status is None:
                return "no answer"
            return f"{result.status}" + (" ↻" if result.revalidated else "")
        if column == DELIVERED:
            return result.media_type or ("—" if result.ok else "failed")
        if column == BYTES:
            return f"{result.byte_count:,}" if result.byte_count is not None else "—"
        if column == PIXELS:
            return f"{result.width} × {result.height}" if result.width and result.height else "—"
        if column == TIME:
            return f"{result.seconds * 1000:.0f} ms" if result.seconds is not None else "—"
        if column == SMALLEST:
            return self.smallest_mark(row)
        return None

    def _sort_value(self, row: MatrixRow, column: int) -> Any:
        result = row.result
        if column in (BYTES, TIME, PIXELS, STATUS) and result is None:
            return float("inf")
        if column == BYTES and result is not None:
            return result.byte_count if result.byte_count is not None else float("inf")
        if column == TIME and result is not None:
            return result.seconds if result.seconds is not None else float("inf")
        if column == PIXELS and result is not None:
            return (result.width or 0) * (result.height or 0)
        if column == STATUS and result is not None:
            return result.status if result.status is not None else 0
        if column == QUALITY:
            return row.request.quality if row.request.quality is not None else -1
        return self._text(row, column) or ""

    def _tooltip(self, row: MatrixRow, column: int) -> str:
        result = row.result
        lines = [row.request.url, f"Accept: {row.request.accept.header}"]
        if result is not None and result.error is not None:
            lines.append(f"Failed: {result.error.message}")
            if result.error.hint:
                lines.append(result.error.hint)
        if column == PREVIEW and row.thumbnail_problem:
            lines.append(f"No thumbnail: {row.thumbnail_problem}")
        lines.append("Double-click to open it in the preview.")
        return "\n".join(lines)
