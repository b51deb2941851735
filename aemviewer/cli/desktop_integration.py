"""`aemviewer install-desktop`: the launcher entry, icons and AppStream data for Linux desktops.

Files go to the XDG data folder (`$XDG_DATA_HOME`, else `~/.local/share`): `applications/`,
`icons/hicolor/<size>/apps/`, `metainfo/`. The launcher's `Exec` names the `aemviewer` that runs
this command, so an install inside a virtual environment starts from the menu too.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.console import Console
from aemviewer.delivery.errors import InvalidInput, LocalFileError
from aemviewer.resources import DESKTOP_ID as APP_ID
from aemviewer.resources import resources_root

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `install-desktop` subcommand."""
    parser = sub.add_parser("install-desktop", help=LAZY_COMMANDS["install-desktop"].help)
    parser.add_argument("--uninstall", action="store_true", help="remove what install-desktop added")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="XDG data folder (default: $XDG_DATA_HOME or ~/.local/share)"
    )
    parser.set_defaults(run=run)


def planned_files(data_dir: Path) -> dict[Path, Path | None]:
    """Target → source file (None: the launcher, written from the template)."""
    desktop = resources_root() / "desktop"
    icons = resources_root() / "icons"
    files: dict[Path, Path | None] = {
        data_dir / "applications" / f"{APP_ID}.desktop": None,
        data_dir / "metainfo" / f"{APP_ID}.metainfo.xml": desktop / f"{APP_ID}.metainfo.xml",
        data_dir / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": icons / "aemviewer.svg",
    }
    for size in ICON_SIZES:
        target = data_dir / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        files[target] = icons / f"aemviewer-{size}.png"
    return files


def launcher_text(executable: str) -> str:
    """The `.desktop` file with `Exec`/`TryExec` pointing at `executable`."""
    template = (resources_root() / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={shlex.quote(executable)} window %u"
        elif line.startswith("TryExec="):
            line = f"TryExec={executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _executable() -> str:
    script = Path(sys.argv[0])
    if script.name == "aemviewer" and script.is_file():
        return str(script.resolve())
    # `python -m aemviewer` from a virtual environment: its script sits beside its interpreter.
    beside = Path(sys.executable).parent / "aemviewer"
    if beside.is_file():
        return str(beside)
    found = shutil.which("aemviewer")
    if found:
        return found
    raise InvalidInput(
        "Cannot tell where the aemviewer command is installed.",
        hint="Install aemviewer (pip install .) so that its `aemviewer` command exists, then run this again.",
    )


def run(args: argparse.Namespace, console: Console) -> int:
    """Install or remove the desktop files."""
    if not sys.platform.startswith("linux"):
        raise InvalidInput(
            "install-desktop writes freedesktop.org files, which only Linux desktops read.",
            hint="See the README's install section for Windows and macOS.",
        )
    data_dir = Path(args.data_dir or os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    files = planned_files(data_dir)
    try:
        if args.uninstall:
            for target in files:
                if target.exists():
                    target.unlink()
                    console.print(f"removed {target}")
        else:
            launcher = launcher_text(_executable())
            for target, source in files.items():
                target.parent.mkdir(parents=True, exist_ok=True)
                if source is None:
                    target.write_text(launcher, encoding="utf-8")
                else:
                    shutil.copyfile(source, target)
                console.print(f"installed {target}")
    except OSError as exc:
        raise LocalFileError(
            f"Could not write the desktop files under {data_dir}: {exc.strerror or exc}.",
            hint="Choose a folder you can write to with --data-dir.",
        ) from exc
    _refresh_caches(data_dir)
    return 0


def _refresh_caches(data_dir: Path) -> None:
    # Menus pick new entries up by themselves on most desktops; these make it immediate where present.
    for command in (
        ["update-desktop-database", str(data_dir / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", str(data_dir / "icons" / "hicolor")],
    ):
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True)
