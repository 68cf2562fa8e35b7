"""Stuck cycles: why a cycle does not move on, and BKPSDM moving it on.

:func:`diagnose` compares what the table holds (stage, status, SKP, assessments, the open task)
with the execution driving the cycle and says what is wrong and which repair fits.
:func:`repair` resumes at the stored stage (the new segment reopens the cycle's open task with
a new token, and does not ask again for coaching already recorded), or sets the stage with a
reason first: audited, and refused where the facts the stage stands on are missing.
"""

from __future__ import annotations

from functions.domain.stages import ENDED_STATUSES, TASK_STAGES
from functions.engine import scheduler, segments, tokens
from functions.errors import Conflict, InvalidInput, StageForbids
from functions.services import audit, cycles
from functions.services.auth import Principal
from functions.services.workflow_runs import failure_reason
from functions.store.records import CycleRecord, plain
from functions.store.repository import TenantRepository

EDITABLE_SKP = ("draft", "dikembalikan")
# the task a stage waits on (a second approval and a mid-year review are stored at monitor,
# which resumes past them)
NOT_RESUMED = ("approve_skp_second", "review_midyear")
STAGE_TASKS = {s: k for k, s in TASK_STAGES.items() if k not in NOT_RESUMED}


def _facts(repo: TenantRepository, cycle: CycleRecord) -> dict:
    skp = repo.find_skp(cycle.nip, int(cycle.year))
    assessed = {int(a.period): a for a in repo.assessments(cycle.nip, int(cycle.year))}
    return {
        "skp_status": skp.status if skp else None,
        "measured_periods": sorted(p for p, a in assessed.items() if p and a.capaian),
        "assessed_periods": sorted(p for p, a in assessed.items() if p and a.predikat),
        "annual_predikat": assessed[0].predikat if 0 in assessed else None,
        "decided": repo.decision(cycle.nip, int(cycle.year)) is not None,
    }


def missing_for(stage: str, period: int, periods: int, facts: dict) -> list[str]:
    """What the table lacks for a cycle to stand at ``stage`` in ``period`` (empty: nothing)."""
    skp = facts["skp_status"]
    if stage == "plan":
        return [] if skp in (None, *EDITABLE_SKP) else [f"the SKP is {skp}: it is drafted"]
    if stage == "approval":
        return [] if skp == "diajukan" else [f"the SKP is {skp or 'missing'}, not diajukan"]
    if skp != "disetujui":
        return [f"the SKP is {skp or 'missing'}, not disetujui"]
    if stage in ("coach", "assess") and period not in facts["measured_periods"]:
        return [f"period {period} is not measured (its capaian)"]
    if stage == "annual":
        return [
            f"period {p} is not assessed"
            for p in range(1, periods + 1)
            if p not in facts["assessed_periods"]
        ]
    if stage == "decide" and not facts["annual_predikat"]:
        return ["the annual assessment has no predikat"]
    if stage == "done" and not facts["decided"]:
        return ["there is no decision"]
    return []


def _fitting_stage(cycle: CycleRecord, facts: dict) -> str | None:
    """The stage the SKP's status says the cycle is at, where the stored one contradicts it."""
    skp, stage = facts["skp_status"], cycle.stage
    if stage in ("plan", "approval"):
        fits = {"diajukan": "approval", "disetujui": "monitor"}.get(skp, "plan")
        return fits if fits != stage else None
    return None


def diagnose(repo: TenantRepository, nip: str, year: int) -> dict:
    cycle = repo.cycle(nip, year)
    facts = _facts(repo, cycle)
    execution = segments.status(cycle.execution_arn) if cycle.execution_arn else None
    task = repo.find_task(cycle.open_task) if cycle.open_task else None
    waiting = None  # whether the workflow waits on the open task's token
    if task is not None and task.status == "open":
        try:
            tokens.check_live(task.token)
            waiting = True
        except Conflict:
            waiting = False
    problems, actions = [], []
    running = execution == "RUNNING"
    if cycle.status in ENDED_STATUSES:
        return _shown(cycle, execution, facts, task, waiting, [], [])
    if cycle.status == "failed":
        problems.append(
            f"the segment failed at {cycle.stage!r}: {failure_reason(plain(cycle.failure))}"
        )
    elif execution in ("FAILED", "TIMED_OUT", "ABORTED", "LOST"):
        problems.append(f"the execution driving the cycle is {execution}")
    if task is not None and task.status == "open" and not waiting:
        problems.append(
            f"task {task.task_id} ({task.task_kind}) is open but the workflow no longer waits on"
            " it: a resumed segment reopens it with a new token"
        )
        if task.task_kind == STAGE_TASKS.get(cycle.stage) and not running:
            actions.append({"action": "reopen_task", "task_id": task.task_id})
    if (fits := _fitting_stage(cycle, facts)) is not None:
        problems.append(
            f"the stored stage is {cycle.stage!r} but the SKP is {facts['skp_status']}: "
            f"the cycle belongs at {fits!r}"
        )
        actions.append({"action": "set_stage", "stage": fits})
    if problems and not running:
        if not actions:
            actions.append({"action": "resume", "stage": cycle.stage})
    elif problems and running:
        actions.append({"action": "reject_task", "task_id": cycle.open_task})
    return _shown(cycle, execution, facts, task, waiting, problems, actions)


def _shown(cycle, execution, facts, task, waiting, problems, actions) -> dict:
    return {
        "nip": cycle.nip,
        "year": int(cycle.year),
        "stage": cycle.stage,
        "period": int(cycle.period),
        "status": cycle.status,
        "execution_status": execution,
        "failure_reason": failure_reason(plain(cycle.failure)),
        "facts": facts,
        "open_task": None
        if task is None
        else {
            "task_id": task.task_id,
            "task_kind": task.task_kind,
            "status": task.status,
            "assignee_nip": task.assignee_nip,
            "workflow_waits": waiting,
        },
        "stuck": bool(problems),
        "problems": problems,
        "actions": actions,
    }


def repair(
    repo: TenantRepository,
    principal: Principal,
    nip: str,
    year: int,
    action: str,
    stage: str | None = None,
    period: int | None = None,
    reason: str | None = None,
) -> dict:
    """``resume`` at the stored stage; ``reopen_task``: the same, for a cycle whose open task
    nobody waits on (refused otherwise): the new segment reopens it with a new token;
    ``set_stage`` (with a reason) and resume there."""
    if action == "reopen_task":
        _check_reopenable(repo, nip, year)
    if action == "set_stage":
        _set_stage(repo, principal, nip, year, stage, period, reason)
    return {"execution_arn": cycles.resume(repo, nip, year), **diagnose(repo, nip, year)}


def _check_reopenable(repo: TenantRepository, nip: str, year: int) -> None:
    cycle = repo.cycle(nip, year)
    task = repo.find_task(cycle.open_task) if cycle.open_task else None
    if task is None or task.status != "open":
        raise StageForbids("the cycle has no open task to reopen; resume it instead")
    if task.task_kind != STAGE_TASKS.get(cycle.stage):
        raise StageForbids(
            f"the open task is a {task.task_kind}, but the cycle resumes at {cycle.stage!r}: "
            "set the stage first"
        )
    try:
        tokens.check_live(task.token)
    except Conflict:
        return
    raise StageForbids(f"the workflow still waits on task {task.task_id}: it needs no reopening")


def _set_stage(repo, principal, nip, year, stage, period, reason) -> None:
    if not stage or not reason:
        given = {"stage": stage, "reason": reason}
        details = {f: ["required to set the stage"] for f, v in given.items() if not v}
        raise InvalidInput("set_stage needs the stage and a reason", details=details)
    cycle = repo.cycle(nip, year)
    cycles.check_not_ended(cycle)
    running = cycle.execution_arn and segments.status(cycle.execution_arn) == "RUNNING"
    if cycle.status != "failed" and running:
        raise StageForbids(
            "a segment of this cycle is running: reject its open task first",
            details={"open_task": cycle.open_task},
        )
    period = int(period or cycle.period)
    if not 1 <= period <= int(cycle.periods):
        raise InvalidInput("no such period", details={"period": [f"1 to {cycle.periods}"]})
    if missing := missing_for(stage, period, int(cycle.periods), _facts(repo, cycle)):
        raise StageForbids(
            f"the cycle cannot stand at {stage!r}: its facts are missing",
            details={"stage": missing},
        )
    before = {"stage": cycle.stage, "period": int(cycle.period)}
    cycles.note_stage(cycle, stage, period)
    cycle.history = [*cycle.history[:-1], {**cycle.history[-1], "reason": reason}]
    after = {"stage": stage, "period": period, "reason": reason}
    trail = audit.entry(
        repo, principal.label, "cycle.set_stage", f"cycle/{nip}/{year}",
        before=before, after=after, subject_nip=nip,
    )  # fmt: skip
    changed = Conflict(f"the cycle {nip}/{year} changed meanwhile; try again")
    with repo.all_or_none(changed) as writes:
        writes.put(cycle)
        writes.put(trail)
    # a segment waiting for its boundary resumes where the stage now stands
    scheduler.retarget(cycles.segment_ref(repo, cycle), before["period"])
