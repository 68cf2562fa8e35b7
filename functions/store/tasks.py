"""Human tasks: one partition each, listed by assignee and status on GSI1."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from functions.store import keys, retention
from functions.store.base import Bound, _find, _get
from functions.store.records import (
    TaskRecord,
)


class Tasks(Bound):
    def new_task(self, task_id: str, *, assignee_nip: str | None, status: str, due, **attrs):
        record = TaskRecord(
            keys.task(self.tenant_id, task_id),
            keys.TASK,
            task_id=task_id,
            assignee_nip=assignee_nip,
            status=status,
            due=due,
            **attrs,
        )
        self.index_task(record)
        return record

    def index_task(self, record: TaskRecord) -> None:
        """Keep the task's listing key in step with its status and assignee, and its expiry
        with its status (a finished task and its spent token leave the table in time)."""
        record.gsi1pk = keys.tasks_of(self.tenant_id, record.assignee_nip or "-")
        record.gsi1sk = keys.task_listing(record.status, record.due.isoformat(), record.task_id)
        record.expires_at = retention.of_task(record.status, record.completed_at, record.due)

    def task(self, task_id: str) -> TaskRecord:
        return _get(TaskRecord, keys.task(self.tenant_id, task_id), keys.TASK, f"task {task_id}")

    def tasks(self, task_ids: Iterable[str | None]) -> list[TaskRecord]:
        """The open ones of these tasks, in one batch read."""
        wanted = [(keys.task(self.tenant_id, t), keys.TASK) for t in set(task_ids) if t]
        return [t for t in TaskRecord.batch_get(wanted) if t.status == "open"]

    def find_task(self, task_id: str) -> TaskRecord | None:
        return _find(TaskRecord, keys.task(self.tenant_id, task_id), keys.TASK)

    def tasks_of(self, assignee_nip: str | None, status: str | None = "open") -> list[TaskRecord]:
        """A person's tasks (``None``: those waiting on the tenant's BKPSDM admins)."""
        pk = keys.tasks_of(self.tenant_id, assignee_nip or "-")
        condition = TaskRecord.gsi1sk.startswith(f"{status}#") if status else None
        return list(TaskRecord.by_gsi1.query(pk, condition))

    def task_listing(
        self,
        assignee_nip: str | None,
        status: str,
        kind: str | None,
        start: dict | None,
        page_size: int,
    ) -> Iterator[TaskRecord]:
        """A person's tasks (None: BKPSDM's) of a status, soonest due first, from ``start`` on."""
        pk = keys.tasks_of(self.tenant_id, assignee_nip or "-")
        of_kind = TaskRecord.task_kind == kind if kind else None
        return TaskRecord.by_gsi1.query(
            pk,
            TaskRecord.gsi1sk.startswith(f"{status}#"),
            filter_condition=of_kind,
            last_evaluated_key=start,
            page_size=page_size,
        )
