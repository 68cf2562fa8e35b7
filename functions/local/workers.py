"""The webhook worker of the embedded runtime: a small thread pool in this process runs the
worker's handler on each job functions/engine/dispatch.py is given (on AWS: an async Lambda), a
delayed job (a scheduled retry; on AWS: a message of the retry queue) when its timer fires."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

WORKERS = 4
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_pending: set[Future] = set()


def run(event: dict, delay: float = 0.0) -> None:
    """The runner installed with ``dispatch.use``: hand ``event`` to the pool, after ``delay``
    seconds (a waiting job counts as pending: :func:`drain` waits for it)."""
    if delay <= 0:
        _submit(event)
        return
    waiting: Future = Future()
    with _lock:
        _pending.add(waiting)
    waiting.add_done_callback(_forget)

    def fire() -> None:
        try:
            _submit(event)
        finally:
            waiting.set_result(None)  # the job itself is pending in the pool by now

    timer = threading.Timer(delay, fire)
    timer.daemon = True
    timer.start()


def _submit(event: dict) -> None:
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
