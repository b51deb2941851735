"""The checks file: the documented example parses, a malformed file is refused with the key path
and its line, and what the writer writes reads back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from aemviewer.delivery.errors import ExitCode, LocalFileError, MalformedChecksFile
from aemviewer.qa.checks.model import AssetChecks, BudgetExpectation, ChecksFile, DimensionsExpectation
from aemviewer.qa.checks.parser import parse_checks, read_checks_file
from aemviewer.qa.checks.writer import dump_checks

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "demo-checks.toml"

GOOD = """\
title = "t"

[[asset]]
ref = "urn:avid:aem:chelsea-the-cat"
etag_stable = true

[[asset.budget]]
width = 300
format = "avif"
max_bytes = 20000

[[asset]]
ref = "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"

[asset.types]
modern = "image/avif"

[[asset.dimensions]]
modifiers = { width = "200" }
width = 200
"""


def test_the_documented_example_reads_with_every_kind_of_expectation() -> None:
    checks = read_checks_file(EXAMPLE)

    cat = checks.assets[0]
    assert checks.title == "Demo library release checks"
    assert cat.label == "cat"
    assert cat.modifiers == (("width", "320"),)
    assert dict(cat.types) == {"modern": "image/avif", "older": "image/webp", "curl": "image/jpeg"}
    assert cat.budgets == (BudgetExpectation(300, "avif", 20000),)
    assert cat.dimensions[1] == DimensionsExpectation((("smartcrop", "Square"), ("width", "120")), 120, 120)
    assert dict(cat.smart_crops)["Landscape"] == "16:9"
    assert dict(cat.metadata_equal) == {"dc:title": "Chelsea the cat"}
    assert [asset.restricted for asset in checks.assets] == [False, False, True, False]
    assert checks.assets[3].video_plays


@pytest.mark.parametrize(
    ("change", "key_path", "line"),
    [
        (("max_bytes = 20000", 'max_bytes = "big"'), "asset[0].budget[0].max_bytes", 10),
        (("width = 200\n", "width = 200\nheigth = 3\n"), "asset[1].dimensions[0].heigth", 21),
        (
            ('modifiers = { width = "200" }', 'modifiers = { width = "-2" }'),
            "asset[1].dimensions[0].modifiers",
            19,
        ),
        (('modern = "image/avif"', 'fridge = "image/avif"'), "asset[1].types.fridge", 16),
        (("etag_stable = true", 'etag_stable = "yes"'), "asset[0].etag_stable", 5),
        (('ref = "urn:aaid:aem:4d53181d', 'ref = "urn:aaid:aem:nope'), "asset[1].ref", 13),
        (('format = "avif"', 'format = "bmp"'), "asset[0].budget[0].format", 9),
    ],
)
def test_a_wrong_value_is_named_by_its_key_path_and_line(
    change: tuple[str, str], key_path: str, line: int
) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD

    with pytest.raises(MalformedChecksFile) as raised:
        parse_checks(text, source="release.toml")

    error = raised.value
    assert (error.key_path, error.line) == (key_path, line)
    assert error.message.startswith(f"release.toml, line {line}: {key_path}: ")
    assert error.exit_code is ExitCode.BAD_INPUT
    assert "docs/checks.md" in error.hint


def test_a_toml_syntax_error_gives_its_line() -> None:
    with pytest.raises(MalformedChecksFile) as raised:
        parse_checks(GOOD.replace("etag_stable = true", "etag_stable = = true"), source="x.toml")

    assert raised.value.line == 5
    assert "x.toml, line 5: not valid TOML" in raised.value.message


def test_a_file_without_assets_is_refused() -> None:
    with pytest.raises(MalformedChecksFile, match="no \\[\\[asset\\]\\]"):
        parse_checks('title = "empty"\n')


def test_a_missing_file_is_a_local_file_error(tmp_path: Path) -> None:
    with pytest.raises(LocalFileError, match=r"missing\.toml"):
        read_checks_file(tmp_path / "missing.toml")


def test_the_writer_writes_what_the_parser_reads_back() -> None:
    checks = ChecksFile(
        title="saved from the window",
        base_url="https://delivery-p1-e2.adobeaemcloud.com",
        assets=(
            AssetChecks(
                ref="urn:avid:aem:chelsea-the-cat",
                name="cat",
                modifiers=(("width", "320"), ("quality", "70")),
                format="webp",
                types=(("modern", "image/avif"), ("image/webp,*/*", "image/webp")),
                dimensions=(DimensionsExpectation((("width", "200"),), 200, None, "png"),),
                budgets=(BudgetExpectation(1200, "avif", 180_000),),
                cache_headers=("ETag",),
                etag_stable=True,
                smart_crops=(("Square", "1:1"), ("Banner", "")),
                renditions=("cq5dam.web.1280.1280.jpeg",),
                metadata_present=("dc:title",),
                metadata_equal=(("tiff:ImageWidth", 1500), ("dc:title", "Chelsea"), ("approved", True)),
                video_plays=True,
                restricted=True,
            ),
            AssetChecks(ref="urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"),
        ),
    )

    assert parse_checks(dump_checks(checks)) == checks


def test_the_example_round_trips_through_the_writer() -> None:
    checks = read_checks_file(EXAMPLE)

    assert parse_checks(dump_checks(checks)) == checks


def test_docs_checks_md_shows_the_example_that_the_tests_run() -> None:
    docs = (EXAMPLE.parents[1] / "checks.md").read_text(encoding="utf-8")

    assert f"```toml\n{EXAMPLE.read_text(encoding='utf-8')}```" in docs


def test_the_error_shown_in_the_docs_is_the_one_given() -> None:
    docs = (EXAMPLE.parents[1] / "checks.md").read_text(encoding="utf-8")

    with pytest.raises(MalformedChecksFile) as raised:
        parse_checks(GOOD.replace("max_bytes = 20000", 'max_bytes = "big"'), source="release.toml")

    assert f"aemviewer: error: {raised.value.message}\n  hint: {raised.value.hint}" in docs
