"""`aemviewer formats`: the format matrix on the command line against the demo emulator, checked
against direct requests with httpx."""

from __future__ import annotations

import json

import httpx
import pytest

from aemviewer.delivery.errors import ExitCode
from aemviewer.qa.format_matrix import ACCEPT_PROFILES, DEFAULT_FORMATS, MODERN_BROWSER

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"


def test_json_lists_every_cell_as_the_server_delivers_it(run) -> None:
    result = run("formats", CHELSEA, "--width", "120", "--json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    cells = document["results"]
    assert document["asset"] == CHELSEA
    assert len(cells) == len(DEFAULT_FORMATS) * 2 * len(ACCEPT_PROFILES)
    with httpx.Client(timeout=30) as direct:
        for cell in cells:
            assert f"auto-format={'true' if cell['autoFormat'] else 'false'}" in cell["url"]
            answer = direct.get(cell["url"], headers={"Accept": cell["accept"]})
            assert cell["status"] == answer.status_code == 200
            assert cell["contentType"] == answer.headers["content-type"]
            assert cell["bytes"] == len(answer.content)
            assert cell["width"] == 120 and cell["height"] and cell["seconds"] > 0 and cell["error"] is None
    smallest = document["smallest"]
    assert smallest["bytes"] == min(cell["bytes"] for cell in cells)
    modern_auto = [c for c in cells if c["acceptProfile"] == "modern" and c["autoFormat"]]
    assert {c["contentType"] for c in modern_auto} == {"image/avif"}
    assert {c["accept"] for c in modern_auto} == {MODERN_BROWSER.header}


def test_the_table_marks_the_smallest_and_ends_with_its_url(run) -> None:
    result = run("formats", CHELSEA, "--width", "100", "--accept", "curl", "--accept", "older")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == [
        "accept",
        "auto-format",
        "format",
        "quality",
        "status",
        "delivered",
        "bytes",
        "pixels",
        "time",
    ]
    rows = lines[1 : 1 + 2 * 2 * len(DEFAULT_FORMATS)]
    assert all(row.startswith(("curl", "older browser")) for row in rows)
    assert sum("★ smallest" in row for row in rows) == 1
    assert sum("smallest for" in row for row in rows) == 1  # the other profile's best
    assert lines[-2].startswith("smallest: ") and lines[-1].startswith("http://")
    best = next(row for row in rows if "★ smallest" in row)
    assert (
        f"{len(httpx.get(lines[-1], headers={'Accept': lines[-2].split('Accept: ')[1]}).content):,}" in best
    )


def test_one_format_without_auto_format_and_quality_levels(run) -> None:
    result = run(
        "formats",
        CHELSEA,
        "--width",
        "90",
        "--format",
        "webp",
        "--no-auto-format",
        "--accept",
        "curl",
        "--qualities",
        "30,90",
        "--json",
    )
    assert result.code == 0, result.err
    cells = json.loads(result.out)["results"]
    assert [(c["format"], c["autoFormat"], c["quality"]) for c in cells] == [
        ("webp", False, 30),
        ("webp", False, 90),
    ]
    assert all(c["contentType"] == "image/webp" and "quality=" in c["url"] for c in cells)
    assert cells[0]["bytes"] < cells[1]["bytes"]


def test_a_whole_accept_header_is_a_profile(run) -> None:
    result = run(
        "formats", CHELSEA, "--width", "80", "--format", "jpg", "--accept", "image/webp,*/*;q=0.5", "--json"
    )
    assert result.code == 0, result.err
    cells = json.loads(result.out)["results"]
    assert {c["acceptProfile"] for c in cells} == {"custom"}
    assert [c["contentType"] for c in cells] == ["image/webp", "image/jpeg"]  # auto-format on, then off


@pytest.mark.parametrize(
    ("argv", "code", "mentions"),
    [
        (["--accept", "chrome"], ExitCode.BAD_INPUT, "not an Accept profile"),
        (["--qualities", "0"], ExitCode.BAD_INPUT, "quality"),
        (["--width", "0"], ExitCode.BAD_INPUT, "width"),
        (["--concurrency", "99"], ExitCode.BAD_INPUT, "concurrency"),
    ],
)
def test_bad_options_exit_2_before_anything_is_sent(run, argv: list[str], code: int, mentions: str) -> None:
    result = run("formats", CHELSEA, *argv)
    assert result.code == code
    assert result.out == ""
    assert mentions in result.err.splitlines()[0] and result.err.splitlines()[1].startswith("  hint: ")


def test_an_unknown_asset_exits_3(run) -> None:
    result = run("formats", UNKNOWN, "--width", "50", "--format", "jpg", "--accept", "curl")
    assert result.code == ExitCode.NOT_FOUND
    assert UNKNOWN in result.err and result.out == ""
