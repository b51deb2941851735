"""`aemviewer check` and `check --merge` on the command line, against the demo emulator, the
changed library and a closed port: tables, exit codes, JUnit files, shards."""

from __future__ import annotations

import io
import json
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aemviewer.cli.check_report import CheckProgress
from aemviewer.cli.console import Console
from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator import EmulatorServer
from aemviewer.qa.checks.results import CheckResult, Outcome

EXAMPLE = str(Path(__file__).parents[2] / "docs" / "examples" / "demo-checks.toml")
ONE_CHECK = """\
[[asset]]
ref = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
name = "astronaut"
[asset.types]
curl = "image/jpeg"
"""


@pytest.fixture
def with_token(monkeypatch: pytest.MonkeyPatch, tokens: dict[str, str]) -> None:
    monkeypatch.setenv("AEMVIEWER_TOKEN", tokens["editor"])


def cases_in(path: Path) -> list[tuple[str, str]]:
    return [(case.get("classname", ""), case.get("name", "")) for case in ET.parse(path).iter("testcase")]


def test_the_example_passes_with_a_table_and_a_junit_file(run, with_token: None, tmp_path: Path) -> None:
    junit = tmp_path / "report.xml"

    result = run("check", EXAMPLE, "--junit", str(junit), "--jobs", "6")

    assert result.code == ExitCode.OK, result.out + result.err
    assert result.out.splitlines()[0].split() == ["result", "asset", "check", "found"]
    assert "19 checks: 19 passed, 0 failed, 0 could not run" in result.out
    assert "checked" not in result.err, "no progress line when stderr is not a terminal"
    root = ET.parse(junit).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("19", "0", "0")
    assert root.find("testsuite").get("name") == "Demo library release checks"  # type: ignore[union-attr]


def test_failed_checks_exit_7_and_say_what_was_found(
    run, with_token: None, changed_emulator: EmulatorServer, tmp_path: Path
) -> None:
    junit = tmp_path / "report.xml"

    result = run("check", EXAMPLE, "--base-url", changed_emulator.base_url, "--junit", str(junit), "--json")

    assert result.code == ExitCode.CHECKS_FAILED == 7, result.err
    document = json.loads(result.out)
    failed = {(r["asset"], r["outcome"]) for r in document["results"] if r["outcome"] != "passed"}
    assert ("astronaut (pasted URL)", "failed") in failed, "the removed asset fails"
    assert ("mosaic tour (video)", "failed") in failed, "the changed library has no videos"
    assert document["exitCode"] == 7
    failures = [case for case in ET.parse(junit).iter("testcase") if case.find("failure") is not None]
    assert any("(404)" in (case.find("failure").get("message") or "") for case in failures)  # type: ignore[union-attr]


def test_an_unreachable_service_exits_8(run, tmp_path: Path) -> None:
    checks = tmp_path / "checks.toml"
    checks.write_text(ONE_CHECK, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = run("check", str(checks), "--base-url", f"http://127.0.0.1:{port}")

    assert result.code == ExitCode.CHECKS_UNREACHABLE == 8, result.out + result.err
    assert "ERROR" in result.out and "1 could not run" in result.out


def test_a_malformed_file_exits_2_naming_the_key_and_line(run, tmp_path: Path) -> None:
    checks = tmp_path / "checks.toml"
    checks.write_text(ONE_CHECK.replace('curl = "image/jpeg"', "curl = 3"), encoding="utf-8")

    result = run("check", str(checks))

    assert result.code == ExitCode.BAD_INPUT
    assert f"{checks}, line 5: asset[0].types.curl: 3 is not a media type" in result.err
    assert result.out == ""


def test_three_shards_run_every_check_once_and_merge_into_the_whole_report(
    run, with_token: None, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.xml"
    assert run("check", EXAMPLE, "--junit", str(whole)).code == 0
    shards = [tmp_path / f"shard-{k}.xml" for k in (1, 2, 3)]
    for k, path in enumerate(shards, start=1):
        result = run("check", EXAMPLE, "--shard", f"{k}/3", "--junit", str(path))
        assert result.code == 0, result.err
    merged = tmp_path / "merged.xml"

    result = run("check", "--merge", *map(str, shards), "--junit", str(merged))

    assert result.code == 0, result.err
    ran = [case for path in shards for case in cases_in(path)]
    assert sorted(ran) == sorted(cases_in(whole)) == sorted(cases_in(merged))
    assert len(set(ran)) == len(ran) == 19
    assert "19 checks: 19 passed" in result.out


def test_merging_a_report_with_failures_exits_7(
    run, with_token: None, tmp_path: Path, changed_emulator
) -> None:
    failing = tmp_path / "failing.xml"
    run("check", EXAMPLE, "--base-url", changed_emulator.base_url, "--shard", "1/3", "--junit", str(failing))
    not_xml = tmp_path / "notes.xml"
    not_xml.write_text("not xml", encoding="utf-8")

    assert run("check", "--merge", str(failing)).code == ExitCode.CHECKS_FAILED
    refused = run("check", "--merge", str(failing), str(not_xml))
    assert refused.code == ExitCode.BAD_INPUT and "notes.xml is not JUnit XML" in refused.err


def test_progress_is_one_line_rewritten_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = CheckProgress(Console(io.StringIO(), terminal))
    progress(CheckResult("a", "x", Outcome.PASSED), 1, 2)
    progress(CheckResult("a", "y", Outcome.FAILED), 2, 2)
    progress.finish()

    assert terminal.getvalue() == "\rchecked 1/2, 0 not passed\rchecked 2/2, 1 not passed\n"


def test_the_file_base_url_is_used_when_the_command_line_names_no_host(
    run, monkeypatch: pytest.MonkeyPatch, changed_emulator: EmulatorServer, tmp_path: Path
) -> None:
    monkeypatch.delenv("AEMVIEWER_BASE_URL")
    checks = tmp_path / "checks.toml"
    checks.write_text(f'base_url = "{changed_emulator.base_url}"\n' + ONE_CHECK, encoding="utf-8")
    junit = tmp_path / "report.xml"

    result = run("check", str(checks), "--shard", "1/1", "--junit", str(junit))

    assert result.code == ExitCode.CHECKS_FAILED, "the astronaut is not in the changed library"
    assert changed_emulator.base_url in result.out
    assert ET.parse(junit).getroot().find("testsuite").get("name") == "checks (shard 1/1)"  # type: ignore[union-attr]
