"""The workers of the embedded runtime: small thread pools in this process. The webhook worker's
runs its handler on each job functions/engine/dispatch.py is given (on AWS: an async Lambda), a
delayed job (a scheduled retry; on AWS: a message of the retry queue) when its timer fires;
functions/local/jobrunner.py has one of its own for the pieces of jobs over many cycles."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

WORKERS = 4


class Pool:
    """A few threads running ``handler()`` (looked up on first use, so that importing the pool
    imports no handler) on each event; :meth:`drain` waits until nothing is pending."""

    def __init__(self, size: int, name: str, handler: Callable[[], Callable[[dict], object]]):
        self.size, self.name, self.handler = size, name, handler
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._pending: set[Future] = set()

    def submit(self, event: dict) -> None:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.size, thread_name_prefix=self.name)
            future = self._executor.submit(self.handler(), event)
            self._pending.add(future)
        future.add_done_callback(self._forget)

    def later(self, event: dict, delay: float) -> None:
        """Submit ``event`` after ``delay`` seconds; it counts as pending meanwhile."""
        waiting: Future = Future()
        with self._lock:
            self._pending.add(waiting)
        waiting.add_done_callback(self._forget)

        def fire() -> None:
            try:
                self.submit(event)
            finally:
                waiting.set_result(None)  # the job itself is pending in the pool by now

        timer = threading.Timer(delay, fire)
        timer.daemon = True
        timer.start()

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until the pool has nothing to do (tests, benchmarks, shutdown); True when idle."""
        while True:
            with self._lock:
                pending = set(self._pending)
            if not pending:
                return True
            _done, not_done = wait(pending, timeout=timeout)
            if not_done:
                return False


def _webhook_handler() -> Callable[[dict], object]:
    from functions.webhooks.worker import handler

    return handler


_pool = Pool(WORKERS, "kinerja-webhook", _webhook_handler)


def run(event: dict, delay: float = 0.0) -> None:
    """The runner installed with ``dispatch.use``: hand ``event`` to the pool, after ``delay``
    seconds (a waiting job counts as pending: :func:`drain` waits for it)."""
    if delay <= 0:
        _pool.submit(event)
    else:
        _pool.later(event, delay)


def drain(timeout: float = 30.0) -> bool:
    """Wait until the webhook worker has nothing to do; True when idle."""
    return _pool.drain(timeout)


def _simulate_handler() -> Callable[[dict], object]:
    """The ``simulate`` function's handler (serverless.yml), as the embedded runtime wraps it."""
    from functions.local import project
    from functions.local.emulation import _handler

    handler = _handler(project.functions()["simulate"])
    return lambda event: handler(event, None)  # a Lambda handler: (event, context)


# dry runs of workflow drafts: each waits on the child process that carries its emulation
_simulations = Pool(2, "kinerja-simulate", _simulate_handler)


def simulate(event: dict) -> None:
    """The runner installed with ``engine.simulations.use``: the dry run on a thread of its own,
    as the async invoke on AWS."""
    _simulations.submit(event)


def simulations_done(timeout: float = 300.0) -> bool:
    """Wait for the dry runs started in this process (tests); True when none runs."""
    return _simulations.drain(timeout)
