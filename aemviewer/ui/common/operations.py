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

Tasks started with a `key` replace the running task of the same key, which is how stale preview
requests are cancelled.
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
        self._keyed: dict[str, asyncio.Task[Any]] = {}

    def run(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[DeliveryError], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        key: str | None = None,
    ) -> asyncio.Task[T]:
        """Start `coro`; a running task with the same `key` is cancelled first.

        `on_finished` runs after success or failure (not after cancellation), e.g. to stop a busy
        indicator.
        """
        if key is not None:
            self.cancel(key)
        task: asyncio.Task[T] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        if key is not None:
            self._keyed[key] = task

        def done(finished: asyncio.Task[T]) -> None:
            self._tasks.discard(finished)
            if key is not None and self._keyed.get(key) is finished:
                del self._keyed[key]
            self._deliver(finished, on_success, on_failure, on_finished)

        task.add_done_callback(done)
        return task

    def cancel(self, key: str) -> bool:
        """Cancel the running task started with `key`; True if there was one."""
        task = self._keyed.pop(key, None)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    def is_running(self, key: str) -> bool:
        task = self._keyed.get(key)
        return task is not None and not task.done()

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._keyed.clear()

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
