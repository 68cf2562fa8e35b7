"""Time in the embedded runtime: the manual clock, and the schedules it fires when it passes
them (what EventBridge Scheduler does on AWS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from functions.engine import clock, scheduler
from functions.engine.clients import client


@dataclass(frozen=True)
class Fired:
    schedule: str
    at: datetime
    execution_arn: str


def due_schedules(until: datetime) -> list[tuple[datetime, dict]]:
    sched = client("scheduler")
    due = []
    for page in sched.get_paginator("list_schedules").paginate(GroupName=scheduler.group()):
        for summary in page["Schedules"]:
            full = sched.get_schedule(Name=summary["Name"], GroupName=scheduler.group())
            at = scheduler.parse_at(full["ScheduleExpression"])
            if at <= until:
                due.append((at, full))
    return sorted(due, key=lambda pair: pair[0])


def advance(to: datetime) -> list[Fired]:
    """Move the manual clock to ``to`` and start every segment scheduled up to then, in order
    of their time. Segments scheduled by those segments fire on a later advance."""
    manual = clock.current()
    if not hasattr(manual, "set"):
        raise RuntimeError("the clock is the system clock; only the embedded runtime moves it")
    fired = []
    for at, schedule in due_schedules(to):
        manual.set(max(at, manual.now()))
        target = schedule["Target"]
        execution = client("stepfunctions").start_execution(
            stateMachineArn=target["Arn"], name=schedule["Name"], input=target["Input"]
        )
        client("scheduler").delete_schedule(Name=schedule["Name"], GroupName=scheduler.group())
        fired.append(Fired(schedule["Name"], at, execution["executionArn"]))
    manual.set(to)
    return fired
