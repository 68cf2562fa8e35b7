"""Results in the shapes of SIASN: a period's ``kinerjaperiodik`` records and the year's
``skp22`` records (the annual result as it stands after revisions and keberatan), so a regency
hands them on to BKN without retyping. What SIASN needs and the system lacks (the person's SIASN
id, the penilai's golongan, a rating not yet given) is named per employee, every item of it,
instead of sent half-filled."""

from __future__ import annotations

from functions.domain import (
    Penilai,
    Rating,
    golongan_id,
    kinerja_periodik_record,
    periods_of,
    skp_tahunan_record,
)
from functions.domain.errors import DomainError
from functions.errors import InvalidInput, NotFound
from functions.services.settings import cycle_frequency
from functions.store.records import EmployeeRecord
from functions.store.repository import TenantRepository

ANNUAL = 0  # the annual assessment's period
SET_BY = "PATCH /employees/{nip} or the import column"


def cycle_record(repo: TenantRepository, nip: str, year: int, period: int) -> dict:
    """One employee's result of one period (0: the year); 422 naming everything missing."""
    people = {e.nip: e for e in repo.employees()}
    if nip not in people:
        raise NotFound(f"employee {nip} not found")
    record, missing = _record(repo, people, _units(repo), people[nip], year, period)
    if record is None:
        details: dict[str, list[str]] = {}
        for item in missing:
            details.setdefault(item["field"], []).append(item["rule"])
        first = missing[0]
        raise InvalidInput(f"{first['field']}: {first['rule']}", details=details)
    return record


def period_records(repo: TenantRepository, year: int, period: int) -> dict:
    """Every employee's record of the period (0: the year), and those not ready with everything
    still missing for them."""
    people, units = {e.nip: e for e in repo.employees()}, _units(repo)
    records, left_out = [], []
    for cycle in sorted(repo.cycles(year), key=lambda c: c.nip):
        if cycle.nip not in people:
            continue
        record, missing = _record(repo, people, units, people[cycle.nip], year, period)
        if record is not None:
            records.append(record)
        else:
            left_out.append({"nip": cycle.nip, **missing[0], "missing": missing})
    shown_period: int | str = "annual" if period == ANNUAL else period
    return {"year": year, "period": shown_period, "records": records, "left_out": left_out}


def _units(repo: TenantRepository) -> dict[str, str]:
    return {u.unit_id: u.name for u in repo.units()}


def _missing(field: str, rule: str) -> dict:
    return {"field": field, "rule": rule}


def _record(
    repo: TenantRepository,
    people: dict[str, EmployeeRecord],
    units: dict[str, str],
    employee: EmployeeRecord,
    year: int,
    period: int,
) -> tuple[dict | None, list[dict]]:
    """The record, or None and every item missing (``[{field, rule}]``)."""
    missing = []
    frequency = cycle_frequency(repo, repo.find_cycle(employee.nip, year))
    plan = periods_of(year, frequency)
    if not 0 <= period <= len(plan):  # a cycle keeps the frequency it started with
        return None, [_missing("period", f"a {frequency.value} year has periods 1 to {len(plan)}")]
    assessed = repo.assessment(employee.nip, year, period)
    if assessed is None or not (assessed.rating_hasil_kerja and assessed.rating_perilaku):
        what = f"the year {year}" if period == ANNUAL else f"period {period} of {year}"
        missing.append(_missing("period", f"{what} is not assessed yet"))
    if not employee.siasn_id:
        missing.append(_missing("siasn_id", f"SIASN's id of the person rated: {SET_BY} ID SIASN"))
    penilai = people.get(employee.penilai_nip or "")
    if penilai is None:
        rule = "SIASN records a pejabat penilai; the employee has none"
        missing.append(_missing("penilai_nip", rule))
    elif not penilai.golongan:
        rule = f"the golongan of the penilai {penilai.nip}: {SET_BY} Golongan"
        missing.append(_missing("penilai.golongan", rule))
    if missing or assessed is None or penilai is None:
        return None, missing
    shown_penilai = Penilai(
        nama=penilai.name,
        nip=penilai.nip,
        jabatan=penilai.position,
        unor=units.get(penilai.unit_id, penilai.unit_id),
        golongan=golongan_id(penilai.golongan or ""),
        status="ASN",  # an employee of the regency: a PNS or a PPPK
    )
    ratings = {
        "hasil_kerja": Rating(assessed.rating_hasil_kerja),
        "perilaku": Rating(assessed.rating_perilaku),
    }
    try:
        if period == ANNUAL:
            made = skp_tahunan_record(
                year=year, pns_dinilai_id=employee.siasn_id or "", penilai=shown_penilai, **ratings
            )
        else:
            made = kinerja_periodik_record(
                period=plan[period - 1],
                frequency=frequency,
                pns_dinilai_id=employee.siasn_id or "",
                penilai=shown_penilai,
                koefisien_id=employee.jenjang if employee.position_kind == "fungsional" else None,
                **ratings,
            )
    except DomainError as error:
        return None, [_missing(error.field, error.rule)]
    return {"nip": employee.nip, **made}, []
