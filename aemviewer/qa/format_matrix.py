"""The format matrix: one asset with the same modifiers in every output format, with auto-format on
and off, for chosen `Accept` profiles (and optionally at several quality levels) — and which delivery
is the smallest.

`plan_matrix` lays out the requests (their URLs come from `DeliveryEndpoints`, the one URL builder);
`run_matrix` sends them concurrently, at most `concurrency` at a time, and reports each result as it
arrives. A request that fails becomes a result that says why; the others go on. Cancelling the task
that awaits `run_matrix` cancels every request still running or waiting.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any, Final

from aemviewer import api_spec
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, HTTPStatusError, InvalidInput
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef

DEFAULT_CONCURRENCY: Final = 4
"""Requests in flight at once: enough to fill the table quickly, few enough not to flood a server
that encodes AVIF slowly."""

MAX_CONCURRENCY: Final = 16

DEFAULT_FORMATS: Final = tuple(name for name in api_spec.IMAGE_FORMATS if name != "jpeg")
"""Every current output format once (`jpeg` is the same as `jpg`)."""


@dataclass(frozen=True, slots=True)
class AcceptProfile:
    """An `Accept` header as a kind of client sends it."""

    name: str
    """Short name for the command line (`modern`, `older`, `curl`, or `custom`)."""
    label: str
    """What the table shows (`modern browser`)."""
    header: str


MODERN_BROWSER: Final = AcceptProfile(
    "modern", "modern browser", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
)
OLDER_BROWSER: Final = AcceptProfile("older", "older browser", "image/webp,*/*")
CURL: Final = AcceptProfile("curl", "curl", "*/*")
ACCEPT_PROFILES: Final = (MODERN_BROWSER, OLDER_BROWSER, CURL)


def accept_profile(text: str) -> AcceptProfile:
    """A profile by name (`modern`, `older`, `curl`), or a literal `Accept` header (it has a `/`)."""
    wanted = text.strip()
    for profile in ACCEPT_PROFILES:
        if wanted.lower() in (profile.name, profile.label):
            return profile
    if "/" in wanted and not any(char in wanted for char in "\r\n"):
        return AcceptProfile("custom", f"Accept: {wanted}", wanted)
    names = ", ".join(profile.name for profile in ACCEPT_PROFILES)
    raise InvalidInput(
        f"{text!r} is not an Accept profile.",
        hint=f"Use one of {names}, or a whole Accept header such as 'image/webp,*/*'.",
    )


@dataclass(frozen=True, slots=True)
class MatrixRequest:
    """One cell of the matrix: a URL and the `Accept` header it is sent with."""

    image_format: str
    auto_format: bool
    accept: AcceptProfile
    quality: int | None
    """The quality level of this row, or `None` for the modifiers' own."""
    url: str


@dataclass(frozen=True, slots=True)
class MatrixResult:
    """What one request delivered (or why it failed)."""

    request: MatrixRequest
    status: int | None
    """HTTP status; `None` when no answer came (refused, timed out)."""
    media_type: str = ""
    byte_count: int | None = None
    width: int | None = None
    height: int | None = None
    seconds: float | None = None
    revalidated: bool = False
    error: DeliveryError | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """True when an image came back (a 304 confirms a stored one)."""
        return self.error is None and self.status in (200, 304) and self.byte_count is not None

    @classmethod
    def delivered(cls, request: MatrixRequest, delivery: Delivery) -> MatrixResult:
        """The result of a delivery; the pixel size is read from the image header."""
        size = image_size(delivery.body)
        return cls(
            request=request,
            status=delivery.status,
            media_type=delivery.media_type,
            byte_count=delivery.byte_count,
            width=size[0] if size else None,
            height=size[1] if size else None,
            seconds=delivery.timings.total,
            revalidated=delivery.revalidated,
        )

    @classmethod
    def failed(cls, request: MatrixRequest, error: DeliveryError, seconds: float | None) -> MatrixResult:
        status = error.status if isinstance(error, HTTPStatusError) else None
        return cls(request=request, status=status, seconds=seconds, error=error)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for `aemviewer formats --json`)."""
        request = self.request
        return {
            "url": request.url,
            "format": request.image_format,
            "autoFormat": request.auto_format,
            "accept": request.accept.header,
            "acceptProfile": request.accept.name,
            "quality": request.quality,
            "status": self.status,
            "contentType": self.media_type or None,
            "bytes": self.byte_count,
            "width": self.width,
            "height": self.height,
            "seconds": round(self.seconds, 4) if self.seconds is not None else None,
            "revalidated": self.revalidated,
            "error": self.error.message if self.error is not None else None,
        }


Fetch = Callable[[MatrixRequest], Awaitable[Delivery]]
"""Sends one request of the plan (with its `Accept`) and returns what was delivered."""


def plan_matrix(
    endpoints: DeliveryEndpoints,
    asset: AssetRef | str,
    modifiers: ImageModifiers,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    auto_formats: Iterable[bool] = (True, False),
    accepts: Iterable[AcceptProfile] = ACCEPT_PROFILES,
    qualities: Iterable[int | None] = (None,),
    seo_name: str | None = None,
) -> list[MatrixRequest]:
    """The requests of the matrix, grouped by Accept profile, then auto-format, format and quality.

    `modifiers` are the current ones; each cell overrides only `auto-format` (and `quality` when a
    level is given). Invalid formats or quality levels raise `InvalidInput` before anything is sent.
    """
    format_list = list(dict.fromkeys(name.lower() for name in formats))
    quality_list = list(dict.fromkeys(qualities))
    requests: list[MatrixRequest] = []
    for accept in dict.fromkeys(accepts):
        for auto_format in dict.fromkeys(auto_formats):
            for image_format in format_list:
                for quality in quality_list:
                    changes: dict[str, object] = {"auto_format": auto_format}
                    if quality is not None:
                        changes["quality"] = quality
                    cell = modifiers.with_changes(**changes)
                    url = endpoints.image(asset, cell, format=image_format, seo_name=seo_name)
                    requests.append(MatrixRequest(image_format, auto_format, accept, quality, url))
    return requests


async def run_matrix(
    requests: Sequence[MatrixRequest],
    fetch: Fetch,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: Callable[[MatrixResult], None] | None = None,
) -> list[MatrixResult]:
    """Send every request, at most `concurrency` at once; results come back in plan order.

    `on_result` is called as each one arrives (in arrival order). A `DeliveryError` becomes a failed
    result; any other exception is a defect and propagates (cancelling the other requests).
    """
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise InvalidInput(
            f"A concurrency of {concurrency} is not possible.",
            hint=f"Use 1 to {MAX_CONCURRENCY} requests at a time.",
        )
    semaphore = asyncio.Semaphore(concurrency)
    results: list[MatrixResult | None] = [None] * len(requests)

    async def one(index: int, request: MatrixRequest) -> None:
        async with semaphore:
            started = perf_counter()
            try:
                delivery = await fetch(request)
            except DeliveryError as error:
                result = MatrixResult.failed(request, error, perf_counter() - started)
            else:
                result = MatrixResult.delivered(request, delivery)
        results[index] = result
        if on_result is not None:
            on_result(result)

    async with asyncio.TaskGroup() as group:
        for index, request in enumerate(requests):
            group.create_task(one(index, request))
    return [result for result in results if result is not None]


def smallest(results: Iterable[MatrixResult]) -> MatrixResult | None:
    """The successful result with the fewest bytes (the first of equals), or `None`."""
    best: MatrixResult | None = None
    best_bytes = 0
    for result in results:
        if result.ok and result.byte_count is not None and (best is None or result.byte_count < best_bytes):
            best, best_bytes = result, result.byte_count
    return best


def smallest_by_accept(results: Iterable[MatrixResult]) -> dict[AcceptProfile, MatrixResult]:
    """The smallest successful result for each Accept profile (what each kind of client can get)."""
    groups: dict[AcceptProfile, list[MatrixResult]] = {}
    for result in results:
        groups.setdefault(result.request.accept, []).append(result)
    best = {profile: smallest(group) for profile, group in groups.items()}
    return {profile: result for profile, result in best.items() if result is not None}


def image_size(body: bytes) -> tuple[int, int] | None:
    """Width and height from an image's header (no pixels decoded), or `None` if it is no image."""
    from PIL import Image  # only when a matrix runs: `import aemviewer.delivery` stays light

    try:
        with Image.open(io.BytesIO(body)) as opened:
            return opened.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
