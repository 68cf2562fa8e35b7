"""The one port through which services tell a tenant's e-office system what happened: a task
opened for someone, an SKP approved, a predikat set (so it can create a disposition).

:func:`notify` costs one cached lookup when the tenant has no subscription for the event, stores a
notification per subscription (status ``pending``) and hands it to the webhook worker
(functions/engine/dispatch.py), which signs and sends it with back-off (functions/webhooks/
outbound.py). It never raises into its caller: the caller's work goes on.

Step handlers import the services that call :func:`notify`, so the store and the dispatcher are
imported only when a notification is stored (cold starts).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from datetime import datetime

log = logging.getLogger(__name__)

EVENT_TYPES = ("task.opened", "task.reminder", "task.reopened", "skp.approved", "predikat.set")
CACHE_TTL = 5.0  # seconds a process trusts its copy of a tenant's subscriptions

_lock = threading.Lock()
_cache: dict[str, tuple[float, tuple[tuple[str, tuple[str, ...]], ...]]] = {}


def notify(repo, event_type: str, data: dict, message_id: str | None = None) -> list[str]:
    """Store and send ``event_type`` with ``data`` to each subscription of the tenant that wants
    it; returns the message id ([] when nobody subscribed). Never raises: a notification that
    cannot be stored is logged. With ``message_id`` (a retried step names the same one), a
    subscription that has the message already is not sent it again."""
    try:
        targets = [s for s, types in _subscribed(repo) if event_type in types]
        if not targets:
            return []
        return _store_and_send(repo, event_type, data, targets, message_id)
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
        "level": int(task.level or 0),
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


def workflow_event(
    repo,
    event_type: str,
    nip: str,
    year: int,
    period: int | None,
    note: str | None,
    entered: tuple[str, str, str] | None = None,
) -> dict:
    """The notify step of a workflow definition: ``event_type`` (a known type or
    ``custom.<name>``) about the employee's cycle, to the subscriptions that want it.
    ``entered``: (execution, state, entered time) of the step; its message id is then made from
    them, so a retried step sends nothing twice."""
    data = {"nip": nip, "year": year, "period": period, "note": note, "source": "workflow"}
    message_id = step_message_id(repo.tenant_id, *entered) if entered else None
    return {"sent": len(notify(repo, event_type, data, message_id))}


def step_message_id(tenant_id: str, execution: str, state: str, entered_at: str) -> str:
    """One message per entry into a state: the time it was entered, then a digest."""
    try:
        ms = int(datetime.fromisoformat(entered_at.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:  # not a time: still one id per entry, unsorted
        ms = 0
    digest = hashlib.sha256(f"{tenant_id}|{execution}|{state}|{entered_at}".encode()).hexdigest()
    return f"msg_{ms:012x}{digest[:16]}"


def forget(tenant_id: str) -> None:
    """Drop this process's copy of the tenant's subscriptions (one was created or deleted)."""
    with _lock:
        _cache.pop(tenant_id, None)


def _subscribed(repo) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(subscription id, event types) of the tenant, read at most every CACHE_TTL seconds."""
    cached = _cache.get(repo.tenant_id)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    from functions.store.webhooks import WebhookStore

    found = tuple(
        (s.subscription_id, tuple(s.event_types)) for s in WebhookStore(repo).subscriptions()
    )
    with _lock:
        _cache[repo.tenant_id] = (time.monotonic() + CACHE_TTL, found)
    return found


def _store_and_send(
    repo, event_type: str, data: dict, targets: list[str], message_id: str | None = None
) -> list[str]:
    from functions.engine import clock, dispatch
    from functions.store.webhooks import WebhookStore

    store = WebhookStore(repo)
    now = clock.now().isoformat()
    # sortable by creation, unique: the webhook-id of every attempt to every endpoint
    message_id = message_id or f"msg_{time.time_ns() // 1_000_000:012x}{secrets.token_hex(8)}"
    payload = {"type": event_type, "timestamp": now, "tenant_id": repo.tenant_id, "data": data}
    body = json.dumps(payload, separators=(",", ":"), default=str)
    stored: list[str] = []
    sent: list[str] = []  # by an earlier invocation of the same step
    for subscription_id in targets:
        subscription = store.subscription(subscription_id)
        if subscription is None:  # deleted meanwhile (another process's cache)
            continue
        if store.notification(subscription_id, message_id) is not None:  # a retried step
            sent.append(subscription_id)
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
        repo.put(record)  # new: on its key being free
        stored.append(subscription_id)
    for subscription_id in stored:
        try:
            dispatch.submit_outbound(repo.tenant_id, subscription_id, message_id)
        except Exception:  # stays pending: visible in the listing
            log.exception("outbound %s to %s not dispatched", message_id, subscription_id)
    return [message_id] if stored or sent else []
