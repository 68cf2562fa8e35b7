"""Jobs over many cycles: starting a regency's year, moving its cycles to a workflow version,
closing them (functions/services/closing.py).

A request of more than :data:`SYNC_LIMIT` employees (or one naming none: the whole regency, or
a filter) is answered at once with a job; the work runs in pieces handed to workers through
functions/engine/jobqueue.py (on AWS: an SQS queue and the ``cycleJobs`` function; embedded: a
thread pool). The first piece (``plan``) chooses the employees and writes them in batches of
:data:`BATCH` (one item each); every batch is then a piece of its own. Each batch item is written
only by the worker that runs it, so progress needs no shared counter: the job's state is the sum
of its batches (:func:`shown`).

Every operation is idempotent per employee: a cycle started already counts as done (a cycle
opened by a start that stopped before its first segment began gets it now); a cycle moved
already counts as done. So a job is resumed (:func:`resume`) by running again every batch not
finished, or finished with failures, and a worker that died, or a message delivered twice,
changes nothing twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from functions import logs, metrics
from functions.domain.stages import ENDED_STATUSES
from functions.engine import clock, jobqueue
from functions.errors import Conflict, InvalidInput, KinerjaError, NotFound
from functions.services import closing, cycles, workflow_runs
from functions.services.definitions import DEFAULT_VERSION, version
from functions.services.distribution import unit_tree
from functions.store.records import CycleJobBatchRecord, CycleJobRecord, plain
from functions.store.repository import TenantRepository

# Up to this many employees named in a request are handled in the request itself (about 5 AWS
# calls each: 100 take 2-4 s on Lambda against the API's 29 s); more, or none named, is a job.
SYNC_LIMIT = 100
BATCH = 100  # employees per batch: one SQS message, about 20 s of a worker
SHOWN_FAILURES = 1000  # failures listed by GET /jobs/{id} (all are counted)


def new_job_id() -> str:
    return secrets.token_hex(8)


# --- asking for a job --------------------------------------------------------------------------
def create(repo: TenantRepository, actor: str, operation: str, year: int, params: dict):
    """Record the job and hand its first piece (choosing the employees) to a worker."""
    job = repo.new_cycle_job(
        new_job_id(),
        operation=operation,
        year=year,
        params={k: v for k, v in params.items() if v is not None},
        started_by=actor,
        started_at=clock.now().isoformat(),
    )
    repo.create(job)
    jobqueue.submit([_piece(repo, job.job_id, "plan")])
    logs.logger().info("cycle job created", extra={"job_id": job.job_id, "operation": operation})
    return job


def _piece(repo: TenantRepository, job_id: str, piece: str, batch: int | None = None) -> dict:
    event: dict[str, Any] = {"tenant_id": repo.tenant_id, "job_id": job_id, "piece": piece}
    if batch is not None:
        event["batch"] = batch
    return event


def start_year(repo: TenantRepository, actor: str, year: int, nips: list[str] | None):
    """``POST /cycles``: the list of who was started (a short list of NIPs, in the request), or
    the job that starts them (:data:`SYNC_LIMIT`)."""
    if nips is not None and len(nips) <= SYNC_LIMIT:
        return cycles.start_cycles(repo, year, nips)
    return create(repo, actor, "start", year, {"nips": nips})


def migrate(
    repo: TenantRepository,
    actor: str,
    year: int,
    to_version: int,
    nips: list[str] | None,
    selection: dict | None,
    dry_run: bool,
    repair: bool,
):
    """``POST /workflow/migrations``: a short list of NIPs is moved (or its dry run shown) in
    the request; a filter, or a longer list, is a job whose batches say per cycle what will
    change (dry run) or what changed."""
    to = version(repo, to_version)  # refused at once when there is no such version
    if nips is not None and len(nips) <= SYNC_LIMIT:
        moves = workflow_runs.plan_moves(repo, year, to, nips, repair)
        if not dry_run:
            target = workflow_runs.target_machine(repo, to_version)
            for move in moves:
                if move.can_move:
                    _move(repo, actor, year, move, target)
        return {"dry_run": dry_run, "to_version": to_version, "cycles": [asdict(m) for m in moves]}
    if selection and selection.get("unit_id"):
        unit_tree(repo, selection["unit_id"])  # an unknown unit is refused now, not in the job
    params = {
        "nips": nips,
        "filter": selection,
        "to_version": to_version,
        "dry_run": dry_run,
        "repair": repair,
    }
    return create(repo, actor, "migrate", year, params)


def close(
    repo: TenantRepository,
    actor: str,
    year: int,
    nips: list[str] | None,
    selection: dict | None,
    reason: str,
    note: str | None,
):
    """``POST /cycles/closures``: a short list of NIPs is closed in the request (each one's
    outcome); a filter, or a longer list, is a job (functions/services/closing.py)."""
    closing.check_reason(reason, note)
    if nips is not None and len(nips) <= SYNC_LIMIT:
        closed = _close_each(repo, actor, year, list(dict.fromkeys(nips)), reason, note)
        return [{"nip": nip, **outcome} for nip, outcome in closed.items()]
    if selection and selection.get("unit_id"):
        unit_tree(repo, selection["unit_id"])  # an unknown unit is refused now, not in the job
    params = {"nips": nips, "filter": selection, "reason": reason, "note": note}
    return create(repo, actor, "close", year, params)


def _move(repo: TenantRepository, actor: str, year: int, move, target: str) -> None:
    workflow_runs.apply_move(repo, actor, year, move, target)
    if move.repair == "resume":  # stuck between segments: its next one starts now, moved
        cycles.resume(repo, move.nip, year)


# --- the pieces (functions/steps/jobs.py runs them) -------------------------------------------
def run_piece(event: dict) -> dict:
    """Run one piece of a job: ``plan`` or one ``batch``."""
    repo = TenantRepository(event["tenant_id"])
    job = repo.cycle_job(event["job_id"])
    if event["piece"] == "plan":
        return plan(repo, job)
    return run_batch(repo, job, int(event["batch"]))


def plan(repo: TenantRepository, job: CycleJobRecord) -> dict:
    """Choose the job's employees, write them in batches and hand each batch to a worker. Run
    again (a resumed job, a message delivered twice), it writes no batch twice and hands on the
    batches not finished."""
    if job.planned_at is None:
        nips = sorted(_select(repo, job))
        batches = [nips[i : i + BATCH] for i in range(0, len(nips), BATCH)]
        for index, chunk in enumerate(batches):
            repo.create(repo.new_cycle_job_batch(job.job_id, index, chunk))
        job.total, job.batches, job.planned_at = len(nips), len(batches), clock.now().isoformat()
        try:
            repo.put(job, Conflict("planned meanwhile"))
        except Conflict:
            job = repo.cycle_job(job.job_id)
    pending = [b.index for b in repo.cycle_job_batches(job.job_id) if _unfinished(b)]
    jobqueue.submit([_piece(repo, job.job_id, "batch", i) for i in pending])
    return {"job_id": job.job_id, "total": job.total, "batches": len(pending)}


def _unfinished(batch: CycleJobBatchRecord) -> bool:
    """Still to run: never finished, or finished with failures (run again on resume)."""
    return batch.status != "done" or any(
        o.get("outcome") == "failed" for o in plain(batch.outcomes).values()
    )


def _select(repo: TenantRepository, job: CycleJobRecord) -> list[str]:
    params = plain(job.params)
    year = int(job.year)
    if params.get("nips") is not None:
        return list(dict.fromkeys(params["nips"]))
    if job.operation == "start":
        return [e.nip for e in repo.employees()]
    chosen = params.get("filter") or {}
    if chosen.get("unit_id"):
        _, inside = unit_tree(repo, chosen["unit_id"])
        found = repo.unit_cycles(year, inside)
    else:
        found = repo.cycles(year)
    return [  # not finished (nor closed), at the stage, on the version a filter names
        c.nip
        for c in found
        if c.status not in ENDED_STATUSES
        and (not chosen.get("stage") or c.stage == chosen["stage"])
        and (
            chosen.get("from_version") is None
            or int(c.workflow_version or DEFAULT_VERSION) == chosen["from_version"]
        )
    ]


def run_batch(repo: TenantRepository, job: CycleJobRecord, index: int) -> dict:
    """Run one batch: each employee's outcome (done, skipped with the reason, failed with the
    error), kept on the batch item with it marked done."""
    batch = repo.cycle_job_batch(job.job_id, index)
    if batch is None:
        raise NotFound(f"batch {index} of job {job.job_id}")
    if not _unfinished(batch):
        return {"job_id": job.job_id, "batch": index, "status": "done already"}
    before = plain(batch.outcomes)
    todo = [n for n in batch.nips if before.get(n, {}).get("outcome") in (None, "failed")]
    outcomes = {**before, **_operation(repo, job)(todo)}
    batch.outcomes = outcomes
    batch.status, batch.runs = "done", int(batch.runs or 0) + 1
    batch.finished_at = clock.now().isoformat()
    try:
        repo.put(batch, Conflict("run twice at once"))
    except Conflict:  # another worker ran it meanwhile (a message delivered twice): its record
        return {"job_id": job.job_id, "batch": index, "status": "run by another worker"}
    failed = sum(1 for o in outcomes.values() if o["outcome"] == "failed")
    return {"job_id": job.job_id, "batch": index, "status": "done", "failed": failed}


Outcomes = dict[str, dict]


def _operation(repo: TenantRepository, job: CycleJobRecord) -> Callable[[list[str]], Outcomes]:
    if job.operation == "start":
        return lambda nips: _start(repo, int(job.year), nips)
    if job.operation == "migrate":
        return lambda nips: _migrate(repo, job, nips)
    if job.operation == "close":
        return lambda nips: _close(repo, job, nips)
    raise InvalidInput(f"unknown job operation {job.operation!r}")


def _failed(error: Exception) -> dict:
    reason = str(error.message) if isinstance(error, KinerjaError) else str(error)
    return {"outcome": "failed", "reason": f"{type(error).__name__}: {reason}"[:300]}


def _start(repo: TenantRepository, year: int, nips: list[str]) -> Outcomes:
    periods = cycles.year_periods(repo, year)
    employees = repo.employees_of(nips)
    outcomes: Outcomes = {}
    for nip in nips:
        employee = employees.get(nip)
        if employee is None:
            outcomes[nip] = {"outcome": "skipped", "reason": "not an employee"}
            continue
        try:
            started = cycles.start_one(repo, employee, year, periods)
        except Exception as error:
            logs.logger().warning("cycle not started", extra={"error": type(error).__name__})
            outcomes[nip] = _failed(error)
            continue
        if started.skipped == "already started" or started.skipped is None:
            outcomes[nip] = {"outcome": "done", "reason": started.skipped}
        else:
            outcomes[nip] = {"outcome": "skipped", "reason": started.skipped}
    begun = sum(1 for o in outcomes.values() if o["outcome"] == "done" and not o["reason"])
    metrics.count(metrics.CYCLES_STARTED, begun, tenant_id=repo.tenant_id)
    return outcomes


def _migrate(repo: TenantRepository, job: CycleJobRecord, nips: list[str]) -> Outcomes:
    params = plain(job.params)
    to = version(repo, int(params["to_version"]))
    dry_run, target = bool(params.get("dry_run")), workflow_runs.target_machine(repo, to.number)
    outcomes: Outcomes = {}
    for nip in nips:
        try:
            move = workflow_runs.plan_moves(repo, int(job.year), to, [nip], params.get("repair"))[0]
            if move.can_move and not dry_run:
                _move(repo, job.started_by, int(job.year), move, target)
        except Exception as error:
            outcomes[nip] = _failed(error)
            continue
        already = not move.can_move and move.from_version == to.number
        outcome = "done" if move.can_move or already else "skipped"
        outcomes[nip] = {"outcome": outcome, "reason": move.reason, "change": asdict(move)}
    return outcomes


def _close(repo: TenantRepository, job: CycleJobRecord, nips: list[str]) -> Outcomes:
    params = plain(job.params)
    reason, note = params["reason"], params.get("note")
    return _close_each(repo, job.started_by, int(job.year), nips, reason, note)


def _close_each(repo, actor: str, year: int, nips: list[str], reason: str, note) -> Outcomes:
    """Each cycle closed on its own: one that fails (it moved meanwhile) is ``failed`` with
    the error, the others closed; closing again finishes it."""
    outcomes: Outcomes = {}
    for nip in nips:
        try:
            outcomes[nip] = closing.close_one(repo, actor, nip, year, reason, note)
        except Exception as error:
            logs.logger().warning("cycle not closed", extra={"error": type(error).__name__})
            outcomes[nip] = _failed(error)
    return outcomes


# --- reading and resuming ----------------------------------------------------------------------
def shown(repo: TenantRepository, job: CycleJobRecord, cycles_too: bool = False) -> dict:
    """The job with its progress, summed over its batches: total, done, skipped, failed (with
    each failure's reason), its status (``planning``, ``running``, ``done``), and with
    ``cycles_too`` every employee's outcome (a dry run's changes)."""
    batches = repo.cycle_job_batches(job.job_id) if job.planned_at else []
    counts = {"done": 0, "skipped": 0, "failed": 0}
    failures: list[dict] = []
    rows: list[dict] = []
    finished = [b for b in batches if b.status == "done"]
    for batch in batches:
        for nip, outcome in sorted(plain(batch.outcomes).items()):
            counts[outcome["outcome"]] += 1
            if outcome["outcome"] == "failed" and len(failures) < SHOWN_FAILURES:
                failures.append({"nip": nip, "reason": outcome.get("reason")})
            if cycles_too:
                rows.append({"nip": nip, **outcome})
    if job.planned_at is None:
        status = "planning"
    else:
        status = "done" if len(finished) == len(batches) else "running"
    return {
        "job_id": job.job_id,
        "operation": job.operation,
        "year": int(job.year),
        "params": plain(job.params),
        "status": status,
        "total": int(job.total or 0),
        **counts,
        "batches": int(job.batches or 0),
        "batches_done": len(finished),
        "started_by": job.started_by,
        "started_at": job.started_at,
        "finished_at": max((b.finished_at or "" for b in finished), default=None)
        if status == "done"
        else None,
        "resumed": plain(job.resumed),
        "failures": failures,
        "cycles": rows if cycles_too else None,
    }


def find(repo: TenantRepository, job_id: str, cycles_too: bool = False) -> dict:
    return shown(repo, repo.cycle_job(job_id), cycles_too)


def listed(repo: TenantRepository, year: int | None = None, limit: int | None = None) -> list:
    """The tenant's jobs, newest first (of ``year`` when given; the first ``limit``)."""
    found = [j for j in repo.cycle_jobs() if year is None or int(j.year) == year]
    found.sort(key=lambda j: j.started_at, reverse=True)
    return [shown(repo, j) for j in found[:limit]]


def hand_on_unfinished(repo: TenantRepository) -> int:
    """Hand every job not done to a worker again (the embedded runtime after a restart: its
    pool's pieces were lost with the process); returns how many."""
    unfinished = [j.job_id for j in repo.cycle_jobs() if shown(repo, j)["status"] != "done"]
    jobqueue.submit([_piece(repo, job_id, "plan") for job_id in unfinished])
    return len(unfinished)


def resume(repo: TenantRepository, actor: str, job_id: str) -> dict:
    """Run again what a job has not finished (a worker that died, a queue message lost, or
    failures fixed since): its planning, or every batch not finished or finished with
    failures. Employees done are not done twice."""
    job = repo.cycle_job(job_id)
    now = clock.now().isoformat()
    job.resumed = [*plain(job.resumed), {"at": now, "by": actor}]
    repo.put(job, Conflict(f"job {job_id} changed meanwhile; resume it again"))
    jobqueue.submit([_piece(repo, job_id, "plan")])  # plans, or hands on what is unfinished
    return shown(repo, job)
