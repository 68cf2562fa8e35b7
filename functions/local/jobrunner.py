"""The cycle-job worker of the embedded runtime: a small thread pool in this process runs
functions/steps/jobs.py on each piece functions/engine/jobqueue.py is given (on AWS: a message
of the cycle-job queue and the ``cycleJobs`` function, at most a few at once)."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from functions import logs

WORKERS = 2  # as the queue's maximum concurrency bounds the fan-out on AWS
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_pending: set[Future] = set()


def run(event: dict) -> None:
    """The runner installed with ``jobqueue.use``: hand ``event`` to the pool."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(WORKERS, thread_name_prefix="kinerja-jobs")
        future = _executor.submit(_piece, event)
        _pending.add(future)
    future.add_done_callback(_forget)


def _piece(event: dict) -> None:
    from functions.steps.jobs import piece

    try:
        piece(event)
    except Exception:  # as a message Lambda failed: the job shows the piece as pending
        logs.logger().exception("cycle job piece failed")


def _forget(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def drain(timeout: float = 60.0) -> bool:
    """Wait until the pool has nothing to do (tests, benchmarks, shutdown); True when idle."""
    while True:
        with _lock:
            pending = set(_pending)
        if not pending:
            return True
        _done, not_done = wait(pending, timeout=timeout)
        if not_done:
            return False
