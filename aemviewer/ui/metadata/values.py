"""Metadata values for people: each flattened row becomes a `MetadataEntry` with the text a table
shows (dates in the local format, sizes in KiB/MiB, pixels, yes/no), a tooltip with what the server
sent, a type, a sort key, and the text the filter searches.

`build_entries` does all the formatting once, so it can run in a worker thread (it only uses
reentrant Qt value classes) and the model's `data()` only reads prepared strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from aemviewer.delivery.metadata_rows import (
    MetadataRow,
    ValueKind,
    boolean_value,
    classify,
    date_value,
    friendly_label,
    item_text,
    list_summary,
    metadata_rows,
    number_value,
    sent_as_text,
    timestamp,
    value_text,
)
from aemviewer.ui.widgets.plain_text import plain_tooltip

SortValue = tuple[int, float, str]
"""(group, number, text): numbers and dates sort by value, before texts; lists and empties last."""

_TOOLTIP_LIMIT = 4000
"""Characters of a value a tooltip shows (a tooltip taller than the screen helps nobody)."""


@dataclass(eq=False, slots=True)
class MetadataEntry:
    """One row of the metadata table, with everything the views need prepared."""

    section: str
    key: str
    label: str
    value: Any
    """As the server sent it."""
    kind: ValueKind
    display: str
    detail: str
    """More than the cell shows: exact bytes, the fraction behind a percentage, what "—" means."""
    type_text: str
    raw_text: str
    """The value as text, unconverted (what CSV and "copy raw value" give)."""
    sort_value: SortValue
    own_text: str
    """Casefolded key and label: a match here shows every item of a list."""
    search_text: str
    """Casefolded key, label, shown and raw value, and the items of a list."""
    children: list[MetadataEntry] = field(default_factory=list)
    parent: MetadataEntry | None = None
    expanded: bool = False

    @property
    def expandable(self) -> bool:
        """A non-empty list: it can show its items as rows of their own."""
        return self.kind is ValueKind.LIST

    @property
    def tooltip(self) -> str:
        """The full value (wrapped), the detail, and the JSON the server sent."""
        return _tooltip(self.display, self.value, self.detail, self.kind)

    def matches(self, terms: list[str]) -> bool:
        """Whether every (casefolded) term occurs in the entry's texts."""
        return all(term in self.search_text for term in terms)


def build_entries(document: dict[str, Any], locale: QLocale) -> list[MetadataEntry]:
    """The table's entries for a metadata document (safe to call in a worker thread)."""
    formatter = ValueFormatter(locale)
    return [formatter.entry(row) for row in metadata_rows(document)]


class ValueFormatter:
    """Formats values with one locale (the system's when the window runs)."""

    def __init__(self, locale: QLocale) -> None:
        self.locale = QLocale(locale)
        self.locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
        self.grouped = QLocale(locale)
        # The C locale's date format ("3 03 2025") reads like a typo; ISO order is unambiguous.
        self._iso_dates = locale.language() == QLocale.Language.C

    # --- entries -------------------------------------------------------------------------------

    def entry(self, row: MetadataRow) -> MetadataEntry:
        kind = classify(row.key, row.value)
        entry = self._make(row.section, row.key, friendly_label(row.key), row.value, kind)
        if kind is ValueKind.LIST:
            # Items are searchable before their rows exist (they are made when the list is expanded).
            items = "\n".join(item_text(item) for item in row.value)
            entry.search_text += "\n" + items.casefold()
        return entry

    def children(self, entry: MetadataEntry) -> list[MetadataEntry]:
        """The item rows of a list entry (made once, on first expansion)."""
        if entry.kind is ValueKind.LIST and not entry.children:
            entry.children = [self._item(entry, index, item) for index, item in enumerate(entry.value)]
        return entry.children

    def _item(self, parent: MetadataEntry, index: int, item: Any) -> MetadataEntry:
        key = f"{parent.key}[{index}]"
        kind = ValueKind.OBJECT if isinstance(item, dict) and item else classify(key, item)
        child = self._make(parent.section, key, f"{index + 1}", item, kind)
        child.parent = parent
        # An item is found by its list's name too ("keywords nasa" keeps the item NASA).
        child.own_text = f"{parent.own_text}\n{child.own_text}"
        child.search_text = f"{parent.own_text}\n{child.search_text}"
        return child

    def _make(self, section: str, key: str, label: str, value: Any, kind: ValueKind) -> MetadataEntry:
        raw = value_text(value)
        display, detail = self._display(key, value, kind)
        type_text = self._type_text(value, kind)
        own = f"{key}\n{label}".casefold()
        return MetadataEntry(
            section=section,
            key=key,
            label=label,
            value=value,
            kind=kind,
            display=display,
            detail=detail,
            type_text=type_text,
            raw_text=raw,
            sort_value=self._sort_value(value, kind, display),
            own_text=own,
            search_text=f"{own}\n{display}\n{raw}".casefold(),
        )

    # --- text ----------------------------------------------------------------------------------

    def _display(self, key: str, value: Any, kind: ValueKind) -> tuple[str, str]:
        """(shown text, extra tooltip line)."""
        number = number_value(value)
        if kind is ValueKind.BYTES and number is not None:
            exact = self.grouped.toString(int(number)) if number.is_integer() else self.number(number)
            return self.locale.formattedDataSize(int(number), 1), f"{exact} bytes"
        if kind is ValueKind.PIXELS and number is not None:
            return f"{self.number(number)} px", ""
        if kind is ValueKind.FRACTION and number is not None:
            return f"{self.percent(number * 100)} %", f"{self.number(number, value)} of the image"
        if kind in (ValueKind.INTEGER, ValueKind.NUMBER) and number is not None:
            return self.number(number, value), ""
        if kind is ValueKind.BOOLEAN:
            return ("Yes" if boolean_value(value) else "No"), ""
        if kind is ValueKind.DATE:
            moment = date_value(value)
            if moment is not None:
                return self.date(moment), ""
        if kind is ValueKind.LIST:
            return list_summary(value), ""
        if kind is ValueKind.EMPTY:
            return "—", _EMPTY_WORDS.get(type(value), "no value")
        if kind is ValueKind.OBJECT:
            return item_text(value), ""
        text = value if isinstance(value, str) else value_text(value)
        return _one_line(text), ""

    def number(self, number: float, sent: Any = None) -> str:
        """A number as sent (no rounding, no thousands separator), with the locale's decimal point."""
        if isinstance(sent, str):
            literal = sent.strip()
        elif isinstance(sent, int) or (number.is_integer() and abs(number) < 1e15):
            literal = str(int(number))
        else:
            literal = repr(number)
        return literal.replace(".", self.locale.decimalPoint())

    def percent(self, number: float) -> str:
        """At most two decimals, without trailing zeros: `1.87`, `56.3`, `100`."""
        text = self.locale.toString(number, "f", 2)
        point = self.locale.decimalPoint()
        return text.rstrip("0").rstrip(point) if point in text else text

    def date(self, moment: datetime) -> str:
        """Local date and time; a plain date or a time without offset is shown as written."""
        if moment.tzinfo is not None:
            shown = QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000)).toLocalTime()
        else:
            shown = QDateTime(
                QDate(moment.year, moment.month, moment.day),
                QTime(moment.hour, moment.minute, moment.second),
            )
        date_only = moment.tzinfo is None and moment.hour == moment.minute == moment.second == 0
        if self._iso_dates:
            return shown.toString("yyyy-MM-dd" if date_only else "yyyy-MM-dd HH:mm")
        if date_only:
            return self.locale.toString(shown.date(), QLocale.FormatType.ShortFormat)
        return self.locale.toString(shown, QLocale.FormatType.ShortFormat)

    def _type_text(self, value: Any, kind: ValueKind) -> str:
        if kind is ValueKind.LIST:
            return f"list of {len(value)}"
        if kind is ValueKind.EMPTY:
            return "empty"
        if sent_as_text(value, kind):
            return f"{kind.value} (as text)"
        return kind.value

    def _sort_value(self, value: Any, kind: ValueKind, display: str) -> SortValue:
        text = display.casefold()
        number = number_value(value)
        if kind.numeric and number is not None:
            return (0, number, text)
        if kind is ValueKind.DATE:
            moment = date_value(value)
            if moment is not None:
                return (1, timestamp(moment), text)
        if kind is ValueKind.BOOLEAN:
            return (2, 1.0 if boolean_value(value) else 0.0, text)
        if kind is ValueKind.LIST:
            return (4, float(len(value)), text)
        if kind is ValueKind.EMPTY:
            return (5, 0.0, text)
        return (3, 0.0, text)


_EMPTY_WORDS: dict[type, str] = {
    type(None): "null",
    str: "empty text",
    list: "empty list",
    dict: "empty object",
}


def _one_line(text: str) -> str:
    # A table row is one line high: show where the line breaks were instead of cutting them off.
    return " ↵ ".join(part.strip() for part in text.strip().splitlines()) if "\n" in text else text


def _tooltip(display: str, value: Any, detail: str, kind: ValueKind) -> str:
    if kind is ValueKind.TEXT and isinstance(value, str):
        # Text is its own best tooltip: all of it, line breaks included.
        lines = [value.strip()]
    else:
        lines = [display if display != "—" else "", detail]
        # JSON spelling, so that "66489" (a string) and 66489 (a number) read differently.
        lines.append(f"Sent as: {json.dumps(value, ensure_ascii=False)}")
    text = "\n".join(line for line in lines if line)
    if len(text) > _TOOLTIP_LIMIT:
        text = text[:_TOOLTIP_LIMIT] + "…"
    # Rich text, so that long descriptions wrap instead of running off the screen.
    return plain_tooltip(text)
