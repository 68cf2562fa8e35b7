"""Competency development of employees (docs/development.md): a yearly individual plan, the
activities done with their evidence, and the hours reached against the tenant's yearly target
(policy ``development_hours``), per employee and per unit. Every write is audited in its
transaction; the plan is edited on the version read (If-Match), like the organisation."""

from __future__ import annotations

import hashlib
from datetime import date

from functions.domain import development, period_of
from functions.engine import clock
from functions.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from functions.services import audit
from functions.services.auth import ADMIN, Principal
from functions.services.people import unit as find_unit
from functions.services.settings import TenantSettings, cycle_frequency
from functions.store.records import (
    AssessmentRecord,
    CycleRecord,
    DevelopmentPlanRecord,
    DevelopmentRecord,
    SkpRecord,
    plain,
)
from functions.store.repository import TenantRepository

FIRST_YEAR, LAST_YEAR = 2020, 2100
RECORD_FIELDS = ("kind", "title", "digital", "hours", "cost", "provider", "done_on",
                 "certificate_url")  # fmt: skip


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(f"no development year {year} ({FIRST_YEAR}-{LAST_YEAR})")
    return year


def target(repo: TenantRepository) -> int:
    return TenantSettings.of(repo.profile()).policy.development_hours


def record_id(nip: str, kind: str, title: str, done_on: str) -> str:
    """The same activity, done the same day, is one record (an import again adds nothing)."""
    text = "\x1f".join((nip, kind, " ".join(title.casefold().split()), done_on))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _number(value):
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def record_shown(record: DevelopmentRecord) -> dict:
    return {
        "record_id": record.record_id,
        "kind": record.activity_kind,
        "title": record.title,
        "digital": record.digital,
        "hours": _number(record.hours),
        "cost": _number(record.cost),
        "provider": record.provider,
        "done_on": record.done_on,
        "certificate_url": record.certificate_url,
        "source": record.source,
        "rhk_id": record.rhk_id,
        "use": plain(record.use),
    }


def _plan_shown(plan: DevelopmentPlanRecord | None) -> dict | None:
    if plan is None:
        return None
    activities = plain(plan.activities) or []
    return {
        "activities": activities,
        "planned_hours": _number(sum(float(a["hours"]) for a in activities)) or 0,
        "set_by": plan.set_by,
        "version": plan.version,
    }


def _hours_shown(found: development.Hours) -> dict:
    return {
        "done": _number(found.done),
        "digital": _number(found.digital),
        "target": found.target,
        "reached": found.reached,
        "remaining": _number(found.remaining),
    }


def hours_reached(records: list[DevelopmentRecord], goal: int) -> development.Hours:
    return development.hours(((float(r.hours), bool(r.digital)) for r in records), goal)


def of_employee(repo: TenantRepository, nip: str, year: int) -> dict:
    """The plan, the records and the hours reached of one employee's year."""
    repo.employee(nip)
    check_year(year)
    records = repo.development_records(year, nip)
    effects = rhk_effects(repo, nip, year, records)
    return {
        "nip": nip,
        "year": year,
        "plan": _plan_shown(repo.development_plan(nip, year)),
        "records": [
            {**record_shown(r), "rhk_effect": effects[r.record_id]}
            for r in sorted(records, key=lambda r: r.done_on)
        ],
        "hours": _hours_shown(hours_reached(records, target(repo))),
    }


def _activity(values: dict) -> dict:
    shown = dict(values)
    if shown.get("planned_on") is not None:
        shown["planned_on"] = shown["planned_on"].isoformat()
    return shown


def set_plan(
    repo: TenantRepository, actor: str, nip: str, year: int, version: int | None, body: dict
) -> dict:
    """Set (replace) the year's plan: a new plan needs no version; an existing one the version
    read (``None`` then: 428)."""
    repo.employee(nip)
    check_year(year)
    plan = repo.development_plan(nip, year)
    before = None
    if plan is None:
        plan = repo.new_development_plan(nip, year)
        stale: Exception = Conflict(f"the development plan of {nip} for {year} exists already")
    else:
        if version is None:
            raise PreconditionRequired(
                "send If-Match with the ETag you read", details={"If-Match": ["required"]}
            )
        if plan.version != version:
            raise PreconditionFailed(
                "the plan changed since you read it: read it again",
                details={"If-Match": [f"version {version} is stale; the current one is "
                                      f"{plan.version}"]},
            )  # fmt: skip
        before = {"activities": plain(plan.activities)}
        stale = PreconditionFailed("the plan changed meanwhile: read it again")
    plan.activities = [_activity(a) for a in body["activities"]]
    plan.set_by = actor
    trail = audit.entry(
        repo, actor, "development.plan", f"development/{nip}/{year}", before=before,
        after={"activities": plan.activities}, subject_nip=nip,
    )  # fmt: skip
    with repo.all_or_none(stale) as writes:  # type: ignore[arg-type]
        writes.put(plan)
        writes.put(trail)
    return of_employee(repo, nip, year)


def new_record(repo: TenantRepository, nip: str, year: int, body: dict, source: str):
    """An activity done as a record (not yet stored), its ``done_on`` (a date) in ``year``."""
    done_on = body["done_on"]
    if done_on.year != year:
        rule = f"{done_on.isoformat()} is not in {year}: record it in its own year"
        raise InvalidInput(f"done_on: {rule}", details={"done_on": [rule]})
    values = {**body, "done_on": done_on.isoformat()}
    rid = record_id(nip, values["kind"], values["title"], values["done_on"])
    return repo.new_development_record(
        nip, year, rid, activity_kind=values["kind"], title=values["title"],
        digital=values["digital"], hours=values["hours"], cost=values["cost"],
        provider=values["provider"], done_on=values["done_on"],
        certificate_url=values["certificate_url"], rhk_id=values.get("rhk_id"), source=source,
    )  # fmt: skip


def add_record(repo: TenantRepository, actor: str, nip: str, year: int, body: dict) -> dict:
    """Record an activity done (with its certificate's link); the same activity the same day
    twice is refused (409)."""
    repo.employee(nip)
    check_year(year)
    record = new_record(repo, nip, year, body, "api")
    rid = record.record_id
    trail = audit.entry(repo, actor, "development.record", f"development/{nip}/{year}/{rid}",
                        after=record_shown(record), subject_nip=nip)  # fmt: skip
    conflict = Conflict(f"this activity of {nip} on {record.done_on} is recorded")
    with repo.all_or_none(conflict) as w:
        w.put(record)
        w.put(trail)
    return record_shown(record)


def _record(repo: TenantRepository, nip: str, year: int, rid: str) -> DevelopmentRecord:
    check_year(year)
    found = next((r for r in repo.development_records(year, nip) if r.record_id == rid), None)
    if found is None:
        raise NotFound(f"development record {rid} of {nip} in {year} not found")
    return found


def confirm_use(
    repo: TenantRepository, who: Principal, nip: str, year: int, rid: str, body: dict
) -> dict:
    """The penilai (or BKPSDM) says whether the competency of an activity done is used in the
    work, optionally naming the RHK it was meant for; asked again, the answer is replaced (the
    audit keeps the one before)."""
    employee = repo.employee(nip)
    record = _record(repo, nip, year, rid)
    if who.role != ADMIN and employee.penilai_nip != who.nip:
        raise Forbidden(f"the use of {nip}'s development is confirmed by their penilai")
    before = {"use": plain(record.use), "rhk_id": record.rhk_id}
    if "rhk_id" in body:
        record.rhk_id = body["rhk_id"]
    record.use = {"used": body["used"], "note": body.get("note"), "by": who.label,
                  "on": clock.now().date().isoformat()}  # fmt: skip
    trail = audit.entry(
        repo, who.label, "development.use", f"development/{nip}/{year}/{rid}", before=before,
        after={"use": record.use, "rhk_id": record.rhk_id}, subject_nip=nip,
    )  # fmt: skip
    with repo.all_or_none(PreconditionFailed("the record changed meanwhile: read it again")) as w:
        w.put(record)
        w.put(trail)
    return {**record_shown(record), "rhk_effect": rhk_effects(repo, nip, year, [record])[rid]}


def rhk_effects(
    repo: TenantRepository, nip: str, year: int, records: list[DevelopmentRecord]
) -> dict[str, dict | None]:
    """For each record linked to an RHK: the RHK's capaian (its IKI's mean, from the cycle's
    periodic assessments) in the last period assessed before the activity and the latest
    assessed after it, and the change; None for a record without an RHK. One read of the
    cycle, and only when a record has an RHK."""
    linked = [r for r in records if r.rhk_id]
    found: dict[str, dict | None] = {r.record_id: None for r in records}
    if not linked:
        return found
    cycle_records = repo.cycle_records(nip, year)
    cycle = next((r for r in cycle_records if isinstance(r, CycleRecord)), None)
    skp = next((r for r in cycle_records if isinstance(r, SkpRecord)), None)
    rhk = {str(x["id"]): x for x in (plain(skp.content) or {}).get("rhk", [])} if skp else {}
    assessed = {int(a.period): a for a in cycle_records
                if isinstance(a, AssessmentRecord) and a.period and plain(a.capaian)}  # fmt: skip
    frequency = cycle_frequency(repo, cycle)
    for record in linked:
        shown: dict = {"rhk_id": record.rhk_id, "rhk": None, "before": None, "after": None,
                       "change": None}  # fmt: skip
        found[record.record_id] = shown
        if record.rhk_id not in rhk:
            shown["note"] = f"RHK {record.rhk_id} is not in the SKP of {year}"
            continue
        shown["rhk"] = rhk[record.rhk_id].get("text")
        iki = [str(i["id"]) for i in rhk[record.rhk_id].get("iki", [])]
        done_in = period_of(date.fromisoformat(record.done_on), frequency).index
        for side, period in zip(("before", "after"), development.around(done_in, assessed),
                                strict=True):  # fmt: skip
            if period is not None:
                a = assessed[period]
                shown[side] = {
                    "period": period,
                    "capaian": development.rhk_capaian(plain(a.capaian), iki),
                    "judgement": plain(a.judgements or {}).get(record.rhk_id),
                }
        if (
            shown["before"]
            and shown["after"]
            and None not in (shown["before"]["capaian"], shown["after"]["capaian"])
        ):
            shown["change"] = round(shown["after"]["capaian"] - shown["before"]["capaian"], 2)
    return found


def delete_record(repo: TenantRepository, actor: str, nip: str, year: int, rid: str) -> None:
    """Remove an activity recorded by mistake (audited with what it was)."""
    repo.employee(nip)
    found = _record(repo, nip, year, rid)
    trail = audit.entry(repo, actor, "development.delete", f"development/{nip}/{year}/{rid}",
                        before=record_shown(found), subject_nip=nip)  # fmt: skip
    with repo.all_or_none(PreconditionFailed("the record changed meanwhile: read it again")) as w:
        w.delete(found)
        w.put(trail)


def of_unit(repo: TenantRepository, unit_id: str, year: int) -> dict:
    """The hours each employee of the unit reached in the year against the target."""
    find_unit(repo, unit_id)
    check_year(year)
    goal = target(repo)
    staff = sorted((e for e in repo.employees() if e.unit_id == unit_id), key=lambda e: e.nip)
    mine = {e.nip for e in staff}
    by_nip: dict[str, list[DevelopmentRecord]] = {nip: [] for nip in mine}
    for record in repo.development_records(year):
        if record.nip in mine:
            by_nip[record.nip].append(record)
    rows = []
    for employee in staff:
        found = hours_reached(by_nip[employee.nip], goal)
        rows.append({"nip": employee.nip, "name": employee.name, **_hours_shown(found)})
    return {
        "unit_id": unit_id,
        "year": year,
        "target": goal,
        "employees": rows,
        "reached": sum(1 for r in rows if r["reached"]),
        "total": len(rows),
        "hours": _number(sum(float(r["done"]) for r in rows)) or 0,
    }
