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


def simulate(event: dict) -> None:
    """The runner installed with ``engine.simulations.use``: the ``simulate`` function's handler
    (serverless.yml) on a thread of its own, as the async invoke on AWS; it waits on the child
    process that carries the dry run's emulation."""
    from functions.local import project
    from functions.local.emulation import _handler

    handler = _handler(project.functions()["simulate"])
    thread = threading.Thread(
        target=handler, args=(event, None), name="kinerja-simulate", daemon=True
    )
    with _lock:
        _simulations.add(thread)
    thread.start()


_simulations: set[threading.Thread] = set()


def simulations_done(timeout: float = 300.0) -> bool:
    """Wait for the dry runs started in this process (tests); True when none runs."""
    import time

    deadline = time.monotonic() + timeout
    with _lock:
        running = list(_simulations)
    for thread in running:
        thread.join(max(0.0, deadline - time.monotonic()))
    with _lock:
        _simulations.difference_update(t for t in running if not t.is_alive())
        return not _simulations
