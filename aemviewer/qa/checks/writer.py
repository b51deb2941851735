"""Writing a `ChecksFile` as TOML (for "Save as checks…"): what the parser reads back unchanged."""

from __future__ import annotations

from typing import Any

import tomli_w

from aemviewer.qa.checks.model import AssetChecks, ChecksFile


def dump_checks(checks: ChecksFile) -> str:
    """The TOML text of `checks`; `parse_checks(dump_checks(c)) == c`. Defaults are left out."""
    document: dict[str, Any] = {}
    if checks.title:
        document["title"] = checks.title
    if checks.base_url:
        document["base_url"] = checks.base_url
    document["asset"] = [_asset(asset) for asset in checks.assets]
    return tomli_w.dumps(document)


def _asset(asset: AssetChecks) -> dict[str, Any]:
    table: dict[str, Any] = {"ref": asset.ref}
    simple: dict[str, Any] = {
        "name": asset.name,
        "modifiers": dict(asset.modifiers),
        "format": asset.format if asset.format != "jpg" else "",
        "cache_headers": list(asset.cache_headers),
        "etag_stable": asset.etag_stable,
        "renditions": list(asset.renditions),
        "metadata_present": list(asset.metadata_present),
        "video_plays": asset.video_plays,
        "restricted": asset.restricted,
        "types": dict(asset.types),
        "smart_crops": dict(asset.smart_crops),
        "metadata_equal": dict(asset.metadata_equal),
    }
    table.update({key: value for key, value in simple.items() if value})
    dimensions = []
    for expected in asset.dimensions:
        entry: dict[str, Any] = {"modifiers": dict(expected.modifiers)}
        if expected.width is not None:
            entry["width"] = expected.width
        if expected.height is not None:
            entry["height"] = expected.height
        if expected.format != "jpg":
            entry["format"] = expected.format
        dimensions.append(entry)
    if dimensions:
        table["dimensions"] = dimensions
    if asset.budgets:
        table["budget"] = [
            {"width": budget.width, "format": budget.format, "max_bytes": budget.max_bytes}
            for budget in asset.budgets
        ]
    return table
