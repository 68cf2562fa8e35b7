"""After a transfer in mid-year the SKP is re-planned: the employee proposes a revised plan with
the reason, cascaded from the new penilai's approved RHK; the new penilai returns or approves
it, and the approved plan stays in force meanwhile — on the embedded stack, through the API."""

from __future__ import annotations

from functions.local.demo import Demo, wait_for
from tests.functional.raw_http import call

from .conftest import refused
from .test_cycle import YEAR, team

REASON = "Mutasi ke Dinas Kesehatan per 1 Maret"


def test_a_transferred_employee_re_plans_and_the_new_penilai_approves_it(stack, api, admin, people):
    head, report, _ = team(people)
    new_head = next(
        n for n, p in people.items() if p["unit"] == "dinkes" and p["position"] == "Kepala Dinas"
    )
    demo = Demo(api, stack.sample.to_json(), only=[head, new_head, report])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [head, new_head, report]})
    demo.draft_and_submit(head)
    demo.review(head, "approve")
    # the new head's RHK have ids of their own, so a cascade from the old head's cannot pass
    wait_for(lambda: demo.open_task(new_head, "draft_skp", new_head), "the new head's draft")
    plan = demo.content(new_head, people[new_head]["position"])
    for rhk in plan["rhk"]:
        rhk["id"] = f"dk-{rhk['id']}"
    api.as_(people[new_head]["key"]).put(f"/cycles/{new_head}/{YEAR}/skp", plan)
    api.as_(people[new_head]["key"]).post(f"/cycles/{new_head}/{YEAR}/skp/submit")
    demo.review(new_head, "approve")
    demo.draft_and_submit(report)
    me, old, new = (api.as_(people[n]["key"]) for n in (report, head, new_head))
    content = demo.skp[report]
    revised = {**content, "rhk": [dict(r) for r in content["rhk"]]}
    replan = f"/cycles/{report}/{YEAR}/skp/replan"
    refused(lambda: me.post(replan, {"reason": REASON, "content": revised}), 409)  # not approved
    demo.review(report, "approve")
    wait_for(lambda: admin.get(f"/cycles/{report}/{YEAR}")["stage"] == "monitor", "monitoring")

    # the transfer: a new unit and penilai
    read = call(stack.url, "GET", f"/employees/{report}", stack.sample.admin_key)
    move = {"unit_id": "dinkes", "penilai_nip": new_head}
    moved = call(stack.url, "PATCH", f"/employees/{report}", stack.sample.admin_key, move,
                 If_Match=read.headers["ETag"])  # fmt: skip
    assert moved.status == 200, moved.json

    # still cascaded from the old head's RHK: refused naming the cascade
    error = refused(lambda: me.post(replan, {"reason": REASON, "content": revised}), 422)
    assert "rhk_atasan_id" in str(error["details"])
    above = me.get(f"/cycles/{new_head}/{YEAR}/rhk")["rhk"]  # now a direct subordinate
    for n, rhk in enumerate(revised["rhk"]):
        rhk["rhk_atasan_id"] = above[n % len(above)]["id"]
        rhk["text"] = f"{rhk['text']} (Dinas Kesehatan)"
    proposed = me.post(
        f"/cycles/{report}/{YEAR}/skp/replan", {"reason": REASON, "content": revised}
    )
    assert proposed["status"] == "disetujui" and proposed["proposal"]["reason"] == REASON
    assert proposed["content"]["rhk"][0]["text"] == content["rhk"][0]["text"]  # still in force
    refused(lambda: me.post(replan, {"reason": REASON, "content": revised}), 409)  # one waits

    decision = f"/cycles/{report}/{YEAR}/skp/replan/decision"
    refused(lambda: old.post(decision, {"decision": "approve"}), 403)  # the former penilai
    refused(lambda: me.post(decision, {"decision": "approve"}), 403)
    error = refused(lambda: new.post(decision, {"decision": "return"}), 422)
    assert "reason" in error["details"]
    returned = new.post(decision, {"decision": "return", "reason": "Target belum disesuaikan"})
    assert returned["proposal"] is None and returned["content"] == proposed["content"]

    me.post(f"/cycles/{report}/{YEAR}/skp/replan", {"reason": REASON, "content": revised})
    approved = new.post(decision, {"decision": "approve"})
    assert approved["status"] == "disetujui" and approved["proposal"] is None
    assert [r["rhk_atasan_id"] for r in approved["content"]["rhk"]] == [
        r["rhk_atasan_id"] for r in revised["rhk"]
    ]
    steps = [h["status"] for h in admin.get(f"/cycles/{report}/{YEAR}/skp")["history"]]
    assert steps[-4:] == ["replan_proposed", "replan_returned", "replan_proposed",
                          "replan_approved"]  # fmt: skip
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31&person={report}")
    actions = [e["action"] for e in trail]
    assert actions.count("skp.replan") == 2 and "skp.replan_approved" in actions
    done = next(e for e in trail if e["action"] == "skp.replan_approved")
    assert done["before"]["rhk"][0]["rhk_atasan_id"] == content["rhk"][0]["rhk_atasan_id"]
    assert done["after"]["rhk"][0]["rhk_atasan_id"] == above[0]["id"]

    # the plan in force is the new one: its indicators take realisations
    iki = revised["rhk"][0]["iki"][0]["id"]
    added = me.post(f"/cycles/{report}/{YEAR}/realisasi", {"period": 1, "iki_id": iki,
                    "value": 3, "bukti": ["https://example.org/bukti/1"]})  # fmt: skip
    assert added["iki_id"] == iki
