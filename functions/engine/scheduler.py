"""Period boundaries: a one-time EventBridge Scheduler schedule starts the next segment.

On AWS the scheduler fires it; in the embedded runtime the same schedules are stored by the
emulation and fired by :mod:`functions.local.timekeeper` when the manual clock passes them.

No herd at the boundary: a segment does not start at the boundary's midnight but at a fixed
offset of its cycle within the first :data:`SPREAD` of that day (:func:`spread`), the same on
every run (a hash of the cycle's opaque reference and the period), so a regency's 12,000
segments arrive over six hours (about one every two seconds) instead of in one second, and the
embedded clock fires them where AWS would. A start the scheduler is throttled on is retried by
the scheduler for a day (:data:`RETRY_POLICY`); a segment that failed for a throttle is started
again later (:func:`schedule_retry`, functions/services/cycles.record_failure), never recorded as
a failed cycle.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import UTC, datetime, timedelta

from functions import config
from functions.engine.clients import client
from functions.engine.segments import CycleRef

AT_FORMAT = "%Y-%m-%dT%H:%M:%S"
# The first hours of a boundary day (UTC; 07:00-13:00 WIB) over which a tenant's segments start.
SPREAD = timedelta(hours=6)
# A throttled segment starts again this long after it failed, plus up to as much again (jitter).
THROTTLE_PAUSE = timedelta(minutes=10)
# EventBridge Scheduler's retries of a start it could not make (StartExecution throttled): up to
# 185 attempts over 24 hours, with the scheduler's own back-off (its default, said here).
RETRY_POLICY = {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185}


def _fraction(*parts: object) -> float:
    """A number in [0, 1) fixed by ``parts`` (the same on every run and machine)."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def spread(cycle: CycleRef, period: int, boundary: datetime) -> datetime:
    """When the segment of ``period`` starts: ``boundary`` (a midnight) plus the cycle's own
    offset within :data:`SPREAD`, in whole seconds."""
    offset = int(_fraction(cycle.tenant_id, cycle.ref, period) * SPREAD.total_seconds())
    return boundary + timedelta(seconds=offset)


def group() -> str:
    return config.current().scheduler_group


def schedule_name(cycle: CycleRef, period: int) -> str:
    return cycle.name(f"p{period:02d}")  # opaque, as execution names (segments.py)


def schedule_segment(cycle: CycleRef, period: int, at: datetime, machine: str) -> str:
    """Ask for the segment of ``period`` to start on ``machine`` at ``at`` (UTC). Idempotent by
    name: a retried boundary step finds its schedule already there."""
    name = schedule_name(cycle, period)
    _once_at(name, at, machine, cycle.input())
    return name


def schedule_retry(cycle: CycleRef, segment: int, machine: str, now: datetime) -> datetime:
    """Start segment number ``segment`` again after a throttle: :data:`THROTTLE_PAUSE` from
    ``now`` plus a jitter of up to as much again (fixed per cycle and segment, so that the
    cycles a burst throttled do not come back together). Returns when."""
    pause = THROTTLE_PAUSE * (1 + _fraction(cycle.tenant_id, cycle.ref, "retry", segment))
    at = (now + pause).replace(microsecond=0)
    _once_at(retry_name(cycle, segment), at, machine, cycle.input())
    return at


def reminder_name(tenant_id: str, task_id: str, round_: int) -> str:
    return f"{tenant_id}-r-{task_id}-{round_:03d}"


def month_check_name(cycle: CycleRef, month: int) -> str:
    return cycle.name(f"m{month:02d}")


def deadline_name(tenant_id: str, task_id: str, round_: int) -> str:
    """A detached month's task's deadline (functions/services/months.py)."""
    return f"{tenant_id}-e-{task_id}-{round_:03d}"


def retry_name(cycle: CycleRef, segment: int) -> str:
    return cycle.name(f"t{segment:03d}")


def schedule_reminder(tenant_id: str, task_id: str, round_: int, at: datetime, due: str) -> bool:
    """Ask for the reminder of a task's deadline ``due`` at ``at`` (the reminder function checks
    the task is still open then). Idempotent by name; False when reminders are not configured."""
    function = config.current().reminder_function_arn
    if not function:
        return False
    payload = {"tenant_id": tenant_id, "task_id": task_id, "due": due}
    _once_at(reminder_name(tenant_id, task_id, round_), at, function, payload)
    return True


def schedule_month(name: str, at: datetime, payload: dict) -> None:
    """Ask for the month check ``payload`` names (a detached month opened, or its task's
    deadline) at ``at``. Idempotent by name; the function reads the task or cycle it names
    then, so a schedule that fires after the month was assessed changes nothing."""
    _once_at(name, at, config.current().month_check_function_arn, payload)


def _once_at(name: str, at: datetime, target: str, payload: dict) -> None:
    """A one-time schedule invoking ``target`` with ``payload`` at ``at``, deleted once it ran;
    nothing when one of that name exists already."""
    scheduler = client("scheduler")
    with contextlib.suppress(scheduler.exceptions.ConflictException):
        scheduler.create_schedule(
            Name=name,
            GroupName=group(),
            ScheduleExpression=f"at({at.astimezone(UTC).strftime(AT_FORMAT)})",
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},  # spread by :func:`spread`, reproducibly
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": target,
                "RoleArn": config.current().scheduler_role_arn,
                "Input": json.dumps(payload),
                "RetryPolicy": RETRY_POLICY,
            },
        )


def cancel(names: list[str]) -> int:
    """Delete the schedules of these names that are waiting (a closed cycle's next segment, its
    throttle retry, its task's reminder); returns how many were there."""
    scheduler = client("scheduler")
    deleted = 0
    for name in names:
        try:
            scheduler.delete_schedule(Name=name, GroupName=group())
        except scheduler.exceptions.ResourceNotFoundException:
            continue
        deleted += 1
    return deleted


def retarget(cycle: CycleRef, period: int, machine: str | None = None) -> None:
    """Point the waiting schedule of ``period`` at ``machine`` (a migrated cycle), and give it
    the input ``cycle`` makes now when that says where it resumes (a stage set by hand while
    it waits); nothing when it is not scheduled (it started already, or is resumed by hand)."""
    scheduler = client("scheduler")
    name = schedule_name(cycle, period)
    try:
        current = scheduler.get_schedule(Name=name, GroupName=group())
    except scheduler.exceptions.ResourceNotFoundException:
        return
    target = {**current["Target"], "Arn": machine or current["Target"]["Arn"]}
    if cycle.resume is not None:
        target["Input"] = json.dumps(cycle.input())
    fields = (
        "ScheduleExpression",
        "ScheduleExpressionTimezone",
        "FlexibleTimeWindow",
        "ActionAfterCompletion",
    )
    scheduler.update_schedule(
        Name=name,
        GroupName=group(),
        Target=target,
        **{k: current[k] for k in fields if k in current},
    )


def parse_at(expression: str) -> datetime:
    return datetime.strptime(expression[3:-1], AT_FORMAT).replace(tzinfo=UTC)
