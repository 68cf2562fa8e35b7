"""The regency's year by unit from the per-unit counters (functions/store/counters.py), and
their rebuild from the cycles: a repair when counts drifted, and the first count of cycles
written before the counters existed."""

from __future__ import annotations

from collections import Counter, defaultdict

from functions.engine import clock
from functions.errors import Conflict
from functions.services import audit
from functions.store import counters
from functions.store.repository import TenantRepository

Counts = dict[str, dict[str, Counter]]  # unit id -> group (stages, predikat, open_tasks) -> n
NO_PREDIKAT = "-"  # how the summary names the cycles not rated yet


def unit_counts(repo: TenantRepository, year: int) -> Counts:
    """Per unit, its cycles of ``year`` per standing, per predikat (not the closed ones) and
    per kind of task waited on: the sum of the unit's counter items (one query)."""
    found: Counts = defaultdict(lambda: defaultdict(Counter))
    for item in repo.unit_summaries(year):
        for group, counts in item.counts().items():
            if group == "predikat" and "none" in counts:
                counts[NO_PREDIKAT] = counts.pop("none")
            found[str(item.unit_id)][group].update(counts)
    return found


def rebuild(repo: TenantRepository, actor: str, year: int) -> dict:
    """Count the year's cycles again and write every counter item of the year (idempotent:
    run twice, it writes the same counts). A cycle waiting on a task whose kind it does not
    note (written before it did) gets it first."""
    cycles = repo.cycles(year)
    backfilled = _note_task_kinds(repo, cycles)
    counted = counters.recount(cycles)
    existing = {item.sk: item for item in repo.unit_summaries(year)}
    now = clock.now().isoformat()
    for (_, sk, unit_id, _), counts in counted.items():
        item = existing.pop(sk, None) or repo.new_unit_summary(year, sk, unit_id)
        item.set_counts(counts)
        item.rebuilt_at = now
        repo.put(item, Conflict("a cycle of the year changed meanwhile; rebuild again"))
    for item in existing.values():  # a unit that has no cycle of the year any more
        item.set_counts({})
        item.rebuilt_at = now
        repo.put(item, Conflict("a cycle of the year changed meanwhile; rebuild again"))
    done = {
        "year": year,
        "cycles": len(cycles),
        "units": len({unit_id for _, _, unit_id, _ in counted}),
        "items": len(counted),
        "task_kinds_noted": backfilled,
        "rebuilt_at": now,
    }
    audit.log(repo, actor, "summary.rebuild", f"summary/{year}", after=done)
    return done


def _note_task_kinds(repo: TenantRepository, cycles: list) -> int:
    waiting = [c for c in cycles if c.open_task and not c.open_kind and c.status == "running"]
    tasks = {t.task_id: t for t in repo.tasks(c.open_task for c in waiting)}
    noted = 0
    for cycle in waiting:
        if (task := tasks.get(cycle.open_task)) is not None:
            cycle.open_kind = task.task_kind
            try:
                repo.put(cycle)
            except Conflict:  # it moved meanwhile: its own write counted it
                continue
            noted += 1
    return noted
