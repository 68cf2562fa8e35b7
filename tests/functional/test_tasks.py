"""Human tasks through the HTTP API: a completion the workflow refuses changes nothing."""

import pytest

from functions.engine.clients import client
from functions.local.client import ApiError
from functions.local.demo import Demo, wait_for
from functions.store.repository import TenantRepository
from tests.integration.test_cycle import team

YEAR = 2026


def refused(call, status: int) -> dict:
    with pytest.raises(ApiError) as caught:
        call()
    assert caught.value.status == status, caught.value.body
    return caught.value.body["error"]


@pytest.fixture
def approval(stack, api, admin, people):
    """A member's submitted SKP and the penilai's open approval task."""
    head, member, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    task = wait_for(lambda: demo.open_task(head, "approve_skp", member), "the approval", 30)
    return demo.person(head), member, task


def test_completing_a_task_the_workflow_no_longer_waits_on_writes_nothing(stack, admin, approval):
    boss, member, task = approval
    repo = TenantRepository(stack.sample.tenant_id)
    token = repo.task(task["task_id"]).token
    # another path answered the wait (the workflow failed it): the task is still open here
    client("stepfunctions").send_task_failure(taskToken=token, error="Elsewhere", cause="test")
    wait_for(lambda: admin.get(f"/cycles/{member}/{YEAR}")["status"] == "failed", "failure", 30)

    url = f"/tasks/{task['task_id']}/complete"
    error = refused(lambda: boss.post(url, {"decision": "approve"}), 409)
    assert "no longer waiting" in error["message"]
    assert admin.get(f"/tasks/{task['task_id']}")["status"] == "open"  # not done
    assert admin.get(f"/tasks/{task['task_id']}")["outcome"] is None
    assert admin.get(f"/cycles/{member}/{YEAR}/skp")["status"] == "diajukan"  # not approved


def test_a_token_refused_after_the_commit_undoes_it(stack, admin, approval, monkeypatch):
    """The token times out between the check and the answer: the commit is undone."""
    from functions.engine import tokens
    from functions.services import tasks

    boss, member, task = approval
    monkeypatch.setattr(tasks.tokens, "check_live", lambda token: None)  # the check passed
    real = tokens.send_success

    def late(token, output):
        client("stepfunctions").send_task_failure(taskToken=token, error="Late", cause="test")
        real(token, output)  # refused now

    monkeypatch.setattr(tasks.tokens, "send_success", late)
    url = f"/tasks/{task['task_id']}/complete"
    refused(lambda: boss.post(url, {"decision": "approve"}), 409)
    after = admin.get(f"/tasks/{task['task_id']}")
    assert (after["status"], after["outcome"], after["completed_by"]) == ("open", None, None)
    skp = admin.get(f"/cycles/{member}/{YEAR}/skp")
    assert skp["status"] == "diajukan" and skp["history"][-1]["status"] == "diajukan"


def test_a_completion_the_workflow_takes_is_written(stack, admin, approval):
    boss, member, task = approval
    done = boss.post(f"/tasks/{task['task_id']}/complete", {"decision": "approve"})
    assert done["status"] == "done"
    assert admin.get(f"/cycles/{member}/{YEAR}/skp")["status"] == "disetujui"
    wait_for(lambda: admin.get(f"/cycles/{member}/{YEAR}")["stage"] == "monitor", "monitor", 30)
