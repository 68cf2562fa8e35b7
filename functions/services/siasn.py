"""Periodic results in the shape of SIASN's ``kinerjaperiodik`` records, so a regency hands
them on to BKN without retyping. What SIASN needs and the system lacks (the person's SIASN id,
a rating not yet given) is named per employee instead of sent half-filled."""

from __future__ import annotations

from functions.domain import Penilai, Rating, kinerja_periodik_record, periods_of
from functions.domain.errors import DomainError, InvalidValue, MissingInput
from functions.errors import InvalidInput, NotFound
from functions.services.settings import TenantSettings
from functions.store.records import EmployeeRecord
from functions.store.repository import TenantRepository


def cycle_record(repo: TenantRepository, nip: str, year: int, period: int) -> dict:
    """One employee's result of one period; 422 naming what is missing."""
    people = {e.nip: e for e in repo.employees()}
    if nip not in people:
        raise NotFound(f"employee {nip} not found")
    try:
        return _record(repo, people, _units(repo), people[nip], year, period)
    except DomainError as error:
        raise InvalidInput.of(error) from None


def period_records(repo: TenantRepository, year: int, period: int) -> dict:
    """Every rated employee's record of the period, and those left out with the reason."""
    people, units = {e.nip: e for e in repo.employees()}, _units(repo)
    records, left_out = [], []
    for cycle in sorted(repo.cycles(year), key=lambda c: c.nip):
        try:
            records.append(_record(repo, people, units, people[cycle.nip], year, period))
        except DomainError as error:
            left_out.append({"nip": cycle.nip, "field": error.field, "rule": error.rule})
    return {"year": year, "period": period, "records": records, "left_out": left_out}


def _units(repo: TenantRepository) -> dict[str, str]:
    return {u.unit_id: u.name for u in repo.units()}


def _record(
    repo: TenantRepository,
    people: dict[str, EmployeeRecord],
    units: dict[str, str],
    employee: EmployeeRecord,
    year: int,
    period: int,
) -> dict:
    frequency = TenantSettings.of(repo.profile()).policy.frequency
    plan = periods_of(year, frequency)
    if not 1 <= period <= len(plan):
        raise InvalidValue("period", f"a {frequency.value} year has periods 1 to {len(plan)}")
    assessed = repo.assessment(employee.nip, year, period)
    if assessed is None or not (assessed.rating_hasil_kerja and assessed.rating_perilaku):
        raise MissingInput("period", f"period {period} of {year} is not assessed yet")
    penilai = people.get(employee.penilai_nip or "")
    if penilai is None:
        raise MissingInput("penilai_nip", "SIASN records a pejabat penilai; the employee has none")
    return {
        "nip": employee.nip,
        **kinerja_periodik_record(
            period=plan[period - 1],
            frequency=frequency,
            hasil_kerja=Rating(assessed.rating_hasil_kerja),
            perilaku=Rating(assessed.rating_perilaku),
            pns_dinilai_id=employee.siasn_id or "",
            penilai=Penilai(
                nama=penilai.name,
                nip=penilai.nip,
                jabatan=penilai.position,
                unor=units.get(penilai.unit_id, penilai.unit_id),
            ),
        ),
    }
