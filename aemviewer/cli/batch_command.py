"""`aemviewer get`: one asset, or a whole list (`--from-file`), saved with resumable downloads.

One ASSET saves one file (or one per `--rendition` / `--format` given), named by the server's
`Content-Disposition`, else the DAM file name (originals) or the URL's seoName; `-o` may name the
file itself. A list saves every entry into the `-o` folder, `--jobs` at a time, named by `--name`,
with a progress line on a terminal and a summary at the end (`--report` writes it as CSV).

Exit codes: 0 only when every file was saved; otherwise the highest code among the failures
(6 local file > 5 network or server > 4 authentication > 3 not found > 2 bad input > 1 other),
see `aemviewer.saving.batch_summary`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from aemviewer.cli.clients import command_pool, metadata_source
from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.console import Console
from aemviewer.cli.get_list import save_list, write_report
from aemviewer.cli.modifier_options import add_modifier_options, modifiers_from_options
from aemviewer.cli.numbers import count
from aemviewer.delivery.client_pool import ClientPool
from aemviewer.delivery.errors import InvalidInput, NotFound
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.renditions import explain_missing_rendition
from aemviewer.qa.shard import entry_key, parse_shard
from aemviewer.saving.batch import BatchItem, BatchSelection, ItemKind, batch_items, delivered_instead
from aemviewer.saving.batch_list import BatchEntry, parse_batch_list, read_batch_file
from aemviewer.saving.batch_summary import BatchSummary
from aemviewer.saving.download import ExistingFile, SavedFile
from aemviewer.saving.download_queue import DEFAULT_PARALLEL, MAX_PARALLEL
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.filenames import (
    extension_correction,
    has_known_extension,
    safe_file_name,
    suggested_file_name,
)
from aemviewer.saving.naming import DEFAULT_MULTI_PATTERN, DEFAULT_PATTERN, PLACEHOLDERS
from aemviewer.saving.transfer import Destination, download

STDIN = "-"
GET_EPILOG = """\
A list (--from-file) has one id or delivery URL per line (# comments), or is a CSV file whose header
names the column (id, asset, url, …). Each entry saves what --original, --rendition and --format
ask for (all combined), or, without them, what its URL names. Files are named by --name; names
that would repeat get ' (1)', ' (2)', … so that no file of the list replaces another. An interrupted
download leaves NAME.aemviewer-part and NAME.aemviewer-part.json; running the same command again
continues it.

--shard K/N saves only the entries of shard K (by asset id, stable across runs), so N jobs share a
list; their --report CSV files have one header line each: concatenate them without the repeats.

exit codes: 0 when every file was saved; otherwise the highest code among the failures:
6 local file > 5 network or server > 4 authentication > 3 not found > 2 bad input > 1 other.
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `get` subcommand."""
    parser = sub.add_parser(
        "get",
        help=LAZY_COMMANDS["get"].help,
        epilog=GET_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_get_arguments(parser)
    parser.set_defaults(run=get)


def add_get_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `get`."""
    parser.add_argument("asset", metavar="ASSET", nargs="?", help="an asset id or delivery URL")
    parser.add_argument(
        "--from-file",
        metavar="LIST",
        help="save every entry of a text file (one id or URL per line) or CSV file ('-': stdin)",
    )
    what = parser.add_argument_group("what to save (several may be combined)")
    what.add_argument("--original", action="store_true", help="the uploaded file, unchanged")
    what.add_argument(
        "--rendition", action="append", metavar="NAME", help="a rendition generated on author (repeatable)"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE_OR_DIR", help="target file or folder (default: .); a folder for lists"
    )
    overwrite = parser.add_mutually_exclusive_group()
    overwrite.add_argument("--force", action="store_true", help="overwrite an existing file")
    overwrite.add_argument(
        "--rename", action="store_true", help="save as 'name (1).ext' when the file exists"
    )
    batch = parser.add_argument_group("lists")
    batch.add_argument(
        "--jobs",
        type=count,
        default=DEFAULT_PARALLEL,
        metavar="N",
        help=f"downloads at once, 1-{MAX_PARALLEL} (default {DEFAULT_PARALLEL})",
    )
    batch.add_argument(
        "--name",
        metavar="PATTERN",
        help="file names: "
        + " ".join(f"{{{key}}}" for key in PLACEHOLDERS)
        + f" (default {DEFAULT_PATTERN}, or {DEFAULT_MULTI_PATTERN} with several files per entry)",
    )
    batch.add_argument(
        "--report",
        metavar="CSV",
        help="write the summary as CSV to this file (an existing one: --force/--rename)",
    )
    batch.add_argument(
        "--shard",
        metavar="K/N",
        help="save only shard K of N of the list (by asset id; stable across runs), e.g. one per CI job",
    )
    add_modifier_options(parser, repeatable_format=True)


async def get(args: argparse.Namespace, console: Console) -> int:
    """Save one asset's file(s), or every entry of a list; returns the exit code."""
    if bool(args.asset) == bool(args.from_file):
        raise InvalidInput(
            "get needs either an ASSET or --from-file LIST."
            if not args.asset
            else "Give ASSET or --from-file, not both.",
            hint="aemviewer get ASSET -o DIR, or aemviewer get --from-file assets.txt -o DIR.",
        )
    if not 1 <= args.jobs <= MAX_PARALLEL:
        raise InvalidInput(f"--jobs {args.jobs} is out of range.", hint=f"Use 1 to {MAX_PARALLEL}.")
    existing = (
        ExistingFile.OVERWRITE if args.force else ExistingFile.RENAME if args.rename else ExistingFile.REFUSE
    )
    modifiers = modifiers_from_options(args, ImageModifiers(), console)
    selection = BatchSelection(
        original=args.original,
        renditions=tuple(args.rendition or ()),
        formats=tuple(args.format or ()),
        modifiers=None if modifiers.is_default else modifiers,
    ).check()
    if args.from_file:
        entries = await asyncio.to_thread(_read_list, args.from_file)
        if args.shard:
            shard = parse_shard(args.shard)
            entries = shard.select(
                entries, lambda entry: entry_key(entry.ref.asset_id if entry.ref else None, entry.text)
            )
            if not entries:
                # An empty shard is normal when a short list is spread over many jobs.
                console.note(f"shard {args.shard} holds none of the list's entries: nothing to save")
                if args.report:
                    await write_report(BatchSummary(()), Path(args.report), existing)
                return 0
        return await save_list(args, console, entries, selection, existing)
    if args.shard:
        raise InvalidInput(
            "--shard splits a list: it needs --from-file.", hint="Leave out --shard for one asset."
        )
    entry = BatchEntry(1, args.asset, ref=parse_reference(args.asset))
    async with command_pool(args, console, args.asset) as pool:
        items, unusable = batch_items([entry], selection, pool.endpoints_for)
        if unusable:
            raise unusable[0][1]
        if len(items) == 1:
            saved = await _save_one_explained(args, console, pool, items[0], existing)
            console.print(str(saved.path))
            instead = delivered_instead(items[0], saved.content_type)
            correction = (
                extension_correction(Path(args.output).name, saved.path.name, saved.content_type)
                if args.output and saved.path.parent != Path(args.output)
                else None
            )
            if correction is not None and not instead:
                # A typed name whose extension names another type (-o photo.png for a JPEG original).
                instead = correction.reason() + correction.taken_note()
            if instead:
                console.note(f"warning: {instead}; saved as {saved.path.name} so its extension matches")
            resumed = f", continuing from byte {saved.resumed_from:,}" if saved.resumed_from else ""
            console.note(
                f"saved {saved.byte_count:,} bytes ({saved.content_type or 'unknown type'}) "
                f"from {saved.url}{resumed}"
            )
            return 0
    return await save_list(args, console, [entry], selection, existing)


# --- one file -------------------------------------------------------------------------------------


async def _save_one(
    args: argparse.Namespace, console: Console, pool: ClientPool, item: BatchItem, existing: ExistingFile
) -> SavedFile:
    output = Path(args.output) if args.output else Path.cwd()
    client = pool.client_for(item.endpoints)
    if output.is_dir():
        fallback = item.asset.seo_name or "image"
        default_name = suggested_file_name(None, item.url, "", fallback)
        if item.kind is ItemKind.ORIGINAL:
            # The uploaded file's own name is the best default; the metadata knows it (with a token).
            metadata = await metadata_source(pool)(item)
            if metadata is not None and metadata.file_name:
                default_name = safe_file_name(metadata.file_name, fallback=default_name)
        destination = Destination(output, None, default_name=default_name, existing=existing)
    else:
        # A typed name is kept, except an extension that would lie about the delivered bytes;
        # --force replaces the file named, never another one the fitted name happens to hit.
        destination = Destination(
            output.parent,
            output.name,
            existing=existing,
            fit_extension=has_known_extension(output.name),
            existing_if_fitted=ExistingFile.RENAME if existing is ExistingFile.OVERWRITE else None,
        )
    progress = console.progress(destination.name or destination.default_name)
    saved = await download(ClientSource(client, item.url, item.accept), destination, progress=progress.update)
    progress.finish()
    return saved


async def _save_one_explained(
    args: argparse.Namespace, console: Console, pool: ClientPool, item: BatchItem, existing: ExistingFile
) -> SavedFile:
    """`_save_one`; a rendition's 404 says whether the asset or only the rendition is missing."""
    try:
        return await _save_one(args, console, pool, item, existing)
    except NotFound as error:
        if item.kind is not ItemKind.RENDITION or item.rendition is None:
            raise
        client = pool.client_for(item.endpoints)
        raise await explain_missing_rendition(
            error, item.asset.asset_id, item.rendition, lambda: client.metadata(item.asset.asset_id)
        ) from error


def _read_list(name: str) -> list[BatchEntry]:
    if name == STDIN:
        return parse_batch_list(sys.stdin.read())
    return read_batch_file(Path(name))
