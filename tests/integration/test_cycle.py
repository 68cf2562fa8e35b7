"""Whole executions on the embedded stack, driven through the HTTP API."""

import time

import pytest

from functions.local.client import ApiError
from functions.local.demo import Demo, wait_for
from functions.store.repository import TenantRepository

YEAR = 2026


def team(people: dict, unit: str = "bkpsdm") -> list[str]:
    """A unit head and two of their direct reports."""
    head = next(
        n for n, p in people.items() if p["unit"] == unit and p["position"] == "Kepala Dinas"
    )
    reports = sorted(n for n, p in people.items() if p["penilai"] == head)[:2]
    return [head, *reports]


def cycle(admin, nip):
    return admin.get(f"/cycles/{nip}/{YEAR}")


def test_a_full_cycle_runs_from_plan_to_decide_for_a_team(stack, api, people):
    nips = team(people)
    result = Demo(api, stack.sample.to_json(), only=nips).run()
    assert {e["nip"] for e in result["employees"]} == set(nips)
    for employee in result["employees"]:
        assert employee["stage"] == "done"
        assert employee["predikat"] in {
            "sangat_baik",
            "baik",
            "butuh_perbaikan",
            "kurang",
            "sangat_kurang",
        }
    view = cycle(api.as_(stack.sample.admin_key), nips[0])
    assert [a["period"] for a in view["assessments"]] == [1, 2, 3, 4, "annual"]
    assert view["decision"]["predikat"] == view["predikat"]
    assert result["open_tasks"] == {}


def test_a_transient_error_is_retried_and_the_cycle_goes_on(stack, api, people, monkeypatch):
    from functions.errors import TransientError
    from functions.steps import plan

    calls = []
    real = plan.ensure_draft

    def flaky(*args):
        calls.append(args)
        if len(calls) == 1:
            raise TransientError("throttled")
        return real(*args)

    monkeypatch.setattr(plan, "ensure_draft", flaky)
    head = team(people)[0]
    api.as_(stack.sample.admin_key).post("/cycles", {"year": YEAR, "nips": [head]})
    me = api.as_(people[head]["key"])
    task = wait_for(lambda: me.get("/tasks"), "the drafting task", 30)
    assert task[0]["task_kind"] == "draft_skp"
    assert len(calls) == 2


def test_a_permanent_error_is_recorded_with_its_reason_and_the_cycle_resumes(
    stack, api, people, monkeypatch, failed_head
):
    admin, head = api.as_(stack.sample.admin_key), failed_head
    failed = cycle(admin, head)
    assert failed["failure"]["error"] == "InvalidInput"
    assert "template of this regency is missing" in failed["failure"]["cause"]
    assert failed["failures"][0]["state"] == "plan"

    monkeypatch.undo()  # the fix is deployed; resume from the stored stage
    admin.post(f"/cycles/{head}/{YEAR}/resume")
    me = api.as_(people[head]["key"])
    assert (
        wait_for(lambda: me.get("/tasks"), "the drafting task", 30)[0]["task_kind"] == "draft_skp"
    )
    resumed = cycle(admin, head)
    assert resumed["status"] == "running" and resumed["segment"] == 2


def test_an_overdue_approval_is_recorded_and_escalated_to_the_next_level(stack, api, people):
    repo = TenantRepository(stack.sample.tenant_id)
    profile = repo.profile()
    profile.settings = {"task_days": {"approve_skp": 1 / 86400}}  # one second
    profile.save()
    repo.forget_profile()
    admin = api.as_(stack.sample.admin_key)
    head = team(people)[0]  # assessed by the Sekda, who has nobody above: BKPSDM takes over
    sekda = people[head]["penilai"]
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo.draft_and_submit(head)

    escalated = wait_for(lambda: admin.get("/tasks?assignee=bkpsdm"), "the escalation", 30)[0]
    assert escalated["task_kind"] == "approve_skp" and escalated["assignee_nip"] is None
    original = admin.get(f"/tasks/{escalated['escalated_from']}")
    assert original["status"] == "timed_out" and original["assignee_nip"] == sekda
    assert admin.get(f"/reports/summary?year={YEAR}")["open_tasks"] == {"approve_skp": 1}

    with pytest.raises(ApiError) as late:  # the Sekda answers too late
        api.as_(people[sekda]["key"]).post(
            f"/tasks/{original['task_id']}/complete", {"decision": "approve"}
        )
    assert late.value.status == 409
    admin.post(f"/tasks/{escalated['task_id']}/complete", {"decision": "approve"})
    wait_for(lambda: cycle(admin, head)["stage"] == "monitor", "the first period", 30)
    time.sleep(0.1)
    assert cycle(admin, head)["status"] == "running"


def test_moving_the_clock_past_a_deadline_times_the_task_out_as_on_aws(stack, api, people):
    """The embedded clock stands for the calendar: passing an approval's due date (7 days by
    default) times it out and escalates it, as the state's timeout does on AWS."""
    admin = api.as_(stack.sample.admin_key)
    head, member, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    approval = wait_for(lambda: api.as_(people[head]["key"]).get("/tasks"), "the approval", 30)[0]
    platform = api.as_(stack.sample.platform_key)

    early = platform.post("/clock", {"to": f"{YEAR}-01-05T00:00:00Z"})
    assert early["timed_out"] == []
    moved = platform.post("/clock", {"to": f"{YEAR}-01-20T00:00:00Z"})
    assert [t["task_id"] for t in moved["timed_out"]] == [approval["task_id"]]
    assert moved["timed_out"][0]["tenant_id"] == stack.sample.tenant_id

    above = people[head]["penilai"]
    escalated = wait_for(lambda: api.as_(people[above]["key"]).get("/tasks"), "escalation", 30)
    assert escalated[0]["escalated_from"] == approval["task_id"]
    assert admin.get(f"/tasks/{approval['task_id']}")["status"] == "timed_out"


def test_an_employee_reports_a_periods_realisations_at_once_all_or_none(stack, api, admin, people):
    from .conftest import refused  # (the conftest imports this module)

    member = team(people)[1]
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    demo.review(member, "approve")
    wait_for(lambda: cycle(admin, member)["stage"] == "monitor", "the monitor stage", 30)
    me, url = api.as_(people[member]["key"]), f"/cycles/{member}/{YEAR}/realisasi/batch"
    iki = [i["id"] for rhk in demo.skp[member]["rhk"] for i in rhk["iki"]]

    unknown = {"period": 1, "items": [{"iki_id": iki[0], "value": 1}, {"iki_id": "x", "value": 1}]}
    assert refused(lambda: me.post(url, unknown), 422)["details"] == {
        "items.1.iki_id": ["not an IKI of this SKP"]
    }
    assert me.get(f"/cycles/{member}/{YEAR}/realisasi") == []  # the good item was not written
    twice = {"period": 1, "items": [{"iki_id": iki[0], "value": 1}] * 2}
    assert "items" in refused(lambda: me.post(url, twice), 422)["details"]

    items = [{"iki_id": i, "value": 2.0, "bukti": [f"https://eoffice.example/{i}"]} for i in iki]
    written = me.post(url, {"period": 1, "items": items})
    assert sorted(r["iki_id"] for r in written) == sorted(iki)
    [fixed] = me.post(url, {"period": 1, "items": [{"iki_id": iki[0], "value": 3.0}]})
    assert (fixed["value"], fixed["bukti"]) == (3.0, [])
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31&person={member}")
    [entry] = [e for e in trail if e["action"] == "realisasi.correct"]
    assert (entry["before"]["value"], entry["after"]["value"]) == (2.0, 3.0)


def test_a_penilai_completes_a_worklist_of_approvals_in_one_call(stack, api, admin, people):
    head, *reports = team(people)
    admin.post("/cycles", {"year": YEAR, "nips": [head, *reports]})
    demo = Demo(api, stack.sample.to_json(), only=[head, *reports])
    demo.year = YEAR
    demo.draft_and_submit(head)
    demo.review(head, "approve")  # the head's own SKP first: the reports cascade from it
    for nip in reports:
        demo.draft_and_submit(nip)
    boss = demo.person(head)
    tasks = [wait_for(lambda n=n: demo.open_task(head, "approve_skp", n), n) for n in reports]
    items = [
        {"task_id": tasks[0]["task_id"], "body": {"decision": "approve"}},
        {"task_id": tasks[1]["task_id"], "body": {"decision": "return"}},  # no reason: refused
        {"task_id": "no-such-task", "body": {"decision": "approve"}},
    ]
    stranger = api.as_(people[reports[0]]["key"])  # not the assignee
    assert stranger.post("/tasks/complete", {"items": items[:1]})[0]["error"]["code"] == "forbidden"
    results = boss.post("/tasks/complete", {"items": items})
    assert [r["completed"] for r in results] == [True, False, False]
    assert results[0]["task"]["status"] == "done"
    assert results[1]["error"]["code"] == "invalid_input" and "reason" in str(results[1]["error"])
    assert results[2]["error"]["code"] == "not_found"
    assert cycle(admin, reports[1])["open_task"] == tasks[1]["task_id"]  # still waiting

    reason = "Target belum selaras dengan RHK atasan"
    again = [{"task_id": tasks[1]["task_id"], "body": {"decision": "return", "reason": reason}}]
    assert boss.post("/tasks/complete", {"items": again})[0]["completed"]
    repeated = boss.post("/tasks/complete", {"items": items[:1]})  # done already: 409's error
    assert repeated[0]["error"]["code"] == "conflict"
    with pytest.raises(ApiError) as caught:
        boss.post("/tasks/complete", {"items": items[:1] * 2})
    assert caught.value.status == 422 and "items" in caught.value.body["error"]["details"]
    wait_for(lambda: cycle(admin, reports[0])["stage"] == "monitor", "the approved SKP", 30)


def test_the_escalation_chain_ends_at_bkpsdm_and_a_deadline_never_fails_the_cycle(
    stack, api, admin, people
):
    """An approval nobody answers: the penilai's deadline passes (the superior takes it), the
    superior's passes (BKPSDM's admins take it), BKPSDM's passes (reopened for them, new
    deadline); a reminder comes before each deadline; the cycle keeps running throughout."""
    head, member, _ = team(people)
    above = people[head]["penilai"]
    platform = api.as_(stack.sample.platform_key)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    first = wait_for(lambda: demo.open_task(head, "approve_skp", member), "the approval", 30)
    assert first["level"] == 0 and first["reminded_at"] is None

    # 7 days to approve: reminded 2 days before the deadline
    platform.post("/clock", {"to": f"{YEAR}-01-06T12:00:00Z"})
    assert admin.get(f"/tasks/{first['task_id']}")["reminded_at"] is not None

    platform.post("/clock", {"to": f"{YEAR}-01-08T12:00:00Z"})  # the penilai's deadline
    second = wait_for(lambda: demo.open_task(above, "approve_skp", member), "level 1", 30)
    assert (second["level"], second["escalated_from"]) == (1, first["task_id"])

    platform.post("/clock", {"to": f"{YEAR}-01-16T00:00:00Z"})  # the superior's deadline
    bkpsdm = wait_for(
        lambda: [t for t in admin.get("/tasks?assignee=bkpsdm") if t["subject_nip"] == member],
        "BKPSDM's task",
        30,
    )[0]
    assert (bkpsdm["level"], bkpsdm["assignee_nip"]) == (2, None)
    assert bkpsdm["escalated_from"] == second["task_id"]
    assert admin.get(f"/tasks/{second['task_id']}")["status"] == "timed_out"
    assert admin.get(f"/reports/summary?year={YEAR}")["open_tasks"] == {"approve_skp": 1}

    due = bkpsdm["due"]
    platform.post("/clock", {"to": f"{YEAR}-01-24T00:00:00Z"})  # and BKPSDM's
    reopened = wait_for(
        lambda: (t := admin.get(f"/tasks/{bkpsdm['task_id']}"))["due"] != due and t, "reopen", 30
    )
    assert (reopened["status"], reopened["reopened"], reopened["reminded_at"]) == ("open", 1, None)
    view = cycle(admin, member)
    assert view["status"] == "running" and view["stage"] == "approval"
    assert admin.get(f"/reports/summary?year={YEAR}")["open_tasks"] == {"approve_skp": 1}

    admin.post(f"/tasks/{bkpsdm['task_id']}/complete", {"decision": "approve"})
    wait_for(lambda: cycle(admin, member)["stage"] == "monitor", "the first period", 30)
    assert cycle(admin, member)["status"] == "running"
