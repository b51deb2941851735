"""The command line imports a command's module only when that command runs.

Each case runs `aemviewer.cli.main.main` in a fresh process, with an import hook that notes which
`aemviewer.cli` modules were loaded at the moment httpx was first asked for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aemviewer.cli.command_table import LAZY_COMMANDS

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"

PROBE = """
import json, sys
seen = {}

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "httpx" and "at_httpx" not in seen:
            seen["at_httpx"] = sorted(m for m in sys.modules if m.startswith("aemviewer.cli"))
        return None

sys.meta_path.insert(0, Watch())
from aemviewer.cli.main import main
try:
    seen["code"] = main(sys.argv[1:])
except SystemExit as leaving:
    seen["code"] = leaving.code
seen["loaded"] = sorted(m for m in sys.modules if m.startswith("aemviewer.cli"))
seen["emulator"] = "aemviewer.emulator" in sys.modules
print(json.dumps(seen))
"""


def probe(*argv: str) -> dict[str, object]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("AEMVIEWER_BASE_URL", None)
    environment["PYTHONPATH"] = os.pathsep.join([str(Path.cwd()), environment.get("PYTHONPATH", "")])
    finished = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(finished.stdout.strip().splitlines()[-1])
    return result


def lazy_modules(modules: object) -> set[str]:
    assert isinstance(modules, list)
    return {command.module for command in LAZY_COMMANDS.values()} & set(modules)


def test_url_parses_without_httpx_and_loads_it_when_it_runs() -> None:
    result = probe("--base-url", "https://delivery-p1-e2.adobeaemcloud.com", "url", CHELSEA, "--width", "300")
    assert result["code"] == 0
    # httpx is first asked for while the command's module loads, after the parsing.
    assert "aemviewer.cli.commands" in result["at_httpx"]  # type: ignore[operator]
    assert lazy_modules(result["loaded"]) == {"aemviewer.cli.lookup_commands"}


def test_a_lazy_command_loads_its_own_module_only() -> None:
    result = probe("get", "--help")
    assert result["code"] == 0
    assert lazy_modules(result["loaded"]) == {"aemviewer.cli.batch_command"}


def test_version_and_help_load_no_command_and_no_httpx() -> None:
    for argv in (["--version"], ["--help"]):
        result = probe(*argv)
        assert result["code"] == 0
        assert "at_httpx" not in result
        assert not lazy_modules(result["loaded"])
        assert "aemviewer.cli.commands" not in result["loaded"]  # type: ignore[operator]


def test_a_command_given_a_host_never_loads_the_emulator() -> None:
    # Port 9 (discard) refuses the connection: the command fails, having loaded what it needed.
    result = probe("--base-url", "http://127.0.0.1:9", "meta", CHELSEA)
    assert result["code"] == 5
    assert result["emulator"] is False
    result = probe("meta", CHELSEA)  # no host: the demo library
    assert result["code"] == 0
    assert result["emulator"] is True
