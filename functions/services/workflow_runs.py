"""Running cycles on workflow versions: which state machine a cycle's next segment starts on,
moving chosen cycles to a newer version, and the executions of a year with their reasons.

Every cycle keeps the version it started with (``CycleRecord.workflow_version``); each segment
starts on that version's state machine (:func:`machine_for_next_segment`, which
functions/services/cycles.py hands to the engine). A migration sets ``pending_version``, which
takes effect when the next segment is started or scheduled; a cycle already waiting for its
next period has its schedule pointed at the new version at once.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from functions.engine import clock, scheduler, segments
from functions.errors import Conflict, NotFound
from functions.services import audit
from functions.services.definitions import DEFAULT_VERSION, alias, version
from functions.store import keys
from functions.store.records import CycleRecord, plain
from functions.store.repository import TenantRepository


# --- the version of a cycle's next segment -------------------------------------------------------
def _machine(tenant_id: str, number: int) -> str:
    if number == DEFAULT_VERSION:
        return segments.state_machine_arn()
    return version(TenantRepository(tenant_id), number).state_machine


def cycle_ref(repo: TenantRepository, cycle: CycleRecord) -> segments.CycleRef:
    """The cycle as the engine names it (a cycle started before references gets one now)."""
    if cycle.ref is None:
        cycle.ref = keys.new_cycle_ref()
        repo.put(cycle)
    return segments.CycleRef(repo.tenant_id, cycle.nip, int(cycle.year), cycle.ref)


def machine_for_next_segment(tenant_id: str, nip: str, year: int) -> str:
    """The state machine the cycle's next segment runs on. A new cycle takes the tenant's
    current version; a migration asked for takes effect here. Both are noted on the cycle."""
    repo = TenantRepository(tenant_id)
    for _ in range(3):
        try:
            cycle = repo.cycle(nip, year)
        except NotFound:
            return segments.state_machine_arn()
        segment = int(cycle.segment or 0) + 1
        wanted = cycle.pending_version or cycle.workflow_version
        if wanted is None:  # new, or started before versions: those ran on the default
            wanted = alias(repo).current if segment == 1 else DEFAULT_VERSION
        if wanted == cycle.workflow_version and cycle.pending_version is None:
            return _machine(tenant_id, int(wanted))
        by = "migration" if cycle.pending_version else "start"
        cycle.workflow_version, cycle.pending_version = wanted, None
        cycle.workflow_versions = [
            *plain(cycle.workflow_versions),
            {"version": wanted, "from_segment": segment, "at": clock.now().isoformat(), "by": by},
        ]
        try:
            repo.put(cycle, Conflict("the cycle changed meanwhile"))
        except Conflict:
            continue  # read it again
        return _machine(tenant_id, int(wanted))
    raise Conflict(f"the cycle {nip}/{year} keeps changing; try again")


@dataclass(frozen=True)
class Move:
    """What a migration does to one cycle (the dry run shows it; the migration does it)."""

    nip: str
    can_move: bool
    reason: str
    from_version: int | None
    resumes_at: str | None  # the stored stage its next segment starts at
    when: str | None  # "now" (waiting for its period), "next_boundary", "on_resume"
    to_version: int | None = None
    # "resume": the cycle is stuck between segments (failed, or its execution is gone); a
    # migration asked to ``repair`` resumes it at once on the new version (services/repair.py)
    repair: str | None = None


STUCK_EXECUTIONS = ("FAILED", "TIMED_OUT", "ABORTED", "LOST")


def _plan_one(cycle: CycleRecord | None, nip: str, to, stages, repair: bool = False) -> Move:
    if cycle is None:
        return Move(nip, False, "no cycle this year", None, None, None)
    current = int(cycle.workflow_version or DEFAULT_VERSION)
    if cycle.status == "done":
        return Move(nip, False, "the cycle is finished", current, None, None)
    if cycle.status == "closed":
        return Move(nip, False, "the cycle is closed", current, None, None)
    if current >= to.number:
        return Move(
            nip,
            False,
            f"it runs on version {current}, not older than {to.number}",
            current,
            None,
            None,
        )
    stuck = None
    if cycle.status == "failed":
        stage, when, stuck = cycle.stage, "on_resume", "resume"
    else:
        execution = segments.status(cycle.execution_arn) if cycle.execution_arn else None
        if execution != "RUNNING":
            stage, when = cycle.stage, "now"
            if execution in STUCK_EXECUTIONS:
                when, stuck = "on_resume", "resume"
        elif cycle.stage in ("annual", "decide") or (
            int(cycle.period) >= int(cycle.periods)
            and cycle.stage in ("monitor", "coach", "assess")
        ):
            return Move(
                nip,
                False,
                "its running segment is the last one (annual assessment and "
                "decision): no boundary is left to move at",
                current,
                None,
                None,
            )
        else:
            stage, when = "monitor", "next_boundary"
    if stage not in stages:
        return Move(
            nip,
            False,
            f"it resumes at the stage {stage!r}, which version {to.number} has no state for",
            current,
            stage,
            None,
        )
    if stuck and repair:
        reason = f"stuck: resumed now at {stage!r} on version {to.number} (repair)"
        return Move(nip, True, reason, current, stage, "now", to.number, stuck)
    reason = f"resumes at {stage!r} on version {to.number}"
    return Move(nip, True, reason, current, stage, when, to.number)


def plan_moves(repo: TenantRepository, year: int, to, nips: list[str], repair: bool = False):
    """What moving each of ``nips`` to version ``to`` (a WorkflowVersionRecord) would do."""
    stages = set(to.stages)
    moves = []
    for nip in nips:
        try:
            cycle = repo.cycle(nip, year)
        except NotFound:
            cycle = None
        moves.append(_plan_one(cycle, nip, to, stages, repair))
    return moves


def apply_move(repo: TenantRepository, actor: str, year: int, move: Move, target: str) -> None:
    """Move one cycle as ``move`` says (one that can move): its next segment starts on the new
    version, audited; one waiting for its period has its schedule pointed at ``target`` now.
    A stuck cycle to ``repair`` is resumed by the caller (services/jobs.py)."""
    cycle = repo.cycle(move.nip, year)
    if cycle.pending_version == move.to_version:  # moved already (a job run again)
        return
    cycle.pending_version = move.to_version
    changed = Conflict(f"the cycle {move.nip}/{year} changed meanwhile; migrate it again")
    with repo.all_or_none(changed) as writes:
        writes.put(cycle)
        writes.put(
            audit.entry(
                repo,
                actor,
                "workflow.migrate",
                f"cycle/{move.nip}/{year}",
                subject_nip=move.nip,
                before={"version": move.from_version},
                after={"version": move.to_version, "when": move.when, "repair": move.repair},
            )
        )
    if move.when == "now" and move.repair is None:  # waiting for its period: the schedule
        scheduler.retarget(cycle_ref(repo, cycle), int(cycle.period), target)
        machine_for_next_segment(repo.tenant_id, move.nip, year)


def target_machine(repo: TenantRepository, to_version: int) -> str:
    return _machine(repo.tenant_id, to_version)


def failure_reason(failure: dict | None) -> str | None:
    """``Error: message``; a Lambda's cause is its JSON error, of which the message is shown."""
    if not failure:
        return None
    cause = failure.get("cause") or ""
    with contextlib.suppress(ValueError, AttributeError):
        cause = json.loads(cause).get("errorMessage", cause)
    return f"{failure.get('error')}: {cause}"


# --- seeing it -----------------------------------------------------------------------------------
def executions(repo: TenantRepository, year: int, nip=None, stage=None, status=None) -> list:
    """The year's cycles as executions: stage, status, segment, version, failure reason."""
    cycles = [repo.cycle(nip, year)] if nip else repo.cycles(year)
    rows = []
    for cycle in cycles:
        if (stage and cycle.stage != stage) or (status and cycle.status != status):
            continue
        failure = plain(cycle.failure)
        rows.append(
            {
                "nip": cycle.nip,
                "unit_id": cycle.unit_id,
                "stage": cycle.stage,
                "period": cycle.period,
                "status": cycle.status,
                "segment": cycle.segment,
                "execution_arn": cycle.execution_arn,
                "execution_status": segments.status(cycle.execution_arn)
                if nip and cycle.execution_arn
                else None,
                "workflow_version": cycle.workflow_version,
                "pending_version": cycle.pending_version,
                "versions": plain(cycle.workflow_versions),
                "failure": failure,
                "failure_reason": failure_reason(failure),
                "history": plain(cycle.history) if nip else None,
                "failures": [
                    {"error": f.error, "cause": f.cause, "stage": f.stage, "execution": f.execution}
                    for f in repo.failures(cycle.nip, year)
                ]
                if nip
                else None,
            }
        )
    return sorted(rows, key=lambda r: (r["unit_id"], r["nip"]))
