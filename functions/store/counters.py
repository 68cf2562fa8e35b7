"""Per-unit counters of a year's cycles, kept in the same transaction as each change of a cycle.

BKPSDM's regency-wide views (the year's summary, the progress per unit) read these items, one
query of the tenant partition (40 units: 320 items), instead of every cycle of the year. A
cycle read from the table remembers what it was counted as (``CycleRecord.counted``: unit, year,
standing, predikat, the kind of task it waits on); whenever store/writes.py saves, creates or
deletes a cycle whose counted shape changed, the same transaction takes one from the old
counters and adds one to the new (``SET c = if_not_exists(c, 0) + n``, creating the item if
needed). A cycle's counters live in one of keys.UNIT_SUMMARY_SHARDS items of its unit (by NIP),
so that concurrent writes to one unit's cycles seldom contend for one item. The version the
updates leave on a counter item means nothing (PynamoDB sets it to 1 on every update).

Counts drift only if something writes a cycle around store/writes.py, or for cycles written
before the counters existed: functions/services/summaries.py rebuilds them from the cycles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from functions.store import keys
from functions.store.records import COUNTED, CycleRecord, Record, UnitSummaryRecord

# (pk, sk, unit id, year) of a counter item -> {attribute: +/- n}
Deltas = dict[tuple[str, str, str, int], Counter]


def tenant_partition(cycle: CycleRecord) -> str:
    return "#".join(cycle.pk.split("#")[:2])  # "T#<tenant id>": ids hold no "#" (keys.py)


def attribute(group: str, name: str) -> str:
    """The counter of ``name`` in ``group`` (an unknown name counts as none of the group's)."""
    return f"{group}__{name if name in COUNTED[group] else COUNTED[group][-1]}"


def add(deltas: Deltas, cycle: CycleRecord, shape: tuple | None, sign: int) -> None:
    """Count (``sign`` +1) or uncount (-1) a cycle of ``shape`` (CycleRecord.counted)."""
    if shape is None:
        return
    unit_id, year, standing, predikat, waiting = shape
    sk = keys.unit_summary(year, unit_id, cycle.nip)
    item = deltas[(tenant_partition(cycle), sk, unit_id, year)]
    item[attribute("stages", standing)] += sign
    if predikat is not None:
        item[attribute("predikat", predikat)] += sign
    if waiting is not None:
        item[attribute("open_tasks", waiting)] += sign


def changes(records: Iterable[tuple[Record, bool]]) -> Deltas:
    """What saving (or, with True, deleting) these records moves on the counters."""
    deltas: Deltas = defaultdict(Counter)
    for record, gone in records:
        if not isinstance(record, CycleRecord) or record._partial:
            continue
        after = None if gone else record.counted()
        if after != record._counted:
            add(deltas, record, record._counted, -1)
            add(deltas, record, after, +1)
    return {key: Counter({a: n for a, n in item.items() if n}) for key, item in deltas.items()}


def apply(transaction: TransactWrite, deltas: Deltas) -> None:
    """Add the counters' updates to ``transaction`` (one per counter item)."""
    for (pk, sk, unit_id, year), moved in deltas.items():
        if not moved:
            continue
        # what a counter item its first update creates needs to be read
        actions: list[Action] = [
            UnitSummaryRecord.kind.set(UnitSummaryRecord),
            UnitSummaryRecord.unit_id.set(unit_id),
            UnitSummaryRecord.year.set(year),
        ]
        for name, n in sorted(moved.items()):
            counter = getattr(UnitSummaryRecord, name)
            actions.append(counter.set((counter | 0) + n))
        transaction.update(UnitSummaryRecord(pk, sk), actions, add_version_condition=False)


def counted(records: Iterable[tuple[Record, bool]]) -> None:
    """After a commit: the records count as they were saved."""
    for record, gone in records:
        if isinstance(record, CycleRecord):
            record._counted = None if gone else record.counted()


def recount(cycles: Iterable[CycleRecord]) -> Deltas:
    """The counters these cycles make from nothing (a rebuild), by counter item."""
    deltas: Deltas = defaultdict(Counter)
    for cycle in cycles:
        add(deltas, cycle, cycle.counted(), +1)
    return deltas
