"""A download that survives interruptions: from a source to a complete file under its final name.

The body goes into `<name>.aemviewer-part` in the target folder (the same URL is downloaded into a
folder by one process at a time: `download_lock.py`). When the answer has a strong `ETag`, a
sidecar (`part_file.py`) records it, and a cut connection leaves the part behind: the next attempt
(automatic, up to `resume_attempts`, or the user's Retry) asks for the rest with
`Range: bytes=<part size>-` and `If-Range: <etag>`. The answer decides what happens:

* 206 for the same ETag, starting at the part's end → the rest is appended;
* 200 → the server ignored the range or the file changed: the part is emptied and this answer is
  written from its first byte (no second request needed);
* 206 with another ETag, another start or another total, or 416 → the part is discarded and the
  file is requested again without a range.

Only a complete file (its byte count checked against `Content-Length` / `Content-Range`, fsynced)
gets its final name. A local write error removes the part (there is nothing to resume); so does
any failure when the answer had no strong ETag (the part could not be trusted later).
"""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from aemviewer.delivery.errors import (
    DeliveryError,
    HTTPStatusError,
    LocalFileError,
    NetworkError,
    TargetExists,
    UnexpectedResponse,
)
from aemviewer.saving.buffer_reuse import keep_freed_buffers
from aemviewer.saving.disk import check_free_space, check_writable_folder, in_thread, publish
from aemviewer.saving.download import ExistingFile, ProgressCallback, SavedFile
from aemviewer.saving.download_lock import download_lock
from aemviewer.saving.download_source import BodyStream, DownloadSource
from aemviewer.saving.filenames import name_from_content_disposition, safe_file_name, with_extension
from aemviewer.saving.folder_scan import FolderScan
from aemviewer.saving.naming import NameRegistry
from aemviewer.saving.part_file import PartFile, PartInfo, find_resumable, is_strong_etag
from aemviewer.saving.part_writer import PartWriter
from aemviewer.saving.working_files import clean_leftovers

DEFAULT_RESUME_ATTEMPTS = 2
DEFAULT_RESUME_WAIT = 0.5
"""Seconds before an automatic continuation: a dropped connection often needs a moment."""
"""Automatic continuations after a cut connection, before the failure is reported."""
MAX_RESTARTS = 2
"""Fresh starts (no range) after a server refused to continue, before giving up."""
TargetCallback = Callable[[PartFile, Path], None]
"""Told the part and the final path of a download once its answer has named them."""
_CONTENT_RANGE = re.compile(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*", re.IGNORECASE | re.ASCII)


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a download goes and what it is called."""

    folder: Path
    name: str | None = None
    """The planned file name (already safe); `None`: `Content-Disposition`, else `default_name`."""
    default_name: str = "download"
    existing: ExistingFile = ExistingFile.REFUSE
    fit_extension: bool = True
    """Give the file the extension of the type actually delivered (False: keep `name` as it is)."""
    existing_if_fitted: ExistingFile | None = None
    """What to do when the name `fit_extension` gave (another than `name`) exists; `None`: as
    `existing`. The window says RENAME: its save dialog asked about the chosen name only."""
    scan: FolderScan | None = None
    """A batch's one look at `folder` (`folder_scan.py`): the download neither cleans the folder
    again nor reads a part's note where the scan found none. `None`: look for itself."""


class _Restart(Exception):
    """The server will not continue the part: discard it and ask for the whole file."""


class _Incomplete(Exception):
    """A 206 that ended before the file's end without an error: ask for the next range."""


async def download(
    source: DownloadSource,
    destination: Destination,
    *,
    progress: ProgressCallback | None = None,
    resume_attempts: int = DEFAULT_RESUME_ATTEMPTS,
    resume_wait: float = DEFAULT_RESUME_WAIT,
    names: NameRegistry | None = None,
    owner: object | None = None,
    on_target: TargetCallback | None = None,
    chunk_size: int | None = None,
) -> SavedFile:
    """Download `source` into `destination`, resuming a part an earlier attempt left there.

    `names` is the registry that keeps concurrent downloads apart (its claims are made for `owner`
    and stay until the owner releases them). `on_target(part, target)` is called as soon as the
    part and the final path are known (before the body is read). `chunk_size` `None` writes each
    network read as it arrives (at most 1 MiB: memory does not grow with the file). Raises `LocalFileError` (nothing left behind),
    `TargetExists`, the client's errors, or a `NetworkError` that says how much of the file is kept
    for the next attempt.
    """
    keep_freed_buffers()
    job = _Download(
        source, destination, progress, names or NameRegistry(), owner or object(), on_target, chunk_size
    )
    return await job.run(resume_attempts, resume_wait)


class _Download:
    def __init__(
        self,
        source: DownloadSource,
        destination: Destination,
        progress: ProgressCallback | None,
        names: NameRegistry,
        owner: object,
        on_target: TargetCallback | None,
        chunk_size: int | None,
    ) -> None:
        self.on_target = on_target
        self.source = source
        self.url = source.url
        self.destination = destination
        self.folder = destination.folder
        self.progress = progress
        self.names = names
        self.owner = owner
        self.chunk_size = chunk_size
        self.part: PartFile | None = None
        self.info: PartInfo | None = None
        self.final_name: str | None = None
        self.existing = destination.existing
        """The rule for the final name: `existing`, or `existing_if_fitted` for a fitted name."""
        self.received = 0
        """Body bytes received in the latest attempt."""

    # --- the attempts --------------------------------------------------------------------------

    async def run(self, resume_attempts: int, resume_wait: float) -> SavedFile:
        folder = self.folder
        if not await in_thread(folder, folder.is_dir):
            raise LocalFileError(
                f"The folder {folder} does not exist; nothing was downloaded.",
                hint="Create it or choose another folder.",
            )
        await in_thread(folder, check_writable_folder, folder)
        if self.destination.scan is None:
            await in_thread(folder, clean_leftovers, folder)
        with download_lock(folder, self.url):
            return await self._run(resume_attempts, resume_wait)

    async def _run(self, resume_attempts: int, resume_wait: float) -> SavedFile:
        await self._prepare()
        restarts = 0
        while True:
            try:
                return await self._attempt()
            except _Restart:
                await self._discard()
                restarts += 1
                if restarts > MAX_RESTARTS:
                    raise UnexpectedResponse(
                        f"{self.url} kept refusing to send the file from its start; nothing was saved.",
                        hint="The server answers ranges inconsistently; try again later.",
                        url=self.url,
                    ) from None
            except _Incomplete:
                continue
            except NetworkError as error:
                # Only a cut inside the body is worth continuing at once: failures to connect were
                # already retried by the client.
                if self.part is not None and not await in_thread(self.part.path, self.part.size):
                    await self._discard()  # an empty part is nothing to continue
                if resume_attempts <= 0 or self.info is None or not self.received:
                    raise self._interrupted(error) from error
                resume_attempts -= 1
                await asyncio.sleep(resume_wait)

    async def _prepare(self) -> None:
        folder = self.folder
        name = self.destination.name
        if name is not None:
            planned = self._claim(name)
            self.part = PartFile(folder, planned)
            self._refuse_existing(planned)
            scan = self.destination.scan
            if scan is None or scan.may_continue(planned):
                self.info = await in_thread(folder, self.part.read_info, self.url)
            return
        found = await in_thread(folder, find_resumable, folder, self.url)
        if found is not None and self.names.holder(folder, found[0].name) in (None, self.owner):
            self.part, self.info = found
            self._claim(found[0].name)

    async def _attempt(self) -> SavedFile:
        self.received = 0
        headers: dict[str, str] = {}
        offset = 0
        if self.part is not None and self.info is not None:
            offset = await in_thread(self.folder, self.part.size)
            if self.info.total is not None:
                # A part that is already whole still needs the server's word that it is current.
                offset = min(offset, self.info.total - 1)
            if offset > 0:
                headers = {"Range": f"bytes={offset}-", "If-Range": self.info.validator}
        try:
            async with self.source.open(headers) as stream:
                return await self._receive(stream, offset)
        except HTTPStatusError as error:
            if error.status == 416 and offset:
                await self._discard()
                raise _Restart from error
            if error.status < 500 and error.status != 429:
                # 404, 401, …: the file is gone or forbidden; a part of it is of no further use.
                await self._discard()
            raise

    async def _receive(self, stream: BodyStream, offset: int) -> SavedFile:
        total, range_end = self._check_answer(stream, offset)
        if stream.status != 206:
            offset = 0
        part = self._name_part(stream)
        final_name = self._final_name(part, stream.content_type)
        existing = self.existing
        target = self.folder / final_name
        self._refuse_existing(final_name)
        if self.on_target is not None:
            self.on_target(part, target)
        etag = stream.header("etag")
        if is_strong_etag(etag) and etag is not None:
            self.info = PartInfo(self.url, etag, total, stream.content_type, final_name)
        else:
            self.info = None
        needed = None if total is None else total - offset
        handle = await in_thread(target, _start_part, part, self.info, needed, offset)
        writer = PartWriter(handle, target)
        written = offset
        try:
            if self.progress is not None:
                self.progress(written, total)
            async for chunk in stream.aiter_bytes(self.chunk_size):
                await writer.write(chunk)
                written += len(chunk)
                self.received += len(chunk)
                if self.progress is not None:
                    self.progress(written, total)
            if total is not None and written < total:
                if range_end is not None and written == range_end + 1 and self.received:
                    raise _Incomplete  # the server sends this file in several ranges
                raise NetworkError(
                    f"{stream.url} ended after {written:,} of {total:,} bytes.",
                    hint="The connection was cut or the server sent less than it announced. Try again.",
                    url=stream.url,
                )
            if total is not None and written > total:
                raise UnexpectedResponse(
                    f"{stream.url} sent {written:,} bytes but announced {total:,}; nothing was saved.",
                    hint="The server or a proxy garbles this file; report the URL.",
                    url=stream.url,
                )
            await writer.finish()
            final = await in_thread(target, _publish_part, part, target, existing)
        except NetworkError:
            await writer.close()
            if self.info is None:
                await self._discard()
            raise
        except (DeliveryError, _Incomplete) as error:
            await writer.close()
            if not isinstance(error, _Incomplete):
                await self._discard()
            raise
        except BaseException:
            # Cancelled (paused or stopped by the user): the part stays for a later resume.
            writer.close_now()
            raise
        return SavedFile(final, written, stream.url, stream.content_type, resumed_from=offset)

    # --- what the answer means -----------------------------------------------------------------

    def _check_answer(self, stream: BodyStream, offset: int) -> tuple[int | None, int | None]:
        """The file's total size (None when unknown) and, for a 206, the last byte it sends;
        `_Restart` when the server will not continue the part."""
        if stream.status == 206:
            match = _CONTENT_RANGE.fullmatch(stream.header("content-range") or "")
            if not offset or match is None:
                if not offset:
                    raise UnexpectedResponse(
                        f"{stream.url} answered 206 Partial Content to a request for the whole file.",
                        hint="The server or a proxy mishandles ranges; report the URL.",
                        url=stream.url,
                    )
                raise _Restart
            start, end, total_text = int(match.group(1)), int(match.group(2)), match.group(3)
            total = None if total_text == "*" else int(total_text)
            info = self.info
            if (
                info is None
                or start != offset
                or stream.header("etag") != info.validator
                or (info.total is not None and total != info.total)
            ):
                raise _Restart
            return total, end
        if not 200 <= stream.status < 300:
            raise UnexpectedResponse(
                f"{stream.url} answered {stream.status} where a file was expected.",
                hint="The server answered something else than the file; open the URL in a browser.",
                url=stream.url,
            )
        return stream.content_length, None

    def _name_part(self, stream: BodyStream) -> PartFile:
        if self.part is None:
            destination = self.destination
            proposed = name_from_content_disposition(stream.header("content-disposition"))
            name = safe_file_name(proposed or destination.default_name, fallback=destination.default_name)
            if destination.fit_extension:
                name = with_extension(name, stream.content_type)
            self.part = PartFile(self.folder, self._claim(name))
        return self.part

    def _final_name(self, part: PartFile, content_type: str) -> str:
        destination = self.destination
        name = part.name
        if destination.fit_extension:
            name = with_extension(name, content_type)
        self.existing = destination.existing
        if name != part.name:
            if destination.existing_if_fitted is not None:
                self.existing = destination.existing_if_fitted
            name = self._claim(name)
        self.final_name = name
        return name

    def _claim(self, name: str) -> str:
        avoid = self.existing is ExistingFile.RENAME
        return self.names.claim(self.folder, name, self.owner, avoid_existing=avoid)

    def _refuse_existing(self, name: str) -> None:
        target = self.folder / name
        if self.existing is ExistingFile.REFUSE and target.exists():
            raise TargetExists(
                f"{target} exists; nothing was downloaded.",
                hint="Choose another name, or overwrite it (--force), or keep both (--rename).",
            )

    async def _discard(self) -> None:
        self.info = None
        if self.part is not None:
            await in_thread(self.part.path, self.part.remove)

    def _interrupted(self, error: NetworkError) -> NetworkError:
        """`error`, saying how much of the file is kept for the next attempt (or that none is)."""
        kept = self.part.size() if self.part is not None and self.info is not None else 0
        note = (
            f" {kept:,} bytes are kept in {self.part.path.name}; retrying continues from there."
            if kept and self.part is not None
            else " Nothing was kept."
        )
        interrupted = copy.copy(error)
        interrupted.message = error.message.rstrip() + note
        interrupted.args = (interrupted.message,)
        return interrupted


def _start_part(part: PartFile, info: PartInfo | None, needed: int | None, offset: int) -> BinaryIO:
    """Before the first byte, in one trip to a worker thread: the free space checked, the part's
    note written (or an old one removed), the part opened at `offset`."""
    check_free_space(part.folder, needed)
    if info is not None:
        part.write_info(info)
    else:
        part.remove_sidecar()
    if offset <= 0:
        return part.path.open("wb")
    handle = part.path.open("r+b")
    handle.seek(offset)
    handle.truncate()
    return handle


def _publish_part(part: PartFile, target: Path, existing: ExistingFile) -> Path:
    """The finished part under its final name (returned), its note gone: one trip to a thread."""
    final = publish(part.path, target, existing)
    part.remove()
    return final
