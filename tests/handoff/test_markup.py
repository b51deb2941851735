"""The markup core without a server: parsing the options, alt text, and the picture's structure."""

from __future__ import annotations

import pytest

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.metadata import SmartCrop
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.handoff.markup import Breakpoint, build_picture, parse_art, parse_widths

ASSET = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
HOST = DeliveryEndpoints("https://delivery-p1-e2.adobeaemcloud.com")


def test_art_keeps_commas_inside_a_media_query_and_adds_a_fallback() -> None:
    art = parse_art("(min-width: 600px) and (max-width: 899px)=Square, (orientation: portrait)=Portrait")
    assert art == (
        Breakpoint("(min-width: 600px) and (max-width: 899px)", "Square"),
        Breakpoint("(orientation: portrait)", "Portrait"),
        Breakpoint(None, "Portrait"),  # the last rule's crop also serves every other screen
    )
    assert parse_art("(max-width: 599px)=Portrait, Landscape")[-1] == Breakpoint(None, "Landscape")


@pytest.mark.parametrize("text", ["", "=Portrait, Landscape", "(max-width: 1px)=, Landscape"])
def test_bad_art_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_art(text)


def test_widths_are_sorted_and_unique() -> None:
    assert parse_widths(" 960,320, 640,320") == (320, 640, 960)
    with pytest.raises(InvalidInput, match="0"):
        parse_widths("0,320")


def test_without_metadata_the_widths_stay_as_asked_and_no_size_is_claimed() -> None:
    picture = build_picture(
        HOST, ASSET, metadata=None, widths=(300, 4000), modifiers=ImageModifiers(dpr=2, quality=50)
    )
    html = picture.to_html()
    assert "width=4000" in html and "dpr" not in html and "quality=50" in html
    assert ' width="' not in html and 'alt=""' in html  # nothing known: no invented box
    assert len(picture.urls) == 3 * 2


def test_a_crop_known_by_its_nominal_size_only_still_gives_the_box() -> None:
    crops = [SmartCrop("Banner", width=1200, height=300)]
    picture = build_picture(
        HOST,
        ASSET,
        metadata=None,
        smart_crops=crops,
        breakpoints=(Breakpoint(None, "Banner"),),
        widths=(600,),
    )
    assert (picture.fallback.width, picture.fallback.height) == (600, 150)
    with pytest.raises(InvalidInput, match="no smart crop 'Hero'") as refused:
        build_picture(HOST, ASSET, metadata=None, smart_crops=crops, breakpoints=(Breakpoint(None, "Hero"),))
    assert "Banner" in refused.value.hint
