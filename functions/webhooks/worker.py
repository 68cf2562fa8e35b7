"""The webhook worker: a Lambda invoked asynchronously by the API and the steps, or by the retry
queue (an SQS event of delayed jobs, functions/engine/dispatch.py) on AWS; a thread of the
in-process pool in the embedded runtime. Applies one stored delivery, or makes one attempt at a
stored outbound notification (scheduling the next one when it fails); never raises, so Lambda
does not retry what is already recorded as applied or dead (or sent or failed)."""

from __future__ import annotations

import json

from functions import logs, traces


def handler(event: dict, context=None) -> dict:
    """One job, or the jobs of an SQS batch (each record's body is one)."""
    if "Records" in event:  # the retry queue
        results = [job(json.loads(record["body"])) for record in event["Records"]]
        return {"status": "batch", "results": results}
    return job(event)


def job(event: dict) -> dict:
    """One job, its lines keyed by its tenant and its id (the delivery's webhook-id, or the
    outbound notification's)."""
    job_id = event.get("delivery_id") or event.get("message_id")
    tenant_id = event.get("tenant_id")
    with (
        logs.invocation(tenant_id=tenant_id, correlation_id=job_id),
        traces.traced(event.get("job") or "delivery", tenant_id=tenant_id),
    ):
        result = _run(event)
        logs.logger().info("webhook job done", extra={"status": result["status"]})
        return result


def _run(event: dict) -> dict:
    if event.get("job") == "outbound":  # an outbound notification (functions/webhooks/outbound)
        from functions.webhooks.outbound import send_job

        return send_job(event)
    from functions.webhooks.process import process

    try:
        status = process(event["tenant_id"], event["delivery_id"])
    except Exception:  # the delivery stays received/applying: visible, and replayable
        logs.logger().exception("webhook delivery not processed")
        return {"delivery_id": event.get("delivery_id"), "status": "error"}
    return {"delivery_id": event["delivery_id"], "status": status}
