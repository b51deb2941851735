"""Flattening the metadata document, and what its values and keys mean for people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from aemviewer.delivery.metadata_rows import (
    MetadataRow,
    ValueKind,
    classify,
    date_value,
    friendly_label,
    humanize,
    item_text,
    list_summary,
    metadata_rows,
    number_value,
    sent_as_text,
)

DOCUMENT = {
    "assetId": "urn:aaid:aem:1",
    "repositoryMetadata": {
        "repo:name": "test.jpg",
        "repo:size": "250467",
        "smartcrops": {"Landscape": {"left": "0.0", "width": "320"}, "Empty": {}},
    },
    "assetMetadata": {
        "dc:title": "A title",
        "dc:subject": ["a", "b"],
        "xcm:machineKeywords": [{"value": "person", "confidence": 0.98}],
        "nested": {"deeper": {"leaf": 1}},
    },
    "extra": {"x": True},
}


def test_nested_objects_become_dotted_keys_and_lists_stay_whole() -> None:
    rows = metadata_rows(DOCUMENT)
    assert [(row.section, row.key) for row in rows] == [
        ("document", "assetId"),
        ("repository", "repo:name"),
        ("repository", "repo:size"),
        ("repository", "smartcrops.Landscape.left"),
        ("repository", "smartcrops.Landscape.width"),
        ("repository", "smartcrops.Empty"),
        ("asset", "dc:title"),
        ("asset", "dc:subject"),
        ("asset", "xcm:machineKeywords"),
        ("asset", "nested.deeper.leaf"),
        ("document", "extra.x"),
    ]
    by_key = {row.key: row for row in rows}
    assert by_key["dc:subject"].value == ["a", "b"]
    assert by_key["smartcrops.Empty"].value == {}
    assert by_key["dc:subject"].text == "a, b"
    assert by_key["repo:size"].text == "250467"


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        ("repo:size", "250467", ValueKind.BYTES),
        ("repo:size", 250467, ValueKind.BYTES),
        ("tiff:ImageWidth", 1500, ValueKind.PIXELS),
        ("tiff:ImageLength", "900", ValueKind.PIXELS),
        ("smartcrops.Landscape.width", "320", ValueKind.PIXELS),
        ("smartcrops.Landscape.top", "0.5774", ValueKind.FRACTION),
        ("some:count", "12", ValueKind.INTEGER),
        ("some:ratio", "1.5", ValueKind.NUMBER),
        ("some:ratio", 2.0, ValueKind.NUMBER),
        ("some:flag", True, ValueKind.BOOLEAN),
        ("some:flag", "false", ValueKind.BOOLEAN),
        ("xmp:CreateDate", "2024-02-27T08:57:55.560Z", ValueKind.DATE),
        ("some:day", "2024-02-27", ValueKind.DATE),
        ("some:code", "00123", ValueKind.TEXT),
        ("some:code", "12abc", ValueKind.TEXT),
        ("repo:size", "large", ValueKind.TEXT),
        ("dc:title", "2024 report", ValueKind.TEXT),
        ("dc:subject", ["a"], ValueKind.LIST),
        ("dc:subject", [], ValueKind.EMPTY),
        ("x", None, ValueKind.EMPTY),
        ("x", "  ", ValueKind.EMPTY),
        ("x", {}, ValueKind.EMPTY),
    ],
)
def test_values_are_classified_whatever_json_type_carried_them(
    key: str, value: object, kind: ValueKind
) -> None:
    assert classify(key, value) is kind


def test_numbers_sent_as_strings_are_recognised_and_flagged() -> None:
    assert number_value("250467") == 250467.0
    assert number_value("-1.5e3") == -1500.0
    assert number_value("00123") is None
    assert number_value(True) is None
    assert number_value("nan") is None
    assert sent_as_text("250467", ValueKind.BYTES)
    assert not sent_as_text(250467, ValueKind.BYTES)
    assert sent_as_text("true", ValueKind.BOOLEAN)
    assert not sent_as_text("text", ValueKind.TEXT)
    assert MetadataRow("repository", "repo:size", "250467").kind is ValueKind.BYTES


def test_dates_keep_their_offset_or_stay_naive() -> None:
    assert date_value("2024-02-27T08:57:55.560Z") == datetime(2024, 2, 27, 8, 57, 55, 560000, tzinfo=UTC)
    with_offset = date_value("2024-02-27T10:00:00+02:00")
    assert with_offset is not None and with_offset.utcoffset() == timedelta(hours=2)
    assert with_offset == datetime(2024, 2, 27, 8, tzinfo=timezone.utc)  # noqa: UP017 - both spellings
    plain = date_value("2024-02-27")
    assert plain == datetime(2024, 2, 27) and plain.tzinfo is None
    assert date_value("2024-13-40") is None
    assert date_value("27.02.2024") is None
    assert date_value(20240227) is None


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("dc:title", "Title"),
        ("dc:description", "Description"),
        ("repo:size", "Size"),
        ("tiff:ImageWidth", "Width"),
        ("tiff:ImageLength", "Height"),
        ("dc:subject", "Keywords"),
        ("xcm:machineKeywords", "Smart tags"),
        ("dc:creator", "Creator"),
        ("xmp:CreateDate", "Created"),
        ("assetId", "Asset ID"),
        ("smartcrops.Landscape.normalizedWidth", "Smart crop Landscape: relative width"),
        ("smartcrops.Landscape.width", "Smart crop Landscape: width"),
        ("smartcrops.Empty", "Smart crop Empty"),
        ("xmp:CreatorTool", "Creator tool"),
        ("collection", "Collection"),
        ("custom:productSKU", "Product SKU"),
        ("nested.deeper.leafValue", "Nested › Deeper › Leaf value"),
    ],
)
def test_friendly_labels(key: str, label: str) -> None:
    assert friendly_label(key) == label


def test_humanize_keeps_odd_names_readable() -> None:
    assert humanize("dam:assetStatus") == "Asset status"
    assert humanize("photoshop:DateCreated") == "Date created"
    assert humanize("Iptc4xmpCore:CountryCode") == "Country code"
    assert humanize(":") == ":"


def test_list_items_and_summaries_read_like_sentences() -> None:
    assert item_text({"value": "person", "confidence": 0.98}) == "person (98 %)"
    assert item_text({"value": "person", "confidence": "7"}) == "person (7)"
    assert item_text({"name": "x", "size": 2}) == "name: x, size: 2"
    assert item_text(3) == "3"
    assert list_summary(["a", "b", "c"]) == "3 items: a, b, c"
    assert list_summary(["only"]) == "1 item: only"
    assert list_summary([]) == "no items"
    long = list_summary([f"keyword{i}" for i in range(100)], limit=40)
    assert long.startswith("100 items: keyword0, keyword1")
    assert long.endswith(", …")
    assert len(long) < 70
    assert list_summary(["x" * 50], limit=10) == f"1 item: {'x' * 10}…"
