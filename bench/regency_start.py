"""Starting a regency's year as a job, and how a period boundary is spread.

``python -m bench.regency_start [EMPLOYEES]`` (default 300): on the embedded stack, a sample
regency of that many employees (units of ten), ``POST /cycles {"year"}`` as the BKPSDM admin:
how long the request takes (it only records the job), how long the job takes until
``GET /jobs/{id}`` says done, and the AWS calls per employee (counted at botocore, by service)
made by the job's workers (the first segments' steps, which the embedded stack runs in its
process too, are not counted), from which the time on AWS is estimated. Then the boundary: the
start times ``scheduler.spread`` gives 12,000 cycles (random opaque references) — the most
segments that start in any one second, against all of them at midnight before.
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from unittest import mock

from botocore.client import BaseClient

from functions.engine import scheduler
from functions.engine.segments import CycleRef
from functions.local import jobrunner, runtime
from functions.local.client import Client
from functions.local.demo import wait_for

YEAR = 2026
AWS_MS_PER_CALL = 40  # a DynamoDB or Step Functions call from Lambda in the same region, roughly
_calls: Counter = Counter()
_lock = threading.Lock()
_original = BaseClient._make_api_call


def _counting(self, operation, params):
    """Count the job workers' own calls (not the first segments' steps, which the embedded
    stack runs in its process too)."""
    if threading.current_thread().name.startswith("kinerja-jobs"):
        with _lock:
            _calls[self.meta.service_model.service_name] += 1
    return _original(self, operation, params)


def start_year(employees: int) -> dict:
    stack = runtime.start(units=max(1, employees // 10))
    try:
        admin = Client(stack.url, stack.sample.admin_key, timeout=120)
        people = len(stack.sample.people)
        _calls.clear()
        with mock.patch.object(BaseClient, "_make_api_call", _counting):
            began = time.perf_counter()
            job = admin.post("/cycles", {"year": YEAR})
            answered = time.perf_counter() - began
            done = wait_for(
                lambda: (j := admin.get(f"/jobs/{job['job_id']}"))["status"] == "done" and j,
                "the job",
                60 + people * 2,
            )
            took = time.perf_counter() - began
            jobrunner.drain(60)
        calls = dict(_calls)
    finally:
        stack.stop()
    per_employee = sum(calls.values()) / max(1, done["done"])
    return {
        "employees": people,
        "request_s": round(answered, 3),
        "job_s": round(took, 1),
        "s_per_employee_embedded": round(took / max(1, people), 3),
        "done": done["done"],
        "skipped": done["skipped"],
        "failed": done["failed"],
        "batches": done["batches"],
        "aws_calls_per_employee": round(per_employee, 1),
        "aws_calls_by_service": calls,
        # on Lambda: ten batches at once (the queue's maximum concurrency)
        "estimated_aws_minutes_for_12000": round(
            12000 * per_employee * AWS_MS_PER_CALL / 1000 / 10 / 60, 1
        ),
    }


def boundary_spread(cycles: int = 12000) -> dict:
    midnight = datetime(YEAR, 4, 1, tzinfo=UTC)
    refs = [CycleRef("tbench00000", "x", YEAR, secrets.token_hex(8)) for _ in range(cycles)]
    starts = Counter(scheduler.spread(ref, 1, midnight) for ref in refs)
    last = max(starts)
    return {
        "cycles": cycles,
        "window_hours": scheduler.SPREAD.total_seconds() / 3600,
        "most_in_one_second": max(starts.values()),
        "before_most_in_one_second": cycles,
        "last_start": last.isoformat(),
        "mean_per_second": round(cycles / scheduler.SPREAD.total_seconds(), 2),
    }


def main(employees: int = 300) -> dict:
    return {"start_year": start_year(employees), "boundary": boundary_spread()}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300), indent=2))
