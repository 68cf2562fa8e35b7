"""The one seam between acknowledging a delivery and processing it (as functions/engine is for
Step Functions).

On AWS the API function has ``WEBHOOK_WORKER_FUNCTION`` set (serverless.yml) and invokes the
worker Lambda asynchronously (``InvocationType=Event``: Lambda queues the event, retries twice
and keeps the function's failure destination). Elsewhere (the embedded runtime, tests) a small
thread pool in this process runs :func:`functions.webhooks.process.process`.
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

WORKERS = 4
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_pending: set[Future] = set()


def submit(tenant_id: str, delivery_id: str) -> None:
    """Apply a stored delivery (functions/webhooks/process.py)."""
    submit_job({"tenant_id": tenant_id, "delivery_id": delivery_id})


def submit_outbound(tenant_id: str, subscription_id: str, message_id: str) -> None:
    """Send a stored outbound notification (functions/webhooks/outbound.py)."""
    event = {"tenant_id": tenant_id, "subscription_id": subscription_id}
    submit_job({"job": "outbound", **event, "message_id": message_id})


def submit_job(event: dict) -> None:
    """Run the worker on ``event`` asynchronously (its ``job`` names the kind; none: a
    delivery)."""
    function = os.environ.get("WEBHOOK_WORKER_FUNCTION")
    if function:
        from functions.engine.clients import client

        client("lambda").invoke(
            FunctionName=function, InvocationType="Event", Payload=json.dumps(event).encode()
        )
        return
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
    """Wait until the in-process pool has nothing to do (tests, benchmarks, shutdown);
    True when it is idle."""
    while True:
        with _lock:
            pending = set(_pending)
        if not pending:
            return True
        _done, not_done = wait(pending, timeout=timeout)
        if not_done:
            return False
