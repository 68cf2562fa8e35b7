"""One unit's year-end views in a large regency: what a unit's distribution check, talent 9-box
and quality worksheet read and how long they take, reading the unit by key (the year's cycle
index on ``"{unit_id}#"``, then batch reads of just those cycles and employees) side by side
with the old way (the tenant's whole year of cycles and whole roster, filtered in Python).

``python -m bench.regency [EMPLOYEES] [UNITS]`` (default 12000 in 40 units; wall times are
the median of three runs each way). The regency is
written directly through the repository (employees, cycles with predikat, SKP, annual
assessments, decisions; no workflow), on the embedded stack. Reads are counted by patching
botocore (as bench/demo_cost.py does): requests, and items DynamoDB read (a query's
ScannedCount, a batch get's items), which is what read capacity is billed on.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from botocore.client import BaseClient

from functions.domain import Predikat
from functions.services import distribution, quality, reports, summaries, talent
from functions.services.tenants import create_tenant
from functions.store.repository import TenantRepository

YEAR = 2026
PREDIKAT = [p.value for p in Predikat]
WEIGHTS = (10, 25, 55, 7, 3)  # sangat_baik .. sangat_kurang, roughly as regencies rate
_reads: Counter = Counter()
_lock = threading.Lock()
_original = BaseClient._make_api_call


def _counting(self, operation, params):
    answer = _original(self, operation, params)
    if self.meta.service_model.service_name == "dynamodb":
        with _lock:
            _reads[operation] += 1
            if operation in ("Query", "Scan"):
                _reads["items"] += answer.get("ScannedCount", answer.get("Count", 0))
            elif operation == "BatchGetItem":
                _reads["items"] += sum(len(v) for v in answer.get("Responses", {}).values())
            elif operation == "GetItem":
                _reads["items"] += 1 if "Item" in answer else 0
    return answer


@contextmanager
def counted() -> Iterator[Counter]:
    """Count DynamoDB reads made inside: requests per operation and ``items`` read."""
    _reads.clear()
    seen: Counter = Counter()
    with mock.patch.object(BaseClient, "_make_api_call", _counting):
        yield seen
    seen.update(_reads)


@contextmanager
def old_way() -> Iterator[None]:
    """The unit views as they read before: every cycle of the year and every employee of the
    tenant, filtered by unit in Python."""

    def unit_cycles(self, year, unit_ids):
        inside = set(unit_ids)
        return [c for c in self.cycles(year) if c.unit_id in inside]

    def unit_employees(self, cycles, unit_ids):
        inside = set(unit_ids)
        found = [e for e in self.employees() if e.unit_id in inside]
        return sorted(found, key=lambda e: (e.unit_id, e.nip))

    with (
        mock.patch.object(TenantRepository, "unit_cycles", unit_cycles),
        mock.patch.object(TenantRepository, "unit_employees", unit_employees),
    ):
        yield


SKP = {
    "approach": "kuantitatif",
    "rhk": [{"id": "r1", "text": "Layanan unit terselenggara", "utama": True,
             "iki": [{"id": "i1", "indikator": "Persentase layanan tepat waktu",
                      "aspek": "kuantitas", "target": {"value": 90, "unit": "%"}}]}],
}  # fmt: skip


def seed(employees: int = 12000, units: int = 40, seed: int = 14) -> tuple[str, list[str]]:
    """A regency of ``employees`` in ``units`` flat units (a head and staff rated by the head),
    each with the year's cycle, SKP, annual assessment and decision, and the unit's predikat.
    Returns the tenant id and the unit ids."""
    rng = random.Random(seed)
    tenant_id, _ = create_tenant("Kabupaten Bench", "9902")
    repo = TenantRepository(tenant_id)
    unit_ids = [f"u{n:02d}" for n in range(1, units + 1)]
    records: list = []
    for n, unit_id in enumerate(unit_ids):
        size = employees // units + (1 if n < employees % units else 0)
        nips = [f"1980{n:04d}2005011{k:04d}" for k in range(size)]
        head = nips[0]
        records.append(repo.new_unit(unit_id, name=f"Unit {unit_id}", head_nip=head))
        result = repo.new_unit_result(unit_id, YEAR)
        result.org_predikat, result.set_by = "baik", "bench"
        records.append(result)
        for k, nip in enumerate(nips):
            penilai = None if k == 0 else head
            kind = "jpt" if k == 0 else "pelaksana"
            records.append(repo.new_employee(
                nip, penilai, name=f"Pegawai {n}-{k}", unit_id=unit_id, asn_kind="pns",
                position_kind=kind, position="Kepala" if k == 0 else "Staf",
            ))  # fmt: skip
            predikat = rng.choices(PREDIKAT, WEIGHTS)[0]
            records.append(repo.new_cycle(
                nip, YEAR, unit_id, penilai_nip=penilai, stage="done", periods=4,
                status="done", predikat=predikat,
            ))  # fmt: skip
            skp = repo.new_skp(nip, YEAR, status="disetujui")
            skp.content = {**SKP, **({"rhk": []} if k == 0 else {})}
            if k:
                skp.content["rhk"][0]["rhk_atasan_id"] = "r1"
            records.append(skp)
            annual = repo.new_assessment(nip, YEAR, 0, predikat=predikat)
            annual.capaian = {"i1": rng.randint(60, 120)}
            records.append(annual)
            records.append(repo.new_decision(nip, YEAR, predikat=predikat,
                                             box=rng.randint(1, 9)))  # fmt: skip
    for start in range(0, len(records), 80):  # and the counters of its cycles' units
        with repo.transaction() as tx:
            for record in records[start : start + 80]:
                tx.put_new(record)
    return tenant_id, unit_ids


VIEWS = {
    "distribution": lambda repo, unit: distribution.unit_distribution(repo, unit, YEAR),
    "talent": lambda repo, unit: talent.unit_talent(repo, unit, YEAR),
    "quality": lambda repo, unit: quality.unit_worksheet(repo, unit, YEAR),
}


def measure(repo: TenantRepository, unit_id: str, view: str) -> dict:
    with counted() as reads:
        started = time.perf_counter()
        answer = VIEWS[view](repo, unit_id)
        seconds = time.perf_counter() - started
    requests = {op: n for op, n in reads.items() if op != "items"}
    return {"seconds": round(seconds, 3), "items": reads["items"], "requests": requests,
            "answer": answer}  # fmt: skip


RUNS = 3  # each way, interleaved with nothing else; the median's wall time is shown


def _median(repo: TenantRepository, unit_id: str, view: str, runs: int) -> dict:
    done = sorted((measure(repo, unit_id, view) for _ in range(runs)), key=lambda m: m["seconds"])
    return done[len(done) // 2]


def old_year_summary(repo: TenantRepository, year: int) -> dict:
    """The regency's summary as it was read before the per-unit counters: every cycle of the
    year, and the open task of each that has one."""
    units = {u.unit_id: u.name for u in repo.units()}
    cycles = repo.cycles(year)
    per_unit: dict[str, Counter] = {}
    stages: Counter = Counter()
    for cycle in cycles:
        stages[cycle.standing()] += 1
        if cycle.status != "closed":
            per_unit.setdefault(cycle.unit_id, Counter())[cycle.predikat or "-"] += 1
    open_tasks = Counter(task.task_kind for task in repo.tasks([c.open_task for c in cycles]))
    return {
        "year": year,
        "cycles": len(cycles),
        "stages": dict(stages),
        "units": [
            {"unit_id": uid, "name": units.get(uid, uid), "predikat": dict(counts)}
            for uid, counts in sorted(per_unit.items())
        ],
        "open_tasks": dict(open_tasks),
    }


def timed(call) -> dict:
    with counted() as reads:
        started = time.perf_counter()
        answer = call()
        seconds = time.perf_counter() - started
    requests = {op: n for op, n in reads.items() if op != "items"}
    return {"seconds": round(seconds, 3), "items": reads["items"], "requests": requests,
            "answer": answer}  # fmt: skip


def regency_summary(repo: TenantRepository) -> dict:
    """GET /reports/summary from the per-unit counters against the old read of every cycle
    (median of RUNS each, answers asserted equal), and a rebuild of the counters."""
    runs = {
        "counters": lambda: reports.year_summary(repo, YEAR),
        "every_cycle": lambda: old_year_summary(repo, YEAR),
    }
    found: dict = {}
    for way, call in runs.items():
        call()  # warm
        done = sorted((timed(call) for _ in range(RUNS)), key=lambda m: m["seconds"])
        found[way] = done[len(done) // 2]
    assert found["counters"].pop("answer") == found["every_cycle"].pop("answer")
    rebuilt = timed(lambda: summaries.rebuild(repo, "bench", YEAR))
    rebuilt.pop("answer")
    assert reports.year_summary(repo, YEAR) == old_year_summary(repo, YEAR)  # same counts
    found["rebuild"] = rebuilt
    return found


def main(employees: int = 12000, units: int = 40) -> dict:
    from functions.local import runtime

    running = runtime.start(units=1)
    try:
        started = time.perf_counter()
        tenant_id, unit_ids = seed(employees, units)
        seeded = time.perf_counter() - started
        print(f"regency: {employees} employees in {units} units seeded in {seeded:.1f} s")
        repo = TenantRepository(tenant_id)
        unit_id = unit_ids[len(unit_ids) // 2]
        cycles = repo.unit_cycles(YEAR, [unit_id])
        own = len(cycles)
        # the unit's own items: its employees and every item of its cycles' partitions
        items = own + sum(len(repo.cycle_records(c.nip, YEAR)) for c in cycles)
        figures: dict = {"employees": employees, "units": units, "unit_cycles": own,
                         "unit_items": items, "seed_seconds": round(seeded, 1)}  # fmt: skip
        print(f"unit {unit_id}: {own} cycles, {items} items of its own")
        for view in VIEWS:
            measure(repo, unit_id, view)  # warm: the unit list, the profile's settings cache
            new = _median(repo, unit_id, view, RUNS)
            with old_way():
                old = _median(repo, unit_id, view, RUNS)
            assert new.pop("answer") == old.pop("answer"), f"{view}: answers differ"
            figures[view] = {"by_unit": new, "whole_tenant": old}
            print(
                f"{view}: by unit {new['seconds']} s, {new['items']} items read "
                f"({new['items'] / items:.2f}x its own items) {new['requests']}; "
                f"whole tenant {old['seconds']} s, {old['items']} items "
                f"({old['items'] / items:.2f}x) {old['requests']}"
            )
        summary = regency_summary(repo)
        figures["summary"] = summary
        new, old, rebuilt = summary["counters"], summary["every_cycle"], summary["rebuild"]
        print(
            f"regency summary: per-unit counters {new['seconds']} s, {new['items']} items read "
            f"{new['requests']}; every cycle {old['seconds']} s, {old['items']} items "
            f"{old['requests']}; rebuild of the counters {rebuilt['seconds']} s, "
            f"{rebuilt['items']} items read"
        )
    finally:
        running.stop()
    return figures


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:3]])
