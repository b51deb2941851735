"""An asset's metadata document as flat rows: what a table shows and a CSV holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SECTIONS = {"repositoryMetadata": "repository", "assetMetadata": "asset"}
"""Top-level keys of the document and the section name people see."""


@dataclass(frozen=True, slots=True)
class MetadataRow:
    """One property: its section (`repository`, `asset`, or `document` for top-level fields),
    its dotted key (`smartcrops.Landscape.width`), and its value as the server sent it."""

    section: str
    key: str
    value: Any

    @property
    def text(self) -> str:
        """The value as one line of text: strings as they are, everything else as compact JSON."""
        return value_text(self.value)


def metadata_rows(document: dict[str, Any]) -> list[MetadataRow]:
    """Flatten the document: nested objects become dotted keys; lists stay whole values."""
    rows: list[MetadataRow] = []
    for top_key, top_value in document.items():
        section = SECTIONS.get(top_key)
        if section is not None and isinstance(top_value, dict):
            rows.extend(MetadataRow(section, key, value) for key, value in _flatten(top_value, ""))
        else:
            rows.extend(
                MetadataRow("document", key, value) for key, value in _flatten({top_key: top_value}, "")
            )
    return rows


def _flatten(mapping: dict[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in mapping.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from _flatten(value, f"{dotted}.")
        else:
            yield dotted, value


def value_text(value: Any) -> str:
    """A JSON value for people: strings unquoted, lists of scalars comma-separated, the rest as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
