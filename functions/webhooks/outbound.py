"""Outbound notifications: tell a tenant's e-office system, signed the Standard Webhooks way, when
a task is opened for someone, an SKP is approved or a predikat is set (so it can create a
disposition).

- A tenant admin subscribes an endpoint to some event types; its ``whsec_`` secret is shown once.
- :func:`notify` is the one call the services make. It costs one cached lookup when the tenant has
  no subscription for the event, stores a notification per subscription (status ``pending``)
  and hands it to the worker through :mod:`.dispatch`; it never raises into its caller.
- :func:`send_job` (the worker) POSTs it, retrying with exponential back-off, and records every
  attempt; the notification ends ``sent`` or ``failed`` with the reason. A tenant admin can send a
  failed one again (:mod:`.subscriptions`), under the same ``webhook-id``.

Step handlers import the services that call :func:`notify`, so this module imports only the
standard library at import time (cold starts); the store, the dispatch and the signing library
are imported when they are used.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time

log = logging.getLogger(__name__)

EVENT_TYPES = ("task.opened", "skp.approved", "predikat.set")
CACHE_TTL = 5.0  # seconds a process trusts its copy of a tenant's subscriptions
ATTEMPTS = 3
BACKOFF = 4.0  # seconds before the 2nd attempt; each further wait is BACKOFF_RATE times longer
BACKOFF_RATE = 4.0
LOCAL_SCALE = 0.01  # the embedded runtime waits a hundredth (as its Retry back-off does)
TIMEOUT = 10.0
REASON_LENGTH = 300

_lock = threading.Lock()
_cache: dict[str, tuple[float, tuple[tuple[str, tuple[str, ...]], ...]]] = {}


# --- the one call of the services -----------------------------------------------------------
def notify(repo, event_type: str, data: dict) -> list[str]:
    """Store and send ``event_type`` with ``data`` to each subscription of the tenant that wants
    it; returns the message id ([] when nobody subscribed). Never raises: a notification that
    cannot be stored is logged, and the caller's work goes on."""
    try:
        targets = [s for s, types in _subscribed(repo) if event_type in types]
        if not targets:
            return []
        return _store_and_send(repo, event_type, data, targets)
    except Exception:
        log.exception("outbound %s not stored for tenant %s", event_type, repo.tenant_id)
        return []


def task_opened(task) -> dict:
    return {
        "task_id": task.task_id,
        "kind": task.task_kind,
        "assignee_nip": task.assignee_nip,
        "subject_nip": task.subject_nip,
        "year": task.year,
        "period": task.period,
        "due": task.due.isoformat() if task.due is not None else None,
    }


def skp_approved(task, principal) -> dict:
    return {
        "nip": task.subject_nip,
        "year": task.year,
        "task_id": task.task_id,
        "approved_by": principal.nip or principal.label,
    }


def predikat_set(nip: str, year: int, annual, how: str = "assessment") -> dict:
    """``annual``: the annual assessment record; ``how``: ``assessment`` or the revision's
    kind."""
    ratings = ("rating_hasil_kerja", "rating_perilaku", "predikat")
    return {"nip": nip, "year": year, **{k: getattr(annual, k) for k in ratings}, "by": how}


def _subscribed(repo) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(subscription id, event types) of the tenant, read at most every CACHE_TTL seconds."""
    cached = _cache.get(repo.tenant_id)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    from functions.webhooks.store import WebhookStore

    found = tuple(
        (s.subscription_id, tuple(s.event_types)) for s in WebhookStore(repo).subscriptions()
    )
    with _lock:
        _cache[repo.tenant_id] = (time.monotonic() + CACHE_TTL, found)
    return found


def forget(tenant_id: str) -> None:
    with _lock:
        _cache.pop(tenant_id, None)


def _store_and_send(repo, event_type: str, data: dict, targets: list[str]) -> list[str]:
    import secrets as random

    from functions.engine import clock
    from functions.store.records import OutboundNotificationRecord
    from functions.webhooks import dispatch
    from functions.webhooks.store import WebhookStore

    store = WebhookStore(repo)
    now = clock.now().isoformat()
    # sortable by creation, unique: the webhook-id of every attempt to every endpoint
    message_id = f"msg_{time.time_ns() // 1_000_000:012x}{random.token_hex(8)}"
    payload = {"type": event_type, "timestamp": now, "tenant_id": repo.tenant_id, "data": data}
    body = json.dumps(payload, separators=(",", ":"), default=str)
    stored = []
    for subscription_id in targets:
        subscription = store.subscription(subscription_id)
        if subscription is None:  # deleted meanwhile (another process's cache)
            continue
        record = store.new_notification(
            subscription_id,
            message_id,
            event_type=event_type,
            body=body,
            url=subscription.url,
            status="pending",
            created_at=now,
            attempts=[],
        )
        record.save(condition=OutboundNotificationRecord.pk.does_not_exist())
        stored.append(subscription_id)
    for subscription_id in stored:
        try:
            dispatch.submit_outbound(repo.tenant_id, subscription_id, message_id)
        except Exception:  # stays pending: visible in the listing
            log.exception("outbound %s to %s not dispatched", message_id, subscription_id)
    return [message_id] if stored else []


# --- the worker ------------------------------------------------------------------------------
def send_job(event: dict) -> dict:
    """Send one stored notification, with its retries; never raises."""
    message_id = event.get("message_id")
    try:
        status = send(event["tenant_id"], event["subscription_id"], message_id)
    except Exception:
        log.exception("outbound %s not sent", message_id)
        return {"message_id": message_id, "status": "error"}
    return {"message_id": message_id, "status": status}


def send(tenant_id: str, subscription_id: str, message_id: str) -> str:
    from functions.engine import clock
    from functions.store.repository import TenantRepository
    from functions.webhooks.store import WebhookStore

    store = WebhookStore(TenantRepository(tenant_id))
    record = store.notification(subscription_id, message_id)
    if record is None or record.status != "pending":  # a second invocation of a settled one
        return record.status if record is not None else "missing"
    subscription = store.subscription(subscription_id)
    if subscription is None:
        return _settle(record, "failed", "the subscription was deleted before sending")
    rounds = 1 + len(record.resends)  # each resend by an admin grants another ATTEMPTS
    for attempt in range(len(record.attempts), ATTEMPTS * rounds):
        if attempt % ATTEMPTS:
            time.sleep(delay(attempt % ATTEMPTS))
        code, error = post(subscription.url, subscription.secret, message_id, record.body)
        entry = {"at": clock.now().isoformat(), "status_code": code, "error": error}
        record.attempts = [*record.attempts, entry]
        if error is None:
            return _settle(record, "sent", None)
        if attempt + 1 < ATTEMPTS * rounds:
            record.save()
    return _settle(record, "failed", f"{ATTEMPTS} attempts failed; the last: {error}")


def _settle(record, status: str, reason: str | None) -> str:
    record.status, record.reason = status, reason
    record.save()
    return status


def delay(attempt: int) -> float:
    """Seconds to wait before attempt ``attempt`` (1-based count of attempts made)."""
    scale = 1.0 if os.environ.get("WEBHOOK_WORKER_FUNCTION") else LOCAL_SCALE
    return BACKOFF * BACKOFF_RATE ** (attempt - 1) * scale


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
