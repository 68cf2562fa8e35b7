"""The organisation of a regency, kept by its admins: units as a tree and employees.

Every edit names the version it read (the API's If-Match): a stale one is refused (412) and the
save itself is conditional on that version, so two admins never overwrite each other. Every
change is audited in the same transaction, with before and after.

Moving an employee to another unit or pejabat penilai mid-year moves what is open with them, in
that one transaction: each unfinished cycle's unit and penilai, and the open task of each cycle,
reassigned as ``tasks.assignee_for`` would assign it under the new penilai (the employee's own
task stays theirs). Completed tasks, assessments and the cycle's history keep who acted then.
"""

from __future__ import annotations

from datetime import date, timedelta

from functions.domain.nip import parse_nip
from functions.domain.roster import employee_rules
from functions.engine import clock
from functions.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PreconditionFailed,
)
from functions.services import audit
from functions.store import keys
from functions.store.records import CycleRecord, EmployeeRecord, Record, UnitRecord, plain
from functions.store.repository import TenantRepository

UNIT_FIELDS = ("unit_id", "name", "parent_id", "head_nip")
EMPLOYEE_FIELDS = (
    "nip", "name", "unit_id", "asn_kind", "position_kind", "position", "jenjang", "penilai_nip",
    "tmt_jabatan", "siasn_id", "golongan",
)  # fmt: skip


def _fields(record: Record, names: tuple[str, ...]) -> dict:
    return {name: getattr(record, name) for name in names}


def _check_version(record: Record, version: int, what: str) -> None:
    if record.version != version:
        raise PreconditionFailed(
            f"{what} changed since you read it: read it again",
            details={"If-Match": [f"version {version} is stale; the current one is "
                                  f"{record.version}"]},
        )  # fmt: skip


def _commit(repo: TenantRepository, records: list[Record], what: str, *, new: bool = False) -> None:
    """Save the changed records and their audit entries together, each conditional on the
    version read (a new record: on not existing yet)."""
    stale = (
        Conflict(f"{what} exists already")
        if new
        else PreconditionFailed(f"{what} changed meanwhile: read it again")
    )
    with repo.all_or_none(stale) as writes:
        for record in records:
            writes.put(record)


def _invalid(field: str, rule: str) -> InvalidInput:
    return InvalidInput(f"{field}: {rule}", details={field: [rule]})


# --- units -----------------------------------------------------------------------------------
def unit_shown(unit: UnitRecord) -> dict:
    return {**_fields(unit, UNIT_FIELDS), "version": unit.version}


def find_unit(repo: TenantRepository, unit_id: str) -> UnitRecord | None:
    return repo.find_unit(unit_id)


def unit(repo: TenantRepository, unit_id: str) -> UnitRecord:
    found = find_unit(repo, unit_id)
    if found is None:
        raise NotFound(f"unit {unit_id} not found")
    return found


def units(repo: TenantRepository, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    found, after = repo.units_page(limit, cursor)
    return [unit_shown(u) for u in found], after


def _check_unit_links(repo: TenantRepository, unit_id: str, parent_id, head_nip) -> None:
    if head_nip and repo.find_employee(head_nip) is None:
        raise _invalid("head_nip", f"{head_nip} is not an employee of this regency")
    if parent_id is None:
        return
    if parent_id == unit_id:
        raise _invalid("parent_id", "a unit cannot be its own parent")
    parents = {u.unit_id: u.parent_id for u in repo.units()}
    if parent_id not in parents:
        raise _invalid("parent_id", f"unit {parent_id} does not exist")
    seen, above = {unit_id}, parent_id  # walk up from the new parent: meeting the unit = cycle
    while above is not None:
        if above in seen:
            raise _invalid("parent_id", f"{parent_id} is below {unit_id}: the tree would loop")
        seen.add(above)
        above = parents.get(above)


def create_unit(repo: TenantRepository, actor: str, body: dict) -> dict:
    _check_unit_links(repo, body["unit_id"], body["parent_id"], body["head_nip"])
    record = repo.new_unit(
        body["unit_id"], name=body["name"], parent_id=body["parent_id"], head_nip=body["head_nip"]
    )
    trail = audit.entry(
        repo, actor, "unit.create", f"unit/{record.unit_id}", after=_fields(record, UNIT_FIELDS)
    )
    _commit(repo, [record, trail], f"unit {record.unit_id}", new=True)
    return unit_shown(record)


def update_unit(
    repo: TenantRepository, actor: str, unit_id: str, version: int, changes: dict
) -> dict:
    record = unit(repo, unit_id)
    _check_version(record, version, f"unit {unit_id}")
    before = _fields(record, UNIT_FIELDS)
    merged = {**before, **changes}
    if merged == before:
        return unit_shown(record)
    _check_unit_links(repo, unit_id, merged["parent_id"], merged["head_nip"])
    for name, value in changes.items():
        setattr(record, name, value)
    action = "unit.move" if merged["parent_id"] != before["parent_id"] else "unit.update"
    trail = audit.entry(
        repo, actor, action, f"unit/{unit_id}", before=before, after=_fields(record, UNIT_FIELDS)
    )
    _commit(repo, [record, trail], f"unit {unit_id}")
    return unit_shown(record)


# --- employees -------------------------------------------------------------------------------
def employee_shown(employee: EmployeeRecord, atasan: str | None = None) -> dict:
    return {
        **_fields(employee, EMPLOYEE_FIELDS),
        "riwayat_jabatan": plain(employee.riwayat_jabatan) or [],
        "atasan_penilai_nip": atasan,
        "version": employee.version,
    }


def employee(repo: TenantRepository, nip: str) -> dict:
    record = repo.employee(nip)
    return employee_shown(record, _atasan(repo, record.penilai_nip))


def _atasan(repo: TenantRepository, penilai_nip: str | None) -> str | None:
    """The atasan pejabat penilai: the penilai's own penilai (Permen PANRB 6/2022)."""
    if not penilai_nip:
        return None
    penilai = repo.find_employee(penilai_nip)
    return penilai.penilai_nip if penilai else None


def employees(
    repo: TenantRepository, limit: int, cursor: str | None, unit_id: str | None = None
) -> tuple[list[dict], str | None]:
    found, after = repo.employees_page(limit, cursor, unit_id)
    return [employee_shown(e) for e in found], after


def _check_employee(repo: TenantRepository, data: dict) -> None:
    if broken := employee_rules(data):  # the import's rules too: one rule for both
        details: dict[str, list[str]] = {}
        for field, rule in broken:
            details.setdefault(field, []).append(rule)
        field, rule = broken[0]
        raise InvalidInput(f"{field}: {rule}", details=details)
    if find_unit(repo, data["unit_id"]) is None:
        raise _invalid("unit_id", f"unit {data['unit_id']} does not exist")
    penilai = data.get("penilai_nip")
    if not penilai:
        return
    if penilai == data["nip"]:
        raise _invalid("penilai_nip", "an employee cannot be their own pejabat penilai")
    seen, above = {data["nip"]}, penilai  # up the chain of penilai: meeting the employee = loop
    while above:
        if above in seen:
            raise _invalid("penilai_nip", f"{penilai} is assessed (in)directly by {data['nip']}")
        seen.add(above)
        found = repo.find_employee(above)
        if found is None:
            raise _invalid("penilai_nip", f"{above} is not an employee of this regency")
        above = found.penilai_nip


def _index(repo: TenantRepository, record: EmployeeRecord) -> None:
    """The subordinates listing (GSI1) follows the penilai."""
    penilai = record.penilai_nip
    record.gsi1pk = keys.subordinates_of(repo.tenant_id, penilai) if penilai else None
    record.gsi1sk = keys.employee(record.nip) if penilai else None


def _iso(day: date | str | None) -> str | None:
    return day.isoformat() if isinstance(day, date) else day


def _jabatan_changes(record: EmployeeRecord, before: dict, changes: dict) -> dict:
    """A new jenjang (a promotion, a move into or out of a jabatan fungsional) starts on the
    given ``tmt_jabatan`` or today; the jenjang left goes to ``riwayat_jabatan`` up to the day
    before, so the year's angka kredit counts the months in each (``year_credit``)."""
    changes = {**changes}
    if "tmt_jabatan" in changes:
        changes["tmt_jabatan"] = _iso(changes["tmt_jabatan"])
    old, new = before["jenjang"], changes.get("jenjang", before["jenjang"])
    if old == new:
        return changes
    start = changes.get("tmt_jabatan") or clock.now().date().isoformat()
    if old is not None:
        until = (date.fromisoformat(start) - timedelta(days=1)).isoformat()
        left = {"jenjang": old, "tmt": before["tmt_jabatan"], "until": until}
        changes["riwayat_jabatan"] = [*(plain(record.riwayat_jabatan) or []), left]
    changes["tmt_jabatan"] = start if new is not None else None
    return changes


def create_employee(repo: TenantRepository, actor: str, body: dict) -> dict:
    parse_nip(body["nip"], None, clock.now().date())  # born by today (employee_rules: the form)
    _check_employee(repo, body)
    body = {**body, "tmt_jabatan": _iso(body.get("tmt_jabatan"))}
    attrs = {k: v for k, v in body.items() if k not in ("nip", "penilai_nip")}
    record = repo.new_employee(body["nip"], body["penilai_nip"], **attrs)
    trail = audit.entry(
        repo, actor, "employee.create", f"employee/{record.nip}",
        after=_fields(record, EMPLOYEE_FIELDS), subject_nip=record.nip,
    )  # fmt: skip
    _commit(repo, [record, trail], f"employee {record.nip}", new=True)
    return employee_shown(record, _atasan(repo, record.penilai_nip))


def update_employee(
    repo: TenantRepository, actor: str, nip: str, version: int, changes: dict
) -> dict:
    record = repo.employee(nip)
    _check_version(record, version, f"employee {nip}")
    before = _fields(record, EMPLOYEE_FIELDS)
    changes = _jabatan_changes(record, before, changes)
    merged = {**before, **changes}
    if all(merged[k] == before[k] for k in before):
        return {**employee_shown(record, _atasan(repo, record.penilai_nip)), "moved": {}}
    _check_employee(repo, merged)
    for name, value in changes.items():
        setattr(record, name, value)
    _index(repo, record)
    moving = any(merged[k] != before[k] for k in ("unit_id", "penilai_nip"))
    writes: list[Record] = [record]
    moved: dict = {"cycles": [], "tasks": []}
    if moving:
        writes += _move_open_work(repo, actor, record, before, moved)
    action = "employee.move" if moving else "employee.update"
    writes.append(
        audit.entry(
            repo, actor, action, f"employee/{nip}", before=before,
            after={**_fields(record, EMPLOYEE_FIELDS), **({"moved": moved} if moving else {})},
            subject_nip=nip,
        )
    )  # fmt: skip
    _commit(repo, writes, f"employee {nip}")
    return {**employee_shown(record, _atasan(repo, record.penilai_nip)), "moved": moved}


def open_cycles(repo: TenantRepository, nip: str) -> list[CycleRecord]:
    """Unfinished cycles: this year's, last year's (assessed into this year), next year's."""
    year = clock.now().year
    found = []
    for y in (year - 1, year, year + 1):
        cycle = repo.find_cycle(nip, y)
        if cycle is not None and cycle.status != "done":
            found.append(cycle)
    return found


def _move_open_work(
    repo: TenantRepository, actor: str, employee: EmployeeRecord, before: dict, moved: dict
) -> list[Record]:
    nip, penilai = employee.nip, employee.penilai_nip
    atasan = _atasan(repo, penilai)
    changed: list[Record] = []
    for cycle in open_cycles(repo, nip):
        was = {"unit_id": cycle.unit_id, "penilai_nip": cycle.penilai_nip}
        cycle.unit_id, cycle.penilai_nip = employee.unit_id, penilai
        cycle.gsi1sk = keys.unit_cycle(employee.unit_id, nip)  # as repo.new_cycle lists it
        changed.append(cycle)
        now = {"unit_id": cycle.unit_id, "penilai_nip": penilai}
        moved["cycles"].append({"year": cycle.year, "before": was, "after": now})
        task = repo.find_task(cycle.open_task) if cycle.open_task else None
        if task is None or task.status != "open" or task.assignee_nip == nip:
            continue  # nothing open, or the employee's own task: it stays theirs
        if (task.level or 0) >= 2:
            continue  # past the superior too: BKPSDM's, whoever the penilai is
        if task.assignee is not None:
            continue  # assigned by another relationship (atasan_penilai, unit_head): kept
        # An overdue draft went to the penilai; other tasks are the penilai's, or when overdue
        # the atasan's (None: BKPSDM), as tasks.assignee_for assigns them.
        escalated = task.escalated_from is not None and task.task_kind != "draft_skp"
        assignee = atasan if escalated else penilai
        if assignee == task.assignee_nip:
            continue
        moved["tasks"].append({"task_id": task.task_id, "task_kind": task.task_kind,
                               "before": task.assignee_nip, "after": assignee})  # fmt: skip
        task.assignee_nip = assignee
        repo.index_task(task)
        changed.append(task)
    return changed
