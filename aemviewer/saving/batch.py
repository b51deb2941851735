"""A batch: what to save of each entry of a list, from which URLs, under which names.

`batch_items` turns the entries of a list (`batch_list.py`) and a `BatchSelection` into the files to
download;
`plan_names` fills a name pattern for each file and makes every name unique within the batch, in
list order, so that the same list always gives the same names and no item overwrites another.
"""

from __future__ import annotations

import asyncio
import mimetypes
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath

from aemviewer import api_spec
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, InvalidInput
from aemviewer.delivery.media_type import bare_media_type
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, Operation
from aemviewer.saving.batch_list import BatchEntry
from aemviewer.saving.filenames import extension_for, with_extension
from aemviewer.saving.naming import NameFields, NameRegistry, render_name

_DEFAULT_SEO_NAMES = frozenset({"image", "original", "rendition"})
_BOX_NUMBER = re.compile(r"\.(\d{2,5})(?:\.|$)")


class ItemKind(StrEnum):
    """What one file of a batch is."""

    ORIGINAL = "original"
    RENDITION = "rendition"
    IMAGE = "image"
    AS_LISTED = "as listed"


@dataclass(frozen=True, slots=True)
class BatchSelection:
    """What to save of each entry. Nothing chosen: each entry as listed (a URL's own operation;
    a bare id's image with the modifiers). `modifiers` apply on top of a URL's own parameters."""

    original: bool = False
    renditions: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    modifiers: ImageModifiers | None = None
    accept_format: bool = True
    """Send `Accept: <the format's media type>`, so that negotiation delivers the format asked for."""

    @property
    def is_empty(self) -> bool:
        return not (self.original or self.renditions or self.formats)

    @property
    def files_per_entry(self) -> int:
        return max(1, int(self.original) + len(self.renditions) + len(self.formats))

    def check(self) -> BatchSelection:
        """`self`, or `InvalidInput` for a format or rendition name the API cannot take."""
        for image_format in self.formats:
            if image_format.lower() not in api_spec.ALL_IMAGE_FORMATS:
                raise InvalidInput(
                    f"{image_format!r} is not a delivery image format.",
                    hint="Use one of " + ", ".join(api_spec.ALL_IMAGE_FORMATS) + ".",
                )
        for name in self.renditions:
            if not name or "/" in name or name in (".", "..") or name != name.strip():
                raise InvalidInput(
                    f"{name!r} is not a rendition name.", hint="Use a name such as cq5dam.web.1280.1280.jpeg."
                )
        return self


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One file to save: which entry, what of it, from which URL."""

    index: int
    entry: BatchEntry
    kind: ItemKind
    url: str
    endpoints: DeliveryEndpoints
    asset: AssetRef
    rendition: str | None = None
    format: str | None = None
    width: int | None = None
    accept: str | None = None
    duplicate_of: int | None = None
    """The index of an earlier item with the same URL: this one is not downloaded again."""

    @property
    def label(self) -> str:
        """What is saved, in the user's words."""
        if self.kind is ItemKind.RENDITION:
            return f"rendition {self.rendition}"
        if self.kind is ItemKind.IMAGE:
            width = f", {self.width} px" if self.width else ""
            return f"image ({self.format or 'default format'}{width})"
        if self.kind is ItemKind.AS_LISTED:
            return f"{self.asset.operation.value.replace('_', ' ')} as listed"
        return "original"


def delivered_instead(item: BatchItem, content_type: str | None) -> str:
    """What to warn about when an image asked for in one format came back in another ("" if none)."""
    if item.kind is not ItemKind.IMAGE or not item.format or not content_type:
        return ""
    wanted = api_spec.FORMAT_MEDIA_TYPES.get(item.format)
    delivered = bare_media_type(content_type)
    if wanted is None or delivered == wanted:
        return ""
    return f"asked for {item.format.upper()}, the server delivered {delivered}"


# --- the files -----------------------------------------------------------------------------------


EndpointsFor = Callable[[AssetRef], DeliveryEndpoints]


def batch_items(
    entries: Iterable[BatchEntry], selection: BatchSelection, endpoints_for: EndpointsFor
) -> tuple[list[BatchItem], list[tuple[BatchEntry, DeliveryError]]]:
    """The files to save for each usable entry, and the entries (or URLs) that cannot be saved."""
    selection.check()
    items: list[BatchItem] = []
    failures: list[tuple[BatchEntry, DeliveryError]] = []
    seen: dict[tuple[str, str | None], int] = {}
    for entry in entries:
        if entry.ref is None:
            failures.append((entry, entry.error or InvalidInput(f"Line {entry.line} is not usable.")))
            continue
        try:
            endpoints = endpoints_for(entry.ref)
            made = list(_items_of(entry, entry.ref, selection, endpoints))
        except DeliveryError as error:
            failures.append((entry, error))
            continue
        for item in made:
            key = (item.url, item.accept)
            index = len(items)
            items.append(replace(item, index=index, duplicate_of=seen.get(key)))
            seen.setdefault(key, index)
    return items, failures


def _items_of(
    entry: BatchEntry, ref: AssetRef, selection: BatchSelection, endpoints: DeliveryEndpoints
) -> Iterable[BatchItem]:
    modifiers = _merged(ref.modifiers, selection.modifiers)
    if selection.is_empty:
        yield _as_listed(entry, ref, modifiers, selection, endpoints)
        return
    if selection.original:
        url = endpoints.original(ref, seo_name=_seo(ref, Operation.ORIGINAL))
        yield BatchItem(0, entry, ItemKind.ORIGINAL, url, endpoints, ref)
    for name in selection.renditions:
        url = endpoints.rendition(ref, name, seo_name=_seo(ref, Operation.RENDITION))
        yield BatchItem(0, entry, ItemKind.RENDITION, url, endpoints, ref, rendition=name)
    # An explicit format is the format wanted: auto-format would let the server pick another one
    # from Accept, so it goes off unless it was asked for.
    as_picked = modifiers if modifiers.auto_format is not None else replace(modifiers, auto_format=False)
    for image_format in selection.formats:
        fmt = image_format.lower()
        url = endpoints.image(ref, as_picked, format=fmt, seo_name=_seo(ref, Operation.IMAGE))
        accept = api_spec.FORMAT_MEDIA_TYPES[fmt] if selection.accept_format else None
        width = modifiers.effective_width
        yield BatchItem(0, entry, ItemKind.IMAGE, url, endpoints, ref, format=fmt, width=width, accept=accept)


def _as_listed(
    entry: BatchEntry,
    ref: AssetRef,
    modifiers: ImageModifiers,
    selection: BatchSelection,
    endpoints: DeliveryEndpoints,
) -> BatchItem:
    operation = ref.operation
    changed = modifiers != ref.modifiers
    if operation in (Operation.IMAGE, Operation.DEFAULT_IMAGE) or changed:
        if operation is Operation.DEFAULT_IMAGE and not changed:
            url = endpoints.default_image(ref, modifiers)
            return BatchItem(0, entry, ItemKind.IMAGE, url, endpoints, ref, width=modifiers.effective_width)
        fmt = ref.format or "jpg"
        url = endpoints.image(ref, modifiers, format=fmt, seo_name=_seo(ref, Operation.IMAGE))
        accept = api_spec.FORMAT_MEDIA_TYPES.get(fmt) if selection.accept_format else None
        return BatchItem(
            0,
            entry,
            ItemKind.IMAGE,
            url,
            endpoints,
            ref,
            format=fmt,
            width=modifiers.effective_width,
            accept=accept,
        )
    if operation is Operation.ORIGINAL:
        return BatchItem(
            0, entry, ItemKind.ORIGINAL, endpoints.original(ref, seo_name=ref.seo_name), endpoints, ref
        )
    if operation is Operation.RENDITION and ref.rendition is not None:
        url = endpoints.rendition(ref, ref.rendition, seo_name=ref.seo_name)
        return BatchItem(0, entry, ItemKind.RENDITION, url, endpoints, ref, rendition=ref.rendition)
    # Metadata, manifests, …: the URL on the batch's host, as it was written.
    on_host = replace(ref, base_url=endpoints.base_url, prefix=endpoints.prefix)
    return BatchItem(0, entry, ItemKind.AS_LISTED, endpoints.for_ref(on_host), endpoints, ref)


def _merged(base: ImageModifiers, on_top: ImageModifiers | None) -> ImageModifiers:
    if on_top is None or on_top.is_default:
        return base
    given = dict(on_top.to_query())
    pairs = [(name, value) for name, value in base.to_query() if name not in given]
    return ImageModifiers.from_query([*pairs, *given.items()])


def _seo(ref: AssetRef, operation: Operation) -> str | None:
    """The pasted URL's seoName when it names the same kind of thing, else none (the default)."""
    if ref.operation is not operation or ref.seo_name is None:
        return None
    return ref.seo_name


# --- the names -----------------------------------------------------------------------------------


MetadataLookup = Callable[[BatchItem], Awaitable[Metadata | None]]


def pattern_needs_metadata(pattern: str) -> bool:
    """Whether filling `pattern` asks the server for each asset's metadata."""
    return "{name" in pattern or "{width" in pattern


async def plan_names(
    items: Sequence[BatchItem],
    pattern: str,
    metadata: MetadataLookup,
    *,
    parallel: int = 3,
    folder: Path | None = None,
) -> list[str]:
    """The file name of each item: `pattern` filled in, with the extension the item is expected to
    have, unique within the batch in list order (`name (1).ext` for a later twin). With `folder`,
    names of files already there are avoided too (for "keep both")."""
    found: dict[tuple[str, str], Metadata | None] = {}
    if pattern_needs_metadata(pattern):
        gate = asyncio.Semaphore(max(1, parallel))
        first_of: dict[tuple[str, str], BatchItem] = {}
        for item in items:
            first_of.setdefault((item.endpoints.base_url, item.asset.asset_id), item)

        async def look_up(key: tuple[str, str], item: BatchItem) -> None:
            async with gate:
                found[key] = await metadata(item)

        await asyncio.gather(*(look_up(key, item) for key, item in first_of.items()))
    wanted = []
    for item in items:
        meta = found.get((item.endpoints.base_url, item.asset.asset_id))
        wanted.append(with_extension(render_name(pattern, _fields(item, meta)), _expected_type(item, meta)))
    # Looking at the folder is disk work: in a thread, with a registry of this batch alone.
    return await asyncio.to_thread(_unique, wanted, folder)


def _unique(wanted: list[str], folder: Path | None) -> list[str]:
    registry = NameRegistry()
    where = folder if folder is not None else Path()
    return [
        registry.claim(where, name, index, avoid_existing=folder is not None)
        for index, name in enumerate(wanted)
    ]


def _fields(item: BatchItem, metadata: Metadata | None) -> NameFields:
    # A vanity id names a file as well as the UUID does; the urn prefix would only add colons.
    uuid = item.asset.asset_id.removeprefix("urn:aaid:aem:").removeprefix("urn:avid:aem:")
    return NameFields(
        name=_name(item, metadata) or uuid,
        id=uuid,
        rendition=item.rendition
        or ("image" if item.kind is ItemKind.IMAGE else item.kind.value.replace(" ", "-")),
        format=_format(item, metadata),
        width=_width(item, metadata),
        line=item.entry.line,
    )


def _name(item: BatchItem, metadata: Metadata | None) -> str | None:
    if metadata is not None and metadata.file_name:
        return _without_extension(PurePosixPath(metadata.file_name.replace("\\", "/")).name)
    seo = item.asset.seo_name
    if seo and seo.lower() not in _DEFAULT_SEO_NAMES and seo != item.asset.rendition:
        return _without_extension(seo)
    return None


def _without_extension(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and mimetypes.guess_type(f"x.{suffix}")[0] is not None:
        return stem
    return name


def _format(item: BatchItem, metadata: Metadata | None) -> str:
    if item.format:
        return item.format
    expected = _expected_type(item, metadata)
    return extension_for(expected).lstrip(".") if expected else ""


def _width(item: BatchItem, metadata: Metadata | None) -> int | None:
    if item.kind is ItemKind.IMAGE:
        return item.width
    if item.kind is ItemKind.RENDITION and item.rendition:
        match = _BOX_NUMBER.search(item.rendition)
        return int(match.group(1)) if match else None
    if item.kind is ItemKind.ORIGINAL and metadata is not None:
        return metadata.width
    return None


def _expected_type(item: BatchItem, metadata: Metadata | None) -> str:
    """The media type the file will most likely have (the answer's own type wins later)."""
    if item.kind is ItemKind.IMAGE and item.format:
        return api_spec.FORMAT_MEDIA_TYPES.get(item.format, "")
    if item.kind is ItemKind.RENDITION and item.rendition:
        return mimetypes.guess_type(item.rendition)[0] or ""
    if item.kind is ItemKind.ORIGINAL and metadata is not None:
        return metadata.media_type or mimetypes.guess_type(metadata.file_name or "")[0] or ""
    return ""
