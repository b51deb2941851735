"""The metadata table model: rows for people, lists that open, filtering, sorting, copy and export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import LocalFileError
from aemviewer.delivery.metadata import Metadata
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.metadata.export import CSV_HEADER, csv_bytes, export_csv, export_json, tsv
from aemviewer.ui.metadata.table_model import Column, MetadataFilterProxy, MetadataTableModel
from aemviewer.ui.metadata.table_view import MetadataTableView
from aemviewer.ui.metadata.values import MetadataEntry, build_entries
from tests.ui.helpers import DemoAssets

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)

DOCUMENT: dict[str, Any] = {
    "assetId": "urn:aaid:aem:1",
    "repositoryMetadata": {
        "repo:name": "beach.jpg",
        "dc:format": "image/jpeg",
        "repo:size": "250467",
        "repo:createDate": "2024-02-27T12:00:00.000Z",
        "smartcrops": {"Wide": {"top": "0.5774", "width": "320"}},
    },
    "assetMetadata": {
        "dc:title": "Beach",
        "dc:description": "Line one\nLine two",
        "dc:subject": ["sand", "sea", "sun"],
        "xcm:machineKeywords": [
            {"value": "person", "confidence": 0.98},
            {"value": "beach", "confidence": "0.5"},
        ],
        "tiff:ImageWidth": 1500,
        "tiff:ImageLength": "900",
        "dam:Progressive": "true",
        "custom:rating": "4.5",
        "custom:empty": None,
        "custom:day": "2024-03-01",
    },
}


@pytest.fixture
def model(qapp: QApplication) -> MetadataTableModel:
    table = MetadataTableModel(locale=GERMAN)
    table.set_entries(build_entries(DOCUMENT, GERMAN))
    return table


@pytest.fixture
def proxy(model: MetadataTableModel) -> MetadataFilterProxy:
    filtered = MetadataFilterProxy()
    filtered.setSourceModel(model)
    return filtered


def row_of(model: MetadataTableModel, key: str) -> int:
    return next(row for row in range(model.rowCount()) if model.entry(row).key == key)


def cells(model: MetadataTableModel, key: str) -> list[str]:
    row = row_of(model, key)
    return [model.data(model.index(row, column)) for column in Column]


def tooltip(model: MetadataTableModel, key: str, column: Column = Column.VALUE) -> str:
    return str(model.data(model.index(row_of(model, key), column), Qt.ItemDataRole.ToolTipRole))


def keys(model: MetadataTableModel | MetadataFilterProxy) -> list[str]:
    return [model.index(row, Column.KEY).data() for row in range(model.rowCount())]


# --- rows for people ---------------------------------------------------------------------------------


def test_cells_show_section_label_raw_key_value_for_people_and_type(model: MetadataTableModel) -> None:
    assert model.columnCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Section",
        "Property",
        "Key",
        "Value",
        "Type",
    ]
    assert cells(model, "dc:title") == ["asset", "Title", "dc:title", "Beach", "text"]
    assert cells(model, "repo:size") == ["repository", "Size", "repo:size", "244,6 KiB", "size (as text)"]
    assert cells(model, "tiff:ImageWidth") == ["asset", "Width", "tiff:ImageWidth", "1500 px", "pixels"]
    assert cells(model, "tiff:ImageLength")[3:] == ["900 px", "pixels (as text)"]
    assert cells(model, "dam:Progressive")[3:] == ["Yes", "boolean (as text)"]
    assert cells(model, "custom:rating")[3:] == ["4,5", "number (as text)"]
    assert cells(model, "custom:empty")[3:] == ["—", "empty"]
    assert cells(model, "custom:day")[3] == "01.03.24"
    assert cells(model, "smartcrops.Wide.top")[1:4] == [
        "Smart crop Wide: top",
        "smartcrops.Wide.top",
        "57,74 %",
    ]
    assert cells(model, "dc:description")[3] == "Line one ↵ Line two"
    assert cells(model, "xcm:machineKeywords")[1:] == [
        "▸ Smart tags",
        "xcm:machineKeywords",
        "2 items: person (98 %), beach (50 %)",
        "list of 2",
    ]


def test_dates_are_local_and_the_tooltip_keeps_the_iso_text(model: MetadataTableModel) -> None:
    shown = cells(model, "repo:createDate")[3]
    # Noon UTC is on the 27th in every time zone from −11 to +11 hours.
    assert shown.startswith("27.02.24 ")
    assert "2024-02-27T12:00:00.000Z" not in shown
    assert "2024-02-27T12:00:00.000Z" in tooltip(model, "repo:createDate")


def test_tooltips_give_exact_bytes_what_was_sent_and_the_raw_key(model: MetadataTableModel) -> None:
    size = tooltip(model, "repo:size")
    assert "250.467 bytes" in size
    assert "Sent as: &quot;250467&quot;" in size
    assert "Sent as: 1500" in tooltip(model, "tiff:ImageWidth")
    assert "null" in tooltip(model, "custom:empty")
    assert "Line one<br>Line two" in tooltip(model, "dc:description")
    assert tooltip(model, "dc:subject", Column.PROPERTY).startswith("Keywords — dc:subject")
    assert "JSON string" in tooltip(model, "repo:size", Column.TYPE)


def test_long_values_are_one_line_cells_with_the_whole_text_in_a_wrapping_tooltip(qapp: QApplication) -> None:
    text = "word " * 2000
    table = MetadataTableModel(locale=GERMAN)
    table.set_entries(build_entries({"assetMetadata": {"dc:description": text}}, GERMAN))
    tip = tooltip(table, "dc:description")
    assert tip.startswith("<qt>") and len(tip) < 4100
    proxy = MetadataFilterProxy()
    proxy.setSourceModel(table)
    view = MetadataTableView(proxy)
    assert view.textElideMode() is Qt.TextElideMode.ElideRight
    assert not view.wordWrap()


# --- lists -------------------------------------------------------------------------------------------


def test_a_list_expands_into_item_rows_below_it_and_collapses(model: MetadataTableModel) -> None:
    before = model.rowCount()
    row = row_of(model, "dc:subject")
    assert model.data(model.index(row, Column.PROPERTY)) == "▸ Keywords"
    assert model.data(model.index(row, Column.VALUE)) == "3 items: sand, sea, sun"

    assert model.toggle(row)
    assert model.rowCount() == before + 3
    assert model.data(model.index(row, Column.PROPERTY)) == "▾ Keywords"
    assert keys(model)[row + 1 : row + 4] == ["dc:subject[0]", "dc:subject[1]", "dc:subject[2]"]
    assert [model.entry(row + i).display for i in (1, 2, 3)] == ["sand", "sea", "sun"]
    assert model.data(model.index(row + 2, Column.PROPERTY)).strip() == "2"

    smart_tags = row_of(model, "xcm:machineKeywords")
    model.set_expanded(smart_tags, True)
    assert model.entry(smart_tags + 1).display == "person (98 %)"
    assert model.entry(smart_tags + 1).type_text == "object"

    # Acting on an item acts on its list.
    assert model.set_expanded(row + 2, False)
    assert row_of(model, "dc:subject") == row and "dc:subject[0]" not in keys(model)
    assert not model.set_expanded(row_of(model, "dc:title"), True)

    model.expand_all(True)
    assert model.rowCount() == before + 3 + 2
    model.expand_all(False)
    assert model.rowCount() == before


# --- filtering ---------------------------------------------------------------------------------------


def test_the_filter_matches_keys_labels_and_values_in_any_case(proxy: MetadataFilterProxy) -> None:
    proxy.set_filter_text("TITLE")
    assert keys(proxy) == ["dc:title"]
    proxy.set_filter_text("image/jpeg")
    assert keys(proxy) == ["dc:format"]
    proxy.set_filter_text("smart")
    assert set(keys(proxy)) == {"xcm:machineKeywords", "smartcrops.Wide.top", "smartcrops.Wide.width"}
    # Shown and sent forms both match.
    proxy.set_filter_text("244,6")
    assert keys(proxy) == ["repo:size"]
    proxy.set_filter_text("250467")
    assert keys(proxy) == ["repo:size"]
    proxy.set_filter_text("no such thing")
    assert keys(proxy) == []
    proxy.set_filter_text("")
    assert proxy.rowCount() == proxy.sourceModel().rowCount()


def test_a_list_matches_by_its_items_and_keeps_only_the_matching_items(
    model: MetadataTableModel, proxy: MetadataFilterProxy
) -> None:
    proxy.set_filter_text("sea")
    assert keys(proxy) == ["dc:subject"]
    model.set_expanded(row_of(model, "dc:subject"), True)
    assert keys(proxy) == ["dc:subject", "dc:subject[1]"]
    # "keywords" is the list's label: all its items stay (and the smart tags' key matches too).
    proxy.set_filter_text("keywords")
    assert keys(proxy) == [
        "dc:subject",
        "dc:subject[0]",
        "dc:subject[1]",
        "dc:subject[2]",
        "xcm:machineKeywords",
    ]
    proxy.set_filter_text("keywords sun")
    assert keys(proxy) == ["dc:subject", "dc:subject[2]"]


# --- sorting -----------------------------------------------------------------------------------------


def test_sorting_by_value_orders_numbers_as_numbers_and_dates_as_dates(
    model: MetadataTableModel, proxy: MetadataFilterProxy
) -> None:
    proxy.sort(Column.VALUE, Qt.SortOrder.AscendingOrder)
    order = keys(proxy)
    numbers = [k for k in order if k in ("tiff:ImageLength", "tiff:ImageWidth", "repo:size", "custom:rating")]
    assert numbers == ["custom:rating", "tiff:ImageLength", "tiff:ImageWidth", "repo:size"]
    assert order.index("repo:size") < order.index("repo:createDate") < order.index("custom:day")
    assert order.index("custom:day") < order.index("dc:title")
    assert order[-1] == "custom:empty"

    proxy.sort(Column.VALUE, Qt.SortOrder.DescendingOrder)
    descending = keys(proxy)
    assert descending.index("repo:size") < descending.index("tiff:ImageWidth")


def test_sorting_keeps_list_items_under_their_list_and_can_return_to_the_servers_order(
    model: MetadataTableModel, proxy: MetadataFilterProxy
) -> None:
    # The first order is by section (asset first), in the server's order within each section.
    assert keys(proxy)[0] == "dc:title"
    model.set_expanded(row_of(model, "dc:subject"), True)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(Column.KEY, order)
        shown = keys(proxy)
        start = shown.index("dc:subject")
        assert shown[start + 1 : start + 4] == ["dc:subject[0]", "dc:subject[1]", "dc:subject[2]"]
    assert keys(proxy)[0] == "xcm:machineKeywords"

    proxy.sort(-1)
    assert [k for k in keys(proxy) if "[" not in k] == [entry.key for entry in model.entries]
    assert keys(proxy)[0] == "assetId"


def test_a_selection_survives_sorting(model: MetadataTableModel, proxy: MetadataFilterProxy) -> None:
    view = MetadataTableView(proxy)
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, Column.KEY).data() == "repo:size")
    view.setCurrentIndex(proxy.index(row, Column.VALUE))
    proxy.sort(Column.PROPERTY, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().siblingAtColumn(Column.KEY).data() == "repo:size"


# --- copying -----------------------------------------------------------------------------------------


def test_tsv_keeps_one_cell_in_one_cell() -> None:
    assert tsv([["a", "b\tc"], ["line\none", "x"]]) == "a\tb c\nline one\tx\n"


def test_copy_a_cell_rows_the_selection_and_the_table(
    qtbot: QtBot, model: MetadataTableModel, proxy: MetadataFilterProxy
) -> None:
    view = MetadataTableView(proxy)
    qtbot.addWidget(view)
    view.show()
    title = next(r for r in range(proxy.rowCount()) if proxy.index(r, Column.KEY).data() == "dc:title")
    selection = view.selectionModel()
    selection.select(proxy.index(title, Column.VALUE), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert view.selection_text() == "Beach"

    selection.select(proxy.index(title, Column.KEY), QItemSelectionModel.SelectionFlag.Select)
    selection.select(proxy.index(title + 1, Column.VALUE), QItemSelectionModel.SelectionFlag.Select)
    assert view.selection_text() == "dc:title\tBeach\n\tLine one ↵ Line two\n"

    view.setFocus()
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(view.copied):
        qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "dc:title\tBeach\n\tLine one ↵ Line two\n"

    view.copy_rows()
    assert QGuiApplication.clipboard().text() == (
        "asset\tTitle\tdc:title\tBeach\ttext\nasset\tDescription\tdc:description\tLine one ↵ Line two\ttext\n"
    )

    proxy.set_filter_text("sea")
    lines = view.table_text().splitlines()
    assert lines == [
        "Section\tProperty\tKey\tValue\tType",
        "asset\t▸ Keywords\tdc:subject\t3 items: sand, sea, sun\tlist of 3",
    ]

    view.setCurrentIndex(proxy.index(0, Column.VALUE))
    view.copy_value_as_sent()
    assert QGuiApplication.clipboard().text() == "sand, sea, sun"


# --- export ------------------------------------------------------------------------------------------


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "spreadsheets need the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_one_row_per_property_with_shown_and_sent_values(model: MetadataTableModel) -> None:
    rows = parse_csv(csv_bytes(model.entries))
    assert rows[0] == list(CSV_HEADER)
    assert len(rows) == 1 + len(model.entries)
    by_key = {row[1]: row for row in rows[1:]}
    assert by_key["repo:size"] == ["repository", "repo:size", "Size", "244,6 KiB", "250467", "size (as text)"]
    assert by_key["dc:description"][4] == "Line one\nLine two"
    assert by_key["dc:subject"][3:5] == ["3 items: sand, sea, sun", "sand, sea, sun"]
    assert json.loads(by_key["xcm:machineKeywords"][4])[0] == {"value": "person", "confidence": 0.98}


@pytest.fixture
def emulator_metadata(
    emulator: EmulatorServer, demo_assets: DemoAssets, run: Callable[[Coroutine[Any, Any, Any]], Any]
) -> Metadata:
    async def fetch() -> Metadata:
        async with DeliveryClient(DeliveryEndpoints(emulator.base_url)) as client:
            return await client.metadata(demo_assets.public_image.id)

    metadata: Metadata = run(fetch())
    return metadata


def test_exports_write_atomically_off_the_gui_thread(
    tmp_path: Path,
    emulator_metadata: Metadata,
    run: Callable[[Coroutine[Any, Any, Any]], Any],
) -> None:
    json_path = run(export_json(tmp_path / "meta.json", emulator_metadata))
    assert json_path.read_bytes() == emulator_metadata.raw

    entries = build_entries(emulator_metadata.document, GERMAN)
    csv_path = run(export_csv(tmp_path / "meta.csv", entries))
    rows = parse_csv(csv_path.read_bytes())
    assert [row[1] for row in rows[1:]] == [entry.key for entry in entries]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.csv", "meta.json"]

    with pytest.raises(LocalFileError):
        run(export_csv(tmp_path / "missing-folder" / "meta.csv", entries))


# --- many rows ---------------------------------------------------------------------------------------


def synthetic_document(count: int) -> dict[str, Any]:
    values: list[Any] = ["plain text value", "12345", "2024-02-27T08:57:55.560Z", ["a", "b", "c"], 3.25]
    return {
        "assetId": "urn:aaid:aem:big",
        "assetMetadata": {f"ns:key{i:05}": values[i % len(values)] for i in range(count)},
    }


def test_twenty_thousand_keys_build_filter_and_sort(qapp: QApplication) -> None:
    # How fast is measured in benchmarks, not here: this proves the table copes at this size.
    entries = build_entries(synthetic_document(20_000), GERMAN)  # in the window: a worker thread
    model = MetadataTableModel(locale=GERMAN)
    proxy = MetadataFilterProxy()
    proxy.setSourceModel(model)
    model.set_entries(entries)
    assert proxy.rowCount() == 20_001

    proxy.set_filter_text("key1999")
    assert keys(proxy) == [f"ns:key1999{i}" for i in range(10)]

    proxy.set_filter_text("")

    def ends(order: Qt.SortOrder) -> tuple[str, str]:
        proxy.sort(Column.VALUE, order)
        assert proxy.rowCount() == 20_001
        value = Qt.ItemDataRole.DisplayRole
        return proxy.index(0, Column.VALUE).data(value), proxy.index(20_000, Column.VALUE).data(value)

    ascending, descending = ends(Qt.SortOrder.AscendingOrder), ends(Qt.SortOrder.DescendingOrder)
    assert ascending[0] != ascending[1] and descending == ascending[::-1]


def test_entries_are_plain_values_ready_for_a_worker_thread() -> None:
    entry = build_entries({"assetMetadata": {"dc:title": "x"}}, GERMAN)[0]
    assert isinstance(entry, MetadataEntry)
    assert (entry.section, entry.key, entry.label, entry.display) == ("asset", "dc:title", "Title", "x")
