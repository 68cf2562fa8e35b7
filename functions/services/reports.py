"""Read models: one cycle as a person sees it; the regency's year as BKPSDM sees it."""

from __future__ import annotations

from collections import Counter

from functions.services import summaries
from functions.store.records import (
    AssessmentRecord,
    CoachingRecord,
    CycleRecord,
    DecisionRecord,
    FailureRecord,
    SkpRecord,
    plain,
)
from functions.store.repository import TenantRepository


def cycle_view(repo: TenantRepository, nip: str, year: int) -> dict:
    """Everything of one cycle in one query."""
    records = repo.cycle_records(nip, year)
    cycle = next((r for r in records if isinstance(r, CycleRecord)), None)
    if cycle is None:
        cycle = repo.cycle(nip, year)  # raises NotFound
    skp = next((r for r in records if isinstance(r, SkpRecord)), None)
    decision = next((r for r in records if isinstance(r, DecisionRecord)), None)
    assessments = sorted(
        (r for r in records if isinstance(r, AssessmentRecord)), key=lambda r: r.period or 99
    )
    return {
        "nip": nip,
        "year": year,
        "unit_id": cycle.unit_id,
        "penilai_nip": cycle.penilai_nip,
        "stage": cycle.stage,
        "period": cycle.period,
        "periods": cycle.periods,
        "status": cycle.status,
        "segment": cycle.segment,
        "open_task": cycle.open_task,
        "failure": plain(cycle.failure),
        "closure": plain(cycle.closure),
        "predikat": cycle.predikat,
        "skp_status": skp.status if skp else None,
        "assessments": [
            {
                "period": a.period or "annual",
                "capaian": plain(a.capaian),
                "judgements": plain(a.judgements),
                "overrides": plain(a.overrides),
                "lagging_rhk": list(a.lagging_rhk),
                "rating_hasil_kerja": a.rating_hasil_kerja,
                "rating_perilaku": a.rating_perilaku,
                "perilaku_overall": a.perilaku_overall,
                "perilaku_suggested": a.perilaku_suggested,
                "predikat": a.predikat,
            }
            for a in assessments
        ],
        "coaching": [
            {
                "id": c.task_id,
                "period": c.period,
                "kind": c.coaching_kind,
                "held_on": c.held_on,
                "rhk": list(c.rhk_ids),
                "findings": c.findings,
                "actions": plain(c.actions),
                "follow_ups": plain(c.follow_ups),
            }
            for c in records
            if isinstance(c, CoachingRecord)
        ],
        "decision": None
        if decision is None
        else {
            "predikat": decision.predikat,
            "angka_kredit": decision.angka_kredit,
            "ak_months": decision.ak_months,
            "box": decision.box,
            "actions": list(decision.actions),
            "flags": list(decision.flags),
            "tukin_factor": decision.tukin_factor,
        },
        "failures": [
            {"error": f.error, "cause": f.cause, "state": f.stage, "execution": f.execution}
            for f in records
            if isinstance(f, FailureRecord)
        ],
        "history": plain(cycle.history),
    }


def standing(cycle: CycleRecord) -> str:
    """Where a cycle is counted on BKPSDM's overviews: its stage, or failed, or closed."""
    return cycle.standing()


def year_summary(repo: TenantRepository, year: int) -> dict:
    """Predikat per unit, stages and the tasks waited on of a regency's year, from the
    per-unit counters (one query: functions/services/summaries.py), not from the cycles. A
    closed cycle counts under the stage ``closed``, not in its unit's predikat (the employee
    left the year's evaluation)."""
    names = {u.unit_id: u.name for u in repo.units()}
    per_unit = summaries.unit_counts(repo, year)
    stages: Counter = Counter()
    open_tasks: Counter = Counter()
    for counts in per_unit.values():
        stages.update(counts["stages"])
        open_tasks.update(counts["open_tasks"])
    return {
        "year": year,
        "cycles": sum(stages.values()),
        "stages": dict(stages),
        "units": [
            {"unit_id": uid, "name": names.get(uid, uid), "predikat": dict(counts["predikat"])}
            for uid, counts in sorted(per_unit.items())
            if counts["predikat"]
        ],
        "open_tasks": dict(open_tasks),
    }


def unit_progress(repo: TenantRepository, year: int) -> list[dict]:
    """Per unit, its own cycles of ``year`` per stage (a failed cycle counts as failed, a
    closed one as closed), for BKPSDM's overview, from the per-unit counters; every unit is
    listed, those without cycles too."""
    per_unit = summaries.unit_counts(repo, year)
    return [
        {"unit_id": u.unit_id, "name": u.name, "parent_id": u.parent_id,
         "stages": dict(per_unit[u.unit_id]["stages"]),
         "total": sum(per_unit[u.unit_id]["stages"].values())}
        for u in sorted(repo.units(), key=lambda u: u.unit_id)
    ]  # fmt: skip
