"""The cycle-job worker of the embedded runtime: a pool of two threads in this process
(functions/local/workers.Pool) runs functions/steps/jobs.py on each piece
functions/engine/jobqueue.py is given (on AWS: a message of the cycle-job queue and the
``cycleJobs`` function, at most a few at once)."""

from __future__ import annotations

from collections.abc import Callable

from functions import logs
from functions.local.workers import Pool

WORKERS = 2  # as the queue's maximum concurrency bounds the fan-out on AWS


def _piece_handler() -> Callable[[dict], None]:
    from functions.steps.jobs import piece

    def run(event: dict) -> None:
        try:
            piece(event)
        except Exception:  # as a message Lambda failed: the job shows the piece as pending
            logs.logger().exception("cycle job piece failed")

    return run


_pool = Pool(WORKERS, "kinerja-jobs", _piece_handler)


def run(event: dict) -> None:
    """The runner installed with ``jobqueue.use``: hand ``event`` to the pool."""
    _pool.submit(event)


def drain(timeout: float = 60.0) -> bool:
    """Wait until the pool has nothing to do (tests, benchmarks, shutdown); True when idle."""
    return _pool.drain(timeout)
