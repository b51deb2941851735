"""What a run of checks found: one `CheckResult` per expectation, and the run's outcome."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aemviewer.delivery.errors import ExitCode


class Outcome(StrEnum):
    """`failed`: the service answered and the expectation does not hold. `error`: the check could
    not run (the service was not reached, or broke the protocol)."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One expectation about one asset, and what was found."""

    asset: str
    """The asset's label (its name in the file, else its reference)."""
    check: str
    """What was checked, in words (`type for modern browser is image/avif`)."""
    outcome: Outcome
    message: str = ""
    """What was found (for a pass: the evidence; for a failure or error: what went wrong)."""
    url: str | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """True when the expectation holds."""
        return self.outcome is Outcome.PASSED

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for `aemviewer check --json`)."""
        return {
            "asset": self.asset,
            "check": self.check,
            "outcome": self.outcome.value,
            "message": self.message,
            "url": self.url,
            "seconds": round(self.seconds, 4),
        }


def run_exit_code(results: Iterable[CheckResult]) -> ExitCode:
    """0 when all passed; `CHECKS_UNREACHABLE` when any check could not run (that hides what the
    others would say); else `CHECKS_FAILED` when any failed."""
    outcomes = {result.outcome for result in results}
    if Outcome.ERROR in outcomes:
        return ExitCode.CHECKS_UNREACHABLE
    if Outcome.FAILED in outcomes:
        return ExitCode.CHECKS_FAILED
    return ExitCode.OK


def counts(results: Iterable[CheckResult]) -> dict[Outcome, int]:
    """How many results of each outcome."""
    tally = dict.fromkeys(Outcome, 0)
    for result in results:
        tally[result.outcome] += 1
    return tally
