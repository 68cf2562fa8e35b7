"""A job over the sample regency's few dozen employees on the embedded stack: batches run by
the job workers, a worker that dies and a job resumed, an employee that fails and is run again,
and the period boundary spread over the boundary day; a throttled segment is started again
later, never recorded as a failed cycle."""

from __future__ import annotations

from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from functions.engine import jobqueue, scheduler
from functions.engine.clients import client
from functions.local import jobrunner
from functions.local.demo import Demo, wait_for
from functions.services import cycles, jobs
from functions.store.repository import TenantRepository

from .test_cycle import team

YEAR = 2026


def job_done(admin, job_id: str) -> dict:
    return wait_for(
        lambda: (j := admin.get(f"/jobs/{job_id}?cycles=true"))["status"] == "done" and j,
        f"job {job_id}",
        120,
    )


def test_a_job_lost_by_a_dying_worker_is_resumed_and_finishes_once_per_employee(
    stack, api, people, monkeypatch
):
    admin = api.as_(stack.sample.admin_key)
    monkeypatch.setattr(jobs, "BATCH", 8)  # a few batches of the sample's few dozen
    ran: list[dict] = []

    def dies_after_two(event: dict) -> None:  # the process dies with all but two batches
        if event["piece"] == "plan" or len(ran) < 2:
            ran.extend([event] if event["piece"] == "batch" else [])
            jobrunner.run(event)

    lost = jobqueue.use(dies_after_two)
    try:
        job = admin.post("/cycles", {"year": YEAR})
        wait_for(lambda: admin.get(f"/jobs/{job['job_id']}")["batches_done"] == 2, "2 batches")
        assert jobrunner.drain(60)
    finally:
        jobqueue.use(lost)
    stopped = admin.get(f"/jobs/{job['job_id']}")
    assert stopped["status"] == "running" and stopped["batches"] == -(-len(people) // 8) > 2
    assert stopped["done"] + stopped["skipped"] == 16

    admin.post(f"/jobs/{job['job_id']}/resume")
    done = job_done(admin, job["job_id"])
    assert done["total"] == len(people) == done["done"] + done["skipped"]
    assert done["failed"] == 0 and done["batches_done"] == done["batches"]
    rows = admin.get(f"/workflow/executions?year={YEAR}")
    assert len(rows) == done["done"] and all(r["segment"] <= 1 for r in rows)
    wait_for(
        lambda: all(r["segment"] == 1 for r in admin.get(f"/workflow/executions?year={YEAR}")),
        "first segments",
    )


def test_an_employee_that_failed_is_named_and_started_when_the_job_runs_again(
    stack, api, people, monkeypatch
):
    admin = api.as_(stack.sample.admin_key)
    unlucky = team(people)[1]
    real = cycles._start

    def refuses_one(repo, cycle, segment):
        if cycle.nip == unlucky:
            raise RuntimeError("Step Functions is unavailable")
        return real(repo, cycle, segment)

    monkeypatch.setattr(cycles, "_start", refuses_one)
    job = admin.post("/cycles", {"year": YEAR})
    first = job_done(admin, job["job_id"])
    assert first["failed"] == 1
    assert first["failures"] == [
        {"nip": unlucky, "reason": "RuntimeError: Step Functions is unavailable"}
    ]
    monkeypatch.undo()
    admin.post(f"/jobs/{job['job_id']}/resume")
    wait_for(lambda: admin.get(f"/jobs/{job['job_id']}")["failed"] == 0, "the failure run again")
    again = job_done(admin, job["job_id"])
    assert again["done"] == first["done"] + 1
    mine = admin.get(f"/cycles/{unlucky}/{YEAR}")
    assert mine["status"] == "running" and mine["stage"] in ("plan", "approval")
    assert len(admin.get(f"/jobs/{job['job_id']}")["resumed"]) == 1


def test_the_boundary_is_spread_over_its_first_hours_and_fired_at_those_times(stack, api, people):
    nips = team(people)
    demo = Demo(api, stack.sample.to_json(), only=nips)
    demo.year = YEAR
    assert all(s["execution_arn"] for s in demo.start_cycles())
    demo.plan()
    group = scheduler.group()

    def segments() -> list[str]:  # not the tasks' reminders, of the same group
        listed = client("scheduler").list_schedules(GroupName=group)["Schedules"]
        return [s["Name"] for s in listed if s["Name"].endswith("-p01")]

    names = wait_for(lambda: len(found := segments()) == len(nips) and found, "the schedules")
    times = sorted(
        scheduler.parse_at(
            client("scheduler").get_schedule(Name=name, GroupName=group)["ScheduleExpression"]
        )
        for name in names
    )
    # a throttle reported after the boundary step moved a cycle on keeps its period's schedule
    repo = TenantRepository(stack.sample.tenant_id)
    throttle = {"Error": "Lambda.TooManyRequestsException", "Cause": "Rate exceeded"}
    cycles.record_failure(repo, nips[0], YEAR, throttle, "arn:aws:states:::execution:x")
    listed = client("scheduler").list_schedules(GroupName=group)["Schedules"]
    assert not [s for s in listed if "-t0" in s["Name"]]  # no retry: it would start early
    assert sorted(segments()) == sorted(names)
    assert repo.cycle(nips[0], YEAR).status == "running" and not repo.failures(nips[0], YEAR)
    day = times[0].replace(hour=0, minute=0, second=0)
    assert all(day <= t < day + scheduler.SPREAD for t in times)
    assert len(set(times)) == len(times)  # each cycle at its own time
    fired = demo.platform.post("/clock", {"to": (times[0] + timedelta(seconds=1)).isoformat()})
    begun = [f for f in fired["fired"] if f["schedule"].endswith("-p01")]  # not reminders
    assert len(begun) == 1  # the first one only; the others wait for their time
    wait_for(
        lambda: [c for n in nips if (c := demo.admin.get(f"/cycles/{n}/{YEAR}"))["segment"] == 2],
        "the first segment of the boundary",
    )
    demo.pass_boundary(day.date())
    wait_for(
        lambda: all(demo.admin.get(f"/cycles/{n}/{YEAR}")["segment"] == 2 for n in nips),
        "every segment of the boundary",
    )


def test_a_segment_failed_by_throttling_starts_again_later_and_is_not_a_failed_cycle(
    stack, api, people, monkeypatch
):
    from functions.steps import plan

    calls: list = []
    real = plan.ensure_draft

    def throttled(*args):
        calls.append(args)
        if len(calls) == 1:
            error = {"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}
            raise ClientError(error, "StartExecution")
        return real(*args)

    monkeypatch.setattr(plan, "ensure_draft", throttled)
    admin = api.as_(stack.sample.admin_key)
    head = team(people)[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    repo = TenantRepository(stack.sample.tenant_id)
    wait_for(lambda: calls, "the throttled step")
    retry = wait_for(
        lambda: [
            s
            for s in client("scheduler").list_schedules(GroupName=scheduler.group())["Schedules"]
            if "-t0" in s["Name"]
        ],
        "the segment started again later",
    )
    assert len(retry) == 1
    mine = admin.get(f"/cycles/{head}/{YEAR}")
    assert mine["status"] == "running" and not repo.failures(head, YEAR)
    now = datetime.fromisoformat(admin.get("/clock")["now"])
    api.as_(stack.sample.platform_key).post(
        "/clock", {"to": (now + 2 * scheduler.THROTTLE_PAUSE).isoformat()}
    )
    me = api.as_(people[head]["key"])
    assert (
        wait_for(lambda: me.get("/tasks"), "the drafting task", 30)[0]["task_kind"] == "draft_skp"
    )
    assert admin.get(f"/cycles/{head}/{YEAR}")["status"] == "running"


def test_a_failed_cycle_migrated_with_repair_resumes_at_once_on_the_new_version(
    stack, api, people, monkeypatch, failed_head
):
    from tests.functional.test_jobs import publish_copy

    admin, head = api.as_(stack.sample.admin_key), failed_head
    monkeypatch.undo()
    v2 = publish_copy(stack)
    body = {"year": YEAR, "to_version": v2, "filter": {"stage": "plan"}, "repair": True}
    dry = job_done(admin, admin.post("/workflow/migrations", body)["job_id"])
    (row,) = dry["cycles"]
    assert row["nip"] == head and row["outcome"] == "done"
    assert row["change"]["repair"] == "resume" and row["change"]["when"] == "now"
    assert admin.get(f"/cycles/{head}/{YEAR}")["status"] == "failed"  # a dry run changes nothing
    job_done(admin, admin.post("/workflow/migrations", {**body, "dry_run": False})["job_id"])
    me = api.as_(people[head]["key"])
    assert wait_for(lambda: me.get("/tasks"), "the drafting task", 30)[0]["task_kind"] == (
        "draft_skp"
    )
    row = admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]
    assert (
        row["status"] == "running" and f"-{stack.sample.tenant_id}-v{v2}-" in row["execution_arn"]
    )
