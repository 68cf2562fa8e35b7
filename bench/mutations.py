"""Issue 13's done-when: every mutation of the default workflow that validation accepts
finishes its simulated year. ``python -m bench.mutations [--employees N] [--policy P]
[--workers W] [--limit K]`` generates the mutations of tests/workflow_examples.py, validates
each, dry-runs each accepted one (functions/local/simulation.py, a child process each, as the
``simulate`` function runs it) and prints the counts and every one that did not finish.
tests/integration/test_workflow_mutations.py runs a handful of them."""

from __future__ import annotations

import argparse
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor

from functions.engine import catalog, validation
from functions.simulation.handler import emulate
from tests.workflow_examples import mutations

YEAR = 2026


def accepted() -> tuple[int, list[tuple[str, dict, list[str]]]]:
    """(how many mutations, the accepted ones with the warnings a publish acknowledges)."""
    described = catalog.described()
    found = mutations()
    kept = []
    for label, definition in found:
        report = validation.validate(definition, described)
        if report.valid:
            kept.append((label, definition, report.to_dict()["acknowledge"]))
    return len(found), kept


def dry_run(definition: dict, employees: int = 2, policy: str = "on_time") -> dict:
    spec = {"definition": definition, "settings": {}, "employees": employees}
    return emulate({**spec, "policy": policy, "year": YEAR})


def main(employees: int = 2, policy: str = "on_time", workers: int = 3, limit: int = 0) -> dict:
    started = time.monotonic()
    total, kept = accepted()
    shuffled = random.Random(13).sample(kept, len(kept))  # a part is a fair sample
    chosen = shuffled[:limit] if limit else shuffled

    def one(item):
        label, definition, _ = item
        try:
            report = dry_run(definition, employees, policy)
        except Exception as error:  # the emulation itself stopped: counts as not finished
            report = {"error": str(error)}
        cycles = report.get("cycles", {})
        done = "error" not in report and cycles["finished"] == cycles["total"]
        print(f"{'finished' if done else 'NOT FINISHED'}: {label}", flush=True)
        return label, report

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(one, chosen))
    unfinished = [
        (label, r.get("error") or r["stuck"][:1] or r["failed"][:1])
        for label, r in results
        if "error" in r or r["cycles"]["finished"] != r["cycles"]["total"]
    ]
    figures = {
        "mutations": total,
        "accepted": len(kept),
        "simulated": len(results),
        "finished": len(results) - len(unfinished),
        "employees": employees,
        "policy": policy,
        "seconds": round(time.monotonic() - started, 1),
        "unfinished": unfinished,
    }
    print(
        f"{total} mutations, {len(kept)} accepted by validation, {len(results)} simulated "
        f"({policy}, {employees} employees), {figures['finished']} finished their year, "
        f"in {figures['seconds']} s"
    )
    for label, why in unfinished:
        print(f"  not finished: {label}: {json.dumps(why)[:300]}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=2)
    parser.add_argument("--policy", default="on_time")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0)
    arguments = parser.parse_args()
    main(arguments.employees, arguments.policy, arguments.workers, arguments.limit)
