"""Image endpoints over real HTTP: sizes, formats, negotiation, modifiers and their combinations."""

from __future__ import annotations

import httpx
import pytest
from PIL import Image, ImageFilter, ImageStat

from .emulator_support import API, DEMO, decode, image_url

NO_AUTO = "auto-format=false"

# chelsea is 451 × 300, astronaut 512 × 512, mosaic 4096 × 2304.


def size_of(client: httpx.Client, url: str, **headers: str) -> tuple[int, int]:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return decode(response).size


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", (451, 300)),  # as stored: under the 2048 cap, never upscaled
        ("width=200", (200, 133)),  # 300 × 200/451 = 133.04
        ("height=100", (150, 100)),  # 451/3 = 150.3
        ("width=200&height=100", (150, 100)),  # both: fit inside the box
        ("width=100&height=400", (100, 67)),  # 66.5 … the box is only a bound
        ("size=200,200", (200, 133)),
        ("size=200,200&width=50", (200, 133)),  # size wins over width
        ("size=120,40&height=300", (60, 40)),  # … and over height
        ("width=1000", (451, 300)),  # no upscaling
        ("height=1000", (451, 300)),
        ("width=100&dpr=2", (200, 133)),
        ("width=100&dpr=1.5", (150, 100)),
        ("width=400&dpr=2", (451, 300)),  # dpr still capped by the source
        ("crop=10,20,200,100", (200, 100)),
        ("crop=10%2C20%2C200%2C100", (200, 100)),  # commas may arrive encoded
        ("crop=400,0,200,100", (51, 100)),  # clipped at the right edge
        ("crop=10p,10p,50p,50p", (226, 150)),  # 45..271 × 30..180
        ("crop=0p,0p,100p,100p", (451, 300)),
        ("crop=12.25p,0p,50.5p,100p", (228, 300)),  # two decimals: 55..283
        ("crop=0,0,200,100&width=100", (100, 50)),
        ("rotate=90", (300, 451)),
        ("rotate=180", (451, 300)),
        ("rotate=270&width=100", (100, 150)),  # 451 × 100/300 = 150.3
        ("rotate=90&crop=0,0,100,400", (100, 400)),  # crop after rotate: 300 wide now
        ("flip=hv&width=100", (100, 67)),
        ("quality=10&width=100", (100, 67)),
        ("preset=thumbnail", (240, 160)),  # width 240: 159.6
        ("preset=thumbnail&width=90", (90, 60)),  # the URL wins over the preset
        ("accept-experimental=1&layers=a&source%5Blayer1%5D=b&width=100", (100, 67)),
    ],
)
def test_output_dimensions(client: httpx.Client, query: str, expected: tuple[int, int]) -> None:
    assert size_of(client, image_url("chelsea", query)) == expected


def test_large_image_is_at_most_2048_wide_without_width_or_size(client: httpx.Client) -> None:
    assert size_of(client, image_url("mosaic", NO_AUTO)) == (2048, 1152)
    assert size_of(client, image_url("mosaic", "height=100")) == (178, 100)  # 4096/23.04 = 177.8
    assert size_of(client, image_url("mosaic", "height=2000")) == (2048, 1152)  # still capped
    assert size_of(client, image_url("mosaic", "crop=4000,2200,500,500")) == (96, 104)
    assert size_of(client, image_url("mosaic", "crop=1000,500,2100,900")) == (2048, 878)  # 900 × 2048/2100


def test_width_lifts_the_2048_cap(client: httpx.Client) -> None:
    assert size_of(client, image_url("mosaic", "width=2500&crop=0,0,3000,300")) == (2500, 250)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("smartcrop=Square", (512, 512)),
        ("smartcrop=Landscape", (512, 288)),  # 16:9 band of the square image
        ("smartcrop=Portrait", (409, 512)),  # 4:5
        ("smartcrop=Landscape&width=256", (256, 144)),  # sizes apply to the cut
        ("smartcrop=Landscape&rotate=90", (288, 512)),
        ("crop=16:9,smart", (512, 288)),  # legacy form picks the Landscape crop
        ("crop=3:1,smart", (512, 171)),  # no crop near 3:1: centred band
    ],
)
def test_smart_crops(client: httpx.Client, query: str, expected: tuple[int, int]) -> None:
    assert size_of(client, image_url("astronaut", query)) == expected


def test_smart_crop_nominal_size_is_the_default_size(client: httpx.Client) -> None:
    # The mosaic's "Cat" tile is 1024 × 768 pixels with a nominal 1024 × 768; Landscape is 1280 × 720.
    assert size_of(client, image_url("mosaic", "smartcrop=Cat")) == (1024, 768)
    assert size_of(client, image_url("mosaic", "smartcrop=Landscape")) == (1280, 720)
    assert size_of(client, image_url("mosaic", "smartcrop=Cat&width=200")) == (200, 150)


def test_preset_with_smart_crop(client: httpx.Client) -> None:
    # social-square = smartcrop Square, width 1080, quality 80; the astronaut is only 512 wide.
    assert size_of(client, image_url("astronaut", "preset=social-square")) == (512, 512)
    assert size_of(client, image_url("chelsea", "preset=social-square&width=100")) == (100, 100)


@pytest.mark.parametrize(
    ("name", "media_type", "mode", "check"),
    [
        ("a.jpg", "image/jpeg", "RGB", lambda image: "progressive" not in image.info),
        ("a.jpeg", "image/jpeg", "RGB", lambda image: "progressive" not in image.info),
        ("a.bjpg", "image/jpeg", "RGB", lambda image: "progressive" not in image.info),
        ("a.pjpg", "image/jpeg", "RGB", lambda image: image.info.get("progressive") == 1),
        ("a.png", "image/png", "RGB", lambda image: image.format == "PNG"),
        ("a.png8", "image/png", "P", lambda image: image.format == "PNG"),
        ("a.gif", "image/gif", "P", lambda image: image.format == "GIF"),
        ("a.webp", "image/webp", "RGB", lambda image: image.format == "WEBP"),
        ("a.webply", "image/webp", "RGB", lambda image: image.format == "WEBP"),
        ("a.webpll", "image/webp", "RGB", lambda image: image.format == "WEBP"),
        ("a.avif", "image/avif", "RGB", lambda image: image.format == "AVIF"),
    ],
)
def test_formats_by_extension_without_auto_format(
    client: httpx.Client, name: str, media_type: str, mode: str, check: object
) -> None:
    response = client.get(
        image_url("chelsea", f"{NO_AUTO}&width=64", name), headers={"Accept": "image/avif,*/*"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert "vary" not in response.headers  # the extension decided, not Accept
    image = decode(response)
    assert image.mode == mode
    assert image.size == (64, 43)
    assert callable(check) and check(image)


def test_webp_lossless_and_lossy_differ_in_their_chunks(client: httpx.Client) -> None:
    lossless = client.get(image_url("chelsea", f"{NO_AUTO}&width=64", "a.webpll")).content
    lossy = client.get(image_url("chelsea", f"{NO_AUTO}&width=64", "a.webply")).content
    assert lossless[12:16] == b"VP8L"
    assert lossy[12:16] == b"VP8 "


ACCEPT_CASES = [
    (None, "image/jpeg"),
    ("*/*", "image/jpeg"),  # wildcards promise nothing
    ("image/*", "image/jpeg"),
    ("image/avif,image/webp,*/*", "image/avif"),
    ("image/webp,*/*", "image/webp"),
    ("image/avif;q=0,image/webp;q=0.8", "image/webp"),
    ("image/avif;q=0, image/webp;q=0", "image/jpeg"),
    ("text/html,application/xhtml+xml,image/avif,image/webp,image/apng,*/*;q=0.8", "image/avif"),
]


@pytest.mark.parametrize(("accept", "expected"), ACCEPT_CASES)
@pytest.mark.parametrize("name", ["a.jpg", "a.png", "a.gif"])
def test_auto_format_negotiates_from_accept_ignoring_the_extension(
    client: httpx.Client, accept: str | None, expected: str, name: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get(image_url("chelsea", "width=32", name), headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == expected
    assert response.headers["vary"] == "Accept"
    assert decode(response).format == expected.split("/")[1].upper()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "image/png"),
        ("*/*", "image/png"),
        ("image/webp", "image/webp"),
        ("image/avif,image/webp", "image/avif"),
    ],
)
def test_auto_format_keeps_transparency(client: httpx.Client, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get(image_url("logo", "width=50", "logo.jpg"), headers=headers)
    assert response.headers["content-type"] == expected
    image = decode(response)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] <= 8  # the corner stays transparent (AVIF alpha is lossy)


def test_jpeg_of_a_transparent_image_is_flattened_on_white(client: httpx.Client) -> None:
    image = decode(client.get(image_url("logo", f"{NO_AUTO}&width=50", "logo.jpg")))
    assert image.mode == "RGB"
    assert all(channel > 230 for channel in image.getpixel((0, 0)))  # white, give or take JPEG
    assert image.getpixel((25, 25)) != (255, 255, 255)


def test_png8_and_gif_keep_transparency(client: httpx.Client) -> None:
    png8 = decode(client.get(image_url("logo", f"{NO_AUTO}&width=50", "logo.png8")))
    assert png8.mode == "P" and "transparency" in png8.info
    assert png8.convert("RGBA").getpixel((0, 0))[3] == 0
    gif = decode(client.get(image_url("logo", f"{NO_AUTO}&width=50", "logo.gif")))
    assert gif.info["transparency"] == gif.getpixel((0, 0))


@pytest.mark.parametrize(
    ("query", "accept", "expected", "vary"),
    [
        ("preferwebp=true", "image/avif,image/webp", "image/webp", "Accept"),  # WebP before AVIF
        ("preferwebp=true", "image/avif", "image/avif", "Accept"),
        (f"preferwebp=true&{NO_AUTO}", "image/webp", "image/webp", "Accept"),
        (f"preferwebp=true&{NO_AUTO}", "image/avif,*/*", "image/jpeg", "Accept"),
        (f"preferwebp=false&{NO_AUTO}", "image/webp", "image/jpeg", None),
        ("auto-format=TRUE", "image/webp", "image/webp", "Accept"),
    ],
)
def test_preferwebp(client: httpx.Client, query: str, accept: str, expected: str, vary: str | None) -> None:
    response = client.get(image_url("chelsea", f"{query}&width=32"), headers={"Accept": accept})
    assert response.headers["content-type"] == expected
    assert response.headers.get("vary") == vary


def test_default_image_endpoint(client: httpx.Client) -> None:
    mosaic = client.get(f"{API}/{DEMO['mosaic']}")
    assert mosaic.status_code == 200
    assert mosaic.headers["content-type"] == "image/jpeg"
    assert mosaic.headers["vary"] == "Accept"
    assert decode(mosaic).size == (1024, 576)  # width 1024 by default
    webp = client.get(f"{API}/{DEMO['chelsea']}", headers={"Accept": "image/avif,image/webp"})
    assert webp.headers["content-type"] == "image/webp"  # jpeg/webp only: no AVIF here
    assert decode(webp).size == (451, 300)  # 1024 would upscale
    assert client.get(f"{API}/{DEMO['logo']}").headers["content-type"] == "image/png"
    assert decode(client.get(f"{API}/{DEMO['mosaic']}?width=300")).size == (300, 169)


def test_default_quality_is_65_on_the_default_endpoint(client: httpx.Client) -> None:
    default = client.get(f"{API}/{DEMO['chelsea']}")
    explicit = client.get(image_url("chelsea", f"{NO_AUTO}&width=1024&quality=65"))
    assert default.content == explicit.content
    assert default.headers["etag"] == explicit.headers["etag"]


def test_quality_changes_the_bytes_and_wins_over_max_quality(client: httpx.Client) -> None:
    low = client.get(image_url("hubble", "width=300&quality=20"))
    high = client.get(image_url("hubble", "width=300&quality=95"))
    assert len(low.content) < len(high.content)
    both = client.get(image_url("hubble", "width=300&quality=20&max-quality=95"))
    assert both.content == low.content
    default = client.get(image_url("hubble", "width=300"))
    max_85 = client.get(image_url("hubble", "width=300&max-quality=85"))
    assert default.headers["etag"] == max_85.headers["etag"]  # 85 is the default
    assert client.get(image_url("hubble", "width=300&max-quality=40")).content != default.content


def test_quality_does_not_matter_for_png(client: httpx.Client) -> None:
    first = client.get(image_url("chelsea", f"{NO_AUTO}&width=60&quality=10", "a.png"))
    second = client.get(image_url("chelsea", f"{NO_AUTO}&width=60&quality=90", "a.png"))
    assert first.headers["etag"] == second.headers["etag"]


def test_parameter_order_does_not_matter(client: httpx.Client) -> None:
    one = client.get(image_url("chelsea", "width=120&rotate=90&crop=10,10,200,200&flip=h&quality=50"))
    two = client.get(image_url("chelsea", "quality=50&flip=h&crop=10,10,200,200&rotate=90&width=120"))
    assert one.status_code == two.status_code == 200
    assert one.content == two.content
    assert one.headers["etag"] == two.headers["etag"]
    assert decode(one).size == (120, 120)


def test_equivalent_requests_share_the_etag(client: httpx.Client) -> None:
    plain = client.get(image_url("chelsea", "width=200"))
    same = [
        image_url("chelsea", "width=200&dpr=1"),
        image_url("chelsea", "width=100&dpr=2"),
        image_url("chelsea", "size=200,300"),
        image_url("chelsea", "width=200&accept-experimental=1"),
        image_url("chelsea", "width=200", "another-seo-name.jpg"),
        image_url("chelsea", "width=200", "x.png"),  # auto-format: JPEG either way
    ]
    for url in same:
        assert client.get(url).headers["etag"] == plain.headers["etag"], url
    assert client.get(image_url("chelsea", "width=201")).headers["etag"] != plain.headers["etag"]
    webp = client.get(image_url("chelsea", "width=200"), headers={"Accept": "image/webp"})
    assert webp.headers["etag"] != plain.headers["etag"]  # another delivered format


def test_attachment_names_the_delivered_format(client: httpx.Client) -> None:
    response = client.get(image_url("chelsea", "width=50&attachment=true", "my-cat.png"))
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-disposition"] == 'attachment; filename="my-cat.jpg"'
    webp = client.get(
        image_url("chelsea", "width=50&attachment=true", "my-cat.png"), headers={"Accept": "image/webp"}
    )
    assert webp.headers["content-disposition"] == 'attachment; filename="my-cat.webp"'
    assert "content-disposition" not in client.get(image_url("chelsea", "width=50&attachment=false")).headers


def test_blur_and_sharpen(client: httpx.Client) -> None:
    base_url = image_url("hubble", f"{NO_AUTO}&width=300", "a.png")
    plain = decode(client.get(base_url)).convert("L")
    blurred = decode(client.get(base_url + "&blur=4")).convert("L")
    sharpened = decode(client.get(base_url + "&sharpen=300")).convert("L")

    def edge_energy(image: Image.Image) -> float:
        return float(ImageStat.Stat(image.filter(ImageFilter.FIND_EDGES)).mean[0])

    assert edge_energy(blurred) < edge_energy(plain) * 0.6
    assert edge_energy(sharpened) > edge_energy(plain) * 1.2
    assert blurred.size == sharpened.size == (300, 262)


def test_svg_and_pdf_deliver_their_preview(client: httpx.Client) -> None:
    badge = client.get(image_url("badge", "width=600", "badge.png"))
    assert badge.headers["content-type"] == "image/png"  # the preview has alpha
    assert decode(badge).size == (600, 315)
    sheet = client.get(image_url("contact-sheet", "width=620"))
    assert sheet.headers["content-type"] == "image/jpeg"
    assert decode(sheet).size == (620, 877)


def test_grayscale_tiff_and_png_originals(client: httpx.Client) -> None:
    assert size_of(client, image_url("camera", "width=100")) == (100, 100)
    assert size_of(client, image_url("coins", "width=128")) == (128, 101)


def test_percent_encoded_id_and_experimental_prefix(client: httpx.Client) -> None:
    plain = client.get(image_url("chelsea", "width=70"))
    encoded_id = DEMO["chelsea"].replace(":", "%3A")
    encoded = client.get(f"{API}/{encoded_id}/as/a.jpg?width=70")
    assert encoded.status_code == 200
    assert encoded.headers["etag"] == plain.headers["etag"]
    experimental = client.get(
        f"/adobe/experimental/advancemodifiers-expires-20261231/assets/{DEMO['chelsea']}/as/a.jpg?width=70",
        headers={"X-Adobe-Accept-Experimental": "1"},
    )
    assert experimental.status_code == 200
    assert experimental.headers["etag"] == plain.headers["etag"]
    metadata = client.get(
        f"/adobe/experimental/advancemodifiers-expires-20240101/assets/{encoded_id}/metadata"
    )
    assert metadata.json()["assetId"] == DEMO["chelsea"]


def test_head_has_the_get_headers_and_no_body(client: httpx.Client) -> None:
    url = image_url("chelsea", "width=90")
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "last-modified", "cache-control", "vary"):
        assert head.headers[name] == get.headers[name], name
    assert int(head.headers["content-length"]) == len(get.content)
