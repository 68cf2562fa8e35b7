"""Closing cycles on the embedded stack: one waiting in a human task and one waiting for its
period boundary are closed; the execution is stopped (ABORTED), the task is gone from the
penilai's inbox, the schedule of the next segment is deleted, and when the clock passes the
task's deadline and the boundary nothing starts, escalates or reopens."""

from __future__ import annotations

from datetime import timedelta

from functions.domain import periods_of
from functions.engine import scheduler
from functions.engine.clients import client
from functions.local.demo import Demo, wait_for

from .test_cycle import team

YEAR = 2026


def _schedules() -> list[str]:
    listed = client("scheduler").list_schedules(GroupName=scheduler.group())["Schedules"]
    return [s["Name"] for s in listed]


def test_closed_cycles_stop_leave_the_inbox_and_never_start_their_next_segment(stack, api, people):
    head, waiting, scheduled = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[waiting, scheduled])
    demo.year = YEAR
    admin = demo.admin
    admin.post("/cycles", {"year": YEAR, "nips": [waiting, scheduled]})
    for nip in (waiting, scheduled):
        demo.draft_and_submit(nip)
    demo.review(scheduled, "approve")
    wait_for(lambda: demo.open_task(head, "approve_skp", waiting), "the approval task", 30)
    wait_for(lambda: admin.get(f"/cycles/{scheduled}/{YEAR}")["stage"] == "monitor", "the boundary")
    before = _schedules()
    assert any(name.endswith("-p01") for name in before)  # the next segment, waiting

    body = {"year": YEAR, "nips": [waiting, scheduled], "reason": "pindah_keluar"}
    closed = admin.post("/cycles/closures", body)
    assert [c["outcome"] for c in closed] == ["done", "done"]

    runs = {e["nip"]: e for e in admin.get(f"/workflow/executions?year={YEAR}")}
    shown = {n: admin.get(f"/workflow/executions?year={YEAR}&nip={n}")[0] for n in runs}
    assert shown[waiting]["execution_status"] == "ABORTED"
    assert shown[scheduled]["execution_status"] == "SUCCEEDED"  # it had ended at the boundary
    assert demo.open_task(head, "approve_skp", waiting) is None
    assert not [n for n in _schedules() if n.endswith("-p01")]  # deleted
    frequency = admin.get("/settings")["policy"]["frequency"]
    boundary = periods_of(YEAR, frequency)[0].end + timedelta(days=1)
    demo.pass_boundary(boundary)  # past the approval's deadline and the first boundary
    demo.pass_boundary(boundary + timedelta(days=1))
    for nip in (waiting, scheduled):
        cycle = admin.get(f"/cycles/{nip}/{YEAR}")
        assert cycle["status"] == "closed" and cycle["segment"] == 1, cycle
        assert cycle["closure"]["reason"] == "pindah_keluar" and not cycle["failures"]
    assert cycle["closure"]["stage"] == "monitor"
    holders = {head, people[head]["penilai"]} - {None, ""}
    for holder in holders:  # nothing escalated, nothing reopened
        tasks = api.as_(people[holder]["key"]).get("/tasks")
        assert not [t for t in tasks if t["subject_nip"] in (waiting, scheduled)]
    bkpsdm = admin.get("/tasks")
    assert not [t for t in bkpsdm if t["subject_nip"] in (waiting, scheduled)]
