"""Apply a stored delivery exactly once, or park it as a dead letter with its reason; replay.

Exactly once: a worker first *claims* the delivery (received → applying, conditional on the
record's version, so of two workers only one proceeds); the action's records, the delivery's
``applied`` status and an audit entry are then written in one transaction. Effects that go
through a service's own transaction (completing a human task) are guarded there too: the task
must still be open. A delivery that cannot be applied goes to ``dead`` with its reason; an admin
fixes the mapping or the data and replays it (dead or received → received, then processed again).
A delivery left ``applying`` by a worker that died (a Lambda timeout, a crash) replays too once
its claim is older than :data:`STALE_CLAIM`: the replay bumps the record's version, so a worker
that was only slow cannot apply it a second time (its transaction conditions on that version).
"""

from __future__ import annotations

import json
import random
import time
from datetime import datetime, timedelta

from functions import logs, metrics
from functions.engine import clock, dispatch
from functions.errors import Conflict, KinerjaError, NotFound, TransientError
from functions.services import audit
from functions.store.records import WebhookDeliveryRecord, plain
from functions.store.repository import StorageError, TenantRepository
from functions.store.webhooks import WebhookStore
from functions.webhooks import mapping
from functions.webhooks.actions import ACTIONS, FAILED, Context, DeadLetter, Plan

# Transient failures (throttling, a lost race) are tried this many times, after a random pause
# of up to BACKOFF × 2^attempt seconds ("full jitter"): a burst of events on one indicator (ten
# dispositions finished at once) has its writers race on one record, and pauses of equal length
# would only line them up again.
ATTEMPTS = 6
BACKOFF = 0.05
REPLAYABLE = ("dead", "received")
STALE_CLAIM = timedelta(minutes=15)  # a Lambda runs at most 15 minutes: a claim this old is dead


def plan(repo: TenantRepository, source: str, delivery_id: str, payload, spec: dict | None):
    """Resolve the mapping and plan the action (reads only): (event type, Plan)."""
    event_type, action, fields = mapping.resolve(spec, payload)
    ctx = Context(repo, source, delivery_id)
    return event_type, ACTIONS[action].plan(ctx, fields)


def _move(store: WebhookStore, record: WebhookDeliveryRecord, status: str, reason=None, **attrs):
    record.status, record.reason = status, reason
    for name, value in attrs.items():
        setattr(record, name, value)
    entry = {"at": clock.now().isoformat(), "status": status}
    if reason:
        entry["reason"] = reason
    record.history = [*record.history, entry][-50:]
    store.index(record)


def process(tenant_id: str, delivery_id: str) -> str:
    """Apply one delivery; returns its final status (or the status another worker left)."""
    repo = TenantRepository(tenant_id)
    store = WebhookStore(repo)
    record = store.delivery(delivery_id)
    if record is None:
        return "missing"
    if record.status != "received":
        return record.status  # applied, dead or being applied by another worker
    _move(store, record, "applying", attempts=(record.attempts or 0) + 1)
    try:
        repo.put(record, Conflict("claimed by another worker"))  # one claim wins
    except Conflict:
        return "raced"
    attempt = 1
    while True:
        try:
            return _apply(repo, store, record)
        except (TransientError, StorageError) as error:
            if attempt == ATTEMPTS:
                record = store.delivery(delivery_id) or record
                return _park(store, record, DeadLetter(FAILED, f"still failing: {error}"))
            time.sleep(random.uniform(0, BACKOFF * 2**attempt))
            record = store.delivery(delivery_id) or record
            if record.status != "applying":
                return record.status
            attempt += 1


def _apply(repo: TenantRepository, store: WebhookStore, record: WebhookDeliveryRecord) -> str:
    payload = json.loads(record.body)
    try:
        event_type, planned = plan(
            repo, record.source, record.delivery_id, payload, mapping.stored(repo, record.source)
        )
        if planned.run is not None:
            planned.run()
    except DeadLetter as letter:
        return _park(store, record, letter)
    except (TransientError, StorageError):
        raise
    except KinerjaError as error:
        category = "unknown_employee" if isinstance(error, NotFound) else "rejected"
        return _park(store, record, DeadLetter(category, f"{error.message} {error.details or ''}"))
    except Exception as error:  # a bug must not lose the delivery: park it with the cause
        logs.logger().exception("webhook delivery failed", extra={"error": type(error).__name__})
        return _park(store, record, DeadLetter(FAILED, f"{type(error).__name__}: {error}"))
    _finish(repo, store, record, event_type, planned)
    return "applied"


def _finish(repo, store, record: WebhookDeliveryRecord, event_type: str, planned: Plan) -> None:
    result = {"action": planned.action, **planned.summary}
    _move(store, record, "applied", event_type=event_type, result=result)
    entry = audit.entry(
        repo,
        f"webhook:{record.source}",
        f"webhook.{planned.action}",
        f"webhook_delivery/{record.delivery_id}",
        after=result,
        subject_nip=planned.subject_nip,
    )
    with repo.transaction() as writes:
        for item in planned.records:
            writes.put(item)  # new records condition on non-existence, read ones on version
        writes.put(record)
        writes.put(entry)
    metrics.count(metrics.DELIVERIES_APPLIED, tenant_id=store.tenant_id, action=planned.action)


def _park(store: WebhookStore, record: WebhookDeliveryRecord, letter: DeadLetter) -> str:
    _move(store, record, "dead", letter.reason)
    store.repo.put(record)
    logs.logger().warning("webhook delivery dead", extra={"category": letter.category})
    metrics.count(metrics.DELIVERIES_DEAD, tenant_id=store.tenant_id, category=letter.category)
    return "dead"


# --- admin: inspect and replay -------------------------------------------------------------
def shown(record: WebhookDeliveryRecord, *, with_payload: bool) -> dict:
    out = {
        "id": record.delivery_id,
        "source": record.source,
        "event_type": record.event_type,
        "status": record.status,
        "reason": record.reason,
        "received_at": record.received_at,
        "attempts": record.attempts,
        "result": plain(record.result),
        "history": plain(record.history),
    }
    if with_payload:
        out["payload"] = json.loads(record.body)
    return out


def delivery(repo: TenantRepository, delivery_id: str, *, with_payload: bool) -> dict:
    record = WebhookStore(repo).delivery(delivery_id)
    if record is None:
        raise NotFound(f"delivery {delivery_id} not found")
    return shown(record, with_payload=with_payload)


def listing(repo: TenantRepository, status: str, source: str | None, limit: int) -> list[dict]:
    records = WebhookStore(repo).deliveries(status)
    found = [r for r in records if source is None or r.source == source][:limit]
    return [shown(r, with_payload=False) for r in found]


def replay(repo: TenantRepository, ids: list[str], actor: str) -> list[dict]:
    """Put dead (or never processed) deliveries back to received and process them again;
    each replay is audited. Returns what happened to each id."""
    store = WebhookStore(repo)
    results = []
    for delivery_id in ids:
        record = store.delivery(delivery_id)
        if record is None:
            results.append({"id": delivery_id, "replayed": False, "reason": "not found"})
            continue
        refusal = _why_not_replayable(record)
        if refusal:
            results.append({"id": delivery_id, "replayed": False, "reason": refusal})
            continue
        before = {"status": record.status, "reason": record.reason}
        _move(store, record, "received", f"replayed by {actor}")
        entry = audit.entry(
            repo, actor, "webhook.replay", f"webhook_delivery/{delivery_id}",
            before=before, after={"status": "received"},
        )  # fmt: skip
        try:
            with repo.all_or_none(Conflict("changed meanwhile")) as writes:
                writes.put(record)
                writes.put(entry)
        except Conflict:
            results.append({"id": delivery_id, "replayed": False, "reason": "changed meanwhile"})
            continue
        dispatch.submit(repo.tenant_id, delivery_id)
        results.append({"id": delivery_id, "replayed": True})
    return results


def _why_not_replayable(record: WebhookDeliveryRecord) -> str | None:
    if record.status in REPLAYABLE:
        return None
    if record.status == "applying":
        claimed = datetime.fromisoformat(plain(record.history[-1])["at"])
        if clock.now() - claimed >= STALE_CLAIM:
            return None
        return f"a worker claimed it at {claimed.isoformat()}; it replays {STALE_CLAIM} after that"
    return f"it is {record.status}; only {' or '.join(REPLAYABLE)} (or a stale applying) replay"


def dry_run(repo: TenantRepository, source: str, payload, spec: dict | None) -> dict:
    """What a payload would do under a mapping (the stored one, or ``spec`` not yet saved),
    without doing it."""
    spec = mapping.validate(spec) if spec is not None else mapping.stored(repo, source)
    try:
        event_type, planned = plan(repo, source, "dry-run", payload, spec)
    except DeadLetter as letter:
        return {"outcome": "dead", "reason": letter.reason, "category": letter.category}
    except KinerjaError as error:
        return {"outcome": "dead", "reason": f"rejected: {error.message}", "category": "rejected"}
    return {
        "outcome": "apply",
        "event_type": event_type,
        "action": planned.action,
        "description": ACTIONS[planned.action].description,
        "would": planned.summary,
        "completes_task": planned.run is not None,
        "writes": [type(r).__name__ for r in planned.records],
    }
