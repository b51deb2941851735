"""The collapsible section opens and closes by a click on its title and by Space on it, at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from aemviewer.ui.widgets.collapsible_section import CollapsibleSection


def section_in_window(qtbot: QtBot, *, expanded: bool = True) -> tuple[QWidget, CollapsibleSection, QLabel]:
    window = QWidget()
    qtbot.addWidget(window)
    section = CollapsibleSection("Size", expanded=expanded)
    body = QLabel("width and height")
    section.addWidget(body)
    column = QVBoxLayout(window)
    column.addWidget(section)
    column.addStretch(1)
    window.resize(300, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, section, body


def test_a_click_on_the_title_closes_and_opens_the_body(qtbot: QtBot) -> None:
    _window, section, body = section_in_window(qtbot)
    assert section.isExpanded() and body.isVisible()
    button = section.toggleButton()
    assert button.arrowType() is Qt.ArrowType.DownArrow

    with qtbot.waitSignal(section.toggled) as closed:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert closed.args == [False]
    assert not section.isExpanded() and not body.isVisible()
    assert button.arrowType() is Qt.ArrowType.RightArrow

    with qtbot.waitSignal(section.toggled) as opened:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened.args == [True]
    assert section.isExpanded() and body.isVisible()


def test_space_on_the_focused_title_toggles_it(qtbot: QtBot) -> None:
    window, section, body = section_in_window(qtbot)
    window.activateWindow()
    button = section.toggleButton()
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.setFocus()

    with qtbot.waitSignal(section.toggled) as closed:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert closed.args == [False] and not body.isVisible()
    with qtbot.waitSignal(section.toggled) as opened:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert opened.args == [True] and body.isVisible()


def test_a_closed_section_gives_its_height_back_and_takes_it_again(qtbot: QtBot) -> None:
    _window, section, body = section_in_window(qtbot)
    open_height = section.sizeHint().height()

    section.collapse()
    assert section.sizeHint().height() < open_height - body.sizeHint().height() + 1
    section.expand()
    assert section.sizeHint().height() == open_height


def test_it_can_start_closed_and_is_opened_from_code(qtbot: QtBot) -> None:
    _window, section, body = section_in_window(qtbot, expanded=False)
    assert not section.isExpanded() and not body.isVisible()
    assert section.toggleButton().arrowType() is Qt.ArrowType.RightArrow

    with qtbot.waitSignal(section.toggled) as opened:
        section.setExpanded(True)
    assert opened.args == [True] and body.isVisible()
    # Asking for the state it is already in changes nothing and says nothing.
    with qtbot.assertNotEmitted(section.toggled):
        section.expand()


def test_the_title_is_the_buttons_accessible_name(qtbot: QtBot) -> None:
    _window, section, body = section_in_window(qtbot)
    button = QAccessible.queryAccessibleInterface(section.toggleButton())
    assert button is not None
    assert section.text() == button.text(QAccessible.Text.Name) == "Size"
    assert button.state().checkable and button.state().checked
    section.collapse()
    assert not button.state().checked
    assert section.content().isAncestorOf(body)
