"""Yes/no questions, as a callable a test can answer instead of a modal message box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

Ask = Callable[[QWidget, str, str], bool]
"""Asks a yes/no question: (parent, title, text) → yes."""


def ask_question(parent: QWidget, title: str, text: str) -> bool:
    """The platform's yes/no message box."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes
