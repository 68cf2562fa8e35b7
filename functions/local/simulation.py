"""The dry run of a workflow draft: a synthetic year on an embedded stack of its own.

``python -m functions.local.simulation`` reads a spec (JSON on standard input), starts the
embedded AWS in this process (its own table, state machines, scheduler and manual clock: the
tenant's data is never touched, only the copy the spec carries), creates a throw-away regency
with the tenant's settings and the spec's employees (generated, or a sample of the tenant's own
copied in), publishes the draft there, opens every cycle of the year and drives it: every human
task is answered as the spec's policy says, realisations are reported each period, the clock
moves from event to event (period ends, deadlines) to the end of the year and past the annual
review. It prints the report (JSON) on standard output. functions/simulation/ runs it in a
child process (the caller's own embedded stack, clock and seams stay as they are).

Policies: ``on_time`` answers every task at once; ``late`` lets each one pass its deadline
once and answers where it went (one level up); ``returned_once`` returns each SKP once at each
approval before approving it; ``never`` answers nothing (the report shows where cycles wait).
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import cast
from unittest import mock

MAX_EMPLOYEES = 60
POLICIES = ("on_time", "late", "returned_once", "never")
RETURN_REASON = "Simulasi: target belum terukur"
MAX_TASKS_PER_CYCLE = 60  # a monthly year with a return and coaching needs about 40
SETTLE_SECONDS = 60  # how long the stack may take to reach a wait after a move


class _Counting:
    """Counts AWS requests of this process by service and operation (moto answers them)."""

    def __init__(self) -> None:
        from botocore.client import BaseClient

        self.calls: Counter = Counter()
        self.transact_items = 0
        self.invoked: Counter = Counter()  # function ARN → Lambda invocations
        self._lock = threading.Lock()
        self._original = BaseClient._make_api_call
        self._patch = mock.patch.object(BaseClient, "_make_api_call", self._wrap())

    def _wrap(self):
        original, counting = self._original, self

        def call(client, operation, params):
            with counting._lock:
                counting.calls[(client.meta.service_model.service_name, operation)] += 1
                if operation == "TransactWriteItems":
                    counting.transact_items += len(params.get("TransactItems", ()))
                if operation == "Invoke":  # steps too: a schedule's are told apart by name
                    counting.invoked[str(params.get("FunctionName"))] += 1
            return original(client, operation, params)

        return call

    def __enter__(self):
        self._patch.start()
        return self

    def __exit__(self, *exc) -> None:
        self._patch.stop()

    def dynamodb(self) -> tuple[int, int]:
        """(read units, write units): a request one unit, a transaction's item two."""
        reads = writes = 0
        for (service, operation), n in self.calls.items():
            if service != "dynamodb" or operation == "TransactWriteItems":
                continue
            if operation.startswith(("Get", "Query", "Scan", "BatchGet", "Describe")):
                reads += n
            else:
                writes += n
        return reads, writes + 2 * self.transact_items


def _people(spec: dict, repo, rng) -> tuple[dict[str, dict], list[str]]:
    """The regency's employees: the spec's copied ones, or ``employees`` generated from the
    sample roster (the Sekretaris Daerah and units of ten below)."""
    from functions.local import seed
    from functions.services import auth

    people: dict[str, dict] = {}
    if spec.get("people"):
        for unit in spec.get("units", []):
            repo.new_unit(
                unit["unit_id"], name=unit.get("name") or unit["unit_id"],
                parent_id=unit.get("parent_id"), head_nip=unit.get("head_nip"),
            ).save()  # fmt: skip
        for n, person in enumerate(spec["people"], start=1):
            nip, name = person["nip"], f"Pegawai {n}"
            repo.new_employee(
                nip, person.get("penilai_nip"), name=name, unit_id=person["unit_id"],
                asn_kind=person.get("asn_kind") or "pns",
                position_kind=person.get("position_kind") or "pelaksana",
                position=person.get("position") or "Pelaksana", jenjang=person.get("jenjang"),
                golongan=person.get("golongan"),
            ).save()  # fmt: skip
            people[nip] = {
                "name": name, "unit": person["unit_id"], "position": person.get("position") or "",
                "key": auth.issue_key(auth.PEGAWAI, repo.tenant_id, nip, name),
                "penilai": person.get("penilai_nip"),
            }  # fmt: skip
    else:
        count = max(2, min(int(spec.get("employees") or 11), MAX_EMPLOYEES))
        sample = seed.SampleRegency(repo.tenant_id, "", "", "")
        seed.add_roster(repo, sample, rng, -(-(count - 1) // len(seed.ROSTER)), limit=count)
        people = sample.people
    evaluated = [nip for nip, p in people.items() if p["penilai"]]
    return people, evaluated


class SimulatedYear:
    """Drives the year of one throw-away regency as the policy says."""

    def __init__(self, spec: dict, url: str, credentials: dict, evaluated: list[str]) -> None:
        from functions.local.client import Client
        from functions.local.demo import Demo

        self.spec, self.policy = spec, spec.get("policy", "on_time")
        self.year = int(spec["year"])
        self.requests = 0
        counting = cast(Client, _CountingClient(Client(url), self))  # a proxy of its methods
        self.demo = Demo(counting, credentials, only=evaluated)
        self.demo.year = self.year
        self.evaluated = evaluated
        self.returned: set[tuple[str, str]] = set()
        self.reported: set[int] = set()
        self.errors: list[str] = []

    # --- the stack at rest --------------------------------------------------------------
    def settle(self) -> None:
        """Wait until every running execution waits on an open task (or none runs)."""
        from functions.engine import clock
        from functions.engine.clients import client
        from functions.services.tasks import KINDS
        from functions.store.repository import TenantRepository

        sfn = client("stepfunctions")
        repo = TenantRepository(self.spec["_tenant_id"])
        deadline, pause = time.monotonic() + SETTLE_SECONDS, 0.01
        while time.monotonic() < deadline:
            running = 0
            for machine in sfn.list_state_machines()["stateMachines"]:
                pages = sfn.get_paginator("list_executions").paginate(
                    stateMachineArn=machine["stateMachineArn"], statusFilter="RUNNING"
                )
                running += sum(len(page["executions"]) for page in pages)
            now = clock.now()
            waiting = [c.open_task for c in repo.cycles(self.year) if c.open_task]
            waited = sum(  # a task past its due was timed out: its escalation is on the way
                1
                for task in repo.tasks(waiting)
                if task.status == "open" and task.due > now
                and KINDS.get(task.task_kind) and KINDS[task.task_kind].stage is not None
            )  # fmt: skip
            if running <= waited:
                return
            time.sleep(pause)
            pause = min(pause * 1.5, 0.2)
        self.errors.append("the stack did not come to rest within a minute")

    # --- answering tasks ------------------------------------------------------------------
    def open_tasks(self) -> list[dict]:
        return self.demo.admin.get(f"/tasks?limit=500&year={self.year}") or []

    def answer(self, task: dict) -> bool:
        """Answer ``task`` as the policy says; False when the policy leaves it."""
        if self.policy == "never":
            return False
        if self.policy == "late" and not (task.get("level") or task.get("reopened")):
            return False
        kind, nip, holder = task["task_kind"], task["subject_nip"], task["assignee_nip"]
        who = self.demo.person(holder) if holder else self.demo.admin
        if kind == "draft_skp":
            return self._draft(nip, holder, bool(task.get("level")))
        if kind in ("approve_skp", "approve_skp_second"):
            body = {"decision": "approve"}
            if self.policy == "returned_once" and (nip, kind) not in self.returned:
                self.returned.add((nip, kind))
                body = {"decision": "return", "reason": RETURN_REASON}
        elif (answer := self.demo.answer(task)) is not None:
            body = answer
        else:
            return False
        who.post(f"/tasks/{task['task_id']}/complete", body)
        return True

    def _draft(self, nip: str, holder: str | None, escalated: bool) -> bool:
        """The SKP drafted and submitted by whoever holds the task; an SKP that cascades from
        a superior's waits until that one is approved, unless its task escalated: then it is
        submitted ahead, its links left to reconcile (services/skp.cascade_basis)."""
        boss = self.demo.people[nip]["penilai"]
        ahead = boss in self.evaluated and boss not in self.approved()
        if ahead and not escalated:
            return False
        drafter = self.demo.person(holder) if holder else self.demo.admin
        content = self.demo.content(nip, self.demo.people[nip]["position"] or "pegawai")
        if boss not in self.evaluated or ahead:
            for rhk in content["rhk"]:
                rhk["rhk_atasan_id"] = None
        drafter.put(f"/cycles/{nip}/{self.year}/skp", content)
        drafter.post(f"/cycles/{nip}/{self.year}/skp/submit")
        self.demo.skp[nip] = content
        return True

    def approved(self) -> set[str]:
        from functions.store.repository import TenantRepository

        repo = TenantRepository(self.spec["_tenant_id"])
        return {
            nip for nip in self.evaluated if (s := repo.find_skp(nip, self.year))
            and s.status == "disetujui"
        }  # fmt: skip

    def work(self) -> int:
        """Answer every open task the policy answers; how many were answered."""
        from functions.local.client import ApiError

        done = 0
        for task in self.open_tasks():
            try:
                done += self.answer(task)
            except ApiError as error:  # e.g. the wait ended meanwhile: seen on the next round
                self.errors.append(f"{task['task_kind']}: {error.status}")
        return done

    # --- the year ---------------------------------------------------------------------------
    def run(self) -> None:
        from functions.domain import periods_of

        self.demo.admin.post("/cycles", {"year": self.year, "nips": self.evaluated})
        frequency = self.demo.admin.get("/settings")["policy"]["frequency"]
        periods = periods_of(self.year, frequency)
        until = date(self.year + 1, 3, 31)  # the annual review's deadlines, escalated twice
        most = MAX_TASKS_PER_CYCLE * len(self.evaluated)
        answered = 0
        while True:
            self.settle()
            if done := self.work():
                answered += done
                if answered > most:  # a loop only a deadline leaves: the year never ends
                    self.errors.append(
                        f"stopped after {answered} tasks answered ({MAX_TASKS_PER_CYCLE} a "
                        "cycle at most): a way loops through a human task"
                    )
                    return
                continue
            cycles = self.demo.admin.get(f"/cycles?year={self.year}")
            if all(c["status"] in ("done", "failed") for c in cycles):
                return
            today = self.demo.today()
            ends = [p for p in periods if p.end >= today]
            if ends and ends[0].index not in self.reported:
                self._report(ends[0].index, len(periods))
            moves = [p.end + timedelta(days=1) for p in ends]
            if self.policy in ("late", "never"):
                moves += [self._earliest_due()]
            moves = [m for m in moves if m is not None and m > today]
            if not moves or min(moves) > until:
                return
            self.demo.pass_boundary(min(moves))

    def _report(self, period: int, periods: int) -> None:
        from functions.local.client import ApiError

        self.reported.add(period)
        approved = self.approved()
        self.demo.skp = {n: c for n, c in self.demo.skp.items() if n in approved}
        try:
            self.demo.report(period, periods)
        except ApiError as error:
            self.errors.append(f"realisasi {period}: {error.status}")

    def _earliest_due(self) -> date | None:
        dues = [datetime.fromisoformat(t["due"]) for t in self.open_tasks()]
        return (min(dues) + timedelta(days=1)).date() if dues else None


class _CountingClient:
    """The demo's client, counting every request the simulated people make (API requests)."""

    def __init__(self, client, counter: SimulatedYear) -> None:
        self._client, self._counter = client, counter

    def as_(self, key: str):
        return _CountingClient(self._client.as_(key), self._counter)

    def __getattr__(self, name):
        return getattr(self._client, name)

    def get(self, path):
        self._counter.requests += 1
        return self._client.get(path)

    def post(self, path, body=None):
        self._counter.requests += 1
        return self._client.post(path, body)

    def put(self, path, body=None):
        self._counter.requests += 1
        return self._client.put(path, body)


def _executions() -> list[dict]:
    """Every execution of the run with its history: (segment, status, events, transitions,
    lambda tasks, the last state entered)."""
    from functions.engine.clients import client

    sfn = client("stepfunctions")
    found = []
    for machine in sfn.list_state_machines()["stateMachines"]:
        pages = sfn.get_paginator("list_executions").paginate(
            stateMachineArn=machine["stateMachineArn"]
        )
        for page in pages:
            for execution in page["executions"]:
                events = [
                    e
                    for p in sfn.get_paginator("get_execution_history").paginate(
                        executionArn=execution["executionArn"]
                    )
                    for e in p["events"]
                ]
                entered = [e for e in events if e["type"].endswith("StateEntered")]
                last = entered[-1]["stateEnteredEventDetails"]["name"] if entered else None
                found.append(
                    {
                        "arn": execution["executionArn"],
                        "cycle": execution["name"].rsplit("-", 1)[0],
                        "started": execution["startDate"],
                        "status": execution["status"],
                        "events": len(events),
                        "transitions": len(entered),
                        "lambdas": sum(1 for e in events if e["type"] == "TaskScheduled"),
                        "state": last,
                    }
                )
    by_cycle = defaultdict(list)
    for execution in found:
        by_cycle[execution["cycle"]].append(execution)
    for runs in by_cycle.values():  # a cycle's segments in the order they started
        for number, execution in enumerate(sorted(runs, key=lambda e: e["started"]), start=1):
            execution["segment"] = number
    return found


def _summary(values: list[int]) -> dict:
    return {"mean": round(statistics.fmean(values), 1), "max": max(values)} if values else {}


def report(spec: dict, tenant_id: str, sim: SimulatedYear, counting: _Counting, seconds: float):
    from functions import config
    from functions.domain.prices import Usage, cost
    from functions.services.workflow_runs import failure_reason
    from functions.store.records import plain
    from functions.store.repository import TenantRepository

    repo = TenantRepository(tenant_id)
    executions = _executions()
    by_arn = {e["arn"]: e for e in executions}
    finished, stuck, failed = 0, [], []
    for nip in sim.evaluated:
        cycle = repo.find_cycle(nip, sim.year)
        if cycle is None:
            stuck.append({"nip": nip, "stage": None, "state": None, "reason": "never started"})
            continue
        if cycle.status == "done":
            finished += 1
            continue
        run = by_arn.get(cycle.execution_arn or "", {})
        row = {"nip": nip, "stage": cycle.stage, "state": run.get("state")}
        if cycle.status == "failed":
            row["reason"] = failure_reason(plain(cycle.failure)) or "failed"
            failed.append(row)
            continue
        task = repo.find_task(cycle.open_task) if cycle.open_task else None
        if task is not None and task.status == "open":
            holder = "BKPSDM" if task.assignee_nip is None else f"level {task.level or 0}"
            reopened = f", reopened {task.reopened} times" if task.reopened else ""
            row["reason"] = (
                f"waits on the {task.task_kind} task ({holder}{reopened}) due "
                f"{task.due.date().isoformat()}"
            )
        elif run.get("status") == "RUNNING":
            row["reason"] = "an execution runs with no open task"
        else:
            row["reason"] = f"no execution runs (last {run.get('status', 'none')}); the year ended"
        stuck.append(row)
    segments = defaultdict(list)
    for e in executions:
        segments[e["segment"]].append(e)
    cycles = max(1, len(sim.evaluated))
    reads, writes = counting.dynamodb()
    # a schedule that fired is deleted once (the timekeeper reads every waiting one at each
    # move of the clock); the functions schedules invoke (reminders, month checks) are Lambda
    fired = counting.calls[("scheduler", "DeleteSchedule")]
    settings = config.current()
    scheduled = (settings.reminder_function_arn, settings.month_check_function_arn)
    invoked = sum(n for function, n in counting.invoked.items() if function in scheduled)
    usage = Usage(
        state_transitions=sum(e["transitions"] for e in executions) / cycles,
        lambda_invocations=(sum(e["lambdas"] for e in executions) + sim.requests + invoked)
        / cycles,
        dynamodb_reads=reads / cycles,
        dynamodb_writes=writes / cycles,
        schedules=fired / cycles,
        api_requests=sim.requests / cycles,
    )
    return {
        "policy": sim.policy,
        "year": sim.year,
        "employees": len(sim.demo.people),
        "sample": bool(spec.get("people")),
        "cycles": {
            "total": len(sim.evaluated),
            "finished": finished,
            "stuck": len(stuck),
            "failed": len(failed),
        },
        "stuck": stuck,
        "failed": failed,
        "segments": [
            {
                "segment": number,
                "executions": len(rows),
                "statuses": dict(Counter(r["status"] for r in rows)),
                "transitions": _summary([r["transitions"] for r in rows]),
                "history_events": _summary([r["events"] for r in rows]),
            }
            for number, rows in sorted(segments.items())
        ],
        "cost_per_employee_year": cost(usage),
        "simulated_until": sim.demo.today().isoformat(),
        "seconds": round(seconds, 1),
        "notes": sorted(set(sim.errors))[:20],
    }


def simulate(spec: dict) -> dict:
    """Run ``spec`` (see the module's doc) on a fresh embedded stack in this process."""
    import random

    from werkzeug.serving import make_server

    from functions.api.app import create_app
    from functions.engine import clock
    from functions.local import clock_api
    from functions.local.emulation import EmbeddedAws
    from functions.local.runtime import _QuietHandler
    from functions.services import auth, definitions
    from functions.services.tenants import create_tenant
    from functions.store.repository import TenantRepository

    if spec.get("policy", "on_time") not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}")
    started = time.monotonic()
    year = int(spec["year"])
    aws = EmbeddedAws().start()
    previous = clock.use(clock.ManualClock(datetime(year, 1, 1, tzinfo=UTC)))
    server = None
    try:
        with _Counting() as counting:
            tenant_id, admin_key = create_tenant("Simulasi", "9999", spec.get("settings") or {})
            spec["_tenant_id"] = tenant_id
            repo = TenantRepository(tenant_id)
            people, evaluated = _people(spec, repo, random.Random(6))
            draft = definitions.create_draft(
                repo, "system:simulation", {"name": "simulation", "definition": spec["definition"]}
            )
            checked = definitions.check(spec["definition"], aws=False)
            if definitions.content_hash(spec["definition"]) != definitions.content_hash(
                json.loads(definitions.version(repo, definitions.DEFAULT_VERSION).definition)
            ):  # the default is version 1 already
                definitions.publish(
                    repo, "system:simulation", draft.draft_id, "simulation",
                    acknowledge=checked["acknowledge"],
                )  # fmt: skip
            credentials = {
                "admin_key": admin_key,
                "platform_key": auth.issue_key(auth.PLATFORM, None, None, "simulation clock"),
                "people": people,
            }
            server = make_server(
                "127.0.0.1", 0, create_app(clock_api.blp), threaded=True,
                request_handler=_QuietHandler,
            )  # fmt: skip
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            thread.start()
            url = f"http://127.0.0.1:{server.server_port}"
            sim = SimulatedYear(spec, url, credentials, evaluated)
            sim.run()
            sim.settle()
            return report(spec, tenant_id, sim, counting, time.monotonic() - started)
    finally:
        if server is not None:
            server.shutdown()
        clock.use(previous)
        aws.stop()


def main() -> int:
    """The spec on standard input, the report on standard output (logs go to standard error)."""
    spec = json.load(sys.stdin)
    out, sys.stdout = sys.stdout, sys.stderr
    json.dump(simulate(spec), out)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
