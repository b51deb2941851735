"""DeliveryEndpoints: the URL of every operation, and the parse ↔ build round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aemviewer import api_spec
from aemviewer.delivery.crop import Crop
from aemviewer.delivery.endpoints import DeliveryEndpoints, seo_name_for
from aemviewer.delivery.errors import InvalidInput, InvalidReference
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, Operation, parse_reference

from .test_modifiers import modifier_values

ID = api_spec.ASSET_ID_EXAMPLE
HOST = "https://delivery-p123-e456.adobeaemcloud.com"
ROOT = f"{HOST}/adobe/assets/{ID}"
endpoints = DeliveryEndpoints(HOST)


def test_every_operation() -> None:
    assert endpoints.image(ID) == f"{ROOT}/as/image.jpg"
    assert endpoints.image(
        ID, ImageModifiers(width=300, crop=Crop(10, 10, 50, 50, percent=True)), format="AVIF", seo_name="shoe"
    ) == (f"{ROOT}/as/shoe.avif?crop=10p,10p,50p,50p&width=300")
    assert endpoints.image(AssetRef(asset_id=ID), ImageModifiers()) == f"{ROOT}/as/image.jpg"
    assert endpoints.default_image(ID) == ROOT
    assert endpoints.default_image(ID, ImageModifiers(quality=50)) == f"{ROOT}?quality=50"
    assert endpoints.original(ID) == f"{ROOT}/original/as/original"
    assert endpoints.original(ID, seo_name="photo.jpg") == f"{ROOT}/original/as/photo.jpg"
    assert endpoints.rendition(ID, "cq5dam.web.1280.1280.jpeg") == (
        f"{ROOT}/renditions/cq5dam.web.1280.1280.jpeg/as/cq5dam.web.1280.1280.jpeg"
    )
    assert (
        endpoints.rendition(ID, "my rendition", seo_name="x.png")
        == f"{ROOT}/renditions/my%20rendition/as/x.png"
    )
    assert endpoints.rendition(ID, "my rendition") == f"{ROOT}/renditions/my%20rendition/as/rendition"
    assert endpoints.metadata(ID) == f"{ROOT}/metadata"
    assert endpoints.smart_crops(ID) == f"{ROOT}/smartCrops"
    assert endpoints.player_page(ID) == f"{ROOT}/play"
    assert endpoints.manifest_hls(ID) == endpoints.manifest(ID, "hls") == f"{ROOT}/manifest.m3u8"
    assert endpoints.manifest_dash(ID) == endpoints.manifest(ID, "DASH") == f"{ROOT}/manifest.mpd"
    assert endpoints.search() == f"{HOST}/adobe/assets/search"


def test_base_url_and_prefix_are_normalised() -> None:
    custom = DeliveryEndpoints("HTTPS://Images.Example.com:8443/", prefix="")
    assert (custom.base_url, custom.prefix, custom.origin) == (
        "https://images.example.com:8443",
        "",
        "https://images.example.com:8443",
    )
    assert custom.metadata(ID) == f"https://images.example.com:8443/{ID}/metadata"
    assert DeliveryEndpoints(HOST, prefix="/adobe/assets/").prefix == "/adobe/assets"


@pytest.mark.parametrize(
    ("base_url", "prefix", "message"),
    [
        ("ftp://example.com", "/adobe/assets", "is not an http or https base URL"),
        ("example.com", "/adobe/assets", "is not an http or https base URL"),
        ("https://example.com/adobe/assets", "/adobe/assets", "has a path, query or fragment"),
        ("https://example.com?x=1", "/adobe/assets", "has a path, query or fragment"),
        ("https://u:p@example.com", "/adobe/assets", "must not carry a user name or password"),
        ("https://example.com:99999", "/adobe/assets", "is not a valid base URL"),
        (HOST, "adobe/assets", "is not a path prefix"),
        (HOST, "/a?b", "is not a path prefix"),
    ],
)
def test_invalid_hosts_and_prefixes(base_url: str, prefix: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        DeliveryEndpoints(base_url, prefix)


def test_invalid_arguments() -> None:
    with pytest.raises(InvalidReference, match=r"'urn:aaid:aem:\.\./x' is not an asset id"):
        endpoints.metadata("urn:aaid:aem:../x")
    with pytest.raises(InvalidInput, match="'tiff' is not a delivery image format"):
        endpoints.image(ID, format="tiff")
    with pytest.raises(InvalidInput, match="cannot be used as the name"):
        endpoints.image(ID, seo_name="a/b")
    for name in ("a/b", "", ".", ".."):
        with pytest.raises(InvalidInput, match="is not a rendition name"):
            endpoints.rendition(ID, name)
    for seo_name in (".", "..", "a?b", "a#b", "a\nb"):
        with pytest.raises(InvalidInput, match="cannot be used as the name"):
            endpoints.original(ID, seo_name=seo_name)
    with pytest.raises(InvalidInput, match="is not a manifest kind"):
        endpoints.manifest(ID, "smooth")


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("photo.jpg", "photo"),
        ("My Photo (1).final.JPG", "My-Photo-1-.final"),
        ("Été à Zürich.png", "Ete-a-Zurich"),
        ("C:\\Users\\me\\shoe.tif", "shoe"),
        ("/dam/folder/shoe", "shoe"),
        (".hidden", "hidden"),
        ("日本語.jpg", "image"),
        ("", "image"),
        (None, "image"),
    ],
)
def test_seo_name_for(file_name: str | None, expected: str) -> None:
    name = seo_name_for(file_name)
    assert name == expected
    assert __import__("re").fullmatch(api_spec.SEO_NAME_PATTERN, name)


def test_seo_name_for_takes_a_default() -> None:
    assert seo_name_for("???", default="video") == "video"


CANONICAL_URLS = [
    f"{ROOT}/as/photo.jpg",
    f"{ROOT}/as/photo.webp?rotate=90&crop=10p,10.50p,50p,50p&flip=hv&size=300,200&preferwebp=true&height=100"
    "&width=300&quality=80&smartcrop=Large&max-quality=90&auto-format=false&preset=web&attachment=true"
    "&dpr=1.5&blur=2&sharpen=1,2&layers=x&source[logo]=a,b",
    f"{ROOT}?width=200",
    ROOT,
    f"{ROOT}/original/as/clip.mp4",
    f"{ROOT}/original/as/photo.jpg?attachment=true",
    f"{ROOT}/renditions/cq5dam.web.1280.1280.jpeg/as/photo.jpeg",
    f"{ROOT}/renditions/my%20rendition/as/photo.jpeg",
    f"{ROOT}/metadata",
    f"{ROOT}/smartCrops",
    f"{ROOT}/play",
    f"{ROOT}/manifest.m3u8",
    f"{ROOT}/manifest.mpd",
    f"{HOST}/adobe/experimental/advancemodifiers-expires-20261231/assets/{ID}/as/p.avif?dpr=2",
    f"https://images.example.com/{ID}/as/p.jpg?crop=16:9,smart",
    f"http://127.0.0.1:8080/adobe/assets/{ID}/as/p%20q.jpg?smartcrop=Large%20Wide",
]


@pytest.mark.parametrize("url", CANONICAL_URLS)
def test_a_canonical_url_is_rebuilt_byte_for_byte(url: str) -> None:
    assert endpoints.for_ref(parse_reference(url)) == url


def test_a_non_canonical_url_is_rebuilt_in_canonical_form() -> None:
    pasted = (
        f"{HOST}/adobe/assets/{ID.replace(':', '%3A')}/as/p.JPG?width=300&rotate=90&accept-experimental=1"
    )
    assert endpoints.for_ref(parse_reference(pasted)) == f"{ROOT}/as/p.jpg?rotate=90&width=300"


def test_a_bare_reference_uses_the_endpoints_host() -> None:
    custom = DeliveryEndpoints("http://localhost:9000", prefix="")
    assert custom.for_ref(parse_reference(ID)) == f"http://localhost:9000/{ID}/as/image.jpg"


def test_a_rendition_reference_needs_a_name() -> None:
    with pytest.raises(InvalidReference, match="without naming it"):
        endpoints.for_ref(AssetRef(asset_id=ID, operation=Operation.RENDITION))


hosts = st.sampled_from(
    [
        HOST,
        "https://images.example.com",
        "http://127.0.0.1:8080",
        "http://[::1]:9000",
        "https://cdn.example.com:8443",
    ]
)
prefixes = st.sampled_from(
    ["/adobe/assets", "", "/adobe/experimental/advancemodifiers-expires-20261231/assets", "/assets/v1"]
)
ids = st.uuids().map(lambda uuid: f"urn:aaid:aem:{uuid}")
seo_names = st.from_regex(r"[A-Za-z0-9._-]{0,10}[A-Za-z0-9_-]", fullmatch=True)
rendition_names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/"), min_size=1, max_size=20
).filter(lambda name: name not in (".", ".."))


@st.composite
def asset_refs(draw: st.DrawFn) -> AssetRef:
    operation = draw(st.sampled_from(list(Operation)))
    values: dict[str, object] = {
        "asset_id": draw(ids),
        "base_url": draw(hosts),
        "prefix": draw(prefixes),
        "operation": operation,
        "modifiers": draw(modifier_values),
    }
    if operation is Operation.IMAGE:
        values["format"] = draw(st.sampled_from(api_spec.ALL_IMAGE_FORMATS))
        values["seo_name"] = draw(seo_names.filter(lambda name: not name.endswith(".")))
    elif operation is Operation.ORIGINAL:
        values["seo_name"] = draw(seo_names)
    elif operation is Operation.RENDITION:
        values["rendition"] = draw(rendition_names)
        values["seo_name"] = draw(seo_names)
    return AssetRef(**values)


@given(asset_refs())
def test_parse_of_a_built_url_gives_the_reference_back(ref: AssetRef) -> None:
    url = endpoints.for_ref(ref)
    assert parse_reference(url) == ref
    assert endpoints.for_ref(parse_reference(url)) == url
