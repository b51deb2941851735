"""Reading a checks file (TOML) into a `ChecksFile`, with errors that name the key and its line.

docs/checks.md describes the format. Every value is checked here, before anything is sent: an
unknown key (a typo that would silently check nothing) is an error too.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence, Set
from pathlib import Path
from typing import Any, Final, TypeVar

from aemviewer import api_spec
from aemviewer.delivery.errors import InvalidInput, LocalFileError, MalformedChecksFile
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import parse_reference
from aemviewer.qa.checks.key_lines import PathSegment, format_key_path, line_of_key
from aemviewer.qa.checks.model import (
    AssetChecks,
    BudgetExpectation,
    ChecksFile,
    DimensionsExpectation,
    Modifiers,
)
from aemviewer.qa.format_matrix import accept_profile

T = TypeVar("T")
_RATIO_RE = re.compile(r"\d+(?:\.\d+)?:\d+(?:\.\d+)?", re.ASCII)
_HINT = "docs/checks.md describes the checks file, with a complete example."


def read_checks_file(path: Path) -> ChecksFile:
    """Read and check the file at `path`; `LocalFileError` when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LocalFileError(
            f"Cannot read the checks file {path}: {getattr(exc, 'strerror', None) or exc}.",
            hint="Check the path, and that the file is UTF-8 text.",
        ) from exc
    return parse_checks(text, source=str(path))


def parse_checks(text: str, *, source: str = "checks file") -> ChecksFile:
    """The checks in `text`; `MalformedChecksFile` names the key path and line of the first problem."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise MalformedChecksFile(
            f"{source}{f', line {line}' if line else ''}: not valid TOML: {exc}.", line=line, hint=_HINT
        ) from exc
    return _Reader(text, source).checks_file(document)


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def fail(self, path: Sequence[PathSegment], problem: str) -> MalformedChecksFile:
        key = format_key_path(path)
        line = line_of_key(self.text, path)
        where = f"{self.source}, line {line}" if line else self.source
        return MalformedChecksFile(f"{where}: {key}: {problem}.", key_path=key, line=line, hint=_HINT)

    def checks_file(self, document: dict[str, Any]) -> ChecksFile:
        self.known(document, [], {"title", "base_url", "asset"})
        assets = document.get("asset", [])
        if not isinstance(assets, list) or not assets:
            raise self.fail(["asset"], "the file lists no [[asset]] to check")
        base_url = self.optional(document, [], "base_url", str)
        if base_url is not None and "://" not in base_url:
            raise self.fail(["base_url"], f"{base_url!r} is not a URL such as https://delivery-p1-e2…")
        return ChecksFile(
            assets=tuple(self.asset(table, ["asset", index]) for index, table in enumerate(assets)),
            title=self.optional(document, [], "title", str) or "",
            base_url=base_url,
        )

    def asset(self, table: dict[str, Any], path: list[PathSegment]) -> AssetChecks:
        self.known(table, path, _ASSET_KEYS)
        ref = self.required(table, path, "ref", str)
        try:
            parse_reference(ref)
        except InvalidInput as exc:
            raise self.fail([*path, "ref"], exc.message.rstrip(".")) from exc
        return AssetChecks(
            ref=ref,
            name=self.optional(table, path, "name", str) or "",
            modifiers=self.modifiers(table, [*path, "modifiers"]),
            format=self.image_format(table, path, "format"),
            types=self.types(table, [*path, "types"]),
            dimensions=tuple(
                self.dimensions(item, [*path, "dimensions", index])
                for index, item in enumerate(self.tables(table, path, "dimensions"))
            ),
            budgets=tuple(
                self.budget(item, [*path, "budget", index])
                for index, item in enumerate(self.tables(table, path, "budget"))
            ),
            cache_headers=self.strings(table, path, "cache_headers"),
            etag_stable=self.optional(table, path, "etag_stable", bool) or False,
            smart_crops=self.smart_crops(table, [*path, "smart_crops"]),
            renditions=self.strings(table, path, "renditions"),
            metadata_present=self.strings(table, path, "metadata_present"),
            metadata_equal=self.metadata_equal(table, [*path, "metadata_equal"]),
            video_plays=self.optional(table, path, "video_plays", bool) or False,
            restricted=self.optional(table, path, "restricted", bool) or False,
        )

    def dimensions(self, table: dict[str, Any], path: list[PathSegment]) -> DimensionsExpectation:
        self.known(table, path, {"modifiers", "width", "height", "format"})
        width = self.optional(table, path, "width", int)
        height = self.optional(table, path, "height", int)
        if width is None and height is None:
            raise self.fail(path, "give the expected width, height or both")
        return DimensionsExpectation(
            self.modifiers(table, [*path, "modifiers"]),
            width,
            height,
            self.image_format(table, path, "format"),
        )

    def budget(self, table: dict[str, Any], path: list[PathSegment]) -> BudgetExpectation:
        self.known(table, path, {"width", "format", "max_bytes"})
        width = self.required(table, path, "width", int)
        max_bytes = self.required(table, path, "max_bytes", int)
        if width < 1 or max_bytes < 1:
            raise self.fail(path, "width and max_bytes are whole numbers of at least 1")
        return BudgetExpectation(width, self.image_format(table, path, "format"), max_bytes)

    def types(self, table: dict[str, Any], path: list[PathSegment]) -> tuple[tuple[str, str], ...]:
        types = self.mapping(table, path)
        for accept, media_type in types.items():
            try:
                accept_profile(accept)
            except InvalidInput as exc:
                raise self.fail([*path, accept], exc.message.rstrip(".") + f" ({exc.hint})") from exc
            if not isinstance(media_type, str) or "/" not in media_type:
                raise self.fail([*path, accept], f"{media_type!r} is not a media type such as 'image/avif'")
        return tuple(types.items())

    def smart_crops(self, table: dict[str, Any], path: list[PathSegment]) -> tuple[tuple[str, str], ...]:
        crops = self.mapping(table, path)
        for name, ratio in crops.items():
            if not isinstance(ratio, str) or (ratio and not _RATIO_RE.fullmatch(ratio)):
                raise self.fail(
                    [*path, name], f"{ratio!r} is not an aspect ratio such as '16:9' (or '' for any)"
                )
        return tuple(crops.items())

    def metadata_equal(
        self, table: dict[str, Any], path: list[PathSegment]
    ) -> tuple[tuple[str, str | int | float | bool], ...]:
        fields = self.mapping(table, path)
        for name, value in fields.items():
            if not isinstance(value, str | int | float | bool):
                raise self.fail([*path, name], "compare with a string, number or true/false")
        return tuple(fields.items())

    def modifiers(self, table: dict[str, Any], path: list[PathSegment]) -> Modifiers:
        values = self.mapping(table, path)
        pairs = tuple((name, _text(value)) for name, value in values.items())
        try:
            ImageModifiers.from_query(pairs)
        except InvalidInput as exc:
            raise self.fail(path, exc.message.rstrip(".")) from exc
        return pairs

    def image_format(self, table: dict[str, Any], path: list[PathSegment], key: str) -> str:
        value = self.optional(table, path, key, str) or "jpg"
        if value not in api_spec.ALL_IMAGE_FORMATS:
            raise self.fail([*path, key], f"{value!r} is not one of {', '.join(api_spec.ALL_IMAGE_FORMATS)}")
        return value

    # --- plain values ------------------------------------------------------------------------

    def known(self, table: dict[str, Any], path: list[PathSegment], keys: Set[str]) -> None:
        for key in table:
            if key not in keys:
                raise self.fail([*path, key], f"unknown key (known here: {', '.join(sorted(keys))})")

    def required(self, table: dict[str, Any], path: list[PathSegment], key: str, kind: type[T]) -> T:
        if key not in table:
            raise self.fail(path, f"{key} is missing")
        value = self.optional(table, path, key, kind)
        assert value is not None
        return value

    def optional(self, table: dict[str, Any], path: list[PathSegment], key: str, kind: type[T]) -> T | None:
        value = table.get(key)
        # bool is an int in Python; a `true` where a number belongs is still a mistake.
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            raise self.fail([*path, key], f"expected {_KIND_NAMES.get(kind, kind.__name__)}, found {value!r}")
        return value

    def strings(self, table: dict[str, Any], path: list[PathSegment], key: str) -> tuple[str, ...]:
        values = table.get(key, [])
        if not isinstance(values, list) or not all(isinstance(value, str) and value for value in values):
            raise self.fail([*path, key], 'expected a list of names, such as ["a", "b"]')
        return tuple(values)

    def tables(self, table: dict[str, Any], path: list[PathSegment], key: str) -> list[dict[str, Any]]:
        values = table.get(key, [])
        if not isinstance(values, list) or not all(isinstance(value, dict) for value in values):
            raise self.fail([*path, key], f"expected tables, written [[asset.{key}]]")
        return values

    def mapping(self, table: dict[str, Any], path: list[PathSegment]) -> dict[str, Any]:
        value = table.get(str(path[-1]), {})
        if not isinstance(value, dict):
            raise self.fail(path, 'expected a table, such as { name = "value" }')
        return value


_ASSET_KEYS: Final = frozenset(
    {
        "ref",
        "name",
        "modifiers",
        "format",
        "types",
        "dimensions",
        "budget",
        "cache_headers",
        "etag_stable",
        "smart_crops",
        "renditions",
        "metadata_present",
        "metadata_equal",
        "video_plays",
        "restricted",
    }
)
_KIND_NAMES: dict[type[Any], str] = {str: "a string", int: "a whole number", bool: "true or false"}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
