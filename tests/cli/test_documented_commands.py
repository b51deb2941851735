"""Every command line README.md and docs/*.md show in a fenced block works as shown.

Each `url`, `meta`, `get`, `formats`, `video-check`, `html`, `report`, `check` and `diff` line runs as a real process against the demo
emulator: hosts in the line are rewritten to it, synopsis lines are reduced to their required part
(optional `[…]` groups dropped, placeholders such as ASSET filled in), files go to a temporary folder.
`serve` lines start the server and stop it. Lines that cannot run here are skipped with the reason
(`pytest -rs` lists them): the window, `install-desktop`, the generic synopsis.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from aemviewer.cli.main import build_parser, with_window_command
from aemviewer.emulator import EmulatorServer, Library
from aemviewer.workspace.profile_store import ProfileStore, default_profiles_path
from aemviewer.workspace.profiles import Profile
from tests.support.video_library import PUBLIC_VIDEO

from .cli_support import Result, run_process

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN = ("url", "meta", "get", "formats", "video-check", "html", "report", "check", "diff")
CHECKS_EXAMPLE = ROOT / "docs" / "examples" / "demo-checks.toml"
VALUE_OPTIONS = ("--base-url", "--timeout", "--profile")
CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
PROFILE = "Docs"
SKIPPED = {
    "window": "opens the window: only its parsing is checked here (tests/ui drive the window)",
    "install-desktop": "changes the desktop's menus",
    "COMMAND": "the generic synopsis; each command has its own line",
    "--self-test": "plays video offscreen for a minute (tests/packaging runs it on the frozen app)",
    "--version": "prints the version only",
    "--merge": "merges the JUnit files of earlier `check --junit` runs (tests/cli/test_check*.py run both)",
}
HOST = re.compile(r"https?://[^\s/\"'?]+")
ASSET_ID = re.compile(r"urn:aaid:aem:[0-9a-f-]{36}")


@dataclass(frozen=True)
class DocumentedLine:
    where: str
    text: str

    @property
    def argv(self) -> list[str]:
        return shlex.split(_required_part(self.text))[1:]

    @property
    def command(self) -> str:
        argv = self.argv
        index = 0
        while index < len(argv) and argv[index].startswith("-"):
            if argv[index] in ("--self-test", "--version"):
                return argv[index]
            index += 2 if argv[index] in VALUE_OPTIONS else 1
        known = (*RUN, *SKIPPED, "serve")
        return argv[index] if index < len(argv) and argv[index] in known else "window"


def _documented_lines() -> list[DocumentedLine]:
    lines = []
    for document in DOCUMENTS:
        fenced = False
        for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            if text.startswith("```"):
                fenced = not fenced
                continue
            text = text.removeprefix("$ ")
            if fenced and re.match(r"aemviewer(\s|$)", text):
                # A description column (README's synopsis) or a comment is not part of the command.
                text = re.split(r"\s{4,}|\s+#\s", text)[0]
                lines.append(DocumentedLine(f"{document.relative_to(ROOT)}:{number}", text))
    return lines


def _required_part(text: str) -> str:
    """The synopsis without its optional `[…]` groups and repetition marks."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\[[^\[\]]*\]…?", "", text)
    return text.replace("…", "")


LINES = _documented_lines()


@dataclass
class Workspace:
    folder: Path
    emulator_url: str
    env: dict[str, str]

    def argv_of(self, line: DocumentedLine) -> list[str]:
        """The line's arguments with hosts on the emulator and placeholders filled in; creates the
        files and folders the line names (a list, an output folder)."""
        argv = [HOST.sub(self.emulator_url, arg) for arg in line.argv]
        filled = []
        for index, arg in enumerate(argv):
            before = argv[index - 1] if index else ""
            if arg == "ASSET":
                arg = CHELSEA
            elif arg == "ASSET_OR_MANIFEST_URL":
                arg = PUBLIC_VIDEO
            elif (arg == "URL" and before == "--base-url") or arg == "PROFILE|URL":
                arg = self.emulator_url
            elif arg == "FILE" or (arg.endswith(".toml") and "check" in argv):
                arg = "checks.toml" if arg == "FILE" else arg
                (self.folder / arg).write_text(CHECKS_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
            elif arg == "NAME" and before == "--profile":
                arg = PROFILE
            elif before == "--from-file":
                (self.folder / arg).write_text(f"{CHELSEA}\n{self.emulator_url}/adobe/assets/{CHELSEA}\n")
            elif before in ("-o", "--output"):
                arg = str(self.folder / "downloads") if arg.startswith("~") or arg.isupper() else arg
                if "--from-file" in argv or not Path(arg).suffix:
                    (self.folder / arg).mkdir(parents=True, exist_ok=True)
            filled.append(arg)
        return filled


@pytest.fixture
def workspace(tmp_path: Path, emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    ProfileStore(default_profiles_path()).save_profile(Profile(name=PROFILE, base_url=emulator.base_url))
    folder = tmp_path / "work"
    folder.mkdir()
    env = {"XDG_CONFIG_HOME": str(config), "AEMVIEWER_BASE_URL": emulator.base_url, "AEMVIEWER_TOKEN": ""}
    return Workspace(folder, emulator.base_url, env)


def _run_in(folder: Path, argv: list[str], env: dict[str, str]) -> Result:
    here = Path.cwd()
    os.chdir(folder)
    try:
        return run_process(*argv, env={**env, "PYTHONPATH": str(ROOT)})
    finally:
        os.chdir(here)


def test_the_documents_show_every_command() -> None:
    commands = {line.command for line in LINES}
    assert set(RUN) | {"serve", "window"} <= commands, commands


@pytest.mark.parametrize("line", LINES, ids=[line.where for line in LINES])
def test_a_documented_command_line_works(
    line: DocumentedLine, workspace: Workspace, demo: Library, tokens: dict[str, str]
) -> None:
    command = line.command
    if command == "window":
        parser = build_parser()
        argv = [CHELSEA if arg == "ASSET" else arg for arg in line.argv]
        # Without a command, `main` opens the window too.
        assert parser.parse_args(with_window_command(parser, argv)).command in (None, "window"), line.where
    if "--merge" in line.argv:
        command = "--merge"
    if command in SKIPPED:
        pytest.skip(f"{line.text!r}: {SKIPPED[command]}")
    if command == "serve":
        pytest.skip(f"{line.text!r}: started and stopped by test_documented_serve_lines_start_and_stop")
    unknown = set(ASSET_ID.findall(line.text)) - set(demo.assets)
    if unknown:
        pytest.skip(f"{line.text!r}: names assets of a real host ({', '.join(sorted(unknown))})")
    assert command in RUN, f"{line.where}: {line.text!r} is no command this test knows"
    before = {path for path in workspace.folder.rglob("*")}

    env = workspace.env
    if command == "check":  # the documented example includes restricted assets (docs/checks.md)
        env = {**env, "AEMVIEWER_TOKEN": tokens["editor"]}
    result = _run_in(workspace.folder, workspace.argv_of(line), env)

    assert result.code == 0, f"{line.where}: {line.text}\n{result.err}"
    if command in ("get", "report"):
        written = [path for path in workspace.folder.rglob("*") if path.is_file() and path not in before]
        assert written and all(path.stat().st_size > 0 for path in written), result.err
    else:
        assert result.out.strip(), result.err


def test_documented_serve_lines_start_and_stop(workspace: Workspace) -> None:
    serve_lines = [line for line in LINES if line.command == "serve"]
    assert serve_lines
    for line in serve_lines:
        argv = [arg for arg in line.argv]
        if "--port" in argv:  # the documented port may be taken here: any free one
            argv[argv.index("--port") + 1] = "0"
        server = subprocess.Popen(
            [sys.executable, "-m", "aemviewer", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            assert server.stdout is not None
            base_url = server.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:"), f"{line.where}: {base_url!r}"
            fetched = _run_in(workspace.folder, ["meta", CHELSEA, "--base-url", base_url], workspace.env)
            assert fetched.code == 0 and "451" in fetched.out, fetched.err
        finally:
            server.send_signal(signal.SIGINT)
            _out, err = server.communicate(timeout=30)
        assert server.returncode == 0, f"{line.where}: {err}"
