"""Monthly periods without an execution per month: segments run per quarter, and the months
inside a quarter are checked, opened and assessed detached (issue 14.4).

With ``bulanan`` periods the penilai still assesses every month (Permen PANRB 6/2022: 12
periodic assessments, each exported to SIASN), but only the quarter's last month runs as a
segment (Monitor, CoachingNeeded, RatePerilaku, ClosePeriod). For the two months before it a
boundary schedules a one-time month check (EventBridge Scheduler -> the ``monthCheck``
function; no execution, no state transitions) at the day after the month ends, which measures
the month (capaian, judgements, coaching due) and opens its ``rate_perilaku`` task (and a
``coaching`` task when coaching is due) without a token. Completing such a task
(functions/services/completion.py) stores the rating and assesses the month in the same
transaction. At each deadline a schedule fires the same function, which escalates the task one
level (penilai -> their penilai -> BKPSDM, then reopened for BKPSDM): a late month never fails
the cycle. The annual review's segment starts once every month is assessed: at the last
ClosePeriod, or else at the completion of the last month still open.
"""

from __future__ import annotations

from functions import logs
from functions.domain import next_segment
from functions.domain.periods import SEGMENT_MONTHS
from functions.engine import clock, scheduler, segments
from functions.errors import Conflict
from functions.services import cycles, monitoring, tasks
from functions.services.settings import cycle_frequency
from functions.services.workflow_runs import cycle_ref
from functions.store.records import NO_TOKEN, CycleRecord, TaskRecord
from functions.store.repository import TenantRepository


def close_segment(
    repo: TenantRepository, nip: str, year: int, after: str, period: int, detached: bool
) -> dict:
    """The boundary step (after the approval, or a period): the next segment (cycles.
    close_segment), with ``detached`` and monthly periods the next quarter's last month and
    the months before it checked detached, each the day after it ends (a definition published
    before asks for a segment per period)."""
    cycle = repo.cycle(nip, year)
    done = 0 if after == "approval" else period
    segment, months = done + 1, []
    if detached:
        segment, months = next_segment(cycle_frequency(repo, cycle), done, int(cycle.periods))
    closed = cycles.close_segment(repo, cycle, segment)
    for month in months:
        _schedule_check(repo, cycle, month)
    return closed


def _schedule_check(repo: TenantRepository, cycle: CycleRecord, month: int) -> None:
    """The month's check at its own time on the day after it ends (scheduler.spread, as the
    segments), or now when that has passed (a late approval)."""
    at = cycles.segment_starts(repo, cycle, month)
    if at <= clock.now():
        check(repo, cycle.nip, int(cycle.year), month)
        return
    name = scheduler.month_check_name(cycle_ref(repo, cycle), month)
    payload = {"tenant_id": repo.tenant_id, "nip": cycle.nip, "year": int(cycle.year)}
    scheduler.schedule_month(name, at, {**payload, "period": month})


def check(repo: TenantRepository, nip: str, year: int, period: int) -> dict:
    """A detached month's check: measure it and open its tasks (rating; coaching when due),
    each with its deadline's schedule. A month assessed already, or a finished or closed cycle,
    is left."""
    cycle = repo.cycle(nip, year)
    assessed = repo.assessment(nip, year, period)
    if cycle.status in ("done", "closed") or (assessed is not None and assessed.predikat):
        return {"task_ids": []}
    record, lagging = monitoring.measure(repo, cycle, period)
    repo.put(record)
    kinds = ["coaching", "rate_perilaku"] if lagging else ["rate_perilaku"]
    opened = [tasks.open_detached(repo, kind, nip, year, period) for kind in kinds]
    for task in opened:
        if task.status == "open":
            _schedule_deadline(repo, task)
    return {"task_ids": [task.task_id for task in opened]}


def _schedule_deadline(repo: TenantRepository, task: TaskRecord) -> None:
    """At the task's deadline the month check escalates it (:func:`escalate`)."""
    round_ = int(task.level or 0) + int(task.reopened or 0)
    name = scheduler.deadline_name(repo.tenant_id, task.task_id, round_)
    payload = {"tenant_id": repo.tenant_id, "task_id": task.task_id, "due": task.due.isoformat()}
    scheduler.schedule_month(name, task.due, payload)


def escalate(repo: TenantRepository, task_id: str, due: str) -> dict:
    """A detached task's deadline fired: one level up (or reopened for BKPSDM), with the next
    deadline's schedule; nothing when it was done meanwhile."""
    task = tasks.escalate_detached(repo, task_id, due)
    if task is None:
        return {"task_ids": []}
    _schedule_deadline(repo, task)
    return {"task_ids": [task.task_id]}


def detached_ids(repo: TenantRepository, cycle: CycleRecord) -> list[str]:
    """The ids of the detached months' tasks a monthly cycle may have open (the months inside
    a quarter the cycle has gone past): the regency's task list reads them with the task the
    cycle's execution waits on (functions/services/inbox.py)."""
    if int(cycle.periods) != 12 or cycle.status == "done":
        return []
    past = 12 if cycle.stage in ("annual", "decide") else int(cycle.period) - 1
    months = [m for m in range(1, past + 1) if m % SEGMENT_MONTHS]
    return [
        tasks.detached_task_id(repo.tenant_id, cycle.nip, int(cycle.year), kind, m)
        for m in months
        for kind in ("rate_perilaku", "coaching")
    ]


def recover(repo: TenantRepository, cycle: CycleRecord) -> None:
    """After a restart of the embedded runtime (services/recovery.py), whose schedules lived in
    memory: each open month task's deadline again, and the check of a month of the current
    quarter before the cycle's period that has neither an assessment nor a task."""
    if int(cycle.periods) != 12:
        return
    ids = detached_ids(repo, cycle)
    for task in repo.tasks(ids):
        _schedule_deadline(repo, task)
    period = 13 if cycle.stage in ("annual", "decide") else int(cycle.period)
    first = (period - 1) // SEGMENT_MONTHS * SEGMENT_MONTHS + 1
    left = set(cycles.unassessed(repo, cycle))
    for month in range(first, period):
        opened = tasks.detached_task_id(
            repo.tenant_id, cycle.nip, int(cycle.year), "rate_perilaku", month
        )
        if month in left and repo.find_task(opened) is None:
            _schedule_check(repo, cycle, month)


def is_detached(repo: TenantRepository, task: TaskRecord) -> bool:
    """A detached month's task (by its id: other tasks without a token exist, such as a
    coaching follow-up)."""
    year, period = int(task.year), int(task.period)
    own = tasks.detached_task_id(repo.tenant_id, task.subject_nip, year, task.task_kind, period)
    return task.token == NO_TOKEN and task.task_id == own


def close_year(repo: TenantRepository, nip: str, year: int) -> dict:
    """After the last period's assessment (the last ClosePeriod): the annual review's segment
    starts at once when every period is assessed (always, with quarterly periods: none is
    detached); otherwise the cycle waits at ``annual`` without an execution, and the last open
    month's completion starts it (:func:`assessed`). The stage is written before the months
    are read again (and the completion reads the stage after its commit), so one of the two
    sees the other; both starting it is one execution (its name)."""
    cycle = repo.cycle(nip, year)
    if int(cycle.periods) != 12 or not cycles.unassessed(repo, cycle):
        return cycles.open_annual(repo, nip, year)
    cycles.note_stage(cycle, "annual")
    cycle.open_task = None
    repo.put(cycle)
    if not cycles.unassessed(repo, cycle):  # the last month was rated meanwhile
        return cycles.open_annual(repo, nip, year)
    period = int(cycle.period)
    return {"stage": "annual", "next_period": period, "starts_at": clock.now().isoformat()}


def assessed(repo: TenantRepository, task: TaskRecord) -> None:
    """A detached month was just assessed (its rating's completion): when the cycle waits at
    ``annual`` for it (no execution runs it, no task is open) and no period is left, the annual
    review's segment starts. A cycle that changed meanwhile is read again once."""
    for _ in range(2):
        cycle = repo.cycle(task.subject_nip, int(task.year))
        if cycle.stage != "annual" or cycle.open_task is not None or cycles.unassessed(repo, cycle):
            return
        if cycle.execution_arn and segments.status(cycle.execution_arn) == "RUNNING":
            return
        try:
            cycles.open_annual(repo, cycle.nip, int(cycle.year))
            return
        except Conflict:
            continue
    logs.logger().warning("annual review not started: the cycle kept changing meanwhile")
