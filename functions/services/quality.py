"""Data quality of stored cycles, as BKPSDM checks it in its semester evaluation: per SKP, and
per unit as a worksheet (counts per check and the offending items of each employee).

The stage dates come from what the table holds: the cycle's history of stage moves gives when
each stage was completed, the tenant's policy and task deadlines when it was due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from functions.domain import (
    Check,
    RealisasiEntry,
    Skp,
    Stage,
    StageRecord,
    data_quality,
    planning_deadline,
)
from functions.engine import clock
from functions.services.cascade import skp_of
from functions.services.distribution import unit_tree
from functions.services.settings import TenantSettings
from functions.store.records import CycleRecord, EmployeeRecord, RealisasiRecord, SkpRecord, plain
from functions.store.repository import TenantRepository


def cycle_quality(repo: TenantRepository, nip: str, year: int) -> dict:
    employee = repo.employee(nip)
    settings = TenantSettings.of(repo.profile())
    findings = _findings(repo, employee, year, settings, {})
    return {"nip": nip, "year": year, "clean": not findings, "findings": findings}


def unit_worksheet(repo: TenantRepository, unit_id: str, year: int) -> dict:
    """Every employee of the unit and the units below: how many break each check, and the rows
    (employee, check, rule, items) to fix."""
    _, inside = unit_tree(repo, unit_id)
    settings = TenantSettings.of(repo.profile())
    superiors: dict[str, Skp | None] = {}
    rows, checked = [], 0
    cycles = repo.unit_cycles(year, inside)
    skps = repo.skps(cycles)  # one batch read; then only the cycles with an SKP are queried
    by_nip = {c.nip: c for c in cycles}
    for employee in repo.unit_employees(cycles, inside):
        if (skp := skps.get(employee.nip)) is None:
            continue
        checked += 1
        records = [skp, by_nip[employee.nip], *repo.realisasi(employee.nip, year)]
        for finding in _findings(repo, employee, year, settings, superiors, records):
            rows.append({"nip": employee.nip, "name": employee.name,
                         "unit_id": employee.unit_id, **finding})  # fmt: skip
    counts = {check.value: 0 for check in Check}
    for row in rows:
        counts[row["check"]] += 1
    clean = checked - len({row["nip"] for row in rows})
    return {"unit_id": unit_id, "year": year, "checked": checked, "clean": clean,
            "counts": counts, "rows": rows}  # fmt: skip


def _findings(
    repo: TenantRepository,
    employee: EmployeeRecord,
    year: int,
    settings: TenantSettings,
    superiors: dict[str, Skp | None],
    records: list | None = None,
) -> list[dict]:
    records = repo.cycle_records(employee.nip, year) if records is None else records
    skp = next((r for r in records if isinstance(r, SkpRecord)), None)
    if skp is None:
        skp = repo.skp(employee.nip, year)  # NotFound, named
    cycle = next((r for r in records if isinstance(r, CycleRecord)), None)
    found = data_quality(
        skp_of(skp, employee),
        atasan=_superior(repo, employee.penilai_nip, year, superiors),
        realisasi=[
            RealisasiEntry(r.iki_id, r.period, r.value, tuple(r.bukti))
            for r in records
            if isinstance(r, RealisasiRecord)
        ],
        stages=stage_records(cycle, settings) if cycle else [],
        today=clock.now().date(),
        policy=settings.policy,
        periods=cycle.periods if cycle else None,
    )
    return [{"check": f.check.value, "rule": f.rule, "items": list(f.items)} for f in found]


def _superior(
    repo: TenantRepository, penilai: str | None, year: int, cache: dict[str, Skp | None]
) -> Skp | None:
    """The penilai's SKP as the cascade's reference (None at the top of the tree)."""
    if penilai is None:
        return None
    if penilai not in cache:
        record, employee = repo.find_skp(penilai, year), repo.find_employee(penilai)
        cache[penilai] = skp_of(record, employee) if record and employee else None
    return cache[penilai]


def stage_records(cycle: CycleRecord, settings: TenantSettings) -> list[StageRecord]:
    """When each required stage was due and completed, from the cycle's history of moves.

    Plan is due by the planning deadline plus the approval days and done when monitoring began;
    monitoring is due at the year's end plus the days to rate the last period, done when the
    annual assessment began; coaching, when it happened, is due its task's days after it began
    and done when the cycle moved on (with no coaching needed, it was done with monitoring);
    the assessment is due at the year's end plus the annual rating days, done at the decision."""
    year, days = cycle.year, settings.task_days
    moves = [(m["stage"], datetime.fromisoformat(m["at"]).date()) for m in plain(cycle.history)]

    def entered(*stages: str) -> date | None:
        return next((at for stage, at in moves if stage in stages), None)

    year_end = date(year, 12, 31)
    plan_due = planning_deadline(date(year, 1, 1), settings.policy)
    monitoring = StageRecord(
        Stage.MONITOR, year_end + _days(days["rate_perilaku"]), entered("annual", "decide", "done")
    )
    return [
        StageRecord(Stage.PLAN, plan_due + _days(days["approve_skp"]), entered("monitor")),
        monitoring,
        _coaching(moves, days["coaching"], monitoring),
        StageRecord(Stage.ASSESS, year_end + _days(days["rate_annual"]), entered("decide", "done")),
    ]


def _coaching(moves, coaching_days: float, monitoring: StageRecord) -> StageRecord:
    coached = [n for n, (stage, _) in enumerate(moves) if stage == "coach"]
    if not coached:  # nobody needed it: decided, period by period, with the monitoring
        return StageRecord(Stage.COACH, monitoring.due, monitoring.completed_on)
    last = coached[-1]
    began = moves[last][1]
    after = next((at for stage, at in moves[last + 1 :] if stage != "coach"), None)
    return StageRecord(Stage.COACH, began + _days(coaching_days), after)


def _days(days: float) -> timedelta:
    return timedelta(days=days)
