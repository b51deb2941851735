"""One page of search results (`POST …/search`). The answer has no public schema; this reads the
shape seen in public clients and keeps the whole document for anything else."""

from __future__ import annotations

from dataclasses import dataclass

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import UnexpectedResponse
from aemviewer.delivery.metadata import JSONObject, parse_json_object, to_int


@dataclass(frozen=True, slots=True, eq=False)
class SearchHit:
    """One asset found: its id and the metadata the search returned for it."""

    asset_id: str
    repository_metadata: JSONObject
    asset_metadata: JSONObject


@dataclass(frozen=True, slots=True, eq=False)
class SearchPage:
    """A page of hits, the total when the server says it, and the cursor of the next page."""

    hits: tuple[SearchHit, ...]
    total: int | None
    cursor: str | None
    document: JSONObject
    delivery: Delivery

    def __repr__(self) -> str:
        return f"SearchPage({len(self.hits)} hits, total={self.total}, more={self.cursor is not None})"


def parse_search_page(delivery: Delivery) -> SearchPage:
    """Read a search answer: `{"hits": {"results": [...]}, "search_metadata": …, "cursor": …}`."""
    document = parse_json_object(delivery, "search answer")
    hits_object = document.get("hits", {})
    results = hits_object.get("results", []) if isinstance(hits_object, dict) else None
    if not isinstance(results, list):
        raise UnexpectedResponse(
            f"The search answer from {delivery.url} has no list at hits.results.",
            hint="The server may speak another version of the search API.",
            url=delivery.url,
        )
    hits: list[SearchHit] = []
    for result in results:
        # The reference identifies results by `id`; real answers also carry `assetId`.
        asset_id = result.get("assetId", result.get("id")) if isinstance(result, dict) else None
        if not isinstance(result, dict) or not isinstance(asset_id, str):
            raise UnexpectedResponse(
                f"A search result from {delivery.url} has neither id nor assetId.",
                hint="The server may speak another version of the search API.",
                url=delivery.url,
            )
        hits.append(
            SearchHit(
                asset_id=asset_id,
                repository_metadata=_object(result.get("repositoryMetadata")),
                asset_metadata=_object(result.get("assetMetadata")),
            )
        )
    total_object = _object(_object(document.get("search_metadata")).get("totalCount"))
    cursor = document.get("cursor")
    return SearchPage(
        hits=tuple(hits),
        total=to_int(total_object.get("total")),
        cursor=cursor if isinstance(cursor, str) and cursor else None,
        document=document,
        delivery=delivery,
    )


def _object(value: object) -> JSONObject:
    return value if isinstance(value, dict) else {}
