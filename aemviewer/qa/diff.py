"""Two environments side by side: the same asset and modifiers from host A and host B, compared.

`fetch_side` asks one host and keeps a 404 as "missing" (the other side may have it);
`compare_sides` diffs status, type, bytes, headers and pixel size, and measures how different the
two images look (`image_difference`). Values only: the command line prints them, a window can too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import NotFound
from aemviewer.qa.image_difference import ImageDifference, image_difference

VOLATILE_HEADERS: Final = frozenset({"date", "age", "x-request-id", "server-timing", "via", "x-cache"})
"""Headers that differ between any two answers; left out of the header diff."""


@dataclass(frozen=True, slots=True)
class Side:
    """What one environment answered: a delivery, or `missing` (404) with the URL asked."""

    label: str
    url: str
    delivery: Delivery | None

    @property
    def missing(self) -> bool:
        """True when the asset answered 404 here."""
        return self.delivery is None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        delivery = self.delivery
        return {
            "label": self.label,
            "url": self.url,
            "status": 404 if delivery is None else delivery.status,
            "contentType": None if delivery is None else delivery.media_type,
            "bytes": None if delivery is None else delivery.byte_count,
        }


@dataclass(frozen=True, slots=True)
class HeaderDifference:
    """A response header whose value differs (`None`: absent on that side)."""

    name: str
    a: str | None
    b: str | None


@dataclass(frozen=True, slots=True)
class DiffReport:
    """The comparison. `equal`: both delivered the same type and pixel size, and the mean absolute
    difference is at most `threshold`."""

    a: Side
    b: Side
    headers: tuple[HeaderDifference, ...]
    image: ImageDifference | None
    threshold: float

    @property
    def equal(self) -> bool:
        """True when the two environments deliver the same within the threshold."""
        if self.a.delivery is None or self.b.delivery is None or self.image is None:
            return False
        return (
            self.a.delivery.media_type == self.b.delivery.media_type
            and not self.image.scaled
            and self.image.mean_absolute_difference <= self.threshold
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for `aemviewer diff --json`)."""
        return {
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "headers": [{"name": h.name, "a": h.a, "b": h.b} for h in self.headers],
            "image": self.image.to_json() if self.image is not None else None,
            "threshold": self.threshold,
            "equal": self.equal,
        }


async def fetch_side(client: DeliveryClient, label: str, url: str, accept: str) -> Side:
    """GET `url` with `accept`; a 404 becomes a missing side, any other error propagates."""
    try:
        delivery = await client.fetch(url, accept=accept, revalidate=False)
    except NotFound:
        return Side(label, url, None)
    return Side(label, url, delivery)


def compare_sides(a: Side, b: Side, *, threshold: float = 0.0) -> DiffReport:
    """Diff the two answers; images are compared only when both sides delivered one."""
    if a.delivery is None or b.delivery is None:
        return DiffReport(a, b, (), None, threshold)
    image = image_difference(a.delivery.body, b.delivery.body, url_a=a.url, url_b=b.url)
    return DiffReport(a, b, header_differences(a.delivery, b.delivery), image, threshold)


def header_differences(a: Delivery, b: Delivery) -> tuple[HeaderDifference, ...]:
    """Headers present on one side only, or with other values, by name (volatile ones left out)."""
    names = sorted({name.lower() for name, _ in (*a.headers, *b.headers)} - VOLATILE_HEADERS)
    differences = []
    for name in names:
        value_a, value_b = a.header(name), b.header(name)
        if value_a != value_b:
            differences.append(HeaderDifference(name, value_a, value_b))
    return tuple(differences)
