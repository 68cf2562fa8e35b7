"""Closing cycles before their end: an employee retired, moved out of the regency's service or
died, or BKPSDM closes what is left of a year. BKPSDM names the NIPs (a few, in the request) or a
filter (a job: functions/services/jobs.py) and a reason.

Closing one cycle stops the execution driving it, cancels its open task (it leaves the inbox),
deletes its waiting schedules (the next segment, a throttle's retry, the task's reminder) and
marks it ``closed`` with the reason, who and when, audited in the same transaction as the task.
The engine's calls come first and are idempotent, the mark last: a close that failed midway is
run again whole, and a closed cycle counts as done (so is a close asked twice).
"""

from __future__ import annotations

from functions import logs
from functions.domain.stages import CLOSE_NEEDS_NOTE, CLOSE_REASONS
from functions.engine import clock, scheduler, segments
from functions.errors import Conflict, InvalidInput
from functions.services import audit, months
from functions.services.workflow_runs import cycle_ref
from functions.store.records import CycleRecord, TaskRecord
from functions.store.repository import TenantRepository


def check_reason(reason: str, note: str | None) -> None:
    """The reason is one of CLOSE_REASONS; ``lainnya`` says why in a note."""
    if reason not in CLOSE_REASONS:
        raise InvalidInput("unknown reason", details={"reason": [f"one of {list(CLOSE_REASONS)}"]})
    if reason == CLOSE_NEEDS_NOTE and not (note or "").strip():
        raise InvalidInput(
            "a closure for another reason says why",
            details={"note": [f"required when the reason is {CLOSE_NEEDS_NOTE}"]},
        )


ATTEMPTS = 3  # a step of the cycle may save it between our read and our write: read it again


def close_one(
    repo: TenantRepository, actor: str, nip: str, year: int, reason: str, note: str | None
) -> dict:
    """Close one cycle; its outcome as a job's batch keeps it: ``done`` (closed now, or
    already), ``skipped`` with why (no cycle, finished). A cycle a running step saved
    meanwhile is read and closed again (its execution is stopped by then)."""
    for _ in range(ATTEMPTS - 1):
        try:
            return _close_once(repo, actor, nip, year, reason, note)
        except Conflict:
            continue
    return _close_once(repo, actor, nip, year, reason, note)


def _close_once(repo, actor: str, nip: str, year: int, reason: str, note: str | None) -> dict:
    cycle = repo.find_cycle(nip, year)
    if cycle is None:
        return {"outcome": "skipped", "reason": "no cycle this year"}
    if cycle.status == "closed":
        return {"outcome": "done", "reason": "already closed"}
    if cycle.status == "done":
        return {"outcome": "skipped", "reason": "the cycle is finished"}
    task = repo.find_task(cycle.open_task) if cycle.open_task else None
    task = task if task is not None and task.status == "open" else None
    # a monthly cycle's months inside a quarter wait in tasks of their own (services/months.py)
    detached = [t for t in repo.tasks(months.detached_ids(repo, cycle)) if t.status == "open"]
    stopped = _stop_engine(repo, cycle, task, reason)
    _mark_closed(repo, actor, cycle, task, reason, note, stopped, detached)
    logs.logger().info("cycle closed", extra={"reason": reason, "stage": cycle.stage})
    return {"outcome": "done", "reason": None}


def _stop_engine(repo: TenantRepository, cycle: CycleRecord, task: TaskRecord | None, why: str):
    """Stop the running execution and delete what would start or remind later."""
    ref = cycle_ref(repo, cycle)
    stopped = False
    if cycle.execution_arn and segments.status(cycle.execution_arn) == "RUNNING":
        stopped = segments.stop(cycle.execution_arn, f"cycle closed: {why}")
    names = [
        scheduler.schedule_name(ref, int(cycle.period)),  # the next segment, waiting
        scheduler.retry_name(ref, int(cycle.segment or 0) + 1),  # a throttled one's retry
    ]
    if task is not None:
        names.append(scheduler.reminder_name(repo.tenant_id, task.task_id, int(task.reopened or 0)))
    scheduler.cancel(names)
    return stopped


def _mark_closed(
    repo, actor, cycle: CycleRecord, task: TaskRecord | None, reason, note, stopped, detached=()
):
    now = clock.now()
    before = {"status": cycle.status, "stage": cycle.stage, "open_task": cycle.open_task}
    closure = {
        "reason": reason,
        "note": note,
        "by": actor,
        "at": now.isoformat(),
        "stage": cycle.stage,
        "period": int(cycle.period),
        "execution_stopped": stopped,
        "task_cancelled": task.task_id if task else None,
        "months_cancelled": [t.task_id for t in detached],
    }
    cycle.status, cycle.open_task, cycle.closure = "closed", None, closure
    changed = Conflict(f"the cycle {cycle.nip}/{cycle.year} changed meanwhile; close it again")
    with repo.all_or_none(changed) as writes:
        writes.put(cycle)
        for cancelled in [task, *detached] if task is not None else detached:
            # out of the inbox: listed by status, no longer open (a month's deadline that
            # fires later finds it so and does nothing, as its check finds the cycle closed)
            cancelled.status, cancelled.completed_by, cancelled.completed_at = (
                "cancelled",
                actor,
                now,
            )
            cancelled.outcome = {"reason": f"cycle closed: {reason}"}
            repo.index_task(cancelled)
            writes.put(cancelled)
        trail = audit.entry(
            repo, actor, "cycle.close", f"cycle/{cycle.nip}/{cycle.year}", before=before,
            after={"status": "closed", **closure}, subject_nip=cycle.nip,
        )  # fmt: skip
        writes.put(trail)
