"""Human tasks through the HTTP API: a completion the workflow refuses changes nothing."""

from functions.engine.clients import client
from functions.local.demo import wait_for
from functions.store.repository import TenantRepository
from tests.functional.conftest import YEAR
from tests.integration.conftest import refused
from tests.integration.test_cycle import team


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


def test_an_admin_lists_the_regencys_open_tasks_with_filters_a_page_at_a_time(
    stack, api, admin, people
):
    from tests.functional.raw_http import call

    nips = [*team(people, "bkpsdm"), *team(people, "dinkes")]
    admin.post("/cycles", {"year": YEAR, "nips": nips})
    every = wait_for(lambda: len(t := admin.get("/tasks")) == 6 and t, "six drafting tasks", 30)
    assert {t["subject_nip"] for t in every} == set(nips)
    for task in every:
        person = people[task["subject_nip"]]
        assert (task["employee_name"], task["unit_id"]) == (person["name"], person["unit"])
        assert task["unit_name"] and task["capaian"] is None and task["overdue"] is False

    dinkes = admin.get("/tasks?unit=dinkes")
    assert sorted(t["subject_nip"] for t in dinkes) == sorted(team(people, "dinkes"))
    assert [t["subject_nip"] for t in admin.get(f"/tasks?assignee={nips[1]}")] == [nips[1]]
    assert admin.get("/tasks?kind=approve_skp") == []
    assert admin.get("/tasks?overdue=true") == []
    mine = api.as_(people[nips[1]]["key"]).get("/tasks")
    assert [t["employee_name"] for t in mine] == [people[nips[1]]["name"]]

    first = call(stack.url, "GET", "/tasks?limit=4", stack.sample.admin_key)
    cursor = first.headers["X-Next-Cursor"]
    second = call(stack.url, "GET", f"/tasks?limit=4&cursor={cursor}", stack.sample.admin_key)
    assert "X-Next-Cursor" not in second.headers
    assert len(first.json) == 4 and len(second.json) == 2
    assert {t["task_id"] for t in first.json + second.json} == {t["task_id"] for t in every}
    bad = call(stack.url, "GET", "/tasks?cursor=nonsense", stack.sample.admin_key)
    assert bad.status == 422 and "cursor" in bad.json["error"]["details"]

    # the drafting deadline (14 days) passes: every task is escalated to the penilai, overdue
    api.as_(stack.sample.platform_key).post("/clock", {"to": f"{YEAR}-01-16T00:00:00Z"})
    escalated = lambda: [t for t in admin.get("/tasks?overdue=true") if t["level"] == 1]  # noqa: E731
    late = wait_for(lambda: len(t := escalated()) == 6 and t, "six escalated tasks", 30)
    assert all(
        t["overdue"] and t["assignee_nip"] == people[t["subject_nip"]]["penilai"] for t in late
    )
    assert admin.get("/tasks?overdue=false") == []
