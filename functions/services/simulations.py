"""Dry runs of a workflow draft before it is published (docs/workflows.md, "The dry run").

An admin asks for one (:func:`request`): it is recorded with the draft (pending) and handed to
the engine (functions/engine/simulations.py: the ``simulate`` function on AWS, a thread of the
embedded runtime locally), which calls :func:`run` with a runner that carries the emulation
(functions/simulation/). The run reads what the spec needs here, in the tenant's table: the
draft's definition, the tenant's settings with the draft's own over them and, for ``sample``,
a sample of its employees; the emulation works on that copy in a throw-away space and never
writes the tenant's data. Its report is stored with the dry run; publishing shows the draft's
last one.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable

from functions.engine import clock
from functions.engine import simulations as engine
from functions.errors import InvalidInput, NotFound
from functions.services import audit, definitions, settings
from functions.store import keys
from functions.store.records import EmployeeRecord, WorkflowSimulationRecord, plain
from functions.store.repository import TenantRepository

MAX_EMPLOYEES = 60  # a dry run's regency at most (about a second of wall time each)
DEFAULT_EMPLOYEES = 11  # the Sekretaris Daerah and one unit of ten

Runner = Callable[[dict], dict]  # spec -> report (functions/local/simulation.py)


def request(repo: TenantRepository, actor: str, draft_id: str, body: dict) -> dict:
    """Record a dry run of the draft and start it; refused (422) for a draft that is not
    valid, as publishing would refuse it."""
    draft = definitions.draft(repo, draft_id)
    definition = json.loads(draft.definition)
    report = definitions.check(definition, False, definitions.runs_with(repo, draft))
    if not report["valid"]:
        raise InvalidInput(
            "the draft is not valid; fix it before a dry run",
            details={"definition": [f"{f['code']}: {f['message']}" for f in report["faults"]]},
        )
    number = len(repo.workflow_simulations(draft_id)) + 1
    simulation_id = f"{number:04d}{secrets.token_hex(3)}"
    asked = {k: v for k, v in body.items() if v is not None}
    asked.setdefault("year", clock.now().year)
    if "employees" not in asked and "sample" not in asked:
        asked["employees"] = DEFAULT_EMPLOYEES
    record = WorkflowSimulationRecord(
        keys.workflows(repo.tenant_id),
        keys.workflow_simulation(draft_id, simulation_id),
        simulation_id=simulation_id,
        draft_id=draft_id,
        number=number,
        definition_hash=definitions.content_hash(definition),
        request=asked,
        status="pending",
        requested_by=actor,
        requested_at=clock.now().isoformat(),
    )
    with repo.transaction() as writes:
        writes.put_new(record)
        writes.put(
            audit.entry(
                repo, actor, "workflow.simulate", f"workflow/draft/{draft_id}",
                after={"simulation_id": simulation_id, **asked},
            )
        )  # fmt: skip
    engine.start(repo.tenant_id, draft_id, simulation_id)
    return out(record)


def simulation(repo: TenantRepository, draft_id: str, simulation_id: str):
    found = repo.workflow_simulation(draft_id, simulation_id)
    if found is None:
        raise NotFound(f"dry run {simulation_id} of draft {draft_id} not found")
    return found


def out(record: WorkflowSimulationRecord, current_hash: str | None = None) -> dict:
    shown = {
        "simulation_id": record.simulation_id,
        "draft_id": record.draft_id,
        "status": record.status,
        "request": plain(record.request),
        "definition_hash": record.definition_hash,
        "requested_by": record.requested_by,
        "requested_at": record.requested_at,
        "finished_at": record.finished_at,
        "report": json.loads(record.report) if record.report else None,
        "error": record.error,
    }
    if current_hash is not None:  # publishing: is it the draft as it is now?
        shown["current"] = record.definition_hash == current_hash
    return shown


def last(repo: TenantRepository, draft_id: str, definition: dict) -> dict | None:
    """The draft's last dry run, saying whether it ran on the definition given."""
    runs = repo.workflow_simulations(draft_id)
    return out(runs[-1], definitions.content_hash(definition)) if runs else None


def spec(repo: TenantRepository, record: WorkflowSimulationRecord) -> dict:
    """What the emulation needs, read from the tenant's table: the draft as it is now, the
    tenant's settings with the draft's own over them, and the employees (a sample of the
    tenant's own: names left out)."""
    draft = definitions.draft(repo, record.draft_id)
    asked = plain(record.request)
    found = {
        "definition": json.loads(draft.definition),
        "settings": settings.applied(plain(repo.profile().settings) or {}, plain(draft.settings)),
        "policy": asked.get("policy", "on_time"),
        "year": int(asked["year"]),
    }
    if asked.get("sample"):
        people = sample(repo.employees(), min(int(asked["sample"]), MAX_EMPLOYEES))
        units = {p.unit_id for p in people}
        found["people"] = [
            {
                "nip": p.nip, "unit_id": p.unit_id, "asn_kind": p.asn_kind,
                "position_kind": p.position_kind, "position": p.position, "jenjang": p.jenjang,
                "golongan": p.golongan, "penilai_nip": p.penilai_nip,
            }
            for p in people
        ]  # fmt: skip
        found["units"] = [
            {"unit_id": u.unit_id, "name": u.name, "parent_id": None, "head_nip": u.head_nip}
            for u in repo.units()
            if u.unit_id in units
        ]
    else:
        found["employees"] = min(int(asked.get("employees") or DEFAULT_EMPLOYEES), MAX_EMPLOYEES)
    return found


def sample(employees: list[EmployeeRecord], count: int) -> list[EmployeeRecord]:
    """``count`` employees that hold together: from those with no penilai (or one outside the
    roster) downwards, a level at a time, so everyone's penilai is in the sample (the top
    keeps none). Each cycle then has its penilai, and every SKP its superior's to cascade from."""
    by_nip = {e.nip: e for e in employees}
    below: dict[str | None, list[EmployeeRecord]] = {}
    for e in sorted(employees, key=lambda e: e.nip):
        boss = e.penilai_nip if e.penilai_nip in by_nip else None
        below.setdefault(boss, []).append(e)
    chosen: list[EmployeeRecord] = []
    level = below.get(None, [])
    while level and len(chosen) < count:
        chosen += level[: count - len(chosen)]
        level = [e for boss in level for e in below.get(boss.nip, [])]
    for e in chosen:
        if e.penilai_nip not in by_nip:
            e.penilai_nip = None
    return chosen


def run(repo: TenantRepository, draft_id: str, simulation_id: str, runner: Runner) -> dict:
    """Run a recorded dry run with ``runner`` and store its report (or why it failed)."""
    record = simulation(repo, draft_id, simulation_id)
    if record.status != "pending":
        return out(record)  # an async invocation retried: it ran already
    try:
        given = spec(repo, record)
        record.definition_hash = definitions.content_hash(given["definition"])
        record.report = json.dumps(runner(given))
        record.status = "done"
    except Exception as error:  # the report says why; the invocation is not retried
        record.status, record.error = "failed", f"{type(error).__name__}: {error}"[:2000]
    record.finished_at = clock.now().isoformat()
    repo.put(record)
    return out(record)
