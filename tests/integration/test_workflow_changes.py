"""The three changes docs/workflows.md walks through, end to end through the API on the embedded
stack: each validated, dry-run (its report is what the doc shows), published (showing the dry
run) and a whole year run on it. The second approval for JPT runs its year in
test_workflow_definitions.py (the second approval returned once); here it is dry-run."""

from __future__ import annotations

import pytest

from functions.local.demo import Demo
from tests.workflow_examples import jpt_second_approval, midyear_review, notify_on_approval

from .test_cycle import team
from .test_outbound import receiver, subscribe  # noqa: F401 (receiver: a fixture)
from .test_workflow_definitions import Http
from .test_workflow_simulation import simulated

YEAR = 2026


@pytest.fixture
def http(stack):
    return Http(stack.url, stack.sample.admin_key)


def validated_simulated_published(
    admin, http, name: str, change, body: dict, settings: dict | None = None
) -> dict:
    """The change as a draft of the current version, carrying ``settings``: valid, its dry run
    (every cycle finished), published with the dry run shown; the published version."""
    _, headers, draft = http("POST", "/workflow/drafts", {"name": name})
    path = f"/workflow/drafts/{draft['draft_id']}"
    definition = change(draft["definition"])
    edited = {"name": name, "definition": definition, "settings": settings}
    http("PUT", path, edited, If_Match=headers["ETag"])
    report = admin.post(f"{path}/validate")
    assert report["valid"] and report["warnings"] == [], report
    run = simulated(admin, path, body)
    assert run["status"] == "done", run
    cycles = run["report"]["cycles"]
    assert cycles["finished"] == cycles["total"] > 0, run["report"]
    published = admin.post(f"{path}/publish", {"note": name})
    assert published["simulation"]["simulation_id"] == run["simulation_id"]
    assert published["simulation"]["current"] and published["current"]
    return published


def planned(api, stack, nips: list[str]) -> Demo:
    """Open the cycles of ``nips`` and plan them as the demo does, up to the first period."""
    api.as_(stack.sample.admin_key).post("/cycles", {"year": YEAR, "nips": nips})
    demo = Demo(api, stack.sample.to_json(), only=nips)
    demo.year = YEAR
    demo.plan()
    demo.settle(lambda c: c["stage"] == "monitor", "the first period")
    return demo


def run_year(api, stack, people, nips: list[str]) -> dict:
    """Open the cycles of ``nips`` and run their year as the demo does; their views."""
    planned(api, stack, nips).run_periods()
    admin = api.as_(stack.sample.admin_key)
    return {nip: admin.get(f"/cycles/{nip}/{YEAR}") for nip in nips}


def test_monthly_periods_with_a_mid_year_review(stack, api, http, people):
    admin = api.as_(stack.sample.admin_key)
    carried = {"policy": {"frequency": "bulanan"}, "task_days": {"review_midyear": 10}}
    published = validated_simulated_published(
        admin, http, "monthly with a mid-year review", midyear_review, {"employees": 3}, carried
    )
    # dry-run monthly: planning, a segment per quarter (its months between run detached,
    # services/months.py), the annual review
    assert len(published["simulation"]["report"]["segments"]) == 6
    settings = admin.get("/settings")  # the regency's now, with the version
    assert settings["policy"]["frequency"] == "bulanan"
    assert settings["task_days"]["review_midyear"] == 10
    head, member = team(people)[:2]
    views = run_year(api, stack, people, [head, member])
    for view in views.values():
        assert view["stage"] == "done" and view["predikat"]
    reviews = [
        e
        for e in admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31")
        if e["action"] == "review.midyear"
    ]
    assert sorted(e["item"] for e in reviews) == sorted(f"cycle/{n}/{YEAR}" for n in views)
    assert {e["after"]["period"] for e in reviews} == {6}


def test_a_second_approval_for_jpt_dry_run(stack, api, http):
    admin = api.as_(stack.sample.admin_key)
    published = validated_simulated_published(
        admin, http, "jpt second approval", jpt_second_approval,
        {"sample": 6, "policy": "returned_once"},
    )  # fmt: skip
    report = published["simulation"]["report"]
    # the sample's top are JPT (Kepala Dinas): their first segment has both approvals, twice
    assert report["segments"][0]["transitions"]["max"] > 11


def test_an_e_office_notification_on_approval(stack, api, http, people, receiver):  # noqa: F811
    admin = api.as_(stack.sample.admin_key)
    e_office = receiver()
    subscribe(admin, e_office, ("custom.eoffice_approval",))
    validated_simulated_published(
        admin, http, "notify on approval", notify_on_approval, {"employees": 3}
    )
    head, member = team(people)[:2]
    views = run_year(api, stack, people, [head, member])
    assert all(v["stage"] == "done" for v in views.values())
    for nip in (head, member):  # one event each, on the approval of the SKP
        (sent,) = e_office.of("custom.eoffice_approval", nip=nip)
        assert sent["verified"] and sent["payload"]["data"]["note"] == "SKP disetujui"
