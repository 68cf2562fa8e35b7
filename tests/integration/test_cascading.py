"""Cascading: a subordinate reads the RHK of their superior's approved SKP (and nothing else of
the superior's cycle) and names them when drafting — on the embedded stack, through the API."""

from __future__ import annotations

from functions.local.demo import Demo

from .conftest import refused
from .test_cycle import YEAR, team


def test_a_subordinate_reads_the_superiors_approved_rhk_and_cascades_from_them(
    stack, api, admin, people
):
    head, report, other = team(people)
    stranger = next(  # neither the head, their penilai, nor one of their subordinates
        n for n, p in people.items() if n not in (head, people[head]["penilai"])
        and p["penilai"] != head
    )  # fmt: skip
    demo = Demo(api, stack.sample.to_json(), only=[head, report])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [head, report]})
    me = api.as_(people[report]["key"])
    demo.draft_and_submit(head)
    error = refused(lambda: me.get(f"/cycles/{head}/{YEAR}/rhk"), 409)  # submitted, not approved
    assert error["details"] == {"skp_status": "diajukan"}
    demo.review(head, "approve")

    shown = me.get(f"/cycles/{head}/{YEAR}/rhk")
    drafted = demo.skp[head]["rhk"]
    assert shown == {
        "nip": head, "name": people[head]["name"], "year": YEAR,
        "rhk": [{"id": r["id"], "text": r["text"], "utama": r["utama"]} for r in drafted],
    }  # fmt: skip
    refused(lambda: me.get(f"/cycles/{head}/{YEAR}/skp"), 403)  # the rest stays closed
    refused(lambda: me.get(f"/cycles/{head}/{YEAR}"), 403)
    refused(lambda: api.as_(people[stranger]["key"]).get(f"/cycles/{head}/{YEAR}/rhk"), 403)
    assert api.as_(people[other]["key"]).get(f"/cycles/{head}/{YEAR}/rhk") == shown  # a peer too
    assert admin.get(f"/cycles/{head}/{YEAR}/rhk") == shown
    refused(lambda: admin.get(f"/cycles/{report}/{YEAR}/rhk"), 409)  # a draft: no RHK yet

    # the report drafts from what they read, and the SKP passes the cascade check
    content = demo.content(report, people[report]["position"])
    for n, rhk in enumerate(content["rhk"]):
        rhk["rhk_atasan_id"] = shown["rhk"][n % len(shown["rhk"])]["id"]
    bad = {**content, "rhk": [{**content["rhk"][0], "rhk_atasan_id": "nope"}]}
    me.put(f"/cycles/{report}/{YEAR}/skp", bad)
    error = refused(lambda: me.post(f"/cycles/{report}/{YEAR}/skp/submit"), 422)
    assert "rhk_atasan_id" in str(error["details"])
    me.put(f"/cycles/{report}/{YEAR}/skp", content)
    me.post(f"/cycles/{report}/{YEAR}/skp/submit")
    assert admin.get(f"/cycles/{report}/{YEAR}/skp")["status"] == "diajukan"
