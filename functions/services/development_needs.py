"""What an employee's development plan of a year should answer (docs/development.md): the
development among the 9-box actions of their latest decision, the coaching of this year and
the one before, and the competencies assessed below the upper band; offered when planning."""

from __future__ import annotations

from dataclasses import asdict

from functions.domain import development
from functions.services.development import FIRST_YEAR, check_year
from functions.services.settings import TenantSettings
from functions.store.records import CoachingRecord, DecisionRecord, plain
from functions.store.repository import TenantRepository


def needs(repo: TenantRepository, nip: str, year: int) -> dict:
    """The needs, the pressing ones first, each with the activity kinds that answer it and
    whether the year's plan has an activity of one of those kinds already."""
    employee = repo.employee(nip)
    check_year(year)
    policy = TenantSettings.of(repo.profile()).policy
    found: list[development.Need] = []
    decided = False
    for seen in (year, year - 1):  # the latest 9-box: this year's once decided, else last year's
        records = repo.cycle_records(nip, seen) if seen >= FIRST_YEAR else []
        decision = next((r for r in records if isinstance(r, DecisionRecord)), None)
        if decision is not None and decision.box is not None and not decided:
            decided = True
            found += development.box_needs(int(decision.box), decision.actions, seen)
        for coaching in sorted((r for r in records if isinstance(r, CoachingRecord)),
                               key=lambda r: r.held_on):  # fmt: skip
            follow_ups = plain(coaching.follow_ups) or []
            outcome = follow_ups[-1].get("outcome") if follow_ups else None
            found.append(development.coaching_need(
                coaching.coaching_kind, coaching.held_on, coaching.findings, coaching.rhk_ids,
                outcome, seen,
            ))  # fmt: skip
    scores = plain(employee.potensi_scores) or {}
    found += development.competency_needs(
        scores, float(policy.potensi_tinggi_from), float(policy.potensi_menengah_from)
    )
    plan = repo.development_plan(nip, year)
    planned = {a["kind"] for a in plain(plan.activities)} if plan else set()
    order = {development.HIGH: 0, development.NORMAL: 1}
    shown = [
        {
            **asdict(n),
            "kinds": list(n.kinds),
            "rhk_ids": list(n.rhk_ids),
            "planned": bool(planned & set(n.kinds)),
        }
        for n in sorted(found, key=lambda n: order[n.priority])
    ]
    return {"nip": nip, "year": year, "needs": shown,
            "unanswered": sum(1 for n in shown if not n["planned"])}  # fmt: skip
