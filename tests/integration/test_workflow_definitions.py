"""Tenant admins edit their workflow through the API on the embedded stack: edit → validate →
publish → run a cycle → publish again → migrate the running cycle → roll back, with the
versions each cycle ran on recorded."""

from __future__ import annotations

import copy
import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta

import pytest

from functions.local.demo import Demo, wait_for
from functions.store.repository import TenantRepository

from .conftest import refused
from .test_cycle import team

YEAR = 2026


class Http:
    """Requests with headers (If-Match) and answers with theirs (ETag)."""

    def __init__(self, url: str, key: str) -> None:
        self.url, self.key = url, key

    def __call__(self, method: str, path: str, body=None, **headers):
        data = None if body is None else json.dumps(body).encode()
        sent = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        sent.update({k.replace("_", "-"): v for k, v in headers.items()})
        request = urllib.request.Request(self.url + path, data, sent, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw, status, answer = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:
            raw, status, answer = error.read(), error.code, error.headers
        text = raw.decode()
        is_json = answer.get_content_type() == "application/json" and text
        return status, answer, json.loads(text) if is_json else text


def with_welcome(definition: dict, note: str) -> dict:
    """A tenant's change: a Pass state between planning and drafting that notes a policy."""
    changed = copy.deepcopy(definition)
    changed["States"]["Welcome"] = {
        "Type": "Pass",
        "Result": {"note": note},
        "ResultPath": "$.welcome",
        "Next": "DraftSkp",
    }
    changed["States"]["Plan"]["Next"] = "Welcome"
    return changed


@pytest.fixture
def http(stack):
    return Http(stack.url, stack.sample.admin_key)


def test_catalog_lists_each_step_with_its_resource_and_json_schemas(api, stack):
    listed = api.as_(stack.sample.admin_key).get("/workflow/catalog")
    steps = {s["name"]: s for s in listed["steps"]}
    assert {
        "load",
        "plan",
        "human_task",
        "monitor",
        "coach",
        "assess",
        "decide",
        "boundary",
        "failure",
    } <= set(steps)
    assert steps["plan"]["resource"] == {"Fn::GetAtt": ["PlanLambdaFunction", "Arn"]}
    assert steps["assess"]["input"]["properties"]["scope"]["enum"] == ["periodic", "annual"]
    assert steps["human_task"]["resource"].endswith(".waitForTaskToken")
    assert steps["human_task"]["outcomes"]["approve_skp"]["properties"]["decision"]["enum"] == [
        "approved",
        "returned",
    ]


def test_drafts_need_the_current_etag_to_change(http):
    status, headers, created = http("POST", "/workflow/drafts", {"name": "kuartalan"})
    assert status == 201 and headers["ETag"] == created["etag"]
    path, first = f"/workflow/drafts/{created['draft_id']}", headers["ETag"]
    body = {"name": "kuartalan", "definition": with_welcome(created["definition"], "a")}

    status, _, error = http("PUT", path, body)
    assert status == 428 and error["error"]["code"] == "precondition_required"
    status, headers, _ = http("PUT", path, body, If_Match=first)
    assert status == 200 and headers["ETag"] != first
    status, _, error = http("PUT", path, body, If_Match=first)  # someone else's stale copy
    assert status == 412 and "read it again" in error["error"]["message"]
    status, _, _ = http("DELETE", path, If_Match=first)
    assert status == 412
    status, _, _ = http("DELETE", path, If_Match=headers["ETag"])
    assert status == 204
    assert http("GET", path)[0] == 404


def test_edit_validate_publish_run_publish_migrate_roll_back(stack, api, http, people):
    admin = api.as_(stack.sample.admin_key)
    assert admin.get("/workflow/alias")["version"] == 1

    # edit: a copy of the current version, changed, first with a typo the validator names
    _, headers, draft = http("POST", "/workflow/drafts", {"name": "welcome", "note": "v2"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    broken = with_welcome(draft["definition"], "welcome to 2026")
    broken["States"]["Monitor"]["Parameters"]["period.$"] = "$.cycle.periode"
    _, headers, _ = http(
        "PUT", path, {"name": "welcome", "definition": broken}, If_Match=headers["ETag"]
    )
    report = admin.post(f"{path}/validate")
    assert not report["valid"]
    assert [f["code"] for f in report["faults"]] == ["unknown_path"]
    assert "$.cycle.periode" in report["faults"][0]["message"]
    error = refused(lambda: admin.post(f"{path}/publish", {"note": "welcome"}), 422)
    assert "unknown_path" in error["details"]["definition"][0]

    fixed = with_welcome(draft["definition"], "welcome to 2026")
    _, headers, _ = http(
        "PUT", path, {"name": "welcome", "definition": fixed}, If_Match=headers["ETag"]
    )
    report = admin.post(f"{path}/validate")
    assert report["valid"] and report["faults"] == []
    assert report["aws"]["checked"] is False  # moto has no ValidateStateMachineDefinition

    # publish: version 2, on a state machine of its own
    v2 = admin.post(f"{path}/publish", {"note": "a welcome note before drafting"})
    assert v2["version"] == 2 and v2["current"]
    assert v2["state_machine"].endswith(f"-{stack.sample.tenant_id}-v2-{v2['hash'][:8]}")
    assert len(v2["hash"]) == 64 and v2["author"].startswith("tenant_admin:")
    refused(lambda: admin.post(f"{path}/publish", {"note": "again"}), 409)  # same content

    # run: a cycle started now runs on version 2
    head, report_nip = team(people)[:2]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    demo.draft_and_submit(head)
    running = admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]
    assert (
        running["workflow_version"] == 2
        and ":kinerja-evaluation-local-" in running["execution_arn"]
    )
    assert f"-{stack.sample.tenant_id}-v2-" in running["execution_arn"]
    assert running["execution_status"] == "RUNNING"

    # publish again: version 3
    _, headers, second = http("POST", "/workflow/drafts", {"name": "v3", "from_version": 2})
    v3_definition = with_welcome(draft["definition"], "selamat datang")
    http(
        "PUT",
        f"/workflow/drafts/{second['draft_id']}",
        {"name": "v3", "definition": v3_definition},
        If_Match=headers["ETag"],
    )
    status, _, _ = http(
        "POST",
        f"/workflow/drafts/{second['draft_id']}/publish",
        {"note": "reworded"},
        If_Match=headers["ETag"],
    )
    assert status == 412  # the draft was edited after that ETag: publish what you saw
    v3 = admin.post(f"/workflow/drafts/{second['draft_id']}/publish", {"note": "reworded"})
    assert v3["version"] == 3

    # migrate: the dry run says who can move and why not
    body = {"year": YEAR, "to_version": 3, "nips": [head, report_nip]}
    dry = admin.post("/workflow/migrations", body)
    moves = {m["nip"]: m for m in dry["cycles"]}
    assert dry["dry_run"] and moves[head]["can_move"] and moves[head]["when"] == "next_boundary"
    assert moves[head]["resumes_at"] == "monitor" and moves[head]["from_version"] == 2
    assert not moves[report_nip]["can_move"] and moves[report_nip]["reason"] == (
        "no cycle this year"
    )
    assert admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]["pending_version"] is None
    done = admin.post("/workflow/migrations", {**body, "dry_run": False})
    assert not done["dry_run"]
    assert admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]["pending_version"] == 3
    again = admin.post("/workflow/migrations", {**body, "nips": [head]})  # still pending: v2
    assert again["cycles"][0]["can_move"]

    # the segment runs on to its boundary on version 2; the next one starts on version 3
    demo.review(head, "approve")
    wait_for(lambda: admin.get(f"/cycles/{head}/{YEAR}")["stage"] == "monitor", "the boundary", 30)
    row = admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]
    assert row["workflow_version"] == 3 and row["pending_version"] is None
    api.as_(stack.sample.platform_key).post("/clock", {"to": f"{YEAR}-04-01T06:00:00Z"})
    row = wait_for(
        lambda: (
            (r := admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0])["segment"] == 2
            and r
        ),
        "the second segment",
        30,
    )
    assert f"-{stack.sample.tenant_id}-v3-" in row["execution_arn"]
    assert [(v["version"], v["from_segment"], v["by"]) for v in row["versions"]] == [
        (2, 1, "start"),
        (3, 2, "migration"),
    ]

    # roll back: new cycles start on version 2 again; the migrated cycle keeps version 3
    alias = admin.post("/workflow/rollback", {"version": 2, "note": "the wording confused"})
    assert alias["version"] == 2
    assert [h["action"] for h in alias["history"]] == ["default", "publish", "publish", "rollback"]
    admin.post("/cycles", {"year": YEAR, "nips": [report_nip]})
    fresh = wait_for(
        lambda: (
            (r := admin.get(f"/workflow/executions?year={YEAR}&nip={report_nip}")[0])[
                "execution_arn"
            ]
            and r
        ),
        "the new cycle",
        30,
    )
    assert fresh["workflow_version"] == 2 and "-v2-" in fresh["execution_arn"]
    assert admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]["workflow_version"] == 3
    listed = admin.get("/workflow/versions")
    assert [(v["version"], v["current"]) for v in listed] == [(1, False), (2, True), (3, False)]

    # the diff of 2 and 3 and the diagram of 3
    diff = admin.get("/workflow/diff?base=2&other=3")["diff"]
    assert '-        "note": "welcome to 2026"' in diff
    assert '+        "note": "selamat datang"' in diff
    status, headers, svg = http("GET", "/workflow/versions/3/diagram.svg")
    assert status == 200 and headers.get_content_type() == "image/svg+xml"
    assert svg.startswith("<svg") and 'data-state="Welcome"' in svg

    # audited
    actions = [e["action"] for e in admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31")]
    for action in (
        "workflow.draft.create",
        "workflow.draft.update",
        "workflow.publish",
        "workflow.migrate",
        "workflow.rollback",
    ):
        assert action in actions


def test_a_cycle_at_a_stage_the_new_version_lacks_cannot_move(stack, api, http, people):
    admin = api.as_(stack.sample.admin_key)
    _, headers, draft = http("POST", "/workflow/drafts", {"name": "no approval resume"})
    changed = copy.deepcopy(draft["definition"])
    changed["States"]["Resume"]["Choices"] = [
        c for c in changed["States"]["Resume"]["Choices"] if c["StringEquals"] != "approval"
    ]
    http(
        "PUT",
        f"/workflow/drafts/{draft['draft_id']}",
        {"name": "no approval resume", "definition": changed},
        If_Match=headers["ETag"],
    )
    report = admin.post(f"/workflow/drafts/{draft['draft_id']}/validate")
    assert report["valid"] and "approval" not in report["stages"]
    assert any(w["code"] == "stage_not_resumable" for w in report["warnings"])
    v2 = admin.post(f"/workflow/drafts/{draft['draft_id']}/publish", {"note": "no approval"})
    admin.post("/workflow/rollback", {"version": 1, "note": "cycles start on 1"})

    head = team(people)[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    # a failed cycle resumes at its stored stage: make it fail while awaiting approval
    demo.draft_and_submit(head)
    wait_for(lambda: admin.get(f"/cycles/{head}/{YEAR}")["stage"] == "approval", "approval", 30)
    cycle = admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]
    assert cycle["workflow_version"] == 1
    repo = TenantRepository(stack.sample.tenant_id)
    record = repo.cycle(head, YEAR)
    record.status = "failed"  # as RecordFailure leaves it
    record.save()
    dry = admin.post(
        "/workflow/migrations", {"year": YEAR, "to_version": v2["version"], "nips": [head]}
    )
    move = dry["cycles"][0]
    assert not move["can_move"]
    assert move["reason"] == "it resumes at the stage 'approval', which version 2 has no state for"


def test_a_failed_cycle_moves_to_a_fixed_version_and_resumes_on_it(
    stack, api, http, people, monkeypatch, failed_head
):
    admin, head = api.as_(stack.sample.admin_key), failed_head
    (failed,) = admin.get(f"/workflow/executions?year={YEAR}&status=failed")
    assert failed["nip"] == head and failed["workflow_version"] == 1
    assert failed["failure_reason"] == "InvalidInput: the SKP template of this regency is missing"

    _, headers, draft = http("POST", "/workflow/drafts", {"name": "fix"})
    http(
        "PUT",
        f"/workflow/drafts/{draft['draft_id']}",
        {"name": "fix", "definition": with_welcome(draft["definition"], "fixed")},
        If_Match=headers["ETag"],
    )
    admin.post(f"/workflow/drafts/{draft['draft_id']}/publish", {"note": "the fix"})
    body = {"year": YEAR, "to_version": 2, "nips": [head], "dry_run": False}
    move = admin.post("/workflow/migrations", body)["cycles"][0]
    assert move["can_move"] and move["when"] == "on_resume" and move["resumes_at"] == "plan"

    monkeypatch.undo()
    admin.post(f"/cycles/{head}/{YEAR}/resume")
    me = api.as_(people[head]["key"])
    assert wait_for(lambda: me.get("/tasks"), "the drafting task", 30)[0]["task_kind"] == (
        "draft_skp"
    )
    row = admin.get(f"/workflow/executions?year={YEAR}&nip={head}")[0]
    assert row["status"] == "running" and f"-{stack.sample.tenant_id}-v2-" in row["execution_arn"]
    assert [(v["version"], v["from_segment"]) for v in row["versions"]] == [(1, 1), (2, 2)]
    assert row["failures"][0]["error"] == "InvalidInput" and row["history"][0]["stage"] == "plan"


def test_only_tenant_admins_edit_and_auditors_read(stack, api, people):
    pegawai = api.as_(people[team(people)[1]]["key"])
    refused(lambda: pegawai.post("/workflow/drafts", {"name": "mine"}), 403)
    refused(lambda: pegawai.get("/workflow/versions"), 403)
    auditor = api.as_(stack.sample.auditor_key)
    assert [v["version"] for v in auditor.get("/workflow/versions")] == [1]
    refused(lambda: auditor.post("/workflow/rollback", {"version": 1, "note": "nope"}), 403)
    assert pegawai.get("/workflow/catalog")["steps"]  # the catalog is public to callers


def test_a_definition_that_cannot_finish_is_refused_and_leaving_out_coaching_acknowledged(
    stack, api, http
):
    admin = api.as_(stack.sample.admin_key)
    _, headers, draft = http("POST", "/workflow/drafts", {"name": "no annual review"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    skipped = copy.deepcopy(draft["definition"])
    rules = {c["StringEquals"]: c for c in skipped["States"]["Resume"]["Choices"]}
    rules["annual"]["Next"], rules["decide"]["Next"] = "Decide", "AnnualReview"
    _, headers, _ = http(
        "PUT", path, {"name": "no annual review", "definition": skipped}, If_Match=headers["ETag"]
    )
    report = admin.post(f"{path}/validate")
    assert [f["code"] for f in report["faults"]] == ["fact_missing"]
    assert "needs the annual assessment and predikat" in report["faults"][0]["message"]
    assert "Resume (stage 'annual') -> Decide" in report["faults"][0]["message"]
    error = refused(lambda: admin.post(f"{path}/publish", {"note": "skip"}), 422)
    assert "fact_missing" in error["details"]["definition"][0]

    no_coaching = copy.deepcopy(draft["definition"])
    no_coaching["States"]["Monitor"]["Next"] = "RatePerilaku"
    for name in [n for n in no_coaching["States"] if n.startswith("Coach")]:
        del no_coaching["States"][name]
    http("PUT", path, {"name": "no coaching", "definition": no_coaching}, If_Match=headers["ETag"])
    report = admin.post(f"{path}/validate")
    assert report["valid"] and report["acknowledge"] == ["coaching_removed"]
    error = refused(lambda: admin.post(f"{path}/publish", {"note": "no coaching"}), 422)
    assert error["details"]["acknowledge"][0].startswith("coaching_removed: ")
    assert admin.get("/workflow/alias")["version"] == 1  # nothing was published
    body = {"note": "no coaching", "acknowledge": ["coaching_removed"]}
    assert admin.post(f"{path}/publish", body)["version"] == 2


def test_a_task_is_due_when_its_state_times_out_and_the_clock_escalates_it_then(
    stack, api, http, people
):
    """The approval waits 3 days here (TimeoutSeconds), while the tenant's task_days say 7:
    the task is due after 3 days, and the embedded clock escalates it then."""
    admin = api.as_(stack.sample.admin_key)
    platform = api.as_(stack.sample.platform_key)
    _, headers, draft = http("POST", "/workflow/drafts", {"name": "three days"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    changed = copy.deepcopy(draft["definition"])
    approval = changed["States"]["Approval"]
    del approval["TimeoutSecondsPath"]
    approval["TimeoutSeconds"] = 3 * 86400
    _, headers, _ = http(
        "PUT", path, {"name": "three days", "definition": changed}, If_Match=headers["ETag"]
    )
    report = admin.post(f"{path}/validate")
    assert [f["code"] for f in report["faults"]] == ["deadline_mismatch"]
    assert 'timeout_seconds.$ "$.cycle.timeouts.approve_skp"' in report["faults"][0]["message"]
    approval["Parameters"]["Payload"].pop("timeout_seconds.$")
    approval["Parameters"]["Payload"]["timeout_seconds"] = 3 * 86400
    http("PUT", path, {"name": "three days", "definition": changed}, If_Match=headers["ETag"])
    assert admin.post(f"{path}/publish", {"note": "approve within 3 days"})["version"] == 2

    head, member, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    first = wait_for(lambda: demo.open_task(head, "approve_skp", member), "the approval", 30)
    now = datetime.fromisoformat(platform.get("/clock")["now"].replace("Z", "+00:00"))
    due = datetime.fromisoformat(first["due"].replace("Z", "+00:00"))
    assert timedelta(days=3) - timedelta(minutes=5) < due - now <= timedelta(days=3)

    platform.post("/clock", {"to": (due + timedelta(hours=1)).isoformat()})
    above = people[head]["penilai"]
    second = wait_for(lambda: demo.open_task(above, "approve_skp", member), "level 1", 30)
    assert (second["level"], second["escalated_from"]) == (1, first["task_id"])


def test_an_skp_is_returned_at_most_as_often_as_the_policy_allows(stack, api, http, people):
    """The SKP-return loop is bounded (validation counts it by the policy's bound, not 25
    rounds): past ``max_skp_returns`` the penilai approves instead."""
    admin = api.as_(stack.sample.admin_key)
    _, headers, _ = http("GET", "/settings")
    status, _, _ = http(
        "PATCH", "/settings", {"policy": {"max_skp_returns": 1}}, If_Match=headers["ETag"]
    )
    assert status == 200
    head, member, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    demo.review(member, "return", "Target belum terukur")
    demo.draft_and_submit(member)
    task = wait_for(lambda: demo.open_task(head, "approve_skp", member), "the second approval", 30)
    boss = api.as_(people[head]["key"])
    again = {"decision": "return", "reason": "Masih belum terukur"}
    error = refused(lambda: boss.post(f"/tasks/{task['task_id']}/complete", again), 409)
    assert "returned 1 times, the regency's limit (max_skp_returns)" in error["message"]
    boss.post(f"/tasks/{task['task_id']}/complete", {"decision": "approve"})
    wait_for(lambda: admin.get(f"/cycles/{member}/{YEAR}")["stage"] == "monitor", "monitor", 30)


def test_a_second_approval_for_jpt_by_the_atasan_penilai_runs_a_year(stack, api, http, people):
    """docs/workflows.md's example, through the API: a Choice on the employee's position kind
    sends a JPT's approved SKP to a second approval by the atasan penilai (returned once, so
    both approvals come again), and the year runs to its decision; a non-JPT skips it."""
    from tests.workflow_examples import jpt_second_approval

    admin = api.as_(stack.sample.admin_key)
    _, headers, draft = http("POST", "/workflow/drafts", {"name": "jpt second approval"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    definition = jpt_second_approval(draft["definition"])
    http("PUT", path, {"name": "jpt", "definition": definition}, If_Match=headers["ETag"])
    report = admin.post(f"{path}/validate")
    assert report["valid"] and report["warnings"] == [], report
    published = admin.post(f"{path}/publish", {"note": "a second approval for JPT"})
    assert published["version"] == 2 and published["current"]

    # the JPT head of BKPSDM is assessed by the Sekda; the Sekda's own penilai (the atasan
    # penilai) is, for this test, the head of another unit
    jpt, other = team(people)[:2]
    sekda = people[jpt]["penilai"]
    atasan = next(
        n for n, p in people.items() if p["position"] == "Kepala Dinas" and p["unit"] != "bkpsdm"
    )
    repo = TenantRepository(stack.sample.tenant_id)
    record = repo.employee(sekda)
    record.penilai_nip = atasan
    repo.put(record)
    assert repo.employee(jpt).position_kind == "jpt" != repo.employee(other).position_kind

    admin.post("/cycles", {"year": YEAR, "nips": [jpt, other]})
    demo = Demo(api, stack.sample.to_json(), only=[jpt, other])
    demo.year = YEAR

    def second_approval():
        return wait_for(
            lambda: demo.open_task(atasan, "approve_skp_second", jpt), "the second approval"
        )

    demo.draft_and_submit(jpt)
    demo.review(jpt, "approve")  # the penilai (Sekda)
    task = second_approval()
    assert (task["assignee_nip"], task["assignee"], task["level"]) == (atasan, "atasan_penilai", 0)
    assert admin.get(f"/cycles/{jpt}/{YEAR}")["stage"] == "monitor"  # an approved SKP
    approve = {"decision": "approve"}
    refused(lambda: demo.person(sekda).post(f"/tasks/{task['task_id']}/complete", approve), 403)
    body = {"decision": "return", "reason": "Sasaran belum selaras dengan RPJMD"}
    demo.person(atasan).post(f"/tasks/{task['task_id']}/complete", body)
    demo.draft_and_submit(jpt)  # drafted again; both approvals again
    demo.review(jpt, "approve")
    task = second_approval()
    demo.person(atasan).post(f"/tasks/{task['task_id']}/complete", approve)
    demo.draft_and_submit(other)
    demo.review(other, "approve")

    def closed(nip):
        rows = admin.get(f"/workflow/executions?year={YEAR}&nip={nip}")
        return rows[0]["execution_status"] == "SUCCEEDED" and rows[0]

    for nip in (jpt, other):
        row = wait_for(lambda n=nip: closed(n), f"the approval boundary of {nip}", 60)
        assert row["workflow_version"] == 2 and row["stage"] == "monitor"
    history = [(h["status"], h["by"]) for h in repo.skp(jpt, YEAR).history]
    assert history[-5:] == [
        ("disetujui", sekda),
        ("dikembalikan", atasan),
        ("diajukan", jpt),
        ("disetujui", sekda),
        ("disetujui", atasan),
    ]
    approvals = [h["by"] for h in repo.skp(other, YEAR).history if h["status"] == "disetujui"]
    assert approvals == [jpt]  # the non-JPT: their penilai's approval only
    second = [e for e in admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31")
              if e["action"] == "skp.approve_second"]  # fmt: skip
    assert [e["item"] for e in second] == [f"skp/{jpt}/{YEAR}"]

    # the rest of the year, as the demo runs it
    demo.run_periods()
    for nip in (jpt, other):
        view = admin.get(f"/cycles/{nip}/{YEAR}")
        assert view["stage"] == "done" and view["decision"]["predikat"] == view["predikat"]
