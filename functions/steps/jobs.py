"""The cycle-job worker: the ``cycleJobs`` function, triggered by the cycle-job queue one message
at a time (functions/engine/jobqueue.py); a thread of the embedded runtime's pool
(functions/local/jobrunner.py). Each message is one piece of a job (functions/services/jobs.py):
choosing its employees, or one batch of them. A piece that raises is received again after the
queue's visibility timeout (its employees done are not done twice); one the queue gave up on
stays pending in the job's record, and ``POST /jobs/{id}/resume`` runs it again."""

from __future__ import annotations

import json

from functions import logs, traces
from functions.services.jobs import run_piece


def handler(event: dict, context=None) -> dict:
    """One piece, or the pieces of an SQS batch (each record's body is one)."""
    if "Records" in event:
        results = [piece(json.loads(record["body"])) for record in event["Records"]]
        return {"status": "batch", "results": results}
    return piece(event)


def piece(event: dict) -> dict:
    tenant_id = event.get("tenant_id")
    with (
        logs.invocation(tenant_id=tenant_id, correlation_id=event.get("job_id")),
        traces.traced(f"job {event.get('piece')}", tenant_id=tenant_id),
    ):
        result = run_piece(event)
        logs.logger().info("cycle job piece done", extra={"piece": event.get("piece")})
        return result
