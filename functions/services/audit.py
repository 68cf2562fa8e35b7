"""The audit trail: every change, who made it, when, to which item, before and after.

Entries are append-only (a put that refuses to overwrite) and live in one partition per tenant
and month, sorted by time (within one instant of the embedded clock, by the real clock), so a
date range is a few key-range queries. Callers that change several items at once put
:func:`entry` into the same transaction: a change and its entry are stored together or not at all.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import date

from functions.engine import clock
from functions.store import keys
from functions.store.records import AuditRecord, as_dict, storable
from functions.store.repository import TenantRepository


def entry(
    repo: TenantRepository,
    actor: str,
    action: str,
    item: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    subject_nip: str | None = None,
) -> AuditRecord:
    """An unsaved entry (for a transaction); :func:`log` saves one on its own."""
    at = clock.now().isoformat()
    return AuditRecord(
        keys.audit_month(repo.tenant_id, at[:7]),
        keys.audit_entry(at, f"{time.time_ns():016x}{secrets.token_hex(2)}"),
        at=at,
        actor=actor,
        action=action,
        item=item,
        subject_nip=subject_nip,
        before=storable(before) if before is not None else None,
        after=storable(after) if after is not None else None,
    )


def log(repo: TenantRepository, actor: str, action: str, item: str, **changes) -> AuditRecord:
    record = entry(repo, actor, action, item, **changes)
    repo.put(record)  # new: on its key being free
    return record


def _months(since: date, until: date) -> Iterator[str]:
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def entries(
    repo: TenantRepository, since: date, until: date, person: str | None = None
) -> list[dict]:
    """Entries from ``since`` to ``until`` (inclusive), oldest first; ``person`` keeps those
    made by or about that NIP."""
    first, last = since.isoformat(), (until.isoformat() + "~")
    found = []
    for month in _months(since, until):
        for record in repo.audit_entries(month, first, last):
            if person is None or person in (record.subject_nip, record.actor.partition(":")[2]):
                found.append(_shown(record))
    return found


def _shown(record: AuditRecord) -> dict:
    shown = as_dict(record)
    for internal in ("pk", "sk", "gsi1pk", "gsi1sk", "kind", "version", "updated_at"):
        shown.pop(internal, None)
    return shown
