"""Every corpus URL parses to what the corpus says, and rebuilds to a URL that parses the same."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidReference
from aemviewer.delivery.reference import Operation, parse_reference
from tests.delivery.real_world import OTHER_APIS, URLS


def test_the_corpus_is_large_and_cited() -> None:
    verbatim = [entry for entry in URLS if not entry.get("constructed")]
    assert len(verbatim) >= 40
    assert all(entry["seen"].strip() for entry in URLS + OTHER_APIS)
    assert len({entry["url"] for entry in URLS}) == len(URLS), "an entry is listed twice"


@pytest.mark.parametrize("entry", URLS, ids=[entry["url"][-60:] for entry in URLS])
def test_each_url_parses_to_what_the_corpus_says(entry: dict[str, Any]) -> None:
    ref = parse_reference(entry["url"])
    assert ref.asset_id == entry["id"]
    assert ref.is_vanity == entry["id"].startswith("urn:avid:aem:")
    assert ref.operation is Operation(entry["operation"])
    assert ref.format == entry.get("format")
    if "seo_name" in entry:
        assert ref.seo_name == entry["seo_name"]
    assert ref.modifiers.to_query() == [tuple(pair) for pair in entry.get("kept", [])]


@pytest.mark.parametrize("entry", URLS, ids=[entry["url"][-60:] for entry in URLS])
def test_each_url_rebuilds_percent_encoded_and_reads_back_the_same(entry: dict[str, Any]) -> None:
    ref = parse_reference(entry["url"])
    built = DeliveryEndpoints("https://unused.example").for_ref(ref)
    assert " " not in built and built.isascii()
    assert urlsplit(built).netloc == urlsplit(entry["url"]).netloc
    again = parse_reference(built)
    assert (again.asset_id, again.operation, again.format, again.modifiers) == (
        ref.asset_id,
        ref.operation,
        ref.format,
        ref.modifiers,
    )


@pytest.mark.parametrize("entry", OTHER_APIS, ids=[entry["url"][-50:] for entry in OTHER_APIS])
def test_urls_of_other_adobe_apis_are_refused_naming_the_api(entry: dict[str, Any]) -> None:
    with pytest.raises(InvalidReference) as caught:
        parse_reference(entry["url"])
    message = str(caught.value)
    assert entry["names"] in message
    assert "urn:aaid:aem:" in message, "the message must say what this tool needs instead"


def test_a_bare_vanity_id_is_an_asset_reference_of_its_own_kind() -> None:
    ref = parse_reference(" urn:avid:aem:VanityCheck ")
    assert (ref.asset_id, ref.is_vanity, ref.base_url) == ("urn:avid:aem:VanityCheck", True, None)
    assert parse_reference("urn%3Aavid%3Aaem%3AVanityCheck").asset_id == "urn:avid:aem:VanityCheck"
    endpoints = DeliveryEndpoints("https://delivery-p1-e2.adobeaemcloud.com")
    assert endpoints.metadata(ref).endswith("/adobe/assets/urn:avid:aem:VanityCheck/metadata")
    with pytest.raises(InvalidReference, match="is not a valid vanity id: after urn:avid:aem:"):
        parse_reference("urn:avid:aem:has space")


def test_built_urls_percent_encode_pasted_names_and_keep_their_escapes() -> None:
    endpoints = DeliveryEndpoints("https://delivery-p1-e2.adobeaemcloud.com")
    asset = "urn:aaid:aem:43341ab1-4086-44d2-b7ce-ee546c35613b"
    assert endpoints.image(asset, seo_name="café crème").endswith("/as/caf%C3%A9%20cr%C3%A8me.jpg")
    assert endpoints.original(asset, seo_name="a%20b.pdf").endswith("/original/as/a%20b.pdf")
    deliver = DeliveryEndpoints("https://repo1", "/adobe/dynamicmedia/deliver")
    assert deliver.image(asset, format="png", seo_name="cut fruits") == (
        f"https://repo1/adobe/dynamicmedia/deliver/{asset}/cut%20fruits.png"
    )


def test_a_bare_id_of_another_api_is_refused_naming_it() -> None:
    with pytest.raises(InvalidReference, match=r"Dynamic Media delivery for Sites.*urn:aaid:aem:"):
        parse_reference("dm-aid--c7031f4d-5efe-43d7-9711-74aa1d273623")
