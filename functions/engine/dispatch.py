"""The one seam between accepting work for the webhook worker and doing it (as the rest of
functions/engine is for Step Functions): an e-office delivery to apply, an outbound notification
to send.

The worker Lambda (``webhook_worker_function`` of functions/config.py) is invoked asynchronously
(``InvocationType=Event``: Lambda queues the event, retries twice and keeps the function's failure
destination). The embedded runtime installs a runner of its own with :func:`use` (a thread pool
in its process), as it installs its clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from functions import config
from functions.engine.clients import client

Runner = Callable[[dict], None]

_runner: Runner | None = None


def use(runner: Runner | None) -> Runner | None:
    """Run the worker's jobs with ``runner`` (None: the worker Lambda); returns the previous."""
    global _runner
    previous, _runner = _runner, runner
    return previous


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
    if _runner is not None:
        _runner(event)
        return
    client("lambda").invoke(
        FunctionName=config.current().webhook_worker_function,
        InvocationType="Event",
        Payload=json.dumps(event).encode(),
    )
