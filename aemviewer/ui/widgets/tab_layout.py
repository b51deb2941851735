"""The layout the QA tabs share: a banner, a row of tools, the main view (it takes the height), and
an optional row below."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget


def tab_layout(
    tab: QWidget, banner: QWidget, tools: QLayout, main: QWidget, below: QLayout | None = None
) -> QVBoxLayout:
    """Lay out `tab` as banner, `tools`, `main` (stretched) and `below`, with the tabs' margins."""
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(8, 8, 8, 8)
    layout.setSpacing(6)
    layout.addWidget(banner)
    layout.addLayout(tools)
    layout.addWidget(main, 1)
    if below is not None:
        layout.addLayout(below)
    return layout
