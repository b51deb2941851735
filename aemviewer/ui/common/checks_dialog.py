"""The "Save as checks…" dialog: the expectations that hold now, as the TOML that will be saved, with
the name of the asset and every byte budget editable before saving.

The dialog only edits an `AssetChecks` value; who opened it decides where the file goes.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aemviewer.qa.checks.model import AssetChecks, ChecksFile
from aemviewer.qa.checks.writer import dump_checks

MAX_BUDGET = 2_000_000_000


class SaveChecksDialog(QDialog):
    """Name the asset, edit the budgets, see the TOML, then Save… (or Cancel)."""

    def __init__(self, asset: AssetChecks, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveChecksDialog")
        self.setWindowTitle("Save as checks")
        self._asset = asset
        intro = QLabel(
            f"What holds now ({source}), as expectations for <code>aemviewer check</code> and the Checks "
            "tab. Budgets are today's size plus 10 %: tighten or loosen them before saving."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.name = QLineEdit(asset.name)
        self.name.setPlaceholderText(asset.ref)
        self.name.setToolTip("What reports call the asset (its reference when empty)")
        self.name.textChanged.connect(self._update)
        form.addRow("Name:", self.name)
        self.budgets: list[QSpinBox] = []
        for budget in asset.budgets:
            spin = QSpinBox()
            spin.setRange(1, MAX_BUDGET)
            spin.setGroupSeparatorShown(True)
            spin.setSuffix(" bytes")
            spin.setValue(budget.max_bytes)
            spin.valueChanged.connect(self._update)
            form.addRow(f"{budget.width} px {budget.format} at most:", spin)
            self.budgets.append(spin)
        if not asset.budgets:
            form.addRow("Budgets:", QLabel("none (no answer in its path's format was seen)"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("checksText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setMinimumSize(520, 220)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self._update()

    def asset(self) -> AssetChecks:
        """The expectations as edited."""
        budgets = tuple(
            replace(budget, max_bytes=spin.value())
            for budget, spin in zip(self._asset.budgets, self.budgets, strict=True)
        )
        return replace(self._asset, name=self.name.text().strip(), budgets=budgets)

    def checks(self) -> ChecksFile:
        """A whole checks file holding the edited asset."""
        return ChecksFile((self.asset(),))

    def _update(self) -> None:
        self.text.setPlainText(dump_checks(self.checks()))
