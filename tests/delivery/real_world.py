"""The corpus of real-world delivery URLs (tests/data/real_world_urls.toml), read once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

CORPUS_PATH = Path(__file__).resolve().parent.parent / "data" / "real_world_urls.toml"
_CORPUS: dict[str, Any] = tomllib.loads(CORPUS_PATH.read_text(encoding="utf-8"))
URLS: list[dict[str, Any]] = _CORPUS["url"]
"""Entries that must parse, with what they parse to."""
OTHER_APIS: list[dict[str, Any]] = _CORPUS["other_api"]
"""URLs of other Adobe APIs, with the API name the error must give."""
