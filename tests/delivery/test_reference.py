"""parse_reference: every URL shape of the Delivery API, bare ids, and helpful refusals."""

from __future__ import annotations

import pytest

from aemviewer import api_spec
from aemviewer.delivery.crop import Crop
from aemviewer.delivery.errors import InvalidModifier, InvalidReference
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, Operation, parse_reference

ID = api_spec.ASSET_ID_EXAMPLE
ENCODED_ID = ID.replace(":", "%3A")
HOST = "https://delivery-p123-e456.adobeaemcloud.com"
ASSETS = f"{HOST}/adobe/assets/{ID}"
EXPERIMENTAL = "/adobe/experimental/advancemodifiers-expires-20261231/assets"


def ref(**kw: object) -> AssetRef:
    values: dict[str, object] = {"asset_id": ID, "base_url": HOST, "prefix": "/adobe/assets"}
    values.update(kw)
    return AssetRef(**values)


@pytest.mark.parametrize(
    "text",
    [
        ID,
        ENCODED_ID,
        f"  {ID}\n",
        f"<{ID}>",
        f'"{ID}"',
        f"'{ID}'",
        f"“{ID}”",
        f"< '{ID}' >",
        ID.upper().replace("URN:AAID:AEM:", "urn:aaid:aem:"),
    ],
)
def test_a_bare_id(text: str) -> None:
    parsed = parse_reference(text)
    assert parsed.asset_id.lower() == ID
    assert (parsed.base_url, parsed.prefix, parsed.operation, parsed.format) == (
        None,
        None,
        Operation.IMAGE,
        None,
    )
    assert parsed.modifiers.is_default


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{ASSETS}/as/photo.jpg", ref(operation=Operation.IMAGE, seo_name="photo", format="jpg")),
        (
            f"{ASSETS}/as/my.photo.final.WEBP?width=300&quality=80",
            ref(
                operation=Operation.IMAGE,
                seo_name="my.photo.final",
                format="webp",
                modifiers=ImageModifiers(width=300, quality=80),
            ),
        ),
        (f"{ASSETS}/as/x.png8", ref(operation=Operation.IMAGE, seo_name="x", format="png8")),
        (f"{ASSETS}", ref(operation=Operation.DEFAULT_IMAGE)),
        (f"{ASSETS}/", ref(operation=Operation.DEFAULT_IMAGE)),
        (f"{ASSETS}?width=200", ref(operation=Operation.DEFAULT_IMAGE, modifiers=ImageModifiers(width=200))),
        (f"{ASSETS}/original/as/photo.jpg", ref(operation=Operation.ORIGINAL, seo_name="photo.jpg")),
        (f"{ASSETS}/original/as/clip.mp4", ref(operation=Operation.ORIGINAL, seo_name="clip.mp4")),
        (
            f"{ASSETS}/renditions/cq5dam.web.1280.1280.jpeg/as/photo.jpeg",
            ref(operation=Operation.RENDITION, rendition="cq5dam.web.1280.1280.jpeg", seo_name="photo.jpeg"),
        ),
        (
            f"{ASSETS}/renditions/my%20rendition/as/x.png",
            ref(operation=Operation.RENDITION, rendition="my rendition", seo_name="x.png"),
        ),
        (f"{ASSETS}/metadata", ref(operation=Operation.METADATA)),
        (f"{ASSETS}/smartCrops", ref(operation=Operation.SMART_CROPS)),
        (f"{ASSETS}/smartcrops", ref(operation=Operation.SMART_CROPS)),
        (f"{ASSETS}/play", ref(operation=Operation.PLAY)),
        (f"{ASSETS}/manifest.m3u8", ref(operation=Operation.MANIFEST_HLS)),
        (f"{ASSETS}/manifest.mpd", ref(operation=Operation.MANIFEST_DASH)),
        (
            f"{HOST}/adobe/assets/{ENCODED_ID}/as/p.jpg",
            ref(operation=Operation.IMAGE, seo_name="p", format="jpg"),
        ),
        (
            f"{ASSETS}/as/p.jpg?accept-experimental=1&crop=10%2C20%2C30%2C40#top",
            ref(
                operation=Operation.IMAGE,
                seo_name="p",
                format="jpg",
                modifiers=ImageModifiers(crop=Crop(10, 20, 30, 40)),
            ),
        ),
        (
            f"{HOST}{EXPERIMENTAL}/{ID}/as/p.avif?dpr=2",
            ref(
                prefix=EXPERIMENTAL,
                operation=Operation.IMAGE,
                seo_name="p",
                format="avif",
                modifiers=ImageModifiers(dpr=2),
            ),
        ),
        (
            f"https://images.example.com/{ID}/as/p.jpg",
            ref(
                base_url="https://images.example.com",
                prefix="",
                operation=Operation.IMAGE,
                seo_name="p",
                format="jpg",
            ),
        ),
        (
            f"https://images.example.com/adobe/assets/{ID}/as/p.jpg",
            ref(base_url="https://images.example.com", operation=Operation.IMAGE, seo_name="p", format="jpg"),
        ),
        (
            f"HTTP://LOCALHOST:8080/adobe/assets/{ID}/metadata",
            ref(base_url="http://localhost:8080", operation=Operation.METADATA),
        ),
        (
            f"http://[::1]:8080/adobe/assets/{ID}/play",
            ref(base_url="http://[::1]:8080", operation=Operation.PLAY),
        ),
        (
            f"delivery-p123-e456.adobeaemcloud.com/adobe/assets/{ID}/as/p.jpg",
            ref(operation=Operation.IMAGE, seo_name="p", format="jpg"),
        ),
        (
            f"<{ASSETS}/as/p.jpg?crop=16:9,smart>",
            ref(
                operation=Operation.IMAGE,
                seo_name="p",
                format="jpg",
                modifiers=ImageModifiers(extra=(("crop", "16:9,smart"),)),
            ),
        ),
        (
            f"{ASSETS}/original/as/photo.jpg?attachment=true",
            ref(
                operation=Operation.ORIGINAL, seo_name="photo.jpg", modifiers=ImageModifiers(attachment=True)
            ),
        ),
    ],
)
def test_every_url_shape(url: str, expected: AssetRef) -> None:
    assert parse_reference(url) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Nothing to open: expected an asset id such as urn:aaid:aem:0f8a7c3e-"),
        ("   ", "Nothing to open"),
        ("<>", "Nothing to open"),
        (
            "urn:aaid:aem:1234",
            "urn:aaid:aem:1234 is not a valid asset id: the part after urn:aaid:aem: must be a UUID "
            f"(8-4-4-4-12 hexadecimal digits), e.g. {ID}.",
        ),
        ("URN:AAID:AEM:" + ID.removeprefix("urn:aaid:aem:"), "the prefix must be lowercase urn:aaid:aem:"),
        ("urn:aaid:sc:US:1234", "is an asset id of another Adobe repository"),
        (ID.removeprefix("urn:aaid:aem:"), f"is a UUID without its prefix: the asset id is {ID}."),
        ("hello", f"'hello' is neither an asset id nor a delivery URL: expected an asset id such as {ID}"),
        (f"ftp://example.com/{ID}", "uses the scheme 'ftp': expected an http or https delivery URL"),
        (f"https://user:pw@example.com/{ID}", "carries a user name or password"),
        ("https://example.com/some/page", "has no asset id in its path: expected https://delivery-p123-e456"),
        (f"{HOST}/adobe/assets/search", "is the search endpoint, not an asset"),
        (f"{HOST}/adobe/assets/urn:aaid:aem:1234/as/p.jpg", "urn:aaid:aem:1234 is not a valid asset id"),
        (f"{ASSETS}/as/photo.tiff", "'tiff' is not a delivery image format: expected one of jpg, jpeg, png"),
        (f"{ASSETS}/as/photo", "the image name 'photo' has no format"),
        (f"{ASSETS}/as/.jpg", "has no format"),
        (f"{ASSETS}/as", "an image ends with /as/<name>.<format>"),
        (f"{ASSETS}/original", "an original ends with /original/as/<file name>"),
        (f"{ASSETS}/original/photo.jpg", "an original ends with /original/as/<file name>"),
        (f"{ASSETS}/renditions/x", "a rendition ends with /renditions/<rendition>/as/<name>"),
        (f"{ASSETS}/as/p\x01q.jpg", "holds control characters"),
        (f"{ASSETS}/original/as/..", "the name '..' is a dot segment"),
        (f"{ASSETS}/renditions/%2E%2E/as/x.jpg", "a rendition ends with /renditions/<rendition>/as/<name>"),
        (f"{ASSETS}/thumbnail", "after the asset id expected as/<name>.<format>, original/as/<name>"),
        ("https://exa mple.com:99999/x", "is not a valid URL"),
        ("http:///adobe/assets/x", "has no host"),
    ],
)
def test_refusals_say_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(InvalidReference) as caught:
        parse_reference(text)
    assert message in str(caught.value)
    assert caught.value.hint


def test_an_invalid_modifier_in_a_url_names_the_parameter_and_the_url() -> None:
    url = f"{ASSETS}/as/p.jpg?width=0"
    with pytest.raises(InvalidModifier) as caught:
        parse_reference(url)
    assert caught.value.name == "width"
    assert caught.value.url == url


def test_long_input_is_shortened_in_messages() -> None:
    with pytest.raises(InvalidReference) as caught:
        parse_reference("x" * 1000)
    assert len(str(caught.value)) < 500


def test_asset_ref_checks_its_id_and_base() -> None:
    with pytest.raises(InvalidReference, match="is not a valid asset id"):
        AssetRef(asset_id="urn:aaid:aem:nope")
    with pytest.raises(InvalidReference, match="base URL without a path prefix"):
        AssetRef(asset_id=ID, base_url=HOST)
