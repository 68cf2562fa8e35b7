"""Seconds per employee-year on the embedded stack as the regency grows: the whole year of N
employees driven through the HTTP API (the demo) in a regency of that size, one fresh process
per size. Flat is the goal (issue 14: within 1.5x from 3 to 300 employees).

``python -m bench.scaling [--moto-queries] [N ...]`` (default 3 30 300); N is rounded to whole
units of ten employees (3 runs three people of a one-unit regency). ``--moto-queries`` runs the
same with moto's own queries (every query sorting the whole table) for a side-by-side figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from functions.local import runtime
from functions.local.client import Client
from functions.local.demo import Demo
from functions.local.seed import ROSTER


def _moto_queries() -> None:
    """Undo the emulation's partition-scoped queries (functions/local/query_index.py)."""
    from functions.local import query_index

    for name in ("narrowed_query", "indexed_put", "indexed_delete", "indexed_update"):
        setattr(query_index, name, lambda original: original)


def one(employees: int, moto_queries: bool = False) -> dict:
    if moto_queries:
        _moto_queries()
    units = max(1, round(employees / len(ROSTER)))
    running = runtime.start(units=units)
    try:
        people = running.sample.people
        only = sorted(n for n in people if people[n]["penilai"])[:employees]
        if employees < len(ROSTER):  # a head and their reports: a team that can finish a year
            head = next(n for n in sorted(people) if people[n]["position"] == "Kepala Dinas")
            only = [head, *sorted(n for n in people if people[n]["penilai"] == head)][:employees]
        started, cpu = time.perf_counter(), time.process_time()
        result = Demo(Client(running.url), running.sample.to_json(), only=only).run()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        running.stop()
    done = sum(1 for e in result["employees"] if e["stage"] == "done")
    return {
        "employees": len(only),
        "regency": len(people),
        "finished": done,
        "seconds": round(seconds, 1),
        "seconds_per_employee_year": round(seconds / len(only), 2),
        # the process's CPU (every thread: the server, the executions, the demo's client): what
        # the year costs the machine, steadier than wall time on a shared one
        "cpu_seconds_per_employee_year": round(cpu / len(only), 2),
    }


def main(sizes: list[int] | None = None, moto_queries: bool = False) -> list[dict]:
    figures = []
    label = "scaling (moto queries)" if moto_queries else "scaling"
    for size in sizes or [3, 30, 300]:
        run = f"import json, bench.scaling as s; print(json.dumps(s.one({size}, {moto_queries})))"
        done = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True)
        if done.returncode != 0:  # e.g. the demo's waits gave up: say why, go on
            why = (done.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"{label}: {size} employees failed: {why}")
            figures.append({"employees": size, "failed": why})
            continue
        figure = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{label}: {figure['employees']} employees ({figure['regency']} in the regency): "
            f"{figure['seconds']} s, {figure['seconds_per_employee_year']} s per employee-year "
            f"({figure['cpu_seconds_per_employee_year']} s of CPU), {figure['finished']} finished"
        )
        figures.append(figure)
    return figures


if __name__ == "__main__":
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    main([int(n) for n in sys.argv[1:] if n not in flags] or None, "--moto-queries" in flags)
