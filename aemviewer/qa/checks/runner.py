"""Running a checks file: plan it (optionally one shard of it), run the checks concurrently, and
report each result as it arrives. Results come back as values in plan order; nothing is printed.

A `DeliveryError` inside a check is a result, not an exception: an answer that contradicts the
expectation (404, 401, 400, a refused parameter) makes the check fail; no answer at all (network,
5xx, a broken protocol) makes it an error, which `run_exit_code` tells apart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from time import perf_counter
from typing import Final

from aemviewer.delivery.errors import (
    DeliveryError,
    InvalidInput,
    NetworkError,
    RateLimited,
    ServerError,
    UnexpectedResponse,
)
from aemviewer.delivery.reference import parse_reference
from aemviewer.qa.checks.asset_checks import asset_checks
from aemviewer.qa.checks.image_checks import image_checks
from aemviewer.qa.checks.model import ChecksFile
from aemviewer.qa.checks.plan import CheckContext, PlannedCheck
from aemviewer.qa.checks.results import CheckResult, Outcome
from aemviewer.qa.shard import Shard

DEFAULT_JOBS: Final = 4
MAX_JOBS: Final = 32
_UNREACHABLE = (NetworkError, ServerError, RateLimited, UnexpectedResponse)

ResultCallback = Callable[[CheckResult, int, int], None]
"""Called with each result as it arrives, the number done so far and the total."""


def plan_checks(checks: ChecksFile, shard: Shard | None = None) -> list[PlannedCheck]:
    """Every check of the file (of `shard`'s assets only, when given), asset by asset."""
    assets = list(checks.assets)
    if shard is not None:
        assets = shard.select(assets, lambda asset: parse_reference(asset.ref).asset_id)
    planned: list[PlannedCheck] = []
    for written in assets:
        ref = parse_reference(written.ref)
        asset_id = ref.asset_id
        # A pasted URL's modifiers and format are the asset's own unless the file gives others.
        asset = replace(
            written,
            modifiers=written.modifiers or tuple(ref.modifiers.to_query()),
            format=ref.format if written.format == "jpg" and ref.format else written.format,
        )
        for name, run in [*image_checks(asset, asset_id), *asset_checks(asset, asset_id)]:
            planned.append(PlannedCheck(asset, name, run))
    return planned


async def run_checks(
    plan: Sequence[PlannedCheck],
    context: CheckContext,
    *,
    jobs: int = DEFAULT_JOBS,
    on_result: ResultCallback | None = None,
) -> list[CheckResult]:
    """Run every check, at most `jobs` at once; returns the results in plan order."""
    if not 1 <= jobs <= MAX_JOBS:
        raise InvalidInput(f"--jobs {jobs} is out of range.", hint=f"Use 1 to {MAX_JOBS} checks at a time.")
    semaphore = asyncio.Semaphore(jobs)
    results: list[CheckResult | None] = [None] * len(plan)
    done = 0

    async def one(index: int, planned: PlannedCheck) -> None:
        nonlocal done
        async with semaphore:
            result = await run_one(planned, context)
        results[index] = result
        done += 1
        if on_result is not None:
            on_result(result, done, len(plan))

    async with asyncio.TaskGroup() as group:
        for index, planned in enumerate(plan):
            group.create_task(one(index, planned))
    return [result for result in results if result is not None]


async def run_one(planned: PlannedCheck, context: CheckContext) -> CheckResult:
    """One check, its `DeliveryError` turned into a failed or error result."""
    label = planned.asset.label
    started = perf_counter()
    try:
        finding = await planned.run(context)
    except _UNREACHABLE as error:
        return CheckResult(
            label, planned.name, Outcome.ERROR, error.message_with_hint(), error.url, perf_counter() - started
        )
    except DeliveryError as error:
        return CheckResult(
            label,
            planned.name,
            Outcome.FAILED,
            error.message_with_hint(),
            error.url,
            perf_counter() - started,
        )
    outcome = Outcome.PASSED if finding.passed else Outcome.FAILED
    return CheckResult(label, planned.name, outcome, finding.message, finding.url, perf_counter() - started)
