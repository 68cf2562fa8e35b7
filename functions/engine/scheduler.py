"""Period boundaries: a one-time EventBridge Scheduler schedule starts the next segment.

On AWS the scheduler fires it; in the embedded runtime the same schedules are stored by the
emulation and fired by :mod:`functions.local.timekeeper` when the manual clock passes them.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime

from functions import config
from functions.engine.clients import client
from functions.engine.segments import CycleRef

AT_FORMAT = "%Y-%m-%dT%H:%M:%S"


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


def schedule_reminder(tenant_id: str, task_id: str, round_: int, at: datetime, due: str) -> bool:
    """Ask for the reminder of a task's deadline ``due`` at ``at`` (the reminder function checks
    the task is still open then). Idempotent by name; False when reminders are not configured."""
    function = config.current().reminder_function_arn
    if not function:
        return False
    payload = {"tenant_id": tenant_id, "task_id": task_id, "due": due}
    _once_at(f"{tenant_id}-r-{task_id}-{round_:03d}", at, function, payload)
    return True


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
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": target,
                "RoleArn": config.current().scheduler_role_arn,
                "Input": json.dumps(payload),
            },
        )


def retarget(cycle: CycleRef, period: int, machine: str) -> None:
    """Point the waiting schedule of ``period`` at ``machine`` (a migrated cycle); nothing when
    it is not scheduled (it started already, or is resumed by hand)."""
    scheduler = client("scheduler")
    name = schedule_name(cycle, period)
    try:
        current = scheduler.get_schedule(Name=name, GroupName=group())
    except scheduler.exceptions.ResourceNotFoundException:
        return
    fields = (
        "ScheduleExpression",
        "ScheduleExpressionTimezone",
        "FlexibleTimeWindow",
        "ActionAfterCompletion",
    )
    scheduler.update_schedule(
        Name=name,
        GroupName=group(),
        Target={**current["Target"], "Arn": machine},
        **{k: current[k] for k in fields if k in current},
    )


def parse_at(expression: str) -> datetime:
    return datetime.strptime(expression[3:-1], AT_FORMAT).replace(tzinfo=UTC)
