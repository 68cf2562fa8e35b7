"""Stuck cycles seen and moved on by BKPSDM, through the HTTP API on the embedded stack."""

import pytest

from functions.engine.clients import client
from functions.local.demo import Demo, wait_for
from functions.store.repository import TenantRepository

from .conftest import refused
from .test_cycle import cycle, team

YEAR = 2026


@pytest.fixture
def member(stack, api, admin, people):
    head, nip, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[nip])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    return nip, head, demo


def test_a_rejected_task_keeps_its_reason_and_a_resume_asks_again(stack, admin, member):
    nip, head, demo = member
    demo.draft_and_submit(nip)
    task = wait_for(lambda: demo.open_task(head, "approve_skp", nip), "the approval", 30)
    reason = "Saya sedang cuti besar; mohon dialihkan"
    demo.person(head).post(f"/tasks/{task['task_id']}/reject", {"reason": reason})
    wait_for(lambda: cycle(admin, nip)["status"] == "failed", "the failure", 30)

    seen = admin.get(f"/cycles/{nip}/{YEAR}/diagnosis")
    assert seen["failure_reason"] == f"TaskRejected: {reason}"
    assert seen["stuck"] and seen["actions"] == [{"action": "resume", "stage": "approval"}]
    executions = admin.get(f"/workflow/executions?year={YEAR}&nip={nip}")
    assert executions[0]["failure_reason"] == f"TaskRejected: {reason}"

    admin.post(f"/cycles/{nip}/{YEAR}/repair", {"action": "resume"})
    again = wait_for(lambda: demo.open_task(head, "approve_skp", nip), "the approval again", 30)
    assert again["task_id"] != task["task_id"]
    assert admin.get(f"/cycles/{nip}/{YEAR}/diagnosis")["stuck"] is False


def test_a_resumed_segment_reopens_the_open_task_with_a_new_token(stack, admin, member):
    nip, _, demo = member
    me = demo.person(nip)
    task = wait_for(lambda: demo.open_task(nip, "draft_skp", nip), "the drafting task", 30)
    url = f"/cycles/{nip}/{YEAR}/repair"
    waited = refused(lambda: admin.post(url, {"action": "reopen_task"}), 409)
    assert "still waits" in waited["message"]
    token = TenantRepository(stack.sample.tenant_id).task(task["task_id"]).token
    # the wait was ended elsewhere (an operator's console): the segment failed, the task is open
    client("stepfunctions").send_task_failure(taskToken=token, error="Console", cause="by hand")
    wait_for(lambda: cycle(admin, nip)["status"] == "failed", "the failure", 30)
    wait_for(lambda: admin.get(f"/cycles/{nip}/{YEAR}/diagnosis")["execution_status"] == "FAILED",
             "the execution's end", 30)  # fmt: skip
    seen = admin.get(f"/cycles/{nip}/{YEAR}/diagnosis")
    assert seen["open_task"]["workflow_waits"] is False
    assert seen["actions"] == [{"action": "reopen_task", "task_id": task["task_id"]}]

    admin.post(url, {"action": "reopen_task"})
    reopened = wait_for(
        lambda: (t := me.get(f"/tasks/{task['task_id']}"))["reopened"] == 1 and t, "reopen", 30
    )
    assert reopened["status"] == "open" and [t["task_id"] for t in me.get("/tasks")] == [
        task["task_id"]
    ]
    demo.draft_and_submit(nip)  # the same task, completed with its new token
    wait_for(lambda: cycle(admin, nip)["stage"] == "approval", "the approval stage", 30)


def test_bkpsdm_sets_the_stage_with_a_reason_where_the_facts_allow(stack, admin, member):
    nip, head, demo = member
    me = demo.person(nip)
    task = wait_for(lambda: demo.open_task(nip, "draft_skp", nip), "the drafting task", 30)
    me.put(f"/cycles/{nip}/{YEAR}/skp", demo.content(nip, demo.people[nip]["position"]))
    me.post(f"/tasks/{task['task_id']}/reject", {"reason": "Aplikasi bermasalah"})
    wait_for(lambda: cycle(admin, nip)["status"] == "failed", "the failure", 30)
    repo = TenantRepository(stack.sample.tenant_id)
    skp = repo.skp(nip, YEAR)
    skp.status = "diajukan"  # submitted meanwhile (as a refused completion once wrote it)
    skp.save()

    seen = admin.get(f"/cycles/{nip}/{YEAR}/diagnosis")
    assert any("belongs at 'approval'" in p for p in seen["problems"])
    assert seen["actions"] == [{"action": "set_stage", "stage": "approval"}]
    url = f"/cycles/{nip}/{YEAR}/repair"
    missing = refused(lambda: admin.post(url, {"action": "set_stage", "stage": "approval"}), 422)
    assert "reason" in missing["details"]
    early = {"action": "set_stage", "stage": "monitor", "reason": "langsung pemantauan"}
    assert "not disetujui" in str(refused(lambda: admin.post(url, early), 409)["details"])

    why = "SKP sudah diajukan lewat e-office; lanjut ke persetujuan"
    admin.post(url, {"action": "set_stage", "stage": "approval", "reason": why})
    wait_for(lambda: demo.open_task(head, "approve_skp", nip), "the approval", 30)
    view = cycle(admin, nip)
    assert view["stage"] == "approval" and view["status"] == "running"
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31&person={nip}")
    [entry] = [e for e in trail if e["action"] == "cycle.set_stage"]
    assert entry["before"]["stage"] == "plan" and entry["after"]["reason"] == why
