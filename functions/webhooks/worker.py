"""The webhook worker: a Lambda invoked asynchronously by the API (on AWS), or a thread of the
in-process pool (embedded runtime). Applies one stored delivery, or sends one stored outbound
notification with its retries; never raises, so Lambda does not retry what is already recorded
as applied or dead (or sent or failed)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def handler(event: dict, context=None) -> dict:
    if event.get("job") == "outbound":  # an outbound notification (functions/webhooks/outbound)
        from functions.webhooks.outbound import send_job

        return send_job(event)
    from functions.webhooks.process import process

    try:
        status = process(event["tenant_id"], event["delivery_id"])
    except Exception:  # the delivery stays received/applying: visible, and replayable
        log.exception("webhook delivery %s not processed", event.get("delivery_id"))
        return {"delivery_id": event.get("delivery_id"), "status": "error"}
    return {"delivery_id": event["delivery_id"], "status": status}
