"""Problem details for bad parameters, unknown things and wrong methods; fuzzing proves no 500."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aemviewer.api_spec import KNOWN_PARAMETERS
from aemviewer.emulator import Library
from aemviewer.emulator.negotiation import choose_format, format_for_extension
from aemviewer.emulator.plan import make_plan
from aemviewer.emulator.transforms import BadParameter, parse_modifiers

from .emulator_support import API, DEMO, image_url

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response: httpx.Response, status: int, kind: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document = response.json()
    assert set(document) >= PROBLEM_FIELDS
    assert document["status"] == status
    assert document["type"] == f"urn:aemviewer:problem:{kind}"
    assert document["title"] == {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}[status]
    raw_path = str(response.request.url.raw_path, "ascii")
    assert document["instance"] == raw_path
    assert isinstance(document["detail"], str) and document["detail"]
    return document


@pytest.mark.parametrize(
    ("query", "parameter", "allowed"),
    [
        ("width=10&width=20", "width", "one value"),
        ("width=0", "width", "an integer from 1 to 12000"),
        ("width=12001", "width", "an integer from 1 to 12000"),
        ("width=abc", "width", "an integer from 1 to 12000"),
        ("width=", "width", "an integer from 1 to 12000"),
        ("height=-5", "height", "an integer from 1 to 12000"),
        ("height=1.5", "height", "an integer from 1 to 12000"),
        ("size=100", "size", "W,H with whole numbers from 1 to 12000"),
        ("size=100,0", "size", "W,H with whole numbers from 1 to 12000"),
        ("quality=0", "quality", "an integer from 1 to 100"),
        ("quality=101", "quality", "an integer from 1 to 100"),
        ("max-quality=high", "max-quality", "an integer from 1 to 100"),
        ("rotate=45", "rotate", "90, 180, 270"),
        ("rotate=360", "rotate", "90, 180, 270"),
        ("flip=x", "flip", "h, v, hv"),
        ("crop=1,2,3", "crop", "x,y,w,h in pixels"),
        ("crop=10p,10p,50,50", "crop", "x,y,w,h in pixels"),
        ("crop=10p,10p,95p,10p", "crop", "x+w ≤ 100"),
        ("crop=1.234p,0p,10p,10p", "crop", "at most 2 decimals"),
        ("crop=0,0,0,10", "crop", "x,y,w,h in pixels"),
        ("crop=0:9,smart", "crop", "W:H,smart"),
        ("smartcrop=Huge", "smartcrop", "Square, Landscape, Portrait"),
        ("smartcrop=Square&crop=1:1,smart", "crop", "one of them"),
        ("preset=poster", "preset", "hero, social-square, thumbnail"),
        ("preferwebp=yes", "preferwebp", "true, false"),
        ("auto-format=maybe", "auto-format", "true, false"),
        ("attachment=1", "attachment", "true, false"),
        ("dpr=0", "dpr", "a number from 0.1 to 5 with at most 2 decimals"),
        ("dpr=6", "dpr", "a number from 0.1 to 5 with at most 2 decimals"),
        ("blur=soft", "blur", "a number from 0 to 100 with at most 2 decimals"),
        ("sharpen=1000", "sharpen", "an integer from 0 to 500"),
    ],
)
def test_bad_parameters_answer_400_naming_parameter_and_allowed_values(
    client: httpx.Client, query: str, parameter: str, allowed: str
) -> None:
    response = client.get(image_url("chelsea", query))
    document = assert_problem(response, 400, "bad-parameter")
    assert document["parameter"] == parameter
    assert allowed in str(document["allowed"])
    assert str(document["allowed"]) in str(document["detail"])
    assert response.headers["cache-control"] == "no-store"


def test_bad_parameter_on_the_default_image_endpoint(client: httpx.Client) -> None:
    document = assert_problem(client.get(f"{API}/{DEMO['chelsea']}?width=-1"), 400, "bad-parameter")
    assert document["parameter"] == "width"


@pytest.mark.parametrize(
    ("path", "detail_part"),
    [
        (f"{API}/urn:aaid:aem:00000000-0000-4000-8000-00000000dead/metadata", "No delivered asset"),
        (f"{API}/not-an-id/metadata", "No delivered asset"),
        (f"{API}/{DEMO['chelsea']}/as/photo.tiff", "Unknown image format 'tiff'"),
        (f"{API}/{DEMO['chelsea']}/as/photo", "/as/{seoName}.{format}"),
        (f"{API}/{DEMO['chelsea']}/renditions/cq5dam.huge.png/as/x.png", "cq5dam.thumbnail.140.100.png"),
        (f"{API}/{DEMO['chelsea']}/thumbnail", "No Delivery API endpoint"),
        ("/adobe/other", "No Delivery API endpoint"),
        (
            f"/adobe/experimental/advancemodifiers-expires-20241399/assets/{DEMO['chelsea']}/metadata",
            "YYYYMMDD",
        ),
    ],
)
def test_unknown_things_answer_404(client: httpx.Client, path: str, detail_part: str) -> None:
    document = assert_problem(client.get(path), 404, "not-found")
    assert detail_part in str(document["detail"])


@pytest.mark.parametrize("endpoint", ["play", "manifest.m3u8", "manifest.mpd"])
def test_video_endpoints_say_the_asset_has_no_video(client: httpx.Client, endpoint: str) -> None:
    document = assert_problem(client.get(f"{API}/{DEMO['chelsea']}/{endpoint}"), 404, "no-video")
    assert (
        document["detail"]
        == f"Asset {DEMO['chelsea']} is not a video (image/jpeg): it has no player page and no manifests."
    )


def test_wrong_methods_answer_405(client: httpx.Client) -> None:
    response = client.post(image_url("chelsea", "width=10"))
    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD"
    search = client.get(f"{API}/search")
    assert_problem(search, 405, "method-not-allowed")
    assert search.headers["allow"] == "POST"


# Hypothesis: anything in the query string is either parsed or refused with BadParameter.
names = st.sampled_from([*KNOWN_PARAMETERS, "max-quality", "auto-format", "source[x]", "junk", ""])
values = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"-?\d{1,6}(\.\d{1,3})?p?(,-?\d{1,6}(\.\d{1,3})?p?){0,4}", fullmatch=True),
    st.sampled_from(["true", "false", "90", "h", "16:9,smart", "Square", "thumbnail", "1:0,smart"]),
)
queries = st.lists(st.tuples(names, values), max_size=6).map(lambda pairs: urlencode(pairs))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    query=st.one_of(queries, st.text(max_size=80)), extension=st.sampled_from(["jpg", "png8", "avif", "gif"])
)
def test_fuzz_parser_and_plan_only_refuse_with_bad_parameter(
    demo: Library, query: str, extension: str
) -> None:
    asset = demo.assets[DEMO["astronaut"]]
    try:
        modifiers = parse_modifiers(query, demo.presets)
        output, _vary = choose_format(
            extension, "image/webp", auto_format=modifiers.auto_format, prefer_webp=modifiers.preferwebp,
            has_alpha=False,
        )  # fmt: skip
        plan = make_plan(asset, modifiers, output)
    except BadParameter as error:
        assert error.parameter and error.allowed and error.detail
        return
    assert format_for_extension(extension) is not None
    width, height = plan.size
    assert 1 <= width <= 2048 and 1 <= height <= 512


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(queries, st.text(max_size=40).map(lambda text: quote(text, safe="=&,"))))
def test_fuzz_over_http_never_answers_500(client: httpx.Client, query: str) -> None:
    response = client.get(image_url("chelsea", "") + "?" + query)
    assert response.status_code in (200, 400), (query, response.text)
    if response.status_code == 400:
        assert response.headers["content-type"] == "application/problem+json"
    else:
        assert response.headers["content-type"].startswith("image/")
