"""The demo's wall time, and what one employee-cycle costs on AWS: Step Functions state
transitions and DynamoDB requests, counted while the demo runs on the embedded stack.

``python -m bench.demo_cost [bulanan]``: the sample tenant's periods (policy.frequency; triwulan,
quarterly, by default).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from unittest import mock

from botocore.client import BaseClient

from functions.domain.prices import Usage, cost
from functions.engine.clients import client
from functions.local import runtime
from functions.local.client import Client
from functions.local.demo import Demo

_calls: Counter = Counter()
_lock = threading.Lock()
_original = BaseClient._make_api_call


def _counting(self, operation, params):
    with _lock:
        _calls[(self.meta.service_model.service_name, operation)] += 1
    return _original(self, operation, params)


def state_transitions() -> tuple[int, int]:
    """(executions, StateEntered events) over every execution of the run."""
    sfn = client("stepfunctions")
    machine = sfn.list_state_machines()["stateMachines"][0]["stateMachineArn"]
    executions = sfn.list_executions(stateMachineArn=machine, maxResults=1000)["executions"]
    entered = 0
    for execution in executions:
        pages = sfn.get_paginator("get_execution_history").paginate(
            executionArn=execution["executionArn"]
        )
        entered += sum(
            1 for page in pages for e in page["events"] if e["type"].endswith("StateEntered")
        )
    return len(executions), entered


def _use_frequency(running, frequency: str) -> None:
    """The sample tenant's cycles run ``frequency`` periods (quarterly by default)."""
    from functions.services import settings
    from functions.store.repository import TenantRepository

    repo = TenantRepository(running.sample.tenant_id)
    version = settings.current(repo)["version"]
    settings.update(repo, "bench", version, {"policy": {"frequency": frequency}})


def main(frequency: str | None = None) -> dict:
    _calls.clear()  # a second run in the same process counts its own calls
    running = runtime.start()
    try:
        if frequency is not None:
            _use_frequency(running, frequency)
        with mock.patch.object(BaseClient, "_make_api_call", _counting):
            started = time.perf_counter()
            result = Demo(Client(running.url), running.sample.to_json()).run()
            seconds = time.perf_counter() - started
            dynamodb = sum(n for (service, _), n in _calls.items() if service == "dynamodb")
            reads = sum(
                n
                for (service, operation), n in _calls.items()
                if service == "dynamodb" and operation.startswith(("Get", "Query", "Scan", "Batch"))
            )
        executions, entered = state_transitions()
    finally:
        running.stop()
    cycles = len(result["employees"])
    figures = {
        "frequency": frequency or "triwulan",
        "demo_seconds": round(seconds, 1),
        "employee_cycles": cycles,
        "executions": executions,
        "state_transitions_per_cycle": round(entered / cycles, 1),
        "dynamodb_requests_per_cycle": round(dynamodb / cycles, 1),
        # the one price list (functions/domain/prices.py); Lambda and the HTTP API left out
        "usd_per_cycle": cost(
            Usage(
                state_transitions=entered / cycles,
                dynamodb_reads=reads / cycles,
                dynamodb_writes=(dynamodb - reads) / cycles,
            )
        )["usd"],
    }
    print(
        f"demo ({figures['frequency']}): {seconds:.1f} s for {cycles} employee-cycles "
        f"({executions} executions); "
        f"per cycle {entered / cycles:.1f} state transitions, "
        f"{dynamodb / cycles:.1f} DynamoDB requests, ${figures['usd_per_cycle']:.5f}"
    )
    return figures


if __name__ == "__main__":
    import sys

    main(sys.argv[1] if len(sys.argv) > 1 else None)  # e.g. bulanan (monthly)
