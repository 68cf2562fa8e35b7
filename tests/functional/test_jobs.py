"""Jobs over many cycles through the HTTP API: the whole regency's year started as a job, its
progress read, run again without duplicates; a migration chosen by filter, its dry run per
cycle; a short list still answered in the request."""

from __future__ import annotations

import pytest

from functions.local import jobrunner
from functions.local.demo import wait_for
from tests.functional.test_api import refused
from tests.integration.test_workflow_definitions import Http, with_welcome

YEAR = 2026


def finished(admin, job_id: str, cycles: bool = False) -> dict:
    query = "?cycles=true" if cycles else ""
    return wait_for(
        lambda: (job := admin.get(f"/jobs/{job_id}{query}"))["status"] == "done" and job,
        f"job {job_id}",
        120,
    )


def test_starting_the_regency_without_a_list_is_a_job_with_progress(stack, admin, people):
    job = admin.post("/cycles", {"year": YEAR})
    assert job["operation"] == "start" and job["status"] in ("planning", "running", "done")
    done = finished(admin, job["job_id"], cycles=True)
    assert done["total"] == len(people) == done["done"] + done["skipped"] and done["failed"] == 0
    skipped = {c["reason"] for c in done["cycles"] if c["outcome"] == "skipped"}
    assert skipped <= {"no pejabat penilai in this regency"}
    assert done["batches_done"] == done["batches"] >= 1 and done["finished_at"]
    assert len(admin.get(f"/cycles?year={YEAR}")) == done["done"]
    assert [j["job_id"] for j in admin.get(f"/jobs?year={YEAR}")] == [job["job_id"]]


def test_a_job_run_again_counts_started_cycles_as_done_and_duplicates_none(stack, admin, people):
    some = sorted(n for n, p in people.items() if p["penilai"])[:3]
    admin.post("/cycles", {"year": YEAR, "nips": some})  # started before, in the request
    first = finished(admin, admin.post("/cycles", {"year": YEAR})["job_id"])
    again = admin.post(f"/jobs/{first['job_id']}/resume")
    assert again["resumed"] and again["resumed"][0]["by"]
    assert jobrunner.drain(60)
    second = finished(admin, admin.post("/cycles", {"year": YEAR})["job_id"], cycles=True)
    assert second["done"] == first["done"] and second["failed"] == 0
    assert {c["reason"] for c in second["cycles"] if c["outcome"] == "done"} == {"already started"}
    cycles = admin.get(f"/cycles?year={YEAR}")
    assert len(cycles) == len({c["nip"] for c in cycles}) == first["done"]
    arns = {c["nip"]: c for c in admin.get(f"/workflow/executions?year={YEAR}")}
    assert all(arns[n]["segment"] == 1 for n in some)  # one first segment each, not two


def test_a_short_list_is_still_started_in_the_request(stack, admin, people):
    nip = next(n for n, p in people.items() if p["penilai"])
    started = admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    assert started[0]["nip"] == nip and started[0]["execution_arn"]
    assert admin.get("/jobs") == []


def test_an_unknown_job_is_not_found_and_a_pegawai_cannot_read_jobs(stack, api, admin, people):
    assert refused(admin.get, "/jobs/nosuchjob").status == 404
    someone = people[sorted(people)[-1]]
    assert refused(api.as_(someone["key"]).get, "/jobs").status == 403


def test_migration_by_filter_dry_run_shows_each_cycle_then_moves_them(stack, admin, people):
    finished(admin, admin.post("/cycles", {"year": YEAR})["job_id"])
    v2 = publish_copy(stack)
    unit = admin.get(f"/cycles?year={YEAR}")[-1]["unit_id"]
    in_unit = {c["nip"] for c in admin.get(f"/cycles?year={YEAR}") if c["unit_id"] == unit}
    body = {"year": YEAR, "to_version": v2, "filter": {"unit_id": unit}}
    dry = finished(admin, admin.post("/workflow/migrations", body)["job_id"], cycles=True)
    assert {c["nip"] for c in dry["cycles"]} >= in_unit
    for row in dry["cycles"]:
        change = row["change"]
        assert change["to_version"] == v2 and change["from_version"] == 1
        assert change["can_move"] and change["resumes_at"] and change["when"]
    executions = {e["nip"]: e for e in admin.get(f"/workflow/executions?year={YEAR}")}
    assert all(executions[n]["pending_version"] is None for n in in_unit)  # a dry run
    moving = admin.post("/workflow/migrations", {**body, "dry_run": False})
    moved = finished(admin, moving["job_id"])
    assert moved["done"] == dry["done"] and moved["failed"] == 0
    executions = {e["nip"]: e for e in admin.get(f"/workflow/executions?year={YEAR}")}
    assert all(executions[n]["pending_version"] == v2 for n in in_unit if executions[n]["segment"])


@pytest.mark.parametrize(
    "body",
    [
        {"year": YEAR, "to_version": 2},  # neither nips nor filter
        {"year": YEAR, "to_version": 2, "nips": ["199001012015011001"], "filter": {"all": True}},
        {"year": YEAR, "to_version": 2, "filter": {}},  # a filter naming nothing
    ],
)
def test_a_migration_names_either_nips_or_a_filter(stack, admin, body):
    assert refused(admin.post, "/workflow/migrations", body).status == 422


def publish_copy(stack) -> int:
    """A new version of the tenant's workflow (a Pass state before drafting), published."""
    http = Http(stack.url, stack.sample.admin_key)
    _, headers, draft = http("POST", "/workflow/drafts", {"name": "welcome"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    changed = with_welcome(draft["definition"], "welcome")
    http("PUT", path, {"name": "welcome", "definition": changed}, If_Match=headers["ETag"])
    _, _, published = http("POST", f"{path}/publish", {"note": "welcome"})
    return published["version"]
