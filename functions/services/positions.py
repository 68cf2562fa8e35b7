"""The positions (jabatan) of a unit, kept by the regency's admins: kind, eselon where
structural, name, who holds it (or vacant) and whether it is a key position for succession.

Like units and employees, every edit names the version it read (If-Match) and is audited in
the same transaction; the rules across fields are the domain's (``positions.position_rules``),
one for the API and the import alike.
"""

from __future__ import annotations

import secrets

from functions.domain.positions import position_rules
from functions.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from functions.services import audit
from functions.services.people import unit as find_unit
from functions.store.records import PositionRecord, Record, plain
from functions.store.repository import TenantRepository

FIELDS = ("position_id", "unit_id", "name", "position_kind", "eselon", "incumbent_nip",
          "key_position", "requirements")  # fmt: skip


def _fields(record: PositionRecord) -> dict:
    return {name: plain(getattr(record, name)) for name in FIELDS}


def shown(record: PositionRecord) -> dict:
    return {**_fields(record), "vacant": record.incumbent_nip is None, "version": record.version}


def _invalid(field: str, rule: str) -> InvalidInput:
    return InvalidInput(f"{field}: {rule}", details={field: [rule]})


def check(repo: TenantRepository, values: dict) -> None:
    """The rules across fields and the incumbent (an employee of this regency)."""
    for field, rule in position_rules(values):
        raise _invalid(field, rule)
    nip = values.get("incumbent_nip")
    if nip is not None and repo.find_employee(nip) is None:
        raise _invalid("incumbent_nip", f"{nip} is not an employee of this regency")


def position(repo: TenantRepository, unit_id: str, position_id: str) -> PositionRecord:
    found = repo.find_position(unit_id, position_id)
    if found is None:
        raise NotFound(f"position {position_id} of unit {unit_id} not found")
    return found


def positions(repo: TenantRepository, unit_id: str) -> dict:
    """A unit's positions, with its vacancies and key positions picked out."""
    find_unit(repo, unit_id)
    items = [shown(p) for p in repo.positions(unit_id)]
    return {
        "unit_id": unit_id,
        "items": items,
        "vacancies": [p["position_id"] for p in items if p["vacant"]],
        "key_positions": [p["position_id"] for p in items if p["key_position"]],
        "key_vacancies": [p["position_id"] for p in items if p["vacant"] and p["key_position"]],
    }


def _commit(repo: TenantRepository, records: list[Record], stale: Exception) -> None:
    with repo.all_or_none(stale) as writes:  # type: ignore[arg-type]
        for record in records:
            writes.put(record)


def create(repo: TenantRepository, actor: str, unit_id: str, body: dict) -> dict:
    find_unit(repo, unit_id)
    values = {"eselon": None, "incumbent_nip": None, "key_position": False, "requirements": None,
              **body}  # fmt: skip
    position_id = values.pop("position_id", None) or secrets.token_hex(5)
    check(repo, values)
    record = repo.new_position(unit_id, position_id, **values)
    item = f"position/{unit_id}/{position_id}"
    trail = audit.entry(repo, actor, "position.create", item, after=_fields(record),
                        subject_nip=record.incumbent_nip)  # fmt: skip
    _commit(repo, [record, trail], Conflict(f"position {position_id} exists already"))
    return shown(record)


def _check_version(record: PositionRecord, version: int) -> None:
    if record.version != version:
        raise PreconditionFailed(
            f"position {record.position_id} changed since you read it: read it again",
            details={"If-Match": [f"version {version} is stale; the current one is "
                                  f"{record.version}"]},
        )  # fmt: skip


def update(repo, actor: str, unit_id: str, position_id: str, version: int, changes: dict) -> dict:
    record = position(repo, unit_id, position_id)
    _check_version(record, version)
    before = _fields(record)
    merged = {**before, **changes}
    if merged == before:
        return shown(record)
    check(repo, merged)
    for name, value in changes.items():
        setattr(record, name, value)
    item = f"position/{unit_id}/{position_id}"
    trail = audit.entry(repo, actor, "position.update", item, before=before,
                        after=_fields(record), subject_nip=record.incumbent_nip)  # fmt: skip
    _commit(repo, [record, trail], PreconditionFailed(f"position {position_id} changed meanwhile"))
    return shown(record)


def delete(repo, actor: str, unit_id: str, position_id: str, version: int) -> None:
    record = position(repo, unit_id, position_id)
    _check_version(record, version)
    item = f"position/{unit_id}/{position_id}"
    trail = audit.entry(repo, actor, "position.delete", item, before=_fields(record))
    stale = PreconditionFailed(f"position {position_id} changed meanwhile: read it again")
    with repo.all_or_none(stale) as writes:
        writes.delete(record)
        writes.put(trail)
