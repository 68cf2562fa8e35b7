"""Outbound notifications, the sending side: the webhook worker POSTs a notification that
functions/services/notifications.py stored, signed the Standard Webhooks way, and records every
attempt; the notification ends ``sent`` or ``failed`` with the reason. A tenant admin can send a
failed one again (:mod:`.subscriptions`), under the same ``webhook-id``.

One attempt per invocation: when it fails and the round has attempts left, the next one is
scheduled through the dispatch seam (functions/engine/dispatch.py: on AWS a message of the
worker's retry queue, delayed; embedded, a timer) after an exponential back-off with full jitter,
instead of sleeping inside the Lambda.
"""

from __future__ import annotations

import random
import time

from functions import logs, metrics
from functions.engine import clock, dispatch
from functions.services.webhook_secrets import revealed
from functions.store import retention
from functions.store.repository import TenantRepository
from functions.store.webhooks import WebhookStore

ATTEMPTS = 3
BACKOFF = 4.0  # the longest wait before the 2nd attempt; each further one BACKOFF_RATE times more
BACKOFF_RATE = 4.0
TIMEOUT = 10.0
REASON_LENGTH = 300

_backoff_scale = 1.0


def use_backoff_scale(scale: float) -> float:
    """Wait ``scale`` times the back-off (the embedded runtime waits a hundredth, as its Retry
    back-off does); returns the previous scale."""
    global _backoff_scale
    previous, _backoff_scale = _backoff_scale, scale
    return previous


# --- the worker ------------------------------------------------------------------------------
def send_job(event: dict) -> dict:
    """Make the next attempt at one stored notification; never raises."""
    message_id = str(event.get("message_id", ""))
    try:
        status = send(event["tenant_id"], event["subscription_id"], message_id)
    except Exception:
        logs.logger().exception("outbound notification not sent")
        return {"message_id": message_id, "status": "error"}
    return {"message_id": message_id, "status": status}


def send(tenant_id: str, subscription_id: str, message_id: str) -> str:
    """One attempt; ``sent``, ``failed`` (the round's last attempt failed), ``retrying`` (the
    next attempt is scheduled) or the status of a notification settled already."""
    store = WebhookStore(TenantRepository(tenant_id))
    record = store.notification(subscription_id, message_id)
    if record is None or record.status != "pending":  # a second invocation of a settled one
        return record.status if record is not None else "missing"
    subscription = store.subscription(subscription_id)
    if subscription is None:
        return _settle(store, record, "failed", "the subscription was deleted before sending")
    allowed = ATTEMPTS * (1 + len(record.resends))  # each resend by an admin grants ATTEMPTS
    attempt = len(record.attempts)
    if attempt >= allowed:  # a duplicate of the last job: the attempts were all made
        return _settle(store, record, "failed", f"{ATTEMPTS} attempts failed")
    secret = revealed(tenant_id, subscription)
    code, error = post(subscription.url, secret, message_id, record.body)
    entry = {"at": clock.now().isoformat(), "status_code": code, "error": error}
    record.attempts = [*record.attempts, entry]
    if error is None:
        return _settle(store, record, "sent", None)
    if attempt + 1 >= allowed:
        return _settle(store, record, "failed", f"{ATTEMPTS} attempts failed; the last: {error}")
    store.repo.put(record)  # on the version read: a duplicate job racing this one fails here
    wait = delay((attempt + 1) % ATTEMPTS)
    try:
        dispatch.submit_outbound(tenant_id, subscription_id, message_id, wait)
    except Exception:  # stays pending: an admin resends it once it is stale (subscriptions)
        logs.logger().exception("outbound retry not scheduled")
        return "pending"
    return "retrying"


def _settle(store: WebhookStore, record, status: str, reason: str | None) -> str:
    record.status, record.reason = status, reason
    days = retention.NOTIFICATION_DAYS
    record.expires_at = retention.of_status(days, status, clock.now())
    store.repo.put(record)
    name = metrics.NOTIFICATIONS_SENT if status == "sent" else metrics.NOTIFICATIONS_FAILED
    metrics.count(name, tenant_id=store.tenant_id, event_type=record.event_type)
    return status


def delay(attempt: int) -> float:
    """Seconds to wait before the next attempt, ``attempt`` attempts of the round made: full
    jitter, uniform between 0 and BACKOFF * BACKOFF_RATE ** (attempt - 1), so receivers that
    failed together are not all retried at the same instant."""
    ceiling = BACKOFF * BACKOFF_RATE ** (attempt - 1) * _backoff_scale
    return random.uniform(0, ceiling)


def post(url: str, secret: str, message_id: str, body: str) -> tuple[int | None, str | None]:
    """POST a signed body; (HTTP status or None, None when a 2xx came back, else why not)."""
    import urllib.error
    import urllib.request
    from datetime import UTC, datetime

    from standardwebhooks import Webhook

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        """Standard Webhooks: a redirect is a failed attempt, not followed."""

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            return None

    # the receiver checks the timestamp against its own clock: the wall clock, not the domain's
    sent_at = datetime.fromtimestamp(int(time.time()), UTC)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "kinerja-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, sent_at, body),
    }
    request = urllib.request.Request(url, body.encode(), headers, method="POST")
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=TIMEOUT) as response:
            response.read(4096)
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code} {error.reason}"[:REASON_LENGTH]
    except Exception as error:  # refused, timed out, TLS, DNS ...
        reason = getattr(error, "reason", None) or error
        return None, f"{type(error).__name__}: {reason}"[:REASON_LENGTH]
