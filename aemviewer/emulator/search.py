"""`POST /adobe/assets/search`: evaluating a search body over the delivered assets.

Semantics the spec leaves open, chosen here (docs/emulator.md lists them):
- clauses of `query` are ANDed; `match` needs every word of `text` to be the start of a word in the
  chosen fields (case-insensitive); `term` needs one of the values exactly (numbers compare as
  numbers, so `"250467"` equals `250467`); `range` compares numbers, else ISO 8601 date-times;
- a field is `metadata.assetMetadata.<key>` or `metadata.repositoryMetadata.<key>` (further dots walk
  into nested objects and lists) or `assetId`;
- without `orderBy`, results come in catalogue order; assets missing the sort field come last;
  `sort: [{"field": …, "order": "asc"|"desc"}]` (what Adobe-adjacent public code sends) is the same
  as `orderBy: "field order, …"`; giving both is refused, so no precedence has to be guessed;
- each hit carries `id` (the reference: results are "identified by an id field") and, as the
  metadata endpoint does, `assetId`, `repositoryMetadata` and `assetMetadata`;
- `limit` is 1–100 (default 20); `cursor` is opaque and tied to the query and order it came from.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from aemviewer.emulator.library import Asset

DEFAULT_LIMIT: Final = 20
MAX_LIMIT: Final = 100
_BODY_KEYS: Final = ("query", "orderBy", "sort", "limit", "cursor")
_FIELD_ROOTS: Final = ("metadata.assetMetadata.", "metadata.repositoryMetadata.")
_WORD = re.compile(r"\w+")


class SearchError(Exception):
    """The search body cannot be evaluated (400); the message says which part and why."""


Document = Mapping[str, Any]
"""One asset as search sees it: `{"assetId", "repositoryMetadata", "assetMetadata"}`."""


def search(documents: Sequence[Document], body: object) -> dict[str, Any]:
    """Run `body` over `documents` (already only the visible ones, in catalogue order)."""
    if not isinstance(body, dict):
        raise SearchError("the body must be a JSON object with `query` and optional orderBy, limit, cursor")
    unknown = sorted(set(body) - set(_BODY_KEYS))
    if unknown:
        raise SearchError(f"unknown field {unknown[0]!r} in the body; allowed: {', '.join(_BODY_KEYS)}")
    clauses = body.get("query", [])
    if isinstance(clauses, dict):
        clauses = [clauses]
    if not isinstance(clauses, list):
        raise SearchError('`query` must be an array of clauses such as {"match": {"text": "…"}}')
    predicates = [_clause(clause, index) for index, clause in enumerate(clauses)]
    limit = body.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"`limit` must be an integer from 1 to {MAX_LIMIT}, got {limit!r}")
    hits = [document for document in documents if all(predicate(document) for predicate in predicates)]
    order_by = _order_by(body)
    hits = _order(hits, order_by)
    fingerprint = hashlib.sha256(
        json.dumps([clauses, order_by], sort_keys=True, default=str).encode()
    ).hexdigest()[:16]
    offset = _offset(body.get("cursor"), fingerprint)
    page = hits[offset : offset + limit]
    answer: dict[str, Any] = {
        "hits": {"results": [{"id": document["assetId"], **document} for document in page]},
        "search_metadata": {"totalCount": {"total": len(hits)}},
    }
    if offset + limit < len(hits):
        answer["cursor"] = _cursor(offset + limit, fingerprint)
    return answer


def _clause(clause: object, index: int) -> Callable[[Document], bool]:
    where = f"query[{index}]"
    if not isinstance(clause, dict) or len(clause) != 1:
        raise SearchError(f"{where} must be an object with exactly one of match, term, range")
    kind, spec = next(iter(clause.items()))
    if kind == "match":
        return _match(spec, where)
    if kind == "term":
        return _term(spec, where)
    if kind == "range":
        return _range(spec, where)
    raise SearchError(f"{where}: unknown clause {kind!r}; allowed: match, term, range")


def _match(spec: object, where: str) -> Callable[[Document], bool]:
    if not isinstance(spec, dict) or not isinstance(spec.get("text"), str):
        raise SearchError(f'{where}.match needs {{"text": "…"}} and optionally "fields": [...]')
    if set(spec) - {"text", "fields"}:
        raise SearchError(f"{where}.match: allowed fields are text and fields")
    fields = spec.get("fields")
    if fields is not None and (
        not isinstance(fields, list) or not all(isinstance(field, str) for field in fields)
    ):
        raise SearchError(f"{where}.match.fields must be an array of field names")
    for field in fields or []:
        _check_field(field, where)
    words = [word.casefold() for word in _WORD.findall(spec["text"])]

    def predicate(document: Document) -> bool:
        if fields is None:
            texts = [*_strings(document["assetMetadata"]), *_strings(document["repositoryMetadata"])]
        else:
            texts = [text for field in fields for text in _strings(list(_values(document, field)))]
        haystack = {word.casefold() for text in texts for word in _WORD.findall(text)}
        return all(any(candidate.startswith(word) for candidate in haystack) for word in words)

    return predicate


def _term(spec: object, where: str) -> Callable[[Document], bool]:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise SearchError(f'{where}.term needs exactly one field: {{"<field>": [values]}}')
    field, wanted = next(iter(spec.items()))
    _check_field(field, where)
    wanted_values = wanted if isinstance(wanted, list) else [wanted]
    if not wanted_values or not all(isinstance(value, str | int | float) for value in wanted_values):
        raise SearchError(f"{where}.term.{field} must be a value or an array of strings and numbers")
    keys = {_comparable(value) for value in wanted_values}
    return lambda document: any(_comparable(value) in keys for value in _values(document, field))


def _range(spec: object, where: str) -> Callable[[Document], bool]:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise SearchError(f'{where}.range needs exactly one field: {{"<field>": {{"gte": …}}}}')
    field, bounds = next(iter(spec.items()))
    _check_field(field, where)
    operators: dict[str, Callable[[Any, Any], bool]] = {
        "gt": lambda a, b: a > b,
        "gte": lambda a, b: a >= b,
        "lt": lambda a, b: a < b,
        "lte": lambda a, b: a <= b,
    }
    if not isinstance(bounds, dict) or not bounds or set(bounds) - set(operators):
        raise SearchError(f"{where}.range.{field} needs one or more of gt, gte, lt, lte")
    parsed = {}
    for operator, bound in bounds.items():
        value = _orderable(bound)
        if value is None or isinstance(value[1], str):
            raise SearchError(f"{where}.range.{field}.{operator} must be a number or an ISO 8601 date-time")
        parsed[operator] = value

    def predicate(document: Document) -> bool:
        for value in _values(document, field):
            candidate = _orderable(value)
            if candidate is not None and all(
                candidate[0] == bound[0] and operators[operator](candidate[1], bound[1])
                for operator, bound in parsed.items()
            ):
                return True
        return False

    return predicate


def _check_field(field: object, where: str) -> None:
    if not isinstance(field, str) or not (field == "assetId" or field.startswith(_FIELD_ROOTS)):
        raise SearchError(
            f"{where}: field {field!r} must be assetId, metadata.assetMetadata.<key> or "
            "metadata.repositoryMetadata.<key>"
        )


def _values(document: Document, field: str) -> Iterator[Any]:
    """Every leaf value at `field` (lists are walked into)."""
    if field == "assetId":
        yield document["assetId"]
        return
    root, _, path = field.removeprefix("metadata.").partition(".")
    current: list[Any] = [document.get(root, {})]
    for key in _split_path(path, current[0]):
        current = [item.get(key) for item in _flatten(current) if isinstance(item, dict)]
    yield from (value for value in _flatten(current) if value is not None)


def _split_path(path: str, top: Any) -> list[str]:
    # A key may itself contain dots; prefer the whole remainder when the top level has it.
    if isinstance(top, dict) and path in top:
        return [path]
    return path.split(".")


def _flatten(values: list[Any]) -> Iterator[Any]:
    for value in values:
        if isinstance(value, list):
            yield from _flatten(value)
        else:
            yield value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _comparable(value: Any) -> object:
    number = _number(value)
    return number if number is not None else str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _orderable(value: Any) -> tuple[int, Any] | None:
    """(0, number), (1, aware datetime) or (2, folded text): the same rank compares."""
    number = _number(value)
    if number is not None:
        return 0, number
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return 2, value.casefold()
        return 1, moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _order_by(body: Mapping[str, Any]) -> object:
    """`orderBy`, or `sort: [{field, order}]` written as an `orderBy` string."""
    sort = body.get("sort")
    if sort is None:
        return body.get("orderBy")
    if "orderBy" in body:
        raise SearchError("give either `orderBy` or `sort`, not both")
    shape = (
        '`sort` must be an array like [{"field": "metadata.repositoryMetadata.repo:size", "order": "desc"}]'
    )
    if isinstance(sort, dict):
        sort = [sort]
    if not isinstance(sort, list) or not sort:
        raise SearchError(shape)
    parts = []
    for item in sort:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("field"), str)
            or set(item) - {"field", "order"}
        ):
            raise SearchError(shape)
        order = item.get("order", "asc")
        if not isinstance(order, str):
            raise SearchError(shape)
        parts.append(f"{item['field']} {order}")
    return ", ".join(parts)


def _order(hits: list[Document], order_by: object) -> list[Document]:
    if order_by is None:
        return hits
    if not isinstance(order_by, str) or not order_by.strip():
        raise SearchError('`orderBy` must be a string like "metadata.repositoryMetadata.repo:size desc"')
    ordered = list(hits)
    # Stable sorts, applied from the last key to the first, give a multi-key order.
    for part in reversed([part.strip() for part in order_by.split(",")]):
        field, _, direction = part.partition(" ")
        direction = direction.strip().lower() or "asc"
        if direction not in ("asc", "desc"):
            raise SearchError(f"orderBy {part!r}: the direction must be asc or desc")
        _check_field(field, "orderBy")

        def sort_key(document: Document, field: str = field) -> tuple[int, Any]:
            value = next(_values(document, field), None)
            orderable = _orderable(value) if value is not None else None
            return orderable or (9, 0)

        present = [document for document in ordered if sort_key(document)[0] != 9]
        missing = [document for document in ordered if sort_key(document)[0] == 9]
        present.sort(key=sort_key, reverse=direction == "desc")
        ordered = present + missing
    return ordered


def _cursor(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"offset": offset, "query": fingerprint}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(cursor: object, fingerprint: str) -> int:
    if cursor is None:
        return 0
    try:
        if not isinstance(cursor, str):
            raise ValueError(cursor)
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = state["offset"]
        if not isinstance(offset, int) or offset < 0:
            raise ValueError(offset)
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise SearchError("`cursor` is not a cursor this server gave out") from error
    if state.get("query") != fingerprint:
        raise SearchError("`cursor` belongs to a different query or orderBy; start again without it")
    return offset


def document_of(asset: Asset) -> dict[str, Any]:
    """The full metadata of `asset`, the shape of one search hit and of the metadata answer."""
    return {
        "assetId": asset.id,
        "repositoryMetadata": dict(asset.repository_metadata),
        "assetMetadata": dict(asset.asset_metadata),
    }
