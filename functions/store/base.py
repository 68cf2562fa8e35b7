"""The repository's base: bound to one tenant id, with the writes, each refusing a record of
another tenant (functions/store/writes.py), and the two reads every part uses."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TypeVar

from pynamodb.exceptions import DoesNotExist

from functions.errors import KinerjaError, NotFound
from functions.store import keys, writes
from functions.store.records import (
    CycleRecord,
    Record,
    TaskRecord,
)

R = TypeVar("R", bound=Record)


def _get(cls: type[R], pk: str, sk: str, what: str) -> R:
    try:
        return cls.get(pk, sk)
    except DoesNotExist:
        raise NotFound(f"{what} not found") from None


def _find(cls: type[R], pk: str, sk: str) -> R | None:
    try:
        return cls.get(pk, sk)
    except DoesNotExist:
        return None


class Bound:
    """Everything of a tenant's repository that is not a kind of record: its keys' prefix and
    the writes."""

    def __init__(self, tenant_id: str) -> None:
        self.tenant_id = keys.check_tenant_id(tenant_id)
        self.pk = keys.tenant(tenant_id)

    # --- writes: each refuses a record of another tenant (functions/store/writes.py) ----------
    def put(self, record: Record, conflict: KinerjaError | None = None) -> None:
        """Save on the version read; ``conflict`` (or a Conflict naming the kind) if it moved."""
        writes.save_on_version(record, conflict, self.tenant_id)

    def put_all(self, records: Iterable[Record]) -> None:
        for record in records:
            self.put(record)

    def create(self, record: Record) -> bool:
        """Save a new record on its key being free: False when it is taken."""
        return writes.create(record, self.tenant_id)

    def delete(self, record: Record) -> None:
        writes.delete(record, self.tenant_id)

    def refresh(self, record: Record) -> None:
        """Read a record again, in place."""
        writes.check_owner(self.tenant_id, record)
        record.refresh()

    def snapshot(self, records: Iterable[Record]) -> list[tuple[Record, Record | None]]:
        """Each record with its stored copy as it is now (None: not stored yet), read before the
        records are changed and committed, so that :meth:`restore` can undo the commit."""
        for record in records:
            writes.check_owner(self.tenant_id, record)
        return [(record, _find(type(record), record.pk, record.sk)) for record in records]

    def restore(
        self, snapshots: list[tuple[Record, Record | None]], conflict: KinerjaError
    ) -> None:
        """Undo a committed write of the records of :meth:`snapshot`: put back each stored copy
        (delete what was created), all or none, on the condition that nobody wrote them since
        the commit (``conflict`` otherwise)."""
        with self.all_or_none(conflict) as batch:
            for committed, before in snapshots:
                if before is None:
                    batch.delete(committed)  # on the committed version
                else:
                    before.version = committed.version
                    if isinstance(before, CycleRecord) and isinstance(committed, CycleRecord):
                        before._counted = committed._counted  # uncount what the commit counted
                    batch.put(before)

    def set_task_token(self, task: TaskRecord, token: str) -> None:
        writes.set_attribute(task, self.tenant_id, "token", token)

    def transaction(self) -> AbstractContextManager[writes.Writes]:
        """All-or-nothing writes of this tenant's records; a failure is raised as is."""
        return writes.transaction(self.tenant_id)

    def all_or_none(
        self, conflict: KinerjaError, busy: KinerjaError | None = None
    ) -> AbstractContextManager[writes.Writes]:
        """All-or-nothing writes on the versions read; ``conflict`` when one moved."""
        return writes.all_or_none(conflict, busy, self.tenant_id)
