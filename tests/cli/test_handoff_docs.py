"""docs/handoff.md stays true: every `console` example in it is run against the demo emulator and
its stdout compared with what the page shows (`…` in a shown line matches any text)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "handoff.md"
DOC_HOST = "https://delivery-p123-e456.adobeaemcloud.com"
BLOCK_RE = re.compile(r"```console\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, list[str]]]:
    """(command line, expected stdout lines) of every `$ ` line in a console block."""
    found: list[tuple[str, list[str]]] = []
    for block in BLOCK_RE.findall(DOC.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                found[-1][1].append(line)
    return found


def matches(expected: str, actual: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual) is not None


def test_the_page_has_examples_of_both_commands() -> None:
    commands = [shlex.split(command) for command, _ in examples()]
    assert {"html", "report"} <= {word for words in commands for word in words}


@pytest.mark.parametrize(("command", "expected"), examples(), ids=lambda value: str(value)[:60])
def test_each_example_prints_what_the_page_shows(
    command, expected, run, emulator, tokens, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # reports land here
    words = shlex.split(command)
    while "=" in words[0]:  # NAME=VALUE before the command, as a shell would take it
        name, _, value = words.pop(0).partition("=")
        monkeypatch.setenv(name, tokens["viewer"] if value == "$VIEWER_TOKEN" else value)
    assert words.pop(0) == "aemviewer"
    argv = [emulator.base_url if word == DOC_HOST else word for word in words]
    result = run(*argv)
    assert result.code == 0, result.err
    lines = result.out.replace(emulator.base_url, DOC_HOST).splitlines()
    assert len(lines) == len(expected), result.out
    for shown, printed in zip(expected, lines, strict=True):
        assert matches(shown, printed), (shown, printed)
