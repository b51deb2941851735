"""The report's video check from the window: `aemviewer video-check URL --json` in a child process.

The check plays every variant with a blocking Qt media loop of its own, which cannot run on the
window's GUI thread; a child process runs it while the window's event loop awaits its output. The
token travels only in the child's environment, never on its command line.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

from aemviewer.delivery.errors import PlaybackFailed
from aemviewer.delivery.tokens import DEFAULT_TOKEN_VARIABLE

CHECK_SECONDS = 2
"""How long each variant plays (as `aemviewer report` does)."""
CHECK_TIMEOUT = 180.0
"""Seconds the whole check may take before the child is stopped."""


def video_check_command(manifest_url: str, base_url: str) -> list[str]:
    """The child's command line: this interpreter, this package, the window's host; no token."""
    return [
        sys.executable,
        "-m",
        "aemviewer",
        "video-check",
        manifest_url,
        "--json",
        "--seconds",
        str(CHECK_SECONDS),
        "--base-url",
        base_url,
    ]


def child_environment(token: str | None) -> dict[str, str]:
    """This process's environment with the profile's token, or without any token when it has none
    (an `AEMVIEWER_TOKEN` of the shell must not stand in for the window's profile)."""
    environment = {name: value for name, value in os.environ.items() if name != DEFAULT_TOKEN_VARIABLE}
    if token:
        environment[DEFAULT_TOKEN_VARIABLE] = token
    return environment


async def run_video_check(
    manifest_url: str, base_url: str, token: str | None, *, timeout: float = CHECK_TIMEOUT
) -> dict[str, Any]:
    """The `video-check` report of `manifest_url` (failed variants included, `ok` false).

    Raises `PlaybackFailed` when the check printed no report (its error in the message) or took
    longer than `timeout`; the child is killed on timeout and on cancellation.
    """
    process = await asyncio.create_subprocess_exec(
        *video_check_command(manifest_url, base_url),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=child_environment(token),
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        raise PlaybackFailed(
            f"The video check of {manifest_url} did not finish within {timeout:g} seconds.",
            hint=f"Run `aemviewer video-check {manifest_url}` to watch it variant by variant.",
            url=manifest_url,
        ) from None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return _report(manifest_url, process.returncode, stdout, stderr)


def _report(manifest_url: str, code: int | None, stdout: bytes, stderr: bytes) -> dict[str, Any]:
    # A variant that does not play exits non-zero after printing the report: the report still counts.
    try:
        report = json.loads(stdout.decode("utf-8"))
    except ValueError:
        report = None
    if isinstance(report, dict) and isinstance(report.get("variants"), list):
        return report
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    said = lines[-1].strip() if lines else "no output"
    raise PlaybackFailed(
        f"The video check of {manifest_url} printed no report (exit code {code}): {said}",
        hint=f"Run `aemviewer video-check {manifest_url}` to see the whole message.",
        url=manifest_url,
    )
