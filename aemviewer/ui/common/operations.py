"""Run a coroutine off the widgets' code path, then call back success or failure on the GUI thread.

The idea is Anki's `aqt.operations`, over qasync instead of a thread pool: the coroutine runs as an
asyncio task on the Qt event loop (its I/O never blocks; blocking work inside it goes through
`asyncio.to_thread`), and the callbacks run on the GUI thread once it finishes. One place decides
what happens to every outcome, so no panel has its own task juggling:

* success → `on_success(result)`;
* a `DeliveryError` (expected: the message is written for the user) → `on_failure(error)`, or the
  runner's `failed` signal when the caller gave no handler;
* anything else is a bug: it is logged with its traceback and emitted as `unexpected`, which the
  window shows in an error banner. It is never only swallowed;
* cancellation (a newer request replaced this one) is silent: it was asked for.

"Latest wins" has one mechanism: a `Ticket`. `runner.ticket(line)` cancels the line's running task
and makes every earlier ticket of that line stale; an outcome is delivered only while its ticket is
current, so an answer that finished just before a newer request started is dropped too. Work that
reports as it goes (a sheet filling card by card) checks `ticket.current` before each report.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from aemviewer.delivery.errors import DeliveryError

T = TypeVar("T")
log = logging.getLogger(__name__)


class Ticket:
    """One turn of a "latest wins" line, and the tasks started with it; stale once the runner gave
    out a newer ticket for the line (which cancels these tasks)."""

    __slots__ = ("_runner", "line", "tasks")

    def __init__(self, runner: OperationRunner, line: str) -> None:
        self._runner = runner
        self.line = line
        self.tasks: set[asyncio.Task[Any]] = set()
        """Started with this ticket and not yet delivered."""

    @property
    def current(self) -> bool:
        """True until a newer ticket of the same line is taken (or the line is cancelled)."""
        return self._runner._turns.get(self.line) is self


class OperationRunner(QObject):
    """Starts coroutines as tasks on the running (qasync) loop and routes their outcome."""

    failed = Signal(object)
    """A `DeliveryError` that no `on_failure` handler took."""
    unexpected = Signal(object)
    """An exception that is not a `DeliveryError`: a defect, already logged with its traceback."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # asyncio keeps only weak references to tasks: hold them until they finish.
        self._tasks: set[asyncio.Task[Any]] = set()
        self._turns: dict[str, Ticket] = {}

    def ticket(self, line: str) -> Ticket:
        """A new turn of `line`: the tasks of its turn so far are cancelled, their tickets go stale."""
        self.cancel(line)
        ticket = self._turns[line] = Ticket(self, line)
        return ticket

    def run(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[DeliveryError], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        ticket: Ticket | None = None,
    ) -> asyncio.Task[T]:
        """Start `coro`; with a `ticket`, its outcome is delivered only while the ticket is current.

        `on_finished` runs after success or failure (not after cancellation), e.g. to stop a busy
        indicator.
        """
        task: asyncio.Task[T] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        if ticket is not None:
            ticket.tasks.add(task)

        def done(finished: asyncio.Task[T]) -> None:
            self._tasks.discard(finished)
            if ticket is not None:
                ticket.tasks.discard(finished)
            if ticket is None or ticket.current:
                self._deliver(finished, on_success, on_failure, on_finished)

        task.add_done_callback(done)
        return task

    def cancel(self, line: str) -> bool:
        """End the turn of `line`: its tasks are cancelled and nothing of them is delivered; True if
        one of them was still running."""
        ticket = self._turns.pop(line, None)
        if ticket is None:
            return False
        running = [task for task in ticket.tasks if not task.done()]
        for task in running:
            task.cancel()
        return bool(running)

    def pending(self, line: str) -> bool:
        """Whether a task of `line`'s turn has not delivered its outcome yet (running, or just done)."""
        ticket = self._turns.get(line)
        return ticket is not None and bool(ticket.tasks)

    def is_running(self, line: str) -> bool:
        ticket = self._turns.get(line)
        return ticket is not None and any(not task.done() for task in ticket.tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._turns.clear()

    def _deliver(
        self,
        task: asyncio.Task[T],
        on_success: Callable[[T], None] | None,
        on_failure: Callable[[DeliveryError], None] | None,
        on_finished: Callable[[], None] | None,
    ) -> None:
        if task.cancelled():
            return
        error = task.exception()
        try:
            if error is None:
                if on_success is not None:
                    on_success(task.result())
            elif isinstance(error, DeliveryError):
                log.info("operation failed: %s", error)
                if on_failure is not None:
                    on_failure(error)
                else:
                    self.failed.emit(error)
            else:
                self._report_unexpected(error)
            if on_finished is not None:
                on_finished()
        except Exception as callback_error:  # noqa: BLE001 - a defect in a callback: shown, never hidden
            self._report_unexpected(callback_error)

    def _report_unexpected(self, error: BaseException) -> None:
        log.error(
            "unexpected error in a background operation", exc_info=(type(error), error, error.__traceback__)
        )
        self.unexpected.emit(error)
