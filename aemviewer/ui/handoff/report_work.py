"""The async work behind File → Export report…: gather the ticked sections from the service, then
render the self-contained HTML and write it atomically — both off the GUI thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

from aemviewer.handoff.report import ReportContents, ReportSection, gather_report
from aemviewer.handoff.report_file import write_report
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.workspace.history import HistoryEntry

WINDOW_SECTIONS = tuple(section for section in ReportSection if section is not ReportSection.VIDEO)
"""The video check plays every variant in a process of its own: `aemviewer report` includes it."""


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
    progress("writing")
    token = service.token.token() if service.token is not None else None
    await asyncio.to_thread(write_report, contents, target, secrets=[token] if token else [])
    return contents
