"""`aemviewer report ASSET -o report.html`: a self-contained QA report of one asset to attach to a
ticket — metadata, the preview with its headers, the Formats matrix, the smart-crop sheet, the video
check and this asset's History rows, whichever `--include` names."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
from pathlib import Path

from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.commands import delivery_client
from aemviewer.cli.console import Console
from aemviewer.cli.modifier_options import add_modifier_options, modifiers_from_options
from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.delivery.errors import DeliveryError, TargetExists
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.tokens import DEFAULT_TOKEN_VARIABLE
from aemviewer.handoff.report import (
    ALL_SECTIONS,
    ReportContents,
    ReportSection,
    gather_report,
    parse_sections,
)
from aemviewer.handoff.report_file import write_report
from aemviewer.workspace.history import HistoryEntry, HistoryStore, default_history_path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `report` subcommand."""
    sections = ",".join(section.value for section in ALL_SECTIONS)
    parser = sub.add_parser(
        "report",
        help=LAZY_COMMANDS["report"].help,
        description="Fetch what the service delivers for an asset and write one HTML file with images "
        "embedded, no scripts and no external requests; tokens, cookies and other secrets are redacted.",
    )
    parser.add_argument("asset", metavar="ASSET")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    parser.add_argument(
        "--include",
        default=sections,
        metavar="SECTIONS",
        help=f"comma-separated sections (default all: {sections}); video only applies to videos",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_modifier_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Gather the sections, render them, write the file atomically."""
    target = Path(args.output)
    if target.exists() and not args.force:
        raise TargetExists(
            f"{target} exists: the report was not written.",
            hint="Give another -o, or --force to overwrite it.",
        )
    sections = parse_sections(args.include)
    # Its own loop: the video check that may follow runs one of its own, which cannot nest.
    contents = asyncio.run(_gather(args, console, sections))
    if contents.is_video and ReportSection.VIDEO in sections:
        contents = _with_video_check(args, contents, console)
    written = write_report(contents, target, secrets=_secrets(args))
    for problem in contents.problems:
        console.note(f"warning: {problem}")
    console.print(f"{target} ({short_bytes(written)})")
    return 0


async def _gather(
    args: argparse.Namespace, console: Console, sections: tuple[ReportSection, ...]
) -> ReportContents:
    ref = parse_reference(args.asset)
    modifiers = modifiers_from_options(args, ref.modifiers, console, image_format=ref.format)
    history = _history() if ReportSection.HISTORY in sections else []
    async with delivery_client(args, ref, console) as client:
        fmt = args.format or ref.format or "jpg"
        preview = client.endpoints.image(ref, modifiers if not modifiers.is_default else None, format=fmt)
        return await gather_report(
            client,
            ref.asset_id,
            sections=sections,
            preview_url=preview,
            modifiers=modifiers,
            history=history,
            progress=lambda step: console.note(f"fetching {step}"),
        )


def _history() -> list[HistoryEntry]:
    return HistoryStore(default_history_path()).load()


def _with_video_check(args: argparse.Namespace, contents: ReportContents, console: Console) -> ReportContents:
    """The contents with `video-check`'s results; a check that cannot run is listed as a problem."""
    from aemviewer.cli.video_check import DEFAULT_SECONDS, check_variants

    check_args = argparse.Namespace(**{**vars(args), "target": args.asset, "seconds": DEFAULT_SECONDS})
    console.note("playing every variant of the video")
    try:
        report = check_variants(check_args, console)
    except DeliveryError as error:
        problems = (*contents.problems, f"video check: {error.message}")
        return dataclasses.replace(contents, problems=problems)
    return dataclasses.replace(contents, video=report)


def _secrets(args: argparse.Namespace) -> list[str]:
    """Token values that must not appear in the file even if a server echoed one back."""
    values = [os.environ.get(DEFAULT_TOKEN_VARIABLE, "")]
    settings = getattr(args, "profile_settings", None)
    if settings is not None:
        source = settings.profile.token_source()
        values.append((source.token() if source is not None else None) or "")
    return [value.strip() for value in values if value.strip()]
