"""The dry run of a draft through the API (docs/workflows.md, "The dry run"): asked for with
202, run on an emulation of its own in a child process, its report read back, and shown when
the draft is published. The tenant's own data is not touched."""

from __future__ import annotations

import pytest

from functions.local.demo import wait_for
from functions.store.repository import TenantRepository

from .conftest import refused
from .test_cycle import team
from .test_workflow_definitions import Http

YEAR = 2026


@pytest.fixture
def http(stack):
    return Http(stack.url, stack.sample.admin_key)


def simulated(admin, path: str, body: dict, timeout: float = 600) -> dict:
    """Ask for a dry run of the draft at ``path`` and wait for its report."""
    asked = admin.post(f"{path}/simulate", body)
    assert asked["status"] == "pending" and asked["report"] is None
    sid = asked["simulation_id"]
    return wait_for(
        lambda: (r := admin.get(f"{path}/simulations/{sid}"))["status"] != "pending" and r,
        "the dry run",
        timeout,
    )


def test_a_dry_run_reports_the_year_and_publishing_shows_it(stack, api, http):
    admin = api.as_(stack.sample.admin_key)
    _, _, draft = http("POST", "/workflow/drafts", {"name": "as deployed"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    status, _, asked = http("POST", f"{path}/simulate", {"sample": 6, "policy": "returned_once"})
    assert status == 202 and asked["request"] == {
        "sample": 6,
        "policy": "returned_once",
        "year": YEAR,
    }
    run = wait_for(
        lambda: (
            (r := admin.get(f"{path}/simulations/{asked['simulation_id']}"))["status"] != "pending"
            and r
        ),
        "the dry run",
        600,
    )
    assert run["status"] == "done", run
    report = run["report"]
    assert report["sample"] and report["employees"] == 6
    assert report["cycles"] == {"total": 5, "finished": 5, "stuck": 0, "failed": 0}
    # plan, 4 quarters, the annual review (its own segment since the fold, issue 14.4)
    assert [s["segment"] for s in report["segments"]] == [1, 2, 3, 4, 5, 6]
    # the SKP returned once: drafted and approved twice in the first segment
    first, second = (s["transitions"]["mean"] for s in report["segments"][:2])
    assert first > second
    cost = report["cost_per_employee_year"]
    assert 0 < cost["usd"] < 0.01 and cost["usage"]["state_transitions"] > 30
    # the regency's own table has no cycle of it
    assert (
        TenantRepository(stack.sample.tenant_id).find_cycle(next(iter(stack.sample.people)), YEAR)
        is None
    )

    never = simulated(admin, path, {"employees": 3, "policy": "never"})
    assert never["report"]["cycles"]["finished"] == 0
    assert {s["state"] for s in never["report"]["stuck"]} == {"DraftSkpBkpsdm"}
    assert "waits on the draft_skp task (BKPSDM" in never["report"]["stuck"][0]["reason"]

    error = refused(lambda: admin.post(f"{path}/simulate", {"employees": 61}), 422)
    assert "employees" in error["details"]
    auditor = api.as_(stack.sample.auditor_key)
    refused(lambda: auditor.post(f"{path}/simulate", {}), 403)
    assert auditor.get(f"{path}/simulations/{never['simulation_id']}")["status"] == "done"


def test_a_draft_with_monthly_periods_dry_runs_monthly_and_publishing_brings_them(
    stack, api, http, people
):
    admin = api.as_(stack.sample.admin_key)
    monthly = {"policy": {"frequency": "bulanan"}}
    status, _, draft = http("POST", "/workflow/drafts", {"name": "bulanan", "settings": monthly})
    assert status == 201 and draft["settings"] == monthly
    path = f"/workflow/drafts/{draft['draft_id']}"
    run = simulated(admin, path, {"employees": 2})
    assert run["status"] == "done", run
    report = run["report"]
    assert report["cycles"] == {"total": 1, "finished": 1, "stuck": 0, "failed": 0}, report
    # planning, a segment per quarter (the months between are detached), the annual review
    assert len(report["segments"]) == 6
    assert admin.get("/settings")["policy"]["frequency"] == "triwulan"  # untouched

    head, nip, _ = team(people)
    admin.post("/cycles", {"year": YEAR, "nips": [head]})  # running before the publish
    status, _, published = http("POST", f"{path}/publish", {"note": "periode bulanan"})
    assert status == 201 and published["simulation"]["current"]
    assert published["settings"]["policy"]["frequency"] == "bulanan"
    assert admin.get("/settings")["policy"]["frequency"] == "bulanan"
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    repo = TenantRepository(stack.sample.tenant_id)
    assert repo.cycle(nip, YEAR).periods == 12
    assert repo.cycle(head, YEAR).periods == 4  # a running cycle keeps its quarters


def test_a_late_year_finishes_every_cycle_skps_escalated_past_a_late_superior_included(
    stack, api, http
):
    """The gap the ``late`` policy found (docs/skp-ahead.md): staff SKPs escalated to BKPSDM
    before their superior's SKP was approved were stuck at DraftSkpBkpsdm; they are submitted
    ahead now, and every cycle finishes its year."""
    admin = api.as_(stack.sample.admin_key)
    _, _, draft = http("POST", "/workflow/drafts", {"name": "terlambat"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    run = simulated(admin, path, {"employees": 6, "policy": "late"})
    assert run["status"] == "done", run
    assert run["report"]["cycles"] == {"total": 5, "finished": 5, "stuck": 0, "failed": 0}, run
