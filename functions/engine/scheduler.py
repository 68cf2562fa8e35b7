"""Period boundaries: a one-time EventBridge Scheduler schedule starts the next segment.

On AWS the scheduler fires it; in the embedded runtime the same schedules are stored by the
emulation and fired by :mod:`functions.local.timekeeper` when the manual clock passes them.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime

from functions.engine.clients import client
from functions.engine.segments import machine_for, segment_input

AT_FORMAT = "%Y-%m-%dT%H:%M:%S"


def group() -> str:
    return os.environ.get("SCHEDULER_GROUP", "default")


def schedule_name(tenant_id: str, nip: str, year: int, period: int) -> str:
    return f"{tenant_id}-{nip}-{year}-p{period:02d}"


def schedule_segment(tenant_id: str, nip: str, year: int, period: int, at: datetime) -> str:
    """Ask for the segment of ``period`` to start at ``at`` (UTC). Idempotent by name."""
    scheduler = client("scheduler")
    name = schedule_name(tenant_id, nip, year, period)
    target = machine_for(tenant_id, nip, year)  # the cycle's workflow version
    # a retried boundary step finds its schedule already there
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
                "RoleArn": os.environ["SCHEDULER_ROLE_ARN"],
                "Input": json.dumps(segment_input(tenant_id, nip, year)),
            },
        )
    return name


def parse_at(expression: str) -> datetime:
    return datetime.strptime(expression[3:-1], AT_FORMAT).replace(tzinfo=UTC)
