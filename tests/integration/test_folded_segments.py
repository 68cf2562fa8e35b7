"""The default workflow's folded segments (issue 14.4), whole years on the embedded stack: a
period's segment resumes on the stage its input carries (no load step) and ends on its boundary
task; a schedule made before the stage was carried still loads it; a version published on the
default from before the fold runs its year unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from functions.engine import scheduler
from functions.engine.clients import client
from functions.errors import StageForbids
from functions.local.demo import wait_for
from functions.steps import boundary, monitor

from .conftest import refused
from .test_cycle import team
from .test_workflow_changes import YEAR, planned, run_year, validated_simulated_published
from .test_workflow_definitions import Http

BEFORE_FOLD = Path(__file__).parents[1] / "evaluation_before_fold.asl.json"


@pytest.fixture
def http(stack):
    return Http(stack.url, stack.sample.admin_key)


def entered(nips: set[str]) -> list[list[str]]:
    """The states each execution of ``nips``'s cycles entered, in the order they started."""
    sfn = client("stepfunctions")
    found = []
    for machine in sfn.list_state_machines()["stateMachines"]:
        arn = machine["stateMachineArn"]
        for execution in sfn.list_executions(stateMachineArn=arn, maxResults=1000)["executions"]:
            described = sfn.describe_execution(executionArn=execution["executionArn"])
            if json.loads(described["input"]).get("nip") not in nips:
                continue
            events = sfn.get_execution_history(executionArn=execution["executionArn"])["events"]
            names = [
                e["stateEnteredEventDetails"]["name"]
                for e in events
                if e["type"].endswith("StateEntered")
            ]
            found.append((described["startDate"], names))
    return [names for _, names in sorted(found, key=lambda f: f[0])]


def test_a_period_segment_enters_five_states_and_ends_on_its_boundary(stack, api, people):
    head = team(people)[0]
    view = run_year(api, stack, people, [head])[head]
    assert view["stage"] == "done" and view["predikat"]
    runs = entered({head})
    assert runs[0][:3] == ["Start", "Load", "Resume"] and runs[0][-1] == "FirstPeriod"
    periods = runs[1:-1]
    assert len(periods) == 4  # quarterly
    for states in periods:
        assert states[0:2] == ["Start", "Monitor"] and states[-1] == "ClosePeriod"
        assert "Load" not in states and len(states) in (5, 7)  # 7: with coaching
    assert runs[-1] == ["Start", "Load", "Resume", "AnnualReview", "AssessYear", "Decide"]


def test_a_segment_scheduled_before_the_stage_was_carried_loads_it(stack, api, people):
    nips = team(people)[:2]
    demo = planned(api, stack, nips)
    wait_for(lambda: len(schedule_input("-p01")) == len(nips), "the first period's schedules")
    sched = client("scheduler")
    group = scheduler.group()
    rewritten = 0
    for listed in sched.list_schedules(GroupName=group)["Schedules"]:
        if not listed["Name"].endswith("-p01"):
            continue
        current = sched.get_schedule(Name=listed["Name"], GroupName=group)
        given = json.loads(current["Target"]["Input"])
        assert given["cycle"]["stage"] == "monitor" and given["cycle"]["period"] == 1
        old = {k: given[k] for k in ("tenant_id", "nip", "year")}  # as schedules were made
        fields = ("ScheduleExpression", "ScheduleExpressionTimezone", "FlexibleTimeWindow")
        sched.update_schedule(
            Name=listed["Name"],
            GroupName=group,
            Target={**current["Target"], "Input": json.dumps(old)},
            **{k: current[k] for k in fields if k in current},
        )
        rewritten += 1
    assert rewritten == len(nips)
    demo.run_periods()
    for nip in nips:
        assert api.as_(stack.sample.admin_key).get(f"/cycles/{nip}/{YEAR}")["stage"] == "done"
        first_period = entered({nip})[1]
        assert first_period[:4] == ["Start", "Load", "Resume", "Monitor"]


def test_a_version_published_on_the_default_before_the_fold_runs_its_year(stack, api, http, people):
    admin = api.as_(stack.sample.admin_key)
    before = json.loads(BEFORE_FOLD.read_text())
    published = validated_simulated_published(
        admin, http, "the default before the fold", lambda _: before, {"employees": 3}
    )
    assert published["current"]
    nips = team(people)[1:]
    for nip, view in run_year(api, stack, people, nips).items():
        assert view["stage"] == "done" and view["predikat"], nip
    for nip in nips:
        runs = entered({nip})
        assert all(states[0] == "Load" for states in runs)
        assert [states[-1] for states in runs] == ["SegmentEnd"] * 4 + ["Done"]


def schedule_input(suffix: str) -> list[dict]:
    sched, group = client("scheduler"), scheduler.group()
    return [
        json.loads(sched.get_schedule(Name=s["Name"], GroupName=group)["Target"]["Input"])
        for s in sched.list_schedules(GroupName=group)["Schedules"]
        if s["Name"].endswith(suffix)
    ]


def test_a_stage_set_while_waiting_is_what_the_waiting_segment_resumes_at(stack, api, people):
    """The input a segment resumes on is written when it is scheduled: a stage set by hand
    meanwhile rewrites it, and a segment started on an input the cycle has moved past is
    refused by its first step (it would monitor a period the cycle is not at). A boundary
    step run again once another execution drives the cycle changes nothing."""
    head = team(people)[0]
    planned(api, stack, [head])
    [waiting] = wait_for(lambda: schedule_input("-p01"), "the first period's schedule")
    assert waiting["cycle"]["stage"] == "monitor" and waiting["cycle"]["period"] == 1
    # a boundary step retried after another execution took the cycle over does nothing again
    ref = {k: waiting[k] for k in ("tenant_id", "nip", "year")}
    retried = boundary.handler({**ref, "after": "approval", "execution": "arn:retried"})
    assert (retried["stage"], retried["next_period"]) == ("monitor", 1)
    assert len(schedule_input("-p01")) == 1
    admin = api.as_(stack.sample.admin_key)
    url = f"/cycles/{head}/{YEAR}/repair"
    body = {"action": "set_stage", "stage": "monitor", "period": 2, "reason": "salah periode"}
    refused(lambda: admin.post(url, body), 409)  # set; the resume waits for the boundary
    [rewritten] = schedule_input("-p01")
    assert rewritten["cycle"]["stage"] == "monitor" and rewritten["cycle"]["period"] == 2
    stale = {**waiting, "period": 1, "execution": "arn:aws:states:::execution:stale"}
    del stale["cycle"]
    with pytest.raises(StageForbids, match="the cycle stands at 'monitor' \\(period 2\\)"):
        monitor.handler(stale)
