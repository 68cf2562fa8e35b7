"""The period boundary spread (functions/engine/scheduler.spread): each cycle's segment starts at
its own offset within the boundary day's first hours, the same on every run."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from functions.engine import scheduler
from functions.engine.segments import CycleRef

MIDNIGHT = datetime(2026, 4, 1, tzinfo=UTC)


def ref(i: int) -> CycleRef:
    return CycleRef("tabcdefghij", "199001012015011001", 2026, f"{i:016x}")


def test_a_cycle_starts_at_the_same_time_on_every_run_within_the_window():
    first = [scheduler.spread(ref(i), 2, MIDNIGHT) for i in range(2000)]
    assert first == [scheduler.spread(ref(i), 2, MIDNIGHT) for i in range(2000)]
    assert all(MIDNIGHT <= at < MIDNIGHT + scheduler.SPREAD for at in first)
    assert all(at.microsecond == 0 for at in first)


def test_a_regency_s_boundary_is_no_herd():
    starts = Counter(scheduler.spread(ref(i), 1, MIDNIGHT) for i in range(12000))
    assert max(starts.values()) <= 8  # of 12,000, where all started in one second before
    assert max(starts) - min(starts) > scheduler.SPREAD * 0.99


def test_each_period_of_a_cycle_has_its_own_offset():
    cycle = ref(7)
    assert len({scheduler.spread(cycle, p, MIDNIGHT) - MIDNIGHT for p in range(1, 13)}) == 12
