"""A section with a title button that shows or hides what is under it.

The title is a checkable button with an arrow (▾ open, ▸ closed): a click, or Space with the focus
on it, toggles the section. The body is shown or hidden at once, with no animation, so the layout
around it takes its new height in the same turn of the event loop.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget

EXPANDED_ARROW = Qt.ArrowType.DownArrow
COLLAPSED_ARROW = Qt.ArrowType.RightArrow
TITLE_STYLE = """
QToolButton#sectionToggle { border: none; background: transparent; padding: 0px 2px 0px 0px; }
QToolButton#sectionToggle:focus { background: palette(highlight); color: palette(highlighted-text); }
"""
"""A title, not a raised button: no frame or pressed look; highlighted while it has the keyboard focus."""


class CollapsibleSection(QFrame):
    """A title button over a body that the button shows and hides; widgets go in with `addWidget`."""

    toggled = Signal(bool)
    """True when the section opened, False when it closed (by the user or by `setExpanded`)."""

    def __init__(self, title: str, parent: QWidget | None = None, *, expanded: bool = True) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._toggle_button = QToolButton()
        self._toggle_button.setObjectName("sectionToggle")
        self._toggle_button.setText(title)
        self._toggle_button.setCheckable(True)
        self._toggle_button.setChecked(expanded)
        self._toggle_button.setAutoRaise(True)
        self._toggle_button.setStyleSheet(TITLE_STYLE)
        self._toggle_button.setIconSize(QSize(10, 10))
        self._toggle_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._toggle_button.setArrowType(EXPANDED_ARROW if expanded else COLLAPSED_ARROW)
        # Reached with Tab; a click toggles without taking the focus from the field being edited.
        self._toggle_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # The whole title row is the button, as wide as the section.
        self._toggle_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._toggle_button.toggled.connect(self._show_body)
        self._body = QWidget()
        self._body_layout = QVBoxLayout(self._body)
        self._body_layout.setContentsMargins(5, 0, 0, 0)
        self._body.setVisible(expanded)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._toggle_button)
        layout.addWidget(self._body)

    def toggleButton(self) -> QToolButton:
        """The title button (for its font, accessible description, focus)."""
        return self._toggle_button

    def text(self) -> str:
        """The title."""
        return self._toggle_button.text()

    def content(self) -> QWidget:
        """The body that opens and closes."""
        return self._body

    def addWidget(self, widget: QWidget) -> None:
        """Put `widget` at the end of the body."""
        self._body_layout.addWidget(widget)

    def isExpanded(self) -> bool:
        """Whether the body is open."""
        return self._toggle_button.isChecked()

    def setExpanded(self, expanded: bool) -> None:
        """Open (True) or close (False) the body; emits `toggled` when that changes anything."""
        self._toggle_button.setChecked(expanded)

    def expand(self) -> None:
        """Open the body."""
        self.setExpanded(True)

    def collapse(self) -> None:
        """Close the body."""
        self.setExpanded(False)

    def _show_body(self, expanded: bool) -> None:
        self._toggle_button.setArrowType(EXPANDED_ARROW if expanded else COLLAPSED_ARROW)
        self._body.setVisible(expanded)
        self.toggled.emit(expanded)
