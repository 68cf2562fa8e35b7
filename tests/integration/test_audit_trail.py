"""Every change in a cycle is in the audit trail (GET /audit): the SKP drafted, submitted,
returned with what changed, approved; tasks completed, escalated, reopened; ratings and
coaching — each with who, when, before and after, and nothing for a refused change."""

from __future__ import annotations

import json

import pytest

from functions.local.client import ApiError
from functions.local.demo import Demo, wait_for

from .test_cycle import YEAR, team


def trail(admin, nip: str, since: str = f"{YEAR}-01-01", until: str = f"{YEAR}-12-31"):
    return admin.get(f"/audit?from={since}&to={until}&person={nip}")


def about(entries: list[dict], prefix: str) -> list[dict]:
    return [e for e in entries if e["action"].startswith(prefix)]


def test_an_skp_returned_changed_and_approved_is_audited_with_who_when_and_the_diff(
    stack, api, admin, people
):
    head, member, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    demo.review(member, "return", "Target kuantitas belum selaras")
    wait_for(lambda: demo.open_task(member, "draft_skp", member), "the returned SKP", 30)
    content = json.loads(json.dumps(demo.skp[member]))
    iki = content["rhk"][0]["iki"][0]
    iki["target"]["value"] = 6  # was 12
    demo.person(member).put(f"/cycles/{member}/{YEAR}/skp", content)
    demo.person(member).post(f"/cycles/{member}/{YEAR}/skp/submit")
    demo.review(member, "approve")
    wait_for(lambda: admin.get(f"/cycles/{member}/{YEAR}")["stage"] == "monitor", "monitor", 30)

    entries = trail(admin, member)
    skp = about(entries, "skp.")
    assert [e["action"] for e in skp] == [
        "skp.draft", "skp.submit", "skp.return", "skp.draft", "skp.submit", "skp.approve",
    ]  # fmt: skip
    assert all(e["item"] == f"skp/{member}/{YEAR}" and e["subject_nip"] == member for e in skp)
    assert all(e["at"].startswith(f"{YEAR}-") for e in skp)  # when, on the workflow's clock
    drafted, submitted, returned, changed, resubmitted, approved = skp
    assert drafted["actor"].endswith(member) and returned["actor"].endswith(head)
    path = f"rhk.r1.iki.{iki['id']}.target.value"
    assert drafted["after"]["changes"][path] == {"before": None, "after": 12}
    assert (submitted["before"], submitted["after"]) == (
        {"status": "draft"},
        {"status": "diajukan"},
    )
    assert returned["before"] == {"status": "diajukan"}
    assert returned["after"] == {
        "status": "dikembalikan",
        "reason": "Target kuantitas belum selaras",
    }
    assert changed["after"]["changes"] == {path: {"before": 12, "after": 6}}
    assert resubmitted["before"] == {"status": "dikembalikan"}
    assert resubmitted["after"]["changes"] == {path: {"before": 12, "after": 6}}  # since returned
    assert approved["after"] == {"status": "disetujui"} and approved["actor"].endswith(head)

    tasks = about(entries, "task.")
    kinds = [(e["action"], e["before"]["task_kind"], e["after"]["status"]) for e in tasks]
    assert kinds == [
        ("task.complete", "draft_skp", "done"), ("task.complete", "approve_skp", "done"),
        ("task.complete", "draft_skp", "done"), ("task.complete", "approve_skp", "done"),
    ]  # fmt: skip
    assert tasks[1]["after"]["outcome"]["decision"] == "return"
    assert tasks[1]["before"]["assignee_nip"] == head

    # A refused change leaves no entry: the approved SKP cannot be edited.
    with pytest.raises(ApiError) as refused:
        demo.person(member).put(f"/cycles/{member}/{YEAR}/skp", content)
    assert refused.value.status == 409
    assert len(trail(admin, member)) == len(entries)
    # Another person's trail does not hold them; the evidence of no one is in it.
    assert not about(trail(admin, team(people)[2]), "skp.")


def test_escalations_and_a_reopen_are_audited_with_the_assignee_before_and_after(
    stack, api, admin, people
):
    head, member, _ = team(people)
    above = people[head]["penilai"]
    platform = api.as_(stack.sample.platform_key)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    first = wait_for(lambda: demo.open_task(head, "approve_skp", member), "the approval", 30)
    platform.post("/clock", {"to": f"{YEAR}-01-08T12:00:00Z"})  # the penilai's deadline
    second = wait_for(lambda: demo.open_task(above, "approve_skp", member), "level 1", 30)
    platform.post("/clock", {"to": f"{YEAR}-01-16T00:00:00Z"})  # the superior's deadline
    bkpsdm = wait_for(
        lambda: [t for t in admin.get("/tasks?assignee=bkpsdm") if t["subject_nip"] == member],
        "BKPSDM's task",
        30,
    )[0]
    platform.post("/clock", {"to": f"{YEAR}-01-24T00:00:00Z"})  # and BKPSDM's: reopened
    wait_for(lambda: admin.get(f"/tasks/{bkpsdm['task_id']}")["reopened"] == 1, "reopen", 30)
    admin.post(f"/tasks/{bkpsdm['task_id']}/complete", {"decision": "approve"})

    tasks = about(trail(admin, member), "task.")
    assert [e["action"] for e in tasks] == [
        "task.complete", "task.escalate", "task.escalate", "task.reopen", "task.complete",
    ]  # fmt: skip
    _, up, to_bkpsdm, reopened, done = tasks
    assert up["item"] == f"task/{first['task_id']}" and up["actor"] == "system:human_task"
    assert (up["before"]["assignee_nip"], up["before"]["level"]) == (head, 0)
    assert (up["after"]["assignee_nip"], up["after"]["level"]) == (above, 1)
    assert up["after"]["next_task"] == second["task_id"] and up["after"]["status"] == "timed_out"
    assert (to_bkpsdm["after"]["assignee_nip"], to_bkpsdm["after"]["level"]) == (None, 2)
    assert reopened["item"] == f"task/{bkpsdm['task_id']}"
    assert reopened["before"]["due"] == bkpsdm["due"].replace("Z", "+00:00")
    assert reopened["after"]["due"] > reopened["before"]["due"]
    assert (reopened["before"]["reopened"], reopened["after"]["reopened"]) == (0, 1)
    assert done["actor"].startswith("tenant_admin:")
    assert done["after"]["outcome"]["decision"] == "approve"
    assert about(trail(admin, member), "skp.approve")[0]["actor"] == done["actor"]


def test_a_years_ratings_are_audited_with_who_and_the_ratings_before_and_after(
    stack, api, admin, people
):
    nips = team(people)
    Demo(api, stack.sample.to_json(), only=nips).run_year()
    for nip in nips:  # the head's trail also holds what they did as penilai: keep theirs
        year_and_after = [  # the last period and the year are assessed in January
            *trail(admin, nip),
            *trail(admin, nip, since=f"{YEAR + 1}-01-01", until=f"{YEAR + 1}-12-31"),
        ]
        entries = [e for e in year_and_after if e["subject_nip"] == nip]
        perilaku = about(entries, "rating.perilaku")
        assert [e["item"].rsplit("/", 1)[1] for e in perilaku] == ["1", "2", "3", "4"]
        assert all(e["actor"].endswith(people[nip]["penilai"]) for e in perilaku)
        assert perilaku[0]["after"]["perilaku"] and perilaku[0]["after"]["rating_perilaku"]
        (annual,) = about(entries, "rating.annual")
        assert annual["item"] == f"assessment/{nip}/{YEAR}/0" and annual["before"] is None
        assessed = about(entries, "rating.assess_")
        assert [e["action"] for e in assessed] == ["rating.assess_periodic"] * 4 + [
            "rating.assess_annual"
        ]
        assert all(e["actor"] == "system:assess" for e in assessed)
        view = admin.get(f"/cycles/{nip}/{YEAR}")
        assert assessed[-1]["after"]["predikat"] == view["predikat"]
        assert assessed[-1]["before"] is None  # the year had no ratings before
        assert assessed[0]["after"]["rating_perilaku"]


def test_coaching_its_follow_up_and_the_tasks_are_audited(stack, api, admin, people):
    head, nip, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[nip])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    demo.draft_and_submit(nip)
    demo.review(nip, "approve")
    wait_for(lambda: admin.get(f"/cycles/{nip}/{YEAR}")["stage"] == "monitor", "monitor", 30)
    platform, boss = api.as_(stack.sample.platform_key), demo.person(head)
    platform.post("/clock", {"to": f"{YEAR}-04-01T06:00:00Z"})  # nothing reported: lagging
    task = wait_for(lambda: demo.open_task(head, "coaching", nip), "the coaching task", 30)
    body = {
        "coaching_kind": "bimbingan",
        "held_on": f"{YEAR}-04-02",
        "findings": "Capaian di bawah target; beban kerja belum terbagi",
        "actions": [{"action": "Rencana aksi mingguan", "due": f"{YEAR}-04-30"}],
    }
    boss.post(f"/tasks/{task['task_id']}/complete", body)
    follow = wait_for(lambda: demo.open_task(head, "coaching_follow_up", nip), "follow-up", 30)
    outcome = {"held_on": f"{YEAR}-04-30", "outcome": "improved", "notes": "Membaik"}
    boss.post(f"/tasks/{follow['task_id']}/complete", outcome)

    entries = trail(admin, nip)
    (recorded,) = about(entries, "coaching.record")
    assert recorded["item"] == f"coaching/{nip}/{YEAR}/{task['task_id']}"
    assert recorded["actor"].endswith(head) and recorded["subject_nip"] == nip
    assert recorded["after"]["findings"] == body["findings"]
    assert recorded["after"]["follow_up_tasks"] == [follow["task_id"]]
    (followed,) = about(entries, "coaching.follow_up")
    assert followed["before"] == {"follow_ups": []}
    assert followed["after"]["follow_ups"][0]["outcome"] == "improved"
    done = [e["before"]["task_kind"] for e in about(entries, "task.complete")]
    assert done[-2:] == ["coaching", "coaching_follow_up"]
