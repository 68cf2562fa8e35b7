"""Cycles: start them, load a segment's stage, move the stage, record failures, resume."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

from functions import logs, metrics
from functions.domain import periods_of
from functions.engine import clock, scheduler, segments
from functions.errors import InvalidInput, StageForbids
from functions.services.settings import TenantSettings, cycle_frequency
from functions.services.workflow_runs import cycle_ref, machine_for_next_segment
from functions.store.records import CycleRecord, plain
from functions.store.repository import TenantRepository


def note_stage(cycle: CycleRecord, stage: str, period: int | None = None) -> None:
    """Move a cycle to ``stage`` (and ``period``), keeping the history of moves."""
    if period is not None:
        cycle.period = period
    if cycle.stage != stage or period is not None:
        cycle.history = [
            *cycle.history,
            {"at": clock.now().isoformat(), "stage": stage, "period": cycle.period},
        ]
    cycle.stage = stage


@dataclass(frozen=True)
class Started:
    nip: str
    execution_arn: str | None
    skipped: str | None = None


def start_cycles(repo: TenantRepository, year: int, nips: list[str] | None = None) -> list[Started]:
    """Open the year's cycle of each employee who has a pejabat penilai and start its first
    segment, in this request (a regency's year runs as a job: functions/services/jobs.py).
    Starting a cycle that exists already changes nothing."""
    wanted = set(nips) if nips is not None else None
    employees = [e for e in repo.employees() if wanted is None or e.nip in wanted]
    if wanted is not None and (missing := wanted - {e.nip for e in employees}):
        raise InvalidInput(
            "unknown employees", details={"nips": [f"not employees: {sorted(missing)}"]}
        )
    periods = year_periods(repo, year)
    started = [start_one(repo, employee, year, periods) for employee in employees]
    begun = sum(1 for s in started if s.execution_arn)
    metrics.count(metrics.CYCLES_STARTED, begun, tenant_id=repo.tenant_id)
    return started


def year_periods(repo: TenantRepository, year: int) -> int:
    """How many periods a cycle of ``year`` opened now has (the tenant's frequency)."""
    settings = TenantSettings.of(repo.profile())
    return len(periods_of(year, settings.policy.frequency))


def start_one(repo: TenantRepository, employee, year: int, periods: int) -> Started:
    """Open one employee's cycle and start its first segment; idempotent: a cycle that exists
    is ``already started`` (a cycle opened by a start that stopped before its first segment
    began gets that segment now: its execution name makes a second start a no-op)."""
    if not employee.penilai_nip:
        return Started(employee.nip, None, "no pejabat penilai in this regency")
    cycle = repo.new_cycle(
        employee.nip,
        year,
        employee.unit_id,
        penilai_nip=employee.penilai_nip,
        stage="plan",
        periods=periods,
        history=[{"at": clock.now().isoformat(), "stage": "plan", "period": 1}],
    )
    if not repo.create(cycle):
        cycle = repo.cycle(employee.nip, year)
        if cycle.execution_arn is None and not cycle.segment and cycle.status == "running":
            return Started(employee.nip, _start(repo, cycle, 1))
        return Started(employee.nip, None, "already started")
    return Started(employee.nip, _start(repo, cycle, 1))


def _start(repo: TenantRepository, cycle: CycleRecord, segment: int) -> str:
    """Start the cycle's segment on the workflow version it runs (workflow_runs chooses)."""
    machine = machine_for_next_segment(repo.tenant_id, cycle.nip, int(cycle.year))
    return segments.start_segment(segment_ref(repo, cycle), segment, machine)


def segment_ref(repo: TenantRepository, cycle: CycleRecord) -> segments.CycleRef:
    """The cycle as a segment's input names it, with where it resumes (the stored stage, as the
    load step says it): a definition may resume on it without a load step."""
    return replace(cycle_ref(repo, cycle), resume=resumes_at(repo, cycle))


def drive(cycle: CycleRecord, execution: str) -> bool:
    """Note that ``execution`` drives the cycle now (a failed cycle runs again); False when it
    did already (a retried step). The first step of a segment does it: load, or monitor; of a
    closed cycle it goes no further."""
    refuse_closed(cycle)
    if cycle.execution_arn == execution:
        return False
    cycle.execution_arn = execution
    cycle.segment = (cycle.segment or 0) + 1
    if cycle.status == "failed":
        cycle.status, cycle.failure = "running", None
    return True


def load_segment(repo: TenantRepository, nip: str, year: int, execution: str) -> dict:
    """The Load step: note which execution drives the cycle now and say where it resumes."""
    cycle = repo.cycle(nip, year)
    if drive(cycle, execution):
        repo.put(cycle)
    return resumes_at(repo, cycle)


def resumes_at(repo: TenantRepository, cycle: CycleRecord) -> dict:
    """Where a segment of ``cycle`` resumes and what its states read (schemas.steps.LoadOutput)."""
    settings = TenantSettings.of(repo.profile())
    employee = repo.employee(cycle.nip)
    return {
        "stage": cycle.stage,
        "period": int(cycle.period),
        "periods": int(cycle.periods),
        "timeouts": settings.timeouts(),
        # what a Choice may branch on (e.g. a second approval for JPT): the employee today
        "employee": {
            "position_kind": employee.position_kind,
            "asn_kind": employee.asn_kind,
            "unit_id": employee.unit_id,
        },
    }


def record_failure(repo: TenantRepository, nip: str, year: int, error: dict, execution: str):
    """Keep why a segment failed, at the stage it had reached (the Catch output does not name
    the failed state)."""
    cycle = repo.cycle(nip, year)
    if cycle.status == "closed":  # stopped by its closure (or refused by Load): not a failure
        return
    state = cycle.stage
    name = str(error.get("Error", "Unknown"))
    cause = str(error.get("Cause", ""))[:2000]
    if throttled(name, cause) and cycle.status != "failed":
        _retry_later(repo, cycle, name)
        return
    repo.put(repo.new_failure(nip, year, execution, error=name, cause=cause, stage=state))
    counted = cycle.status != "failed"  # a retried recorder counts once
    cycle.status = "failed"
    cycle.failure = {"error": name, "cause": cause, "state": state, "execution": execution}
    repo.put(cycle)
    if counted:
        metrics.count(metrics.CYCLES_FAILED, tenant_id=repo.tenant_id, error=name, stage=state)
        if name == "States.Timeout":  # an escalated task's wait ran out too
            metrics.count(metrics.TASKS_OVERDUE, tenant_id=repo.tenant_id, stage=state)


# What AWS names throttling: Lambda's and Step Functions' own errors, and a call of ours that
# was throttled (a step's boto3 call, DynamoDB's throughput) as its error's cause names it.
THROTTLES = (
    "TooManyRequestsException",
    "ThrottlingException",
    "Throttling",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
)


def throttled(error: str, cause: str) -> bool:
    """Whether a segment failed for throttling (after its state's Retry gave up)."""
    return any(word in error or word in cause for word in THROTTLES)


def _retry_later(repo: TenantRepository, cycle: CycleRecord, error: str) -> None:
    """A throttled segment is not a failed cycle: it starts again at its stored stage a few
    minutes later (scheduler.schedule_retry), when the burst has passed. A cycle the boundary
    step had moved on already (waiting for its next period) gets that period's own schedule
    (a no-op when the step had made it), so it does not start before its time."""
    machine = machine_for_next_segment(repo.tenant_id, cycle.nip, int(cycle.year))
    ref, period = segment_ref(repo, cycle), int(cycle.period)
    if cycle.stage == "monitor" and cycle.open_task is None:
        starts_at = segment_starts(repo, cycle, period)
        if starts_at > clock.now():
            scheduler.schedule_segment(ref, period, starts_at, machine)
            return
    segment = int(cycle.segment or 0) + 1
    at = scheduler.schedule_retry(ref, segment, machine, clock.now())
    logs.logger().warning(
        "segment throttled: started again later",
        extra={"error": error, "stage": cycle.stage, "retry_at": at.isoformat()},
    )


def resume(repo: TenantRepository, nip: str, year: int) -> str:
    """Start the next segment at the stored stage: after a fix, or when an execution was lost."""
    cycle = repo.cycle(nip, year)
    check_not_ended(cycle)
    if cycle.stage == "annual" and cycle.open_task is None and (left := unassessed(repo, cycle)):
        raise StageForbids(
            f"the annual review waits for periods {left} to be assessed (their rating tasks "
            "are open; the last one's completion starts it)"
        )
    if cycle.status != "failed" and cycle.execution_arn:
        status = segments.status(cycle.execution_arn)
        if status == "RUNNING":
            raise StageForbids("a segment of this cycle is still running")
        if status == "SUCCEEDED":
            raise StageForbids("the cycle waits for its next period boundary")
    return _start(repo, cycle, (cycle.segment or 0) + 1)


def refuse_closed(cycle: CycleRecord) -> None:
    """A step of a segment that was running as its cycle was closed (a Lambda in flight when
    the execution stopped, a schedule that fired meanwhile) goes no further: it opens no task
    and schedules nothing."""
    if cycle.status == "closed":
        raise StageForbids(f"the cycle {cycle.nip}/{cycle.year} is closed")


def check_not_ended(cycle: CycleRecord) -> None:
    """A finished or closed cycle is not carried on (resumed, repaired, migrated)."""
    if cycle.status == "done":
        raise StageForbids(f"the cycle {cycle.nip}/{cycle.year} is finished")
    if cycle.status == "closed":
        reason = plain(cycle.closure or {}).get("reason")
        raise StageForbids(
            f"the cycle {cycle.nip}/{cycle.year} is closed ({reason})",
            details={"status": ["closed: it cannot be resumed"]},
        )


def unassessed(repo: TenantRepository, cycle: CycleRecord) -> list[int]:
    """The periods of the cycle not assessed yet."""
    done = {int(a.period) for a in repo.assessments(cycle.nip, int(cycle.year)) if a.predikat}
    return [p for p in range(1, int(cycle.periods) + 1) if p not in done]


def monitor_starts(repo: TenantRepository, cycle: CycleRecord, period: int) -> datetime:
    """When the segment monitoring ``period`` starts: the day after the period ends."""
    plan = periods_of(int(cycle.year), cycle_frequency(repo, cycle))
    return datetime.combine(plan[period - 1].end + timedelta(days=1), time(), UTC)


def segment_starts(repo: TenantRepository, cycle: CycleRecord, period: int) -> datetime:
    """When the cycle's segment monitoring ``period`` starts: its own time within the first
    hours of the day after the period ends (scheduler.spread: no herd at the boundary)."""
    return scheduler.spread(cycle_ref(repo, cycle), period, monitor_starts(repo, cycle, period))


def taken_over(repo: TenantRepository, nip: str, year: int, execution: str | None) -> dict | None:
    """What a boundary step answers when it runs again (a Lambda retry) after the segment it
    started at once took the cycle over: nothing is done again (it would start that segment a
    second time). None when ``execution`` still drives the cycle, or is not given."""
    if execution is None:
        return None
    cycle = repo.cycle(nip, year)
    if cycle.execution_arn in (None, execution):
        return None
    stage = "annual" if cycle.stage in ("annual", "decide", "done") else "monitor"
    return {"stage": stage, "next_period": int(cycle.period), "starts_at": clock.now().isoformat()}


def close_segment(repo: TenantRepository, cycle: CycleRecord, next_period: int) -> dict:
    """The boundary step: the next segment monitors ``next_period`` (the next period; with
    monthly periods the next quarter's last month, functions/services/months.py), starting
    the day after that period ends, at the cycle's own time within that day's first hours
    (scheduler.spread; at once when that time has passed, e.g. a late approval)."""
    nip, year = cycle.nip, int(cycle.year)
    refuse_closed(cycle)
    starts_at = segment_starts(repo, cycle, next_period)
    note_stage(cycle, "monitor", next_period)
    cycle.open_task = None
    repo.put(cycle)
    if starts_at <= clock.now():
        _start(repo, cycle, (cycle.segment or 0) + 1)
    else:
        machine = machine_for_next_segment(repo.tenant_id, nip, year)
        scheduler.schedule_segment(segment_ref(repo, cycle), next_period, starts_at, machine)
    return {"stage": "monitor", "next_period": next_period, "starts_at": starts_at.isoformat()}


def open_annual(repo: TenantRepository, nip: str, year: int) -> dict:
    """After the last period's assessment, at a boundary that ended its segment: the annual
    review's segment starts at once (the review is due when the last period has been assessed)."""
    cycle = repo.cycle(nip, year)
    note_stage(cycle, "annual")
    cycle.open_task = None
    repo.put(cycle)
    _start(repo, cycle, (cycle.segment or 0) + 1)
    period = int(cycle.period)
    return {"stage": "annual", "next_period": period, "starts_at": clock.now().isoformat()}
