"""`aemviewer html`: the markup is parsed as a browser would read it, and every URL in it is fetched
from the demo emulator — each must deliver the type its source declares, at the width asked (or the
source region's width when that is smaller)."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser

import httpx
import pytest
from PIL import Image

from aemviewer.delivery.errors import ExitCode

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
CHELSEA_SIZE = (451, 300)


class PictureParser(HTMLParser):
    """The `<source>` and `<img>` elements of a `<picture>`, attributes unescaped."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("picture", "source", "img"):
            self.elements.append((tag, {name: value or "" for name, value in attrs}))


def parse(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = PictureParser()
    parser.feed(html)
    parser.close()
    return parser.elements


def srcset(value: str) -> list[tuple[str, int]]:
    candidates = []
    for item in value.split(", "):
        url, descriptor = item.rsplit(" ", 1)
        assert descriptor.endswith("w"), item
        candidates.append((url, int(descriptor[:-1])))
    return candidates


def test_every_url_in_the_art_directed_markup_delivers_what_it_declares(run, tokens, monkeypatch) -> None:
    monkeypatch.setenv("AEMVIEWER_TOKEN", tokens["viewer"])  # the full metadata, for alt
    result = run(
        "html", CHELSEA, "--widths", "160,320,4000", "--art", "(max-width: 599px)=Portrait, Landscape",
        "--sizes", "(min-width: 800px) 50vw, 100vw", "--quality", "70", "--json",
    )  # fmt: skip
    assert result.code == 0, result.err
    document = json.loads(result.out)
    elements = parse(document["html"])
    assert [tag for tag, _ in elements] == ["picture"] + ["source"] * 5 + ["img"]
    sources = [attrs for tag, attrs in elements if tag == "source"]
    img = elements[-1][1]
    assert [s["type"] for s in sources] == [
        "image/avif",
        "image/webp",
        "image/jpeg",
        "image/avif",
        "image/webp",
    ]
    assert [s.get("media") for s in sources] == ["(max-width: 599px)"] * 3 + [None, None]
    assert img["alt"] == "Chelsea the cat"
    assert {s["sizes"] for s in sources} | {img["sizes"]} == {"(min-width: 800px) 50vw, 100vw"}
    # The <img> is the Landscape JPEG; its box is the crop's shape, so nothing shifts when it loads.
    assert (img["width"], img["height"]) == ("451", "254")
    assert (sources[0]["width"], sources[0]["height"]) == ("240", "300")
    # The Portrait crop is 240 pixels wide in the original: 320 and 4000 collapse into 240w.
    assert [width for _, width in srcset(sources[0]["srcset"])] == [160, 240]
    assert [width for _, width in srcset(img["srcset"])] == [160, 320, 451]

    fetched = []
    with httpx.Client(timeout=30) as direct:
        for attrs in [*sources, {**img, "type": "image/jpeg"}]:
            crop = "Portrait" if attrs.get("media") else "Landscape"
            for url, width in srcset(attrs["srcset"]):
                assert "dpr=" not in url and f"smartcrop={crop}" in url and "quality=70" in url
                answer = direct.get(url)  # no Accept: the URL alone must pin the format
                assert answer.status_code == 200, url
                assert answer.headers["content-type"] == attrs["type"], url
                delivered = Image.open(io.BytesIO(answer.content)).size
                assert delivered[0] == width <= int(attrs["width"]), url
                fetched.append((url, len(answer.content)))
    assert img["src"] == srcset(img["srcset"])[-1][0]
    assert sorted(document["urls"]) == sorted(url for url, _ in fetched)

    weights = {(w["media"], w["format"]): w for w in document["weights"]}
    assert len(weights) == 6
    sizes = dict(fetched)
    for weight in weights.values():
        assert weight["totalBytes"] == sum(sizes[r["url"]] for r in weight["renditions"])
        assert all(r["status"] == 200 for r in weight["renditions"])
    assert weights[("(max-width: 599px)", "avif")]["smartCrop"] == "Portrait"


def test_plain_markup_prints_the_picture_on_stdout_and_weights_on_stderr(run) -> None:
    result = run("html", CHELSEA, "--widths", "300,600")
    assert result.code == 0, result.err
    elements = parse(result.out)
    img = elements[-1][1]
    assert img["alt"] == ""  # the token-less metadata has no title: decorative until one is given
    assert (img["width"], img["height"]) == tuple(str(n) for n in CHELSEA_SIZE)
    # 600 is beyond the 451-pixel original: the candidate is the original's width, described truly.
    assert [(url.split("?")[1], width) for url, width in srcset(img["srcset"])] == [
        ("width=300&auto-format=false", 300),
        ("width=451&auto-format=false", 451),
    ]
    lines = [line for line in result.err.splitlines() if "bytes in 2 widths" in line]
    assert [line.split()[2] for line in lines] == ["avif:", "webp:", "jpg:"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--widths", "320,abc"), "'abc' in --widths"),
        (("--art", "(max-width: 599px)=Portrait, Nope"), "no smart crop 'Nope'"),
        (("--art", "Portrait, Landscape"), "has no media query"),
    ],
)
def test_bad_options_say_what_is_wrong_with_exit_code_2(run, options, message) -> None:
    result = run("html", CHELSEA, *options, "--no-weights")
    assert result.code == ExitCode.BAD_INPUT, result.err
    assert message in result.err
