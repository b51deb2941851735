"""Names and descriptions for screen readers.

Qt names a button by its text and describes a widget by its tool tip; fields, lists and tables have
neither, so each gets a name (what it is) and a description (what it does) here. The tool tip
shows the same description to sighted users.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def name_widget(widget: QWidget, name: str, description: str) -> None:
    """Give `widget` an accessible name and a description (also its tool tip, when it has none)."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    if not widget.toolTip():
        widget.setToolTip(description)
