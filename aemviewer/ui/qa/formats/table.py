"""The format matrix's table view: sortable rows with a thumbnail column, and the thumbnails."""

from __future__ import annotations

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from aemviewer.ui.common.image_decoding import decode_now
from aemviewer.ui.qa.formats.model import PREVIEW
from aemviewer.ui.widgets.accessibility import name_widget

THUMBNAIL = 34
"""Height of the thumbnails in the table, in logical pixels."""


def thumbnail(body: bytes, content_type: str) -> QImage:
    """A small QImage of the delivered bytes (blocking: call it in a worker thread)."""
    image = decode_now(body, content_type)
    return image.scaled(
        THUMBNAIL * 2,
        THUMBNAIL,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def matrix_table(proxy: QSortFilterProxyModel) -> QTableView:
    """The table showing `proxy` (over a `FormatMatrixModel`), unsorted until a header is clicked."""
    table = QTableView()
    table.setObjectName("formatMatrixTable")
    table.setModel(proxy)
    name_widget(
        table,
        "Format matrix",
        "Each format, auto-format and Accept: delivered type, bytes, pixels; the smallest is marked",
    )
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setIconSize(QSize(THUMBNAIL * 2, THUMBNAIL))
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(THUMBNAIL + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(PREVIEW, QHeaderView.ResizeMode.Fixed)
    header.setStretchLastSection(True)
    table.setColumnWidth(PREVIEW, THUMBNAIL * 2 + 12)
    return table
