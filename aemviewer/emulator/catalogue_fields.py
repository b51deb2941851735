"""Typed access to the JSON objects of `catalogue.json`, with errors that say where a value is."""

from __future__ import annotations

from typing import Any

from aemviewer.emulator.library import LibraryError


class Fields:
    """Typed access to one JSON object, with error messages that say where it is."""

    def __init__(self, value: object, where: str, allowed: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            raise LibraryError(f"{where}: must be a JSON object, got {kind_of(value)}")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise LibraryError(f"{where}: unknown field {unknown[0]!r}; allowed fields: {', '.join(allowed)}")
        self.value: dict[str, Any] = value
        self.where = where

    def error(self, key: str, message: str) -> LibraryError:
        """A `LibraryError` naming this object's place and the field."""
        return LibraryError(f"{self.where}: field {key!r}: {message}")

    def get(self, key: str, kind: type, *, required: bool = False) -> Any:
        """The field's value, checked to be a `kind`; None when absent unless `required`."""
        if key not in self.value or self.value[key] is None:
            if required:
                raise self.error(key, "is required")
            return None
        value = self.value[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.error(key, f"must be a JSON {_KIND_NAMES[kind]}, got {kind_of(value)}")
        return value


_KIND_NAMES = {str: "string", list: "array", dict: "object", bool: "boolean"}


def kind_of(value: object) -> str:
    """A JSON value described for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    return "an array" if isinstance(value, list) else "an object"


def strings(fields: Fields, key: str) -> list[str]:
    """An optional array of non-empty strings."""
    values = fields.get(key, list) or []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise fields.error(key, f"must be an array of non-empty strings, found {kind_of(value)}")
    return list(values)
