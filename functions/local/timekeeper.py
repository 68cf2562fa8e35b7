"""Time in the embedded runtime: the manual clock, the schedules it fires when it passes them
(what EventBridge Scheduler does on AWS), and the human tasks whose deadline it passes (what a
state's timeout does on AWS, where the calendar and the timer are the same time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from functions.engine import clock, scheduler
from functions.engine.clients import client
from functions.local.emulation import time_out_task
from functions.store import keys
from functions.store.records import TaskRecord


@dataclass(frozen=True)
class Fired:
    schedule: str
    at: datetime
    execution_arn: str | None  # None: a function was invoked (a reminder)


@dataclass(frozen=True)
class Expired:
    tenant_id: str
    task_id: str
    due: datetime


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


def overdue_tasks(until: datetime) -> list[TaskRecord]:
    """Every tenant's open tasks due by ``until`` (a scan: the emulation's table is in memory).
    A task is due when its state's own timeout ends: the opener counts ``due`` from the number
    the state's TimeoutSeconds(Path) reads (the payload's ``timeout_seconds``, which validation
    holds equal to it), so the embedded clock times a wait out when AWS would."""
    condition = (TaskRecord.status == "open") & (TaskRecord.due <= until)
    return sorted(TaskRecord.scan(condition), key=lambda task: task.due)


def advance(to: datetime) -> tuple[list[Fired], list[Expired]]:
    """Move the manual clock to ``to``, and in order of their time start every segment scheduled
    up to then and time out every open task due by then. Segments and tasks that those open
    are due on a later advance."""
    manual = clock.current()
    if not hasattr(manual, "set"):
        raise RuntimeError("the clock is the system clock; only the embedded runtime moves it")
    events: list[tuple[datetime, int, dict | TaskRecord]] = [
        (at, 0, schedule) for at, schedule in due_schedules(to)
    ]
    events += [(task.due, 1, task) for task in overdue_tasks(to)]
    fired: list[Fired] = []
    expired: list[Expired] = []
    for at, _, event in sorted(events, key=lambda e: e[:2]):
        manual.set(max(at, manual.now()))
        if isinstance(event, TaskRecord):
            if time_out_task(event.token):
                expired.append(Expired(keys.tenant_of(event.pk), event.task_id, at))
        else:
            fired.append(_fire(event, at))
    manual.set(to)
    return fired, expired


def _fire(schedule: dict, at: datetime) -> Fired:
    """Start the segment a schedule names, or invoke the function it names (a task's reminder)."""
    target = schedule["Target"]
    started = None
    if ":lambda:" in target["Arn"]:
        client("lambda").invoke(FunctionName=target["Arn"], Payload=target["Input"].encode())
    else:
        started = client("stepfunctions").start_execution(
            stateMachineArn=target["Arn"], name=schedule["Name"], input=target["Input"]
        )["executionArn"]
    client("scheduler").delete_schedule(Name=schedule["Name"], GroupName=scheduler.group())
    return Fired(schedule["Name"], at, started)
