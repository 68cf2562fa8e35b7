"""Closing cycles through the HTTP API (POST /cycles/closures): a short list closed in the
request, its task gone from the inbox, the cycle shown closed and not resumed nor migrated, a
second close changing nothing; a filter run as a job; only BKPSDM may close; a refused body
names the field."""

from __future__ import annotations

import pytest

from functions.errors import StageForbids
from functions.local.demo import wait_for
from functions.services import cycles, months, tasks
from functions.store.repository import TenantRepository
from tests.functional.test_api import refused
from tests.functional.test_console import browser, signed_in, token_of  # noqa: F401  (fixture)
from tests.functional.test_jobs import finished
from tests.integration.test_cycle import team

YEAR = 2026


def _draft_task(demo_person, nip):
    return next(
        (t for t in demo_person.get("/tasks") if t["subject_nip"] == nip),
        None,
    )


def test_a_listed_cycle_is_closed_its_task_leaves_the_inbox_and_it_cannot_be_resumed(
    stack, api, admin, people
):
    _, member, _ = team(people)
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    me = api.as_(people[member]["key"])
    wait_for(lambda: _draft_task(me, member), "the drafting task", 30)
    body = {"year": YEAR, "nips": [member], "reason": "pensiun"}
    assert admin.post("/cycles/closures", body) == [
        {"nip": member, "outcome": "done", "reason": None}
    ]
    cycle = admin.get(f"/cycles/{member}/{YEAR}")
    assert cycle["status"] == "closed" and cycle["open_task"] is None
    assert cycle["closure"]["reason"] == "pensiun" and cycle["closure"]["by"]
    assert cycle["closure"]["stage"] == "plan" and cycle["closure"]["task_cancelled"]
    assert _draft_task(me, member) is None
    again = admin.post("/cycles/closures", {**body, "reason": "meninggal"})
    assert again == [{"nip": member, "outcome": "done", "reason": "already closed"}]
    assert admin.get(f"/cycles/{member}/{YEAR}")["closure"]["reason"] == "pensiun"
    assert refused(admin.post, f"/cycles/{member}/{YEAR}/resume").status == 409
    executions = admin.get(f"/workflow/executions?year={YEAR}&nip={member}")
    assert executions[0]["execution_status"] == "ABORTED"
    summary = admin.get(f"/reports/summary?year={YEAR}")
    assert summary["stages"] == {"closed": 1} and summary["units"] == []
    day = cycle["closure"]["at"][:10]
    trail = admin.get(f"/audit?from={day}&to={day}&person={member}")
    assert "cycle.close" in {e["action"] for e in trail}


def test_a_filter_closes_the_unit_as_a_job_and_skips_what_has_no_cycle(stack, admin, people):
    finished(admin, admin.post("/cycles", {"year": YEAR})["job_id"])
    cycles = admin.get(f"/cycles?year={YEAR}")
    unit = cycles[-1]["unit_id"]
    in_unit = {c["nip"] for c in cycles if c["unit_id"] == unit}
    body = {"year": YEAR, "filter": {"unit_id": unit}, "reason": "tutup_tahun"}
    job = finished(admin, admin.post("/cycles/closures", body)["job_id"], cycles=True)
    assert job["operation"] == "close" and job["failed"] == 0
    assert {c["nip"] for c in job["cycles"] if c["outcome"] == "done"} >= in_unit
    after = {c["nip"]: c["status"] for c in admin.get(f"/cycles?year={YEAR}")}
    assert all(after[n] == "closed" for n in in_unit)
    assert any(s != "closed" for n, s in after.items() if n not in in_unit)
    again = finished(admin, admin.post("/cycles/closures", body)["job_id"])
    assert again["total"] == 0  # a filter chooses unfinished cycles only


def test_only_bkpsdm_closes_and_a_refused_body_names_the_field(stack, api, admin, people):
    _, member, _ = team(people)
    pegawai = api.as_(people[member]["key"])
    body = {"year": YEAR, "nips": [member], "reason": "pensiun"}
    assert refused(pegawai.post, "/cycles/closures", body).status == 403
    other = refused(admin.post, "/cycles/closures", {**body, "reason": "lainnya"})
    assert other.status == 422 and "note" in str(other.body)
    unknown = refused(admin.post, "/cycles/closures", {**body, "reason": "bosan"})
    assert unknown.status == 422 and "reason" in str(unknown.body)
    both = refused(admin.post, "/cycles/closures", {**body, "filter": {"all": True}})
    assert both.status == 422 and "nips" in str(both.body)
    nothing = refused(admin.post, "/cycles/closures", {**body, "nips": None, "filter": {}})
    assert nothing.status == 422 and "all" in str(nothing.body)
    no_cycle = admin.post("/cycles/closures", body)
    assert no_cycle == [{"nip": member, "outcome": "skipped", "reason": "no cycle this year"}]


def test_bkpsdm_closes_a_cycle_from_the_console_after_confirming(
    browser,  # noqa: F811
    stack,
    admin,
    people,
):
    _, member, other = team(people)
    admin.post("/cycles", {"year": YEAR, "nips": [member, other]})
    client = signed_in(browser, stack.sample.admin_key)
    cycle_page = client.get(f"/console/cycles/{member}/{YEAR}")
    assert f"/console/cycles/closures?nip={member}" in cycle_page.text.replace("&amp;", "&")
    page = client.get(f"/console/cycles/closures?nip={member}&year={YEAR}")
    assert page.status_code == 200 and member in page.text
    form = {"csrf_token": token_of(page.text), "year": str(YEAR), "nips": member}
    unconfirmed = client.post("/console/cycles/closures", data={**form, "reason": "pensiun"})
    assert unconfirmed.status_code == 422 and "Centang konfirmasi" in unconfirmed.text
    no_note = client.post(
        "/console/cycles/closures", data={**form, "reason": "lainnya", "confirm": "1"}
    )
    assert no_note.status_code == 422 and "tulis alasannya" in no_note.text
    assert 'value="lainnya" selected' in no_note.text  # what was typed comes back
    both = {**form, "unit_id": people[member]["unit"], "reason": "pensiun", "confirm": "1"}
    assert client.post("/console/cycles/closures", data=both).status_code == 422
    assert admin.get(f"/cycles/{member}/{YEAR}")["status"] == "running"  # nothing closed
    done = client.post(
        "/console/cycles/closures", data={**form, "reason": "pensiun", "confirm": "1"}
    )
    assert done.status_code == 200 and 'id="closed"' in done.text and "Ditutup" in done.text
    assert admin.get(f"/cycles/{member}/{YEAR}")["status"] == "closed"
    shown = client.get(f"/console/cycles/{member}/{YEAR}").text
    assert 'id="closure"' in shown and "Pensiun" in shown
    home = client.get(f"/console/?year={YEAR}").text
    assert "Ditutup" in home  # the progress per unit counts it under its own column
    unit = {"csrf_token": form["csrf_token"], "year": str(YEAR), "unit_id": people[other]["unit"]}
    job = client.post("/console/cycles/closures", data={**unit, "reason": "tutup_tahun",
                                                        "confirm": "1"})  # fmt: skip
    assert job.status_code == 200 and "sebagai pekerjaan" in job.text
    finished(admin, admin.get(f"/jobs?year={YEAR}")[0]["job_id"])
    assert admin.get(f"/cycles/{other}/{YEAR}")["status"] == "closed"
    assert "Penutupan siklus" in client.get(f"/console/?year={YEAR}").text


def test_a_pegawai_has_no_closing_page(browser, people):  # noqa: F811
    _, member, _ = team(people)
    client = signed_in(browser, people[member]["key"])
    assert client.get("/console/cycles/closures").status_code == 403


def test_a_step_in_flight_as_its_cycle_closed_opens_no_task_and_schedules_nothing(
    stack, admin, people
):
    _, member, _ = team(people)
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    admin.post("/cycles/closures", {"year": YEAR, "nips": [member], "reason": "pensiun"})
    repo = TenantRepository(stack.sample.tenant_id)
    with pytest.raises(StageForbids):
        months.close_segment(repo, member, YEAR, "approval", 0, detached=True)
    with pytest.raises(StageForbids):
        tasks.open_task(
            repo, kind="approve_skp", nip=member, year=YEAR, period=1, escalated=False,
            token="t", execution="e", state="ApproveSkp", entered_at="2026-01-02T00:00:00Z",
        )  # fmt: skip
    with pytest.raises(StageForbids):
        cycles.load_segment(repo, member, YEAR, "arn:aws:states:::execution:x")
    cycles.record_failure(repo, member, YEAR, {"Error": "StageForbids"}, "x")
    assert admin.get(f"/cycles/{member}/{YEAR}")["status"] == "closed"  # not failed
