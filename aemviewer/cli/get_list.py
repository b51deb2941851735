"""The list side of `aemviewer get --from-file`: every entry's files saved into one folder, `--jobs`
at a time, with a status line on a terminal, then a summary (and `--report` as CSV).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from pathlib import Path

from aemviewer.cli.clients import command_pool, metadata_source
from aemviewer.cli.console import Console
from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.delivery.errors import InvalidInput, LocalFileError
from aemviewer.delivery.printable import printable
from aemviewer.saving.batch import BatchSelection
from aemviewer.saving.batch_list import BatchEntry
from aemviewer.saving.batch_run import NO_FILE, BatchOptions, BatchServices, start_batch
from aemviewer.saving.batch_summary import BatchSummary, Outcome
from aemviewer.saving.disk import resolve_existing, save_bytes
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.download_job import DownloadJob, JobState
from aemviewer.saving.download_queue import DownloadQueue
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.naming import DEFAULT_MULTI_PATTERN, DEFAULT_PATTERN, check_pattern


async def save_list(
    args: argparse.Namespace,
    console: Console,
    entries: list[BatchEntry],
    selection: BatchSelection,
    existing: ExistingFile,
) -> int:
    """Save the files of `entries` into the `-o` folder; the exit code of the whole list."""
    if not entries:
        raise InvalidInput(f"The list {args.from_file} has no entries.", hint="Put one id or URL per line.")
    output = Path(args.output) if args.output else Path.cwd()
    if output.exists() and not output.is_dir():
        raise InvalidInput(
            f"{output} is a file; a list is saved into a folder.", hint="Give an existing folder as -o DIR."
        )
    if not output.is_dir():
        raise LocalFileError(
            f"The folder {output} does not exist.", hint="Create it, or give an existing -o DIR."
        )
    pattern = check_pattern(
        args.name or (DEFAULT_MULTI_PATTERN if selection.files_per_entry > 1 else DEFAULT_PATTERN)
    )
    if args.report:
        # Refused before anything is downloaded rather than after the whole list.
        resolve_existing(Path(args.report), existing)
    async with command_pool(args, console, args.asset) as pool:
        queue = DownloadQueue(args.jobs)
        services = BatchServices(
            endpoints_for=pool.endpoints_for,
            source_for=lambda item: ClientSource(pool.client_for(item.endpoints), item.url, item.accept),
            metadata=metadata_source(pool),
        )
        count = len(entries)
        entries_text = f"{count} entr{'y' if count == 1 else 'ies'}"
        console.note(f"saving the files of {entries_text} into {output}, {queue.limit} at a time")
        display = ListProgress(console, queue)
        batch = await start_batch(
            entries, selection, BatchOptions(output, pattern, existing), services, queue
        )
        try:
            await queue.join()
        except asyncio.CancelledError:
            # Ctrl-C: the parts stay for the next run; what was saved before it still gets said.
            queue.stop_all()
            display.finish()
            print_summary(console, batch.summary(), output)
            raise
        display.finish()
    summary = batch.summary()
    for result in summary.results:
        if result.outcome is Outcome.SAVED and result.path is not None:
            console.print(str(result.path))
            if result.note:
                console.note(f"warning: line {result.line}: {result.note}; saved as {result.path.name}")
    print_summary(console, summary, output, withheld=pool.withheld_from())
    if args.report:
        written = await write_report(summary, Path(args.report), existing)
        console.note(f"summary written to {written}")
    return int(summary.exit_code)


def print_summary(
    console: Console, summary: BatchSummary, folder: Path, *, withheld: Sequence[str] = ()
) -> None:
    """The end of a list on stderr: counts, the hosts asked without the token (`withheld`: it is
    bound to one host, and a list never extends it), then each failure with its reason and hint."""
    failed = summary.failed
    total = len(summary.results)
    saved = total - len(failed)
    text = f"{saved} of {total} file{'s' if total != 1 else ''} saved into {folder}"
    console.note(f"{text}, {len(failed)} failed:" if failed else f"{text}.")
    if withheld:
        hosts = ", ".join(printable(host) for host in withheld)
        console.note(f"sent without the token (it goes only to the host it is bound to): {hosts}")
    for result in failed:
        entry = printable(result.entry if len(result.entry) <= 70 else result.entry[:69] + "…")
        reason = printable(result.reason)
        what = f" ({result.what})" if result.what != NO_FILE else ""
        console.err.write(f"  line {result.line}: {entry}{what}: {reason}\n")
        if result.error is not None and result.error.hint:
            console.err.write(f"    hint: {printable(result.error.hint)}\n")
    if failed:
        code = summary.exit_code
        console.note(
            f"exit code {int(code)} ({code.name.lower().replace('_', ' ')}): the highest among the failures"
        )
    console.err.flush()


async def write_report(summary: BatchSummary, path: Path, existing: ExistingFile) -> Path:
    """`--report`: the summary as CSV; raises `LocalFileError` when it cannot be written."""
    try:
        return await asyncio.to_thread(save_bytes, summary.csv_text().encode("utf-8-sig"), path, existing)
    except OSError as exc:
        raise LocalFileError(
            f"Could not write the summary to {path}: {exc.strerror or exc}.",
            hint="Choose another --report file.",
        ) from exc


class ListProgress:
    """One status line on a terminal while a list downloads (silent otherwise)."""

    def __init__(self, console: Console, queue: DownloadQueue) -> None:
        self.stream = console.err if console.err.isatty() else None
        self.queue = queue
        self._drawn = 0.0
        queue.on_changed.append(self._changed)

    def _changed(self, job: DownloadJob) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self._drawn < 0.1 and job.state is JobState.RUNNING:
            return
        self._drawn = now
        counts = self.queue.counts()
        running = [j for j in self.queue.jobs if j.state is JobState.RUNNING]
        speed = sum(j.speed or 0.0 for j in running)
        finished = counts[JobState.DONE] + counts[JobState.FAILED] + counts[JobState.CANCELLED]
        current = printable(running[0].display_name)[:40] if running else ""
        rate = f" · {short_bytes(speed)}/s" if speed else ""
        text = (
            f"\r[{finished}/{len(self.queue.jobs)}] {counts[JobState.RUNNING]} running · "
            f"{counts[JobState.DONE]} saved · {counts[JobState.FAILED]} failed{rate}  {current}"
        )
        self.stream.write(text[:160].ljust(100))
        self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None and self.queue.jobs:
            self.stream.write("\n")
            self.stream.flush()
