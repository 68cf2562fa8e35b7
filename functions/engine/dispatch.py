"""The one seam between accepting work for the webhook worker and doing it (as the rest of
functions/engine is for Step Functions): an e-office delivery to apply, an outbound notification
to send, at once or after a delay (a scheduled retry).

At once, the worker Lambda (``webhook_worker_function`` of functions/config.py) is invoked
asynchronously (``InvocationType=Event``: Lambda queues the event, retries twice and sends what
still fails to the function's on-failure destination, an SQS queue). Later, the job is a message
of the retry queue (``worker_retry_queue_url``) with a per-message delay; the queue triggers the
same worker. Nothing sleeps inside a Lambda. The embedded runtime installs a runner of its own
with :func:`use` (a thread pool and timers in its process), as it installs its clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from functions import config
from functions.engine.clients import client

Runner = Callable[[dict, float], None]  # (job, seconds to wait before running it)

MAX_DELAY = 900  # SQS's longest per-message delay, seconds

_runner: Runner | None = None


def use(runner: Runner | None) -> Runner | None:
    """Run the worker's jobs with ``runner`` (None: the worker Lambda); returns the previous."""
    global _runner
    previous, _runner = _runner, runner
    return previous


def submit(tenant_id: str, delivery_id: str) -> None:
    """Apply a stored delivery (functions/webhooks/process.py)."""
    submit_job({"tenant_id": tenant_id, "delivery_id": delivery_id})


def submit_outbound(
    tenant_id: str, subscription_id: str, message_id: str, delay: float = 0.0
) -> None:
    """Send a stored outbound notification (functions/webhooks/outbound.py), after ``delay``
    seconds."""
    event = {"tenant_id": tenant_id, "subscription_id": subscription_id}
    submit_job({"job": "outbound", **event, "message_id": message_id}, delay)


def submit_job(event: dict, delay: float = 0.0) -> None:
    """Run the worker on ``event`` asynchronously (its ``job`` names the kind; none: a
    delivery), ``delay`` seconds from now (at most :data:`MAX_DELAY`)."""
    delay = min(max(delay, 0.0), MAX_DELAY)
    if _runner is not None:
        _runner(event, delay)
        return
    if delay >= 1:
        client("sqs").send_message(
            QueueUrl=config.current().worker_retry_queue_url,
            MessageBody=json.dumps(event),
            DelaySeconds=round(delay),
        )
        return
    client("lambda").invoke(
        FunctionName=config.current().webhook_worker_function,
        InvocationType="Event",
        Payload=json.dumps(event).encode(),
    )
