"""What a change of a cycle moves on its unit's counters (functions/store/counters.py)."""

from __future__ import annotations

from functions.store import counters, keys
from functions.store.records import CycleRecord

TENANT = "tabcdefghij"
NIP = "198503152010012003"


def cycle(**attrs) -> CycleRecord:
    found = CycleRecord(
        keys.cycle(TENANT, NIP, 2026), keys.CYCLE, nip=NIP, year=2026, unit_id="u1",
        stage="plan", periods=4, **attrs,
    )  # fmt: skip
    return found


def read(record: CycleRecord) -> CycleRecord:
    """As if read from the table: counted as it stands."""
    record.loaded()
    return record


def moved(record: CycleRecord, gone: bool = False) -> dict:
    return {sk: dict(n) for (_, sk, _, _), n in counters.changes([(record, gone)]).items()}


def test_a_new_cycle_counts_once_in_its_unit_s_item():
    (sk, counts), = moved(cycle()).items()  # fmt: skip
    assert sk == keys.unit_summary(2026, "u1", NIP) and sk.startswith("UNITSUM#2026#u1#")
    assert counts == {"stages__plan": 1, "predikat__none": 1}


def test_a_stage_change_moves_one_count_and_an_unchanged_save_moves_none():
    record = read(cycle())
    assert moved(record) == {}
    record.stage = "approval"
    assert list(moved(record).values()) == [{"stages__plan": -1, "stages__approval": 1}]


def test_a_waited_task_counts_by_kind_and_a_closed_cycle_leaves_the_predikat():
    record = read(cycle(open_task="t1", open_kind="draft_skp"))
    record.status, record.open_task = "closed", None
    assert list(moved(record).values()) == [{
        "stages__plan": -1, "predikat__none": -1, "open_tasks__draft_skp": -1,
        "stages__closed": 1,
    }]  # fmt: skip


def test_a_move_to_another_unit_moves_the_count_and_a_deletion_uncounts():
    record = read(cycle(predikat="baik"))
    record.unit_id = "u2"
    counts = moved(record)
    assert counts[keys.unit_summary(2026, "u1", NIP)] == {"stages__plan": -1, "predikat__baik": -1}
    assert counts[keys.unit_summary(2026, "u2", NIP)] == {"stages__plan": 1, "predikat__baik": 1}
    record = read(cycle())
    assert list(moved(record, gone=True).values()) == [{"stages__plan": -1, "predikat__none": -1}]


def test_a_cycle_read_in_part_counts_for_nothing():
    partial = CycleRecord(keys.cycle(TENANT, NIP, 2026), keys.CYCLE)
    partial.loaded()
    assert moved(partial) == {}
