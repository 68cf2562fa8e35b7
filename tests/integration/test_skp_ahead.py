"""An SKP whose drafting escalated to BKPSDM while the superior's SKP is not approved (the gap
the dry run's ``late`` policy found, docs/skp-ahead.md): BKPSDM submits it ahead of the
superior's approval, the cycle goes on, and once the superior's SKP is approved the links left
open show as to reconcile, repaired by a re-plan — a whole plan segment on the embedded stack."""

from __future__ import annotations

from datetime import datetime, timedelta

from functions.local.demo import Demo, wait_for
from functions.store.repository import TenantRepository
from tests.functional.test_console import browser, signed_in  # noqa: F401  (fixture)

from .conftest import refused
from .test_cycle import YEAR, team


def _open_draft_task(repo: TenantRepository, nip: str, level: int):
    cycle = repo.cycle(nip, YEAR)
    task = repo.find_task(cycle.open_task) if cycle.open_task else None
    if task is not None and task.task_kind == "draft_skp" and (task.level or 0) == level:
        return task
    return None


def _past(platform, due) -> None:
    when = due if isinstance(due, datetime) else datetime.fromisoformat(due)
    platform.post("/clock", {"to": (when + timedelta(hours=1)).isoformat()})


def test_bkpsdm_submits_an_skp_ahead_of_the_superiors_approval_and_it_is_reconciled(
    stack,
    api,
    admin,
    people,
    browser,  # noqa: F811
):
    head, member, _ = team(people)
    repo = TenantRepository(stack.sample.tenant_id)
    platform = api.as_(stack.sample.platform_key)
    demo = Demo(api, stack.sample.to_json(), only=[head, member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [head, member]})
    demo.draft_and_submit(head)  # submitted; nobody approves it for now
    me = api.as_(people[member]["key"])
    content = demo.content(member, people[member]["position"])
    for rhk in content["rhk"]:
        rhk["rhk_atasan_id"] = None  # the superior's RHK are not approved: nothing to name
    wait_for(lambda: _open_draft_task(repo, member, 0), "the drafting task", 30)
    me.put(f"/cycles/{member}/{YEAR}/skp", content)
    early = refused(lambda: me.post(f"/cycles/{member}/{YEAR}/skp/submit"), 409)
    assert "submit it ahead" in early["message"]  # the employee waits; the deadline moves it on

    for level in (0, 1):  # the deadlines pass: to the penilai, then to BKPSDM
        _past(platform, _open_draft_task(repo, member, level).due)
        wait_for(lambda lv=level: _open_draft_task(repo, member, lv + 1), "escalation", 30)
    refused(lambda: me.put(f"/cycles/{member}/{YEAR}/skp", content), 403)  # BKPSDM holds it
    console = signed_in(browser, stack.sample.admin_key)
    form = console.get(f"/console/cycles/{member}/{YEAR}/skp")
    assert form.status_code == 200 and 'id="ahead"' in form.text  # BKPSDM may write it there
    own = signed_in(browser, people[member]["key"])
    assert own.get(f"/console/cycles/{member}/{YEAR}/skp").status_code == 403
    admin.put(f"/cycles/{member}/{YEAR}/skp", content)
    admin.post(f"/cycles/{member}/{YEAR}/skp/submit")
    shown = admin.get(f"/cycles/{member}/{YEAR}/skp")
    assert shown["status"] == "diajukan"
    assert shown["cascade"]["status"] == "waiting"
    assert shown["cascade"]["superior"] == head
    assert shown["cascade"]["superior_status"] == "diajukan"

    # the penilai approves it (the approval is theirs as usual) and the cycle goes on
    demo.review(member, "approve")
    wait_for(lambda: admin.get(f"/cycles/{member}/{YEAR}")["stage"] == "monitor", "monitor", 30)

    # the superior's SKP approved at last (its approval escalated meanwhile): to reconcile
    task = repo.find_task(repo.cycle(head, YEAR).open_task)
    holder = admin if task.assignee_nip is None else demo.person(task.assignee_nip)
    holder.post(f"/tasks/{task.task_id}/complete", {"decision": "approve"})
    wait_for(lambda: repo.skp(head, YEAR).status == "disetujui", "the superior's approval", 30)
    shown = admin.get(f"/cycles/{member}/{YEAR}/skp")["cascade"]
    assert shown["status"] == "to_reconcile"
    assert shown["rhk"] == [r["id"] for r in content["rhk"]]  # none names the superior's
    page = console.get(f"/console/cycles/{member}/{YEAR}").text
    assert 'id="cascade"' in page and "perlu dicocokkan" in page

    # repaired by a re-plan naming the superior's RHK, approved by the penilai
    theirs = me.get(f"/cycles/{head}/{YEAR}/rhk")["rhk"]
    for n, rhk in enumerate(content["rhk"]):
        rhk["rhk_atasan_id"] = theirs[n % len(theirs)]["id"]
    me.post(f"/cycles/{member}/{YEAR}/skp/replan", {"reason": "menautkan RHK atasan",
                                                     "content": content})  # fmt: skip
    demo.person(head).post(f"/cycles/{member}/{YEAR}/skp/replan/decision", {"decision": "approve"})
    assert admin.get(f"/cycles/{member}/{YEAR}/skp")["cascade"]["status"] == "reconciled"
