"""The webhook worker of the embedded runtime: a small thread pool in this process runs the
worker's handler on each job functions/engine/dispatch.py is given (on AWS: an async Lambda)."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

WORKERS = 4
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_pending: set[Future] = set()


def run(event: dict) -> None:
    """The runner installed with ``dispatch.use``: hand ``event`` to the pool."""
    global _executor
    from functions.webhooks.worker import handler

    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(WORKERS, thread_name_prefix="kinerja-webhook")
        future = _executor.submit(handler, event)
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def drain(timeout: float = 30.0) -> bool:
    """Wait until the pool has nothing to do (tests, benchmarks, shutdown); True when idle."""
    while True:
        with _lock:
            pending = set(_pending)
        if not pending:
            return True
        _done, not_done = wait(pending, timeout=timeout)
        if not_done:
            return False
