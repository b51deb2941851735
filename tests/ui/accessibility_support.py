"""Walking the window's accessibility tree: interactive elements without a name or a description."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QLineEdit, QTabBar, QWidget

_ROLE = QAccessible.Role
INTERACTIVE = {
    _ROLE.PushButton, _ROLE.CheckBox, _ROLE.RadioButton, _ROLE.ComboBox, _ROLE.SpinBox, _ROLE.Slider,
    _ROLE.EditableText, _ROLE.ButtonMenu, _ROLE.ButtonDropDown, _ROLE.Table, _ROLE.List, _ROLE.Tree,
    _ROLE.Dial,
}  # fmt: skip


def _part_of_a_qt_widget(widget: QWidget) -> bool:
    """Qt's own sub-widgets (a combo's popup and editor, a line edit's clear button, a table's corner
    button, a tab bar's scroll arrows): the screen reader hears them through their owner."""
    parent = widget.parentWidget()
    if widget.objectName().startswith("qt_") or isinstance(parent, (QLineEdit, QComboBox, QTabBar)):
        return True
    while parent is not None:
        if parent.metaObject().className() == "QComboBoxPrivateContainer":
            return True
        parent = parent.parentWidget()
    return False


def unnamed_interactive_elements(root: QWidget) -> list[str]:
    """Every interactive element under `root` (shown or on a hidden tab) without a name or a
    description, as `Class 'objectName' (role) lacks …` lines."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or interface.role() not in INTERACTIVE or _part_of_a_qt_widget(widget):
            continue
        lacks = [
            text.name
            for text in (QAccessible.Text.Name, QAccessible.Text.Description)
            if not interface.text(text).strip()
        ]
        if lacks:
            where = widget.parentWidget()
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} ({interface.role().name}) in "
                f"{type(where).__name__} {where.objectName() if where else ''!r} lacks {', '.join(lacks)}"
            )
    return missing
