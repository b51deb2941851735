"""The catalogue's notes and warnings on stderr: `url`, `get` and `formats`, one test per rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from aemviewer.delivery.modifier_spec import experimental_text

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
PREFIX = "aemviewer: "


def notes(err: str) -> list[str]:
    return [line.removeprefix(PREFIX) for line in err.splitlines() if line.startswith(PREFIX)]


def test_width_with_size_is_a_warning(run) -> None:
    result = run("url", CHELSEA, "--width", "300", "--size", "200,100")
    assert result.code == 0, result.err
    assert notes(result.err) == [
        "warning: width: Ignored: size is given, and the server takes the width from size."
    ]
    assert "size=200,100" in result.out and "width=300" in result.out, "the URL is still what was asked"


def test_max_quality_with_quality_is_a_warning(run) -> None:
    result = run("url", CHELSEA, "--quality", "70", "--max-quality", "80")
    assert notes(result.err) == ["warning: max-quality: Ignored: quality wins over max-quality."]


@pytest.mark.parametrize("image_format", ["png", "png8", "gif"])
def test_quality_on_a_lossless_format_without_auto_format_is_a_warning(run, image_format: str) -> None:
    result = run("url", CHELSEA, "--quality", "70", "--format", image_format, "--no-auto-format")
    lossless = f"{image_format} is lossless: quality settings have no effect with auto-format=false."
    assert notes(result.err) == [f"warning: quality: {lossless}"]


def test_the_lossless_rule_reads_a_pasted_urls_format(run) -> None:
    pasted = f"https://cdn.example.com/adobe/assets/{CHELSEA}/as/cat.png?auto-format=false"
    result = run("--base-url", "", "url", pasted, "--max-quality", "60")
    assert notes(result.err) == [
        "warning: max-quality: png is lossless: quality settings have no effect with auto-format=false."
    ]
    # With auto-format on, the server may deliver a lossy format: quality matters then.
    assert notes(run("url", CHELSEA, "--quality", "70", "--format", "png").err) == []
    assert notes(run("url", CHELSEA, "--quality", "70", "--format", "webp", "--no-auto-format").err) == []


def test_preferwebp_with_auto_format_on_is_a_note(run) -> None:
    result = run("url", CHELSEA, "--preferwebp")
    assert notes(result.err) == [
        "note: preferwebp: auto-format is on (the default), so the server already picks the format "
        "from Accept; preferwebp matters when auto-format=false."
    ]
    assert notes(run("url", CHELSEA, "--preferwebp", "--no-auto-format").err) == []


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["--dpr", "2"], "dpr"),
        (["--blur", "3"], "blur"),
        (["--sharpen", "1"], "sharpen"),
        (["--param", "layers=a"], "layers"),
        (["--param", "source[logo]=x"], "source[logo]"),
    ],
)
def test_experimental_parameters_are_a_note(run, argv: list[str], name: str) -> None:
    result = run("url", CHELSEA, *argv)
    assert result.code == 0, result.err
    assert notes(result.err) == [f"note: {name}: {experimental_text(name)}"]


def test_an_undocumented_parameter_is_a_note(run) -> None:
    result = run("url", CHELSEA, "--param", "zoom=2")
    assert notes(result.err) == [
        "note: zoom: zoom is not a documented modifier: the server may ignore or refuse it."
    ]
    assert result.out.strip().endswith("?zoom=2")


def test_the_legacy_smart_crop_is_a_note(run) -> None:
    result = run("url", CHELSEA, "--param", "crop=16:9,smart")
    assert notes(result.err) == [
        "note: crop: crop=16:9,smart is the legacy smart crop by aspect ratio; current servers may "
        "ignore it. Use smartcrop=<name> instead."
    ]


def test_plain_modifiers_print_nothing_on_stderr(run) -> None:
    result = run("url", CHELSEA, "--width", "300", "--quality", "80", "--rotate", "90", "--attachment")
    assert result.code == 0
    assert result.err == ""
    assert result.out.strip().endswith("?rotate=90&width=300&quality=80&attachment=true")


def test_get_warns_once_per_rule_across_its_formats(run, tmp_path: Path) -> None:
    result = run(
        "get", CHELSEA, "--width", "120", "--quality", "50", "--no-auto-format",
        "--format", "png", "--format", "gif", "--format", "jpg", "-o", str(tmp_path),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert [line for line in notes(result.err) if "lossless" in line] == [
        "warning: quality: png is lossless: quality settings have no effect with auto-format=false.",
        "warning: quality: gif is lossless: quality settings have no effect with auto-format=false.",
    ]
    assert len(list(tmp_path.iterdir())) == 3, "a warning does not stop the download"


def test_formats_prints_the_warnings_too(run) -> None:
    result = run("formats", CHELSEA, "--width", "120", "--size", "100,100", "--format", "webp")
    assert result.code == 0, result.err
    assert "warning: width: Ignored: size is given, and the server takes the width from size." in notes(
        result.err
    )
    assert "webp" in result.out
