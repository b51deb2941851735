"""The async work behind File → Export report…: gather the ticked sections from the service, then
render the self-contained HTML and write it atomically — both off the GUI thread."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.tokens import TokenHeader
from aemviewer.handoff.report import ReportContents, ReportSection, gather_report
from aemviewer.handoff.report_file import write_report
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.handoff.video_check_process import run_video_check
from aemviewer.workspace.history import HistoryEntry

WINDOW_SECTIONS = tuple(ReportSection)


async def export_report(
    context: FeatureContext,
    state: PreviewState,
    sections: Sequence[ReportSection],
    history: Sequence[HistoryEntry],
    target: Path,
    progress: Callable[[str], None],
) -> ReportContents:
    """Write the report of the preview's asset (its URL as the preview section) to `target`;
    the contents, whose `problems` list what could not be fetched."""
    service = context.service
    endpoints = service.endpoints_for(state.ref)
    async with context.limiter.slot(endpoints.base_url):
        contents = await gather_report(
            service.client_for(endpoints),
            state.asset_id,
            sections=sections,
            preview_url=state.url,
            modifiers=state.modifiers,
            history=history,
            progress=progress,
        )
    if ReportSection.VIDEO in sections and contents.is_video:
        progress("video check")
        contents = await _with_video_check(service, endpoints, contents)
    progress("writing")
    token = service.token.token() if service.token is not None else None
    await asyncio.to_thread(write_report, contents, target, secrets=[token] if token else [])
    return contents


async def _with_video_check(
    service: DeliveryService, endpoints: DeliveryEndpoints, contents: ReportContents
) -> ReportContents:
    """The contents with `video-check`'s results from a child process; a check that cannot run is
    listed as a problem."""
    source = service.token_for(endpoints)
    try:
        token = source.token() if source is not None else None
        if token and service.token_header is not TokenHeader.AUTHORIZATION:
            # The child reads its token from AEMVIEWER_TOKEN and sends it as a bearer token only.
            problem = (
                f"video check: not run — this profile sends its token in the {service.token_header.value} "
                "header, which `aemviewer video-check --base-url` cannot do; run "
                "`aemviewer --profile NAME report ASSET -o FILE` instead."
            )
            return dataclasses.replace(contents, problems=(*contents.problems, problem))
        report = await run_video_check(endpoints.manifest_hls(contents.asset_id), endpoints.base_url, token)
    except DeliveryError as error:
        return dataclasses.replace(contents, problems=(*contents.problems, f"video check: {error.message}"))
    return dataclasses.replace(contents, video=report)
