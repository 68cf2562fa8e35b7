"""Task lists, a page at a time: a person's own (or BKPSDM's queue), and the regency's open
tasks for its BKPSDM admins, filtered by unit, kind, assignee and overdue. Each task comes
with what its assignee needs to act: the employee's name and unit and the period's capaian.

A person's tasks are read from the by-assignee index (sorted by status and due date). The
regency's open tasks are those its cycles wait on (``CycleRecord.open_task``, as
/reports/summary counts them) and their detached months' (found by their ids): the year's
cycles are read from the cycles-by-year index in unit order (``unit`` is a key prefix), their
open tasks in batches.
The cursor is the key of the last item returned (a task, or the cycle of the last task).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from functions.engine import clock
from functions.errors import InvalidInput
from functions.services import months
from functions.store import keys, pages
from functions.store.records import CycleRecord, TaskRecord, plain
from functions.store.repository import TenantRepository

BKPSDM = "bkpsdm"  # the assignee of escalated tasks nobody is above: the tenant's admins
BATCH = 50  # cycles whose open tasks are read in one batch


@dataclass(frozen=True)
class Filters:
    status: str = "open"
    unit: str | None = None
    kind: str | None = None
    assignee: str | None = None  # a NIP, or BKPSDM
    overdue: bool | None = None


def _matches(task: TaskRecord, unit_of: dict[str, str], filters: Filters, now) -> bool:
    if filters.kind and task.task_kind != filters.kind:
        return False
    if filters.assignee and (task.assignee_nip or BKPSDM) != filters.assignee:
        return False
    if filters.unit and unit_of.get(task.subject_nip) != filters.unit:
        return False
    return filters.overdue is None or overdue(task, now) == filters.overdue


def overdue(task: TaskRecord, now) -> bool:
    """Open past a deadline: its own, or the one it was escalated past (level 1 or 2)."""
    return task.status == "open" and (task.due < now or bool(task.level))


def of_assignee(
    repo: TenantRepository, assignee: str | None, filters: Filters, limit: int, cursor: str | None
) -> tuple[list[TaskRecord], str | None]:
    """The tasks of ``assignee`` (None or BKPSDM: the tenant's admins) in ``filters.status``,
    soonest due first."""
    who = None if assignee in (None, BKPSDM) else assignee
    pk = keys.tasks_of(repo.tenant_id, who or "-")
    prefix = f"{filters.status}#"
    now = clock.now()
    units = _units_of_subjects(repo) if filters.unit else {}

    def query(start, size):
        found = repo.task_listing(who, filters.status, filters.kind, start, max(size, 25))
        return (t for t in found if _matches(t, units, filters, now))

    return pages.page(
        query,
        limit=limit,
        cursor=cursor,
        partition={"gsi1pk": pk},
        attributes=("pk", "sk", "gsi1pk", "gsi1sk"),
        prefixes={"gsi1sk": prefix},
    )


def of_regency(
    repo: TenantRepository, year: int | None, filters: Filters, limit: int, cursor: str | None
) -> tuple[list[TaskRecord], str | None]:
    """The open tasks the regency's cycles of ``year`` (default: the current) wait on, by unit
    and NIP."""
    year = year or clock.now().year
    if filters.status != "open":
        raise InvalidInput(
            "the regency's list holds open tasks; list others per assignee",
            details={"status": ["must be open without assignee"]},
        )
    pk = keys.cycles_of_year(repo.tenant_id, year)
    prefix = f"{filters.unit}#" if filters.unit else ""
    start = pages.decode(cursor, {"gsi1pk": pk}, {"gsi1sk": prefix} if prefix else None)
    cycles = repo.cycle_listing(year, prefix, start, BATCH)
    now = clock.now()
    found = list(islice(_open_tasks(repo, cycles, filters, now), limit + 1))
    if len(found) <= limit:
        return [task for task, _ in found], None
    found = found[:limit]
    return [task for task, _ in found], pages.encode(found[-1][1], pages.KEY_ATTRIBUTES)


def overdue_among(
    repo: TenantRepository, cycles: Iterable[CycleRecord], limit: int
) -> tuple[list[TaskRecord], bool]:
    """The first ``limit`` overdue tasks that these cycles (read already, in the order of
    :func:`of_regency`) wait on, and whether there are more: a page that has read the year's
    cycles does not read them again."""
    late = _open_tasks(repo, cycles, Filters(overdue=True), clock.now())
    found = [task for task, _ in islice(late, limit + 1)]
    return found[:limit], len(found) > limit


def _open_tasks(repo, cycles, filters: Filters, now) -> Iterator[tuple[TaskRecord, CycleRecord]]:
    """(open task, its cycle) in the cycles' order, filtered: the task its execution waits
    on, then its detached months' open tasks (monthly periods, services/months.py)."""
    batch: list[tuple[CycleRecord, list[str | None]]] = []
    for cycle in chain(cycles, [None]):
        if cycle is not None:
            detached = months.detached_ids(repo, cycle)
            if (cycle.open_task or detached) and cycle.status != "done":
                batch.append((cycle, [cycle.open_task, *detached]))
            if len(batch) < BATCH:
                continue
        if not batch:
            continue
        open_ = {t.task_id: t for t in repo.tasks([t for _, ids in batch for t in ids])}
        units = {c.nip: c.unit_id for c, _ in batch}
        for each, ids in batch:
            for task in filter(None, map(open_.get, ids)):
                if _matches(task, units, filters, now):
                    yield task, each
        batch = []


def _units_of_subjects(repo: TenantRepository) -> dict[str, str]:
    return {e.nip: e.unit_id for e in repo.employees()}


def details(repo: TenantRepository, tasks: list[TaskRecord]) -> dict[str, dict]:
    """What each task's assignee needs to act on it, by task id: the employee's name and unit,
    the period's capaian (IKI id → percent; None before the period is measured), overdue."""
    if not tasks:
        return {}
    people = repo.employees_of({t.subject_nip for t in tasks})
    units = {u.unit_id: u.name for u in repo.units()}
    measured = repo.period_assessments({(t.subject_nip, int(t.year), int(t.period)) for t in tasks})
    now = clock.now()
    shown = {}
    for task in tasks:
        person = people.get(task.subject_nip)
        unit_id = person.unit_id if person else None
        assessment = measured.get((task.subject_nip, int(task.year), int(task.period)))
        shown[task.task_id] = {
            "employee_name": person.name if person else None,
            "unit_id": unit_id,
            "unit_name": units.get(unit_id) if unit_id else None,
            "capaian": plain(assessment.capaian) if assessment and assessment.capaian else None,
            "overdue": overdue(task, now),
        }
    return shown
