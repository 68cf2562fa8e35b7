"""The webhook worker: a Lambda invoked asynchronously by the API (on AWS), or a thread of the
in-process pool (embedded runtime). Applies one stored delivery, or sends one stored outbound
notification with its retries; never raises, so Lambda does not retry what is already recorded
as applied or dead (or sent or failed)."""

from __future__ import annotations

from functions import logs


def handler(event: dict, context=None) -> dict:
    """One job, its lines keyed by its tenant and its id (the delivery's webhook-id, or the
    outbound notification's)."""
    job = event.get("delivery_id") or event.get("message_id")
    with logs.keys(tenant_id=event.get("tenant_id"), correlation_id=job):
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
