"""Outbound subscriptions, the tenant admin's side of :mod:`.outbound`: subscribe an endpoint
(its ``whsec_`` secret shown once), delete it, list its notifications, and send failed (or
stuck) notifications again under the same ``webhook-id``, so a receiver that already has one
can drop the duplicate. Every change is audited."""

from __future__ import annotations

import json
import secrets as random
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from functions.engine import clock, dispatch
from functions.errors import Conflict, InvalidInput, NotFound
from functions.services import audit
from functions.services.notifications import forget
from functions.services.webhook_secrets import new_secret, sealed
from functions.store.records import plain
from functions.store.webhooks import WebhookStore

LOCAL_HOSTS = ("127.0.0.1", "localhost")
_LOCAL = {("http", host) for host in LOCAL_HOSTS}
MAX_SUBSCRIPTIONS = 10
STALE_PENDING = timedelta(minutes=5)  # the worker's attempts and back-off take about a minute


def check_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        scheme, host, _port = parts.scheme, parts.hostname, parts.port
    except ValueError:
        scheme, host = "", None
    if len(url) <= 2000 and ((scheme == "https" and host) or (scheme, host) in _LOCAL):
        return url
    rule = "https, or http on 127.0.0.1 or localhost (the embedded runtime)"
    raise InvalidInput("not an endpoint url", details={"url": [rule]})


def shown(record, secret: str | None = None) -> dict:
    out = {
        "id": record.subscription_id,
        "url": record.url,
        "event_types": list(record.event_types),
        "label": record.label,
        "created_at": record.created_at,
        "created_by": record.created_by,
    }
    if secret is not None:
        out["secret"] = secret
    return out


def create(repo, body: dict, actor: str) -> dict:
    """Subscribe an endpoint; returns it with its signing secret (shown this once)."""
    store = WebhookStore(repo)
    url = check_url(body["url"])
    if len(store.subscriptions()) >= MAX_SUBSCRIPTIONS:
        raise Conflict(
            f"at most {MAX_SUBSCRIPTIONS} outbound subscriptions; delete one first",
            details={"url": [f"at most {MAX_SUBSCRIPTIONS} subscriptions"]},
        )
    secret = new_secret()
    record = store.new_subscription(
        "wo_" + random.token_hex(6),
        url=url,
        event_types=sorted(set(body["event_types"])),
        label=body.get("label"),
        created_at=clock.now().isoformat(),
        created_by=actor,
    )
    sealed(repo.tenant_id, record, secret)
    item = f"webhook_outbound/{record.subscription_id}"
    with repo.transaction() as writes:
        writes.put_new(record)
        writes.put(audit.entry(repo, actor, "webhook_outbound.create", item, after=shown(record)))
    forget(repo.tenant_id)
    return shown(record, secret)


def delete(repo, subscription_id: str, actor: str) -> dict:
    """Stop notifying the endpoint (its notifications stay listed)."""
    record = _subscription(repo, subscription_id)
    before = shown(record)
    item = f"webhook_outbound/{subscription_id}"
    with repo.transaction() as writes:
        writes.delete(record)
        writes.put(audit.entry(repo, actor, "webhook_outbound.delete", item, before=before))
    forget(repo.tenant_id)
    return before


def listing(repo) -> list[dict]:
    found = sorted(WebhookStore(repo).subscriptions(), key=lambda s: s.created_at)
    return [shown(s) for s in found]


def notifications(repo, subscription_id: str, with_payload: bool, limit: int = 100) -> list:
    """The subscription's notifications, newest first."""
    store = WebhookStore(repo)
    found = store.notifications(subscription_id)
    if not found:
        _subscription(repo, subscription_id)  # 404 for an id that never was
    found.sort(key=lambda n: n.message_id, reverse=True)
    return [_notification(n, with_payload) for n in found[:limit]]


def _notification(record, with_payload: bool) -> dict:
    out = {
        "id": record.message_id,
        "subscription_id": record.subscription_id,
        "event_type": record.event_type,
        "url": record.url,
        "status": record.status,
        "reason": record.reason,
        "created_at": record.created_at,
        "attempts": plain(record.attempts),
        "resends": plain(record.resends),
    }
    if with_payload:
        out["payload"] = json.loads(record.body)
    return out


def _subscription(repo, subscription_id: str):
    record = WebhookStore(repo).subscription(subscription_id)
    if record is None:
        raise NotFound(f"outbound subscription {subscription_id} not found")
    return record


def resend(repo, subscription_id: str, message_ids: list[str], actor: str) -> list[dict]:
    """Send notifications again, each with a new round of attempts: failed ones, and pending ones
    that nothing has touched for :data:`STALE_PENDING` (their hand-off to the worker was lost).
    Returns what happened to each id; each resend is audited."""
    store = WebhookStore(repo)
    if store.subscription(subscription_id) is None:
        raise NotFound(f"outbound subscription {subscription_id} not found")
    results = []
    for message_id in message_ids:
        record = store.notification(subscription_id, message_id)
        refusal = "not found" if record is None else _why_not_resendable(record)
        if refusal or record is None:
            results.append({"id": message_id, "resent": False, "reason": refusal})
            continue
        before = {"status": record.status, "reason": record.reason}
        record.status, record.reason = "pending", None
        record.resends = [*record.resends, {"at": clock.now().isoformat(), "by": actor}]
        item = f"webhook_notification/{subscription_id}/{message_id}"
        entry = audit.entry(
            repo, actor, "webhook_notification.resend", item, before=before,
            after={"status": "pending"},
        )  # fmt: skip
        try:
            with repo.all_or_none(Conflict("changed meanwhile")) as writes:
                writes.put(record)  # on the version read: a worker busy with it wins
                writes.put(entry)
        except Conflict:
            results.append({"id": message_id, "resent": False, "reason": "changed meanwhile"})
            continue
        dispatch.submit_outbound(repo.tenant_id, subscription_id, message_id)
        results.append({"id": message_id, "resent": True})
    return results


def failed_ids(repo, subscription_id: str, limit: int) -> list[str]:
    found = WebhookStore(repo).notifications(subscription_id)
    return sorted(n.message_id for n in found if n.status == "failed")[:limit]


def _why_not_resendable(record) -> str | None:
    if record.status == "failed":
        return None
    if record.status == "pending":
        touched = [plain(a)["at"] for a in record.attempts] + [record.created_at]
        touched += [plain(r)["at"] for r in record.resends]
        last = max(datetime.fromisoformat(at) for at in touched)
        if clock.now() - last >= STALE_PENDING:
            return None
        return f"it is being sent (last activity {last.isoformat()})"
    return f"it is {record.status}; only failed (or stuck pending) notifications are resent"
