"""The Variants page of the Video tab: a one-line explanation above the variant table."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from aemviewer.ui.video.variants import VariantTableModel
from aemviewer.ui.widgets.accessibility import name_widget


def variant_table(model: VariantTableModel) -> QTableView:
    """A read-only table of `model`, one row selectable at a time."""
    table = QTableView()
    table.setObjectName("variantTable")
    table.setModel(model)
    name_widget(table, "Variants", "The video's variants; choosing one locks the player to it")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def variants_page(table: QTableView) -> QWidget:
    """The table under what choosing a row does."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(6, 6, 6, 6)
    hint = QLabel(
        "Choose a variant to play only its media playlist (only its segments are fetched); "
        "“All variants” plays the master, and the player fetches every variant's segments."
    )
    hint.setWordWrap(True)
    layout.addWidget(hint)
    layout.addWidget(table, 1)
    return page
