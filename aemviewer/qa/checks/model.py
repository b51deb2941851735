"""What a checks file says: assets and, for each, the expectations about what the service delivers.

Values only (frozen dataclasses): the parser builds them from TOML, the writer turns them back into
TOML, the runner turns them into requests. Modifier values stay as the API spells them (strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Modifiers = tuple[tuple[str, str], ...]
"""Query parameters in the order given (`(("width", "300"),)`)."""


@dataclass(frozen=True, slots=True)
class DimensionsExpectation:
    """The image with `modifiers` (in `format`) is `width` × `height` pixels (either may be omitted)."""

    modifiers: Modifiers
    width: int | None = None
    height: int | None = None
    format: str = "jpg"


@dataclass(frozen=True, slots=True)
class BudgetExpectation:
    """The image at `width` pixels in `format` (auto-format off) is at most `max_bytes` long."""

    width: int
    format: str
    max_bytes: int


@dataclass(frozen=True, slots=True)
class AssetChecks:
    """One asset and everything expected of it. `ref` is an asset id, a vanity id or a delivery URL;
    `name` labels it in reports (the reference when empty)."""

    ref: str
    name: str = ""
    modifiers: Modifiers = ()
    """Modifiers of the image requested for `types`, `cache_headers` and `etag_stable`."""
    format: str = "jpg"
    types: tuple[tuple[str, str], ...] = ()
    """(Accept profile name or whole Accept header, expected media type)."""
    dimensions: tuple[DimensionsExpectation, ...] = ()
    budgets: tuple[BudgetExpectation, ...] = ()
    cache_headers: tuple[str, ...] = ()
    etag_stable: bool = False
    smart_crops: tuple[tuple[str, str], ...] = ()
    """(smart crop name, aspect ratio `W:H`, or "" when only its presence matters)."""
    renditions: tuple[str, ...] = ()
    metadata_present: tuple[str, ...] = ()
    metadata_equal: tuple[tuple[str, str | int | float | bool], ...] = ()
    video_plays: bool = False
    restricted: bool = False
    """Answers 404 without a token and 200 with the profile's token."""

    @property
    def label(self) -> str:
        """What reports call the asset."""
        return self.name or self.ref


@dataclass(frozen=True, slots=True)
class ChecksFile:
    """A whole checks file. `base_url` is the host to check when the command line names none."""

    assets: tuple[AssetChecks, ...] = field(default_factory=tuple)
    title: str = ""
    base_url: str | None = None
