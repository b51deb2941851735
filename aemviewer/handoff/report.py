"""A QA report's contents: what the service delivers for one asset, gathered into plain values that
`report_html.render_report` turns into one self-contained HTML file.

The window fills a `ReportContents` from what its tabs already hold; the command line gathers one
with `gather_report`. Sections are chosen by the user (`ReportSection`); a section not chosen is
neither fetched nor shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import DeliveryError, InvalidInput
from aemviewer.delivery.metadata import Metadata, SmartCrop
from aemviewer.delivery.metadata_rows import MetadataRow, metadata_rows
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.qa.format_matrix import MatrixRequest, MatrixResult, plan_matrix, run_matrix
from aemviewer.workspace.history import HistoryEntry

CROP_SHEET_WIDTH = 320
"""Width of each delivered smart crop on the sheet (small: the report embeds every one)."""
OVERVIEW_WIDTH = 640
"""Width of the whole image the crop rectangles are drawn on."""
MATRIX_WIDTH = 480
"""Width of the Formats matrix cells when the preview asks for none (keeps 30 requests light)."""

Progress = Callable[[str], None]
"""`progress(step)`: called before each step of gathering, e.g. "metadata", "formats"."""


class ReportSection(StrEnum):
    """What a report can include, in the order it shows them."""

    METADATA = "metadata"
    PREVIEW = "preview"
    FORMATS = "formats"
    SMART_CROPS = "smart-crops"
    VIDEO = "video"
    HISTORY = "history"


ALL_SECTIONS = tuple(ReportSection)


def parse_sections(text: str) -> tuple[ReportSection, ...]:
    """`"metadata,preview"` → the sections, in report order; `InvalidInput` names an unknown one."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    known = {section.value: section for section in ReportSection}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise InvalidInput(
            f"--include {text!r} names no section"
            if not names
            else f"--include: unknown section {unknown[0]!r}.",
            hint="Use any of " + ",".join(known) + ".",
        )
    return tuple(section for section in ReportSection if section.value in names)


@dataclass(frozen=True, slots=True)
class DeliveredImage:
    """An image as delivered: where from, what came, and its bytes for embedding."""

    url: str
    status: int
    media_type: str
    body: bytes
    request_headers: tuple[tuple[str, str], ...] = ()
    response_headers: tuple[tuple[str, str], ...] = ()
    reason: str = ""

    @classmethod
    def from_delivery(cls, delivery: Delivery) -> DeliveredImage:
        return cls(
            delivery.url,
            delivery.status,
            delivery.media_type,
            delivery.body,
            tuple(delivery.request_headers),
            tuple(delivery.headers),
            delivery.reason,
        )


@dataclass(frozen=True, slots=True)
class CropImage:
    """One smart crop on the sheet: the crop (rectangle when known), and its delivery or failure."""

    crop: SmartCrop
    url: str
    image: DeliveredImage | None = None
    error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportContents:
    """Everything a report shows; `None` or empty for a section not included or not applicable."""

    asset_id: str
    host: str
    sections: tuple[ReportSection, ...]
    generated: datetime = field(default_factory=lambda: datetime.now(UTC))
    title: str | None = None
    file_name: str | None = None
    media_type: str | None = None
    dimensions: tuple[int, int] | None = None
    metadata: tuple[MetadataRow, ...] = ()
    preview: DeliveredImage | None = None
    formats: tuple[MatrixResult, ...] = ()
    overview: DeliveredImage | None = None
    crops: tuple[CropImage, ...] = ()
    video: Mapping[str, Any] | None = None
    """A `video-check` report (`manifest`, `ok`, `variants`), or `None` (no video, not included)."""
    history: tuple[HistoryEntry, ...] = ()
    problems: tuple[str, ...] = ()
    """Steps that failed while gathering, in the user's words (the report still gets written)."""

    @property
    def is_video(self) -> bool:
        return (self.media_type or "").startswith("video/")


async def gather_report(
    client: DeliveryClient,
    asset_id: str,
    *,
    sections: Sequence[ReportSection] = ALL_SECTIONS,
    preview_url: str | None = None,
    modifiers: ImageModifiers | None = None,
    history: Iterable[HistoryEntry] = (),
    progress: Progress | None = None,
) -> ReportContents:
    """Fetch what `sections` need from the service and return the report's contents.

    The metadata is always fetched (the header needs title, type and size); its failure
    propagates. A later step that fails is noted in `problems` and its section left empty, so a
    report of a half-broken asset still shows what did work. `preview_url` defaults to the image
    with `modifiers`; `history` is every entry known, filtered here to this asset.
    """

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    step("metadata")
    metadata = await client.metadata(asset_id)
    contents = _from_metadata(metadata, asset_id, client.endpoints.origin, tuple(sections))
    problems: list[str] = []
    changes: dict[str, Any] = {}
    current = modifiers or ImageModifiers()
    if ReportSection.PREVIEW in sections:
        step("preview")
        url = preview_url or client.endpoints.image(asset_id, current if not current.is_default else None)
        changes["preview"] = await _image(client, url, problems, "preview")
    if ReportSection.FORMATS in sections:
        step("formats")
        cells = current if current.width or current.size else current.with_changes(width=MATRIX_WIDTH)
        plan = plan_matrix(client.endpoints, asset_id, cells)

        async def fetch(request: MatrixRequest) -> Delivery:
            return await client.fetch(request.url, accept=request.accept.header, revalidate=False)

        changes["formats"] = tuple(await run_matrix(plan, fetch))
    if ReportSection.SMART_CROPS in sections:
        step("smart crops")
        changes.update(await _crop_sheet(client, asset_id, metadata, problems))
    if ReportSection.HISTORY in sections:
        changes["history"] = tuple(entry for entry in history if entry.asset_id == asset_id)
    return dataclasses.replace(contents, problems=tuple(problems), **changes)


def _from_metadata(
    metadata: Metadata, asset_id: str, host: str, sections: tuple[ReportSection, ...]
) -> ReportContents:
    width, height = metadata.width, metadata.height
    dimensions = (width, height) if width and height else None
    rows = tuple(metadata_rows(metadata.document)) if ReportSection.METADATA in sections else ()
    return ReportContents(
        asset_id=asset_id,
        host=host,
        sections=sections,
        title=metadata.title,
        file_name=metadata.file_name,
        media_type=metadata.media_type,
        dimensions=dimensions,
        metadata=rows,
    )


async def _image(client: DeliveryClient, url: str, problems: list[str], what: str) -> DeliveredImage | None:
    try:
        return DeliveredImage.from_delivery(await client.fetch(url, revalidate=False))
    except DeliveryError as error:
        problems.append(f"{what}: {error.message}")
        return None


async def _crop_sheet(
    client: DeliveryClient, asset_id: str, metadata: Metadata, problems: list[str]
) -> dict[str, Any]:
    """The whole image (for the rectangles) and each smart crop as delivered."""
    try:
        # The list has rectangles also without a token; the metadata's only with one.
        crops: Sequence[SmartCrop] = await client.smart_crops(asset_id)
    except DeliveryError as error:
        problems.append(f"smart crop list: {error.message}")
        crops = metadata.smart_crops
    endpoints = client.endpoints
    overview = await _image(
        client, endpoints.image(asset_id, ImageModifiers(width=OVERVIEW_WIDTH)), problems, "whole image"
    )
    sheet = []
    for crop in crops:
        url = endpoints.image(asset_id, ImageModifiers(width=CROP_SHEET_WIDTH, smartcrop=crop.name))
        try:
            delivered = DeliveredImage.from_delivery(await client.fetch(url, revalidate=False))
        except DeliveryError as error:
            sheet.append(CropImage(crop, url, error=error.message))
        else:
            sheet.append(CropImage(crop, url, delivered))
    return {"overview": overview, "crops": tuple(sheet)}
