"""`aemviewer diff ASSET --a URL --b URL`: two real emulators with different libraries."""

from __future__ import annotations

import json

from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator import EmulatorServer
from tests.support.libraries import ASTRONAUT, CAT, COFFEE


def test_an_unchanged_asset_is_equal(run, emulator: EmulatorServer, changed_emulator: EmulatorServer) -> None:
    result = run("diff", COFFEE, "--a", emulator.base_url, "--b", changed_emulator.base_url, "--width", "160")

    assert result.code == 0, result.err
    assert "mean absolute difference 0.000, PSNR ∞ (identical) dB" in result.out
    assert "pixels: same" in result.out and "verdict: equal" in result.out


def test_a_changed_image_exits_9_with_sizes_and_difference(
    run, emulator: EmulatorServer, changed_emulator: EmulatorServer
) -> None:
    result = run(
        "diff",
        CAT,
        "--a",
        emulator.base_url,
        "--b",
        changed_emulator.base_url,
        "--width",
        "160",
        "--format",
        "png",
    )

    assert result.code == ExitCode.DIFFERENT == 9, result.err
    assert "pixels: differ: A 160×" in result.out and "(compared at 160×" in result.out
    assert "type: same (image/avif" in result.out  # auto-format answers AVIF to a modern browser
    assert "  etag: " in result.out
    assert "verdict: different" in result.out


def test_json_and_a_threshold(run, emulator: EmulatorServer, changed_emulator: EmulatorServer) -> None:
    result = run(
        "diff",
        COFFEE,
        "--a",
        emulator.base_url,
        "--b",
        changed_emulator.base_url,
        "--width",
        "120",
        "--accept",
        "curl",
        "--json",
        "--threshold",
        "2.5",
    )

    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["equal"] is True and document["threshold"] == 2.5
    assert document["a"]["contentType"] == document["b"]["contentType"] == "image/jpeg"
    assert document["image"]["meanAbsoluteDifference"] == 0 and document["image"]["psnrDb"] is None


def test_an_asset_missing_in_one_environment_is_stated(
    run, emulator: EmulatorServer, changed_emulator: EmulatorServer
) -> None:
    result = run(
        "diff", ASTRONAUT, "--a", emulator.base_url, "--b", changed_emulator.base_url, "--width", "100"
    )

    assert result.code == ExitCode.DIFFERENT
    assert "B: missing (404): the asset is not delivered there" in result.out
    assert result.out.startswith("A: 200 image/avif")


def test_missing_in_both_is_not_found(
    run, emulator: EmulatorServer, changed_emulator: EmulatorServer
) -> None:
    unknown = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"

    result = run("diff", unknown, "--a", emulator.base_url, "--b", changed_emulator.base_url)

    assert result.code == ExitCode.NOT_FOUND
    assert "answers 404 in both environments" in result.err


def test_a_threshold_out_of_range_is_bad_input(run, emulator: EmulatorServer) -> None:
    result = run("diff", COFFEE, "--a", emulator.base_url, "--b", emulator.base_url, "--threshold", "300")

    assert result.code == ExitCode.BAD_INPUT and "--threshold 300" in result.err
