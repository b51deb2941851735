"""`aemviewer check FILE`: run a checks file against a host; `check --merge` combines shard reports.

The checks themselves live in `aemviewer.qa.checks` (Qt-free, usable by the window); this module
reads the options, builds the two clients (with and without the token), and prints.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import replace
from pathlib import Path

from aemviewer.cli.check_report import CheckProgress, results_table, write_report_file
from aemviewer.cli.clients import command_pool
from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.console import Console
from aemviewer.cli.numbers import count, decimal
from aemviewer.cli.video_check import check_seconds, play_playlists
from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.tokens import TokenSource, bearer_value
from aemviewer.qa.checks.asset_checks import VIDEO_CHECK
from aemviewer.qa.checks.junit import junit_document, junit_results, read_and_merge
from aemviewer.qa.checks.model import ChecksFile
from aemviewer.qa.checks.parser import read_checks_file
from aemviewer.qa.checks.plan import CheckContext, PlannedCheck
from aemviewer.qa.checks.results import CheckResult, Outcome, run_exit_code
from aemviewer.qa.checks.runner import DEFAULT_JOBS, MAX_JOBS, plan_checks, run_checks
from aemviewer.qa.shard import parse_shard
from aemviewer.video.hls import MasterPlaylist
from aemviewer.video.loading import load_hls

EPILOG = """\
exit codes: 0 every check passed; 7 at least one check failed; 8 at least one check could not run
(the service was not reached or answered 5xx); 2 the checks file is malformed (the message names
the key and its line). docs/checks.md describes the file, sharding and a CI example.
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `check` subcommand."""
    parser = sub.add_parser(
        "check",
        help=LAZY_COMMANDS["check"].help,
        description="Run the checks of a TOML checks file against a host, concurrently, and print a "
        "table (or JSON); --junit writes JUnit XML for CI. With --merge, combine the JUnit files of "
        "several shards into one report instead.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="the checks file (with --merge: JUnit files)"
    )
    parser.add_argument("--junit", metavar="XML", help="write the results as JUnit XML to this file")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--jobs",
        type=count,
        default=DEFAULT_JOBS,
        metavar="N",
        help=f"checks at once, 1-{MAX_JOBS} (default {DEFAULT_JOBS})",
    )
    parser.add_argument("--shard", metavar="K/N", help="run only shard K of N (by asset; stable across runs)")
    parser.add_argument(
        "--play",
        type=decimal,
        metavar="SECONDS",
        help="video_plays: also decode every variant offscreen for SECONDS, as video-check does (loads Qt)",
    )
    parser.add_argument(
        "--merge", action="store_true", help="combine the JUnit files FILE… of several shards"
    )
    parser.set_defaults(run=run)


async def run(args: argparse.Namespace, console: Console) -> int:
    """Run the file (or merge reports) and return the exit code of the results."""
    if args.merge:
        return await _merge(args, console)
    if len(args.files) != 1:
        raise InvalidInput(
            "check runs one checks file at a time.", hint="Give one FILE, or --merge for JUnit files."
        )
    if args.play is not None:
        check_seconds(args.play, "--play")
    path = Path(args.files[0])
    checks = await asyncio.to_thread(read_checks_file, path)
    shard = parse_shard(args.shard) if args.shard else None
    plan = plan_checks(checks, shard)
    if not plan:
        console.note(f"shard {args.shard} holds none of the file's assets: nothing to check")
    results = await _run_plan(args, console, checks, plan) if plan else []
    suite = (checks.title or path.stem) + (f" (shard {args.shard})" if args.shard else "")
    return await _report(args, console, results, suite)


async def _run_plan(
    args: argparse.Namespace, console: Console, checks: ChecksFile, plan: list[PlannedCheck]
) -> list[CheckResult]:
    if getattr(args, "profile_settings", None) is None:
        # A profile names its host (None: the built-in emulator); the file's host is the fallback.
        args.base_url = args.base_url or checks.base_url
    first = parse_reference(parse_reference(plan[0].asset.ref).asset_id)
    # A bare id: the host comes from --base-url, the profile, the file or the demo, never an asset's URL.
    async with command_pool(args, console) as pool:
        endpoints = pool.endpoints_for(first)
        client = pool.client_for(endpoints)
        token = pool.policy.token if pool.carries_token(endpoints) else None
        async with pool.anonymous_client(endpoints) as anonymous:
            context = CheckContext(client, anonymous, has_token=bearer_value(token) is not None)
            progress = CheckProgress(console)
            try:
                results = await run_checks(plan, context, jobs=args.jobs, on_result=progress)
            finally:
                progress.finish()
        if args.play:
            results = [await _played(result, client, token, args) for result in results]
        return results


async def _played(
    result: CheckResult, client: DeliveryClient, token: TokenSource | None, args: argparse.Namespace
) -> CheckResult:
    """A passed `video_plays` result, confirmed (or not) by decoding every variant offscreen."""
    if result.check != VIDEO_CHECK or not result.passed or result.url is None:
        return result
    master = await load_hls(client, result.url)
    urls = [variant.uri for variant in master.variants] if isinstance(master, MasterPlaylist) else []
    # Blocking on purpose: every check has finished, and Qt's player runs its own event loop.
    probes = play_playlists(urls, client.endpoints.origin, token, seconds=args.play, timeout=args.timeout)
    failed = [f"{probe.url}: {probe.error or 'no frame decoded'}" for probe in probes if not probe.ok]
    if failed:
        return replace(result, outcome=Outcome.FAILED, message="; ".join(failed))
    decoded = ", ".join(f"{probe.width}×{probe.height} {probe.frames} frames" for probe in probes)
    return replace(result, message=f"{len(probes)} variants decoded: {decoded}")


async def _merge(args: argparse.Namespace, console: Console) -> int:
    document = await asyncio.to_thread(read_and_merge, [Path(name) for name in args.files])
    return await _report(args, console, junit_results(document), "", document=document)


async def _report(
    args: argparse.Namespace,
    console: Console,
    results: list[CheckResult],
    suite: str,
    *,
    document: bytes | None = None,
) -> int:
    if args.junit:
        data = document if document is not None else junit_document(results, suite)
        await asyncio.to_thread(write_report_file, Path(args.junit), data)
    if args.json:
        code = run_exit_code(results)
        console.print(
            json.dumps({"results": [r.to_json() for r in results], "exitCode": int(code)}, indent=2)
        )
    else:
        for line in results_table(results):
            console.print(line)
    return int(run_exit_code(results))
