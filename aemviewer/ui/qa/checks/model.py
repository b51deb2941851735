"""The rows of the Checks tab: every planned check of the file, and its result once it arrives.

A row's outcome is said in words and with an icon (never by colour alone): waiting, passed,
FAILED or error, with what was found.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from aemviewer.qa.checks.plan import PlannedCheck
from aemviewer.qa.checks.results import CheckResult, Outcome

COLUMNS: Final = ("Result", "Asset", "Check", "What was found")
_WORDS: Final = {Outcome.PASSED: "passed", Outcome.FAILED: "FAILED", Outcome.ERROR: "error"}
_ICONS: Final = {
    Outcome.PASSED: QStyle.StandardPixmap.SP_DialogApplyButton,
    Outcome.FAILED: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Outcome.ERROR: QStyle.StandardPixmap.SP_MessageBoxWarning,
}
_Index = QModelIndex | QPersistentModelIndex


class CheckRowsModel(QAbstractTableModel):
    """One row per planned check; `record` fills in its result."""

    def __init__(self) -> None:
        super().__init__()
        self.planned: list[PlannedCheck] = []
        self.results: list[CheckResult | None] = []
        self._waiting: dict[tuple[str, str], deque[int]] = {}

    def set_plan(self, plan: Sequence[PlannedCheck]) -> None:
        """Show `plan`, every row waiting."""
        self.beginResetModel()
        self.planned = list(plan)
        self.results = [None] * len(plan)
        waiting: dict[tuple[str, str], deque[int]] = defaultdict(deque)
        for row, planned in enumerate(self.planned):
            waiting[(planned.asset.label, planned.name)].append(row)
        self._waiting = dict(waiting)
        self.endResetModel()

    def record(self, result: CheckResult) -> None:
        """Fill in the first waiting row of `result`'s asset and check."""
        rows = self._waiting.get((result.asset, result.check))
        if not rows:
            return
        row = rows.popleft()
        self.results[row] = result
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def finished(self) -> list[CheckResult]:
        """The results that arrived, in plan order."""
        return [result for result in self.results if result is not None]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.planned)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        planned, result = self.planned[index.row()], self.results[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(planned, result, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and result is not None:
            return "\n".join(part for part in (result.message, result.url or "") if part)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and result is not None:
            return QApplication.style().standardIcon(_ICONS[result.outcome])
        return None

    @staticmethod
    def _text(planned: PlannedCheck, result: CheckResult | None, column: int) -> str:
        if column == 0:
            return "waiting…" if result is None else _WORDS[result.outcome]
        if column == 1:
            return planned.asset.label
        if column == 2:
            return planned.name
        return "" if result is None else result.message
