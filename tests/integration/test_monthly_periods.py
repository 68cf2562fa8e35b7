"""Monthly periods at a quarter's cost (issue 14.4), a whole year on the embedded stack: the
segments run per quarter, the two months inside each quarter are checked by a scheduled
function and rated through the tasks API without an execution; a late month escalates by
schedule (penilai, their penilai, BKPSDM, reopened) and never fails the cycle; the annual
review waits for a month still open and starts when it is rated."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from functions.domain import BERAKHLAK, periods_of
from functions.local.demo import Demo, wait_for
from functions.services import settings
from functions.store.repository import TenantRepository
from tests.functional.test_console import browser, signed_in, token_of  # noqa: F401

from .conftest import refused
from .test_cycle import team
from .test_folded_segments import BEFORE_FOLD, entered
from .test_workflow_changes import YEAR, planned, run_year, validated_simulated_published
from .test_workflow_definitions import Http

PATIENCE = 90  # seconds without a task worked


def monthly(stack) -> None:
    repo = TenantRepository(stack.sample.tenant_id)
    version = settings.current(repo)["version"]
    settings.update(repo, "test", version, {"policy": {"frequency": "bulanan"}})


def work(demo, holders: list[str], held) -> int:
    """Every open task of ``holders`` (NIPs; None: BKPSDM's queue) answered as the demo
    answers it, except those ``held`` keeps back; how many."""
    done = 0
    for nip in holders:
        who = demo.person(nip) if nip else demo.admin
        for task in who.get("/tasks" if nip else "/tasks?assignee=bkpsdm"):
            if held(task) or (body := demo.answer(task)) is None:
                continue
            who.post(f"/tasks/{task['task_id']}/complete", body)
            done += 1
    return done


def until(demo, holders, held, arrived, what: str) -> dict:
    """Work tasks until the cycles (by NIP) satisfy ``arrived``; the cycles then."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if work(demo, holders, held):
            deadline = time.monotonic() + PATIENCE
            continue
        cycles = {c["nip"]: c for c in demo.admin.get(f"/cycles?year={YEAR}")}
        assert not [c for c in cycles.values() if c["status"] == "failed"], cycles
        if arrived(cycles):
            return cycles
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def late_task(demo, month: int, subject: str) -> dict | None:
    """The regency's open rating task of ``subject``'s ``month`` (its list holds the detached
    months' tasks too)."""
    listed = demo.admin.get(f"/tasks?limit=500&year={YEAR}&kind=rate_perilaku")
    return next((t for t in listed if t["subject_nip"] == subject and t["period"] == month), None)


def test_a_monthly_year_runs_per_quarter_with_the_months_between_detached(
    stack,
    api,
    people,
    browser,  # noqa: F811
):
    monthly(stack)
    head, member = team(people)[:2]
    above = people[head]["penilai"]
    assert above and people[member]["penilai"] == head
    nips = [head, member]
    demo = planned(api, stack, nips)
    holders = [head, above, None]
    late, waiting = (member, 2), (member, 11)  # February escalates; November holds the review
    console = (head, 1)  # January's rating of the head is given in the console
    held_back = {late, waiting, console}

    def held(task: dict) -> bool:
        return task["task_kind"] == "rate_perilaku" and (
            (task["subject_nip"], task["period"]) in held_back
        )

    for period in periods_of(YEAR, "bulanan"):
        month = period.index
        demo.report(month, 12)
        demo.pass_boundary(period.end + timedelta(days=1))
        if month == 1:
            rate_in_console(stack, browser, demo, people[head]["penilai"], head)
            held_back.discard(console)
        if month % 3:  # a detached month: its tasks are open at once, no execution runs
            cycles = until(
                demo, holders, held,
                lambda c, m=month: all(
                    _assessed(demo, n, m) or (n, m) in held_back for n in nips
                ),
                f"month {month} rated",
            )  # fmt: skip
            assert all(c["stage"] == "monitor" and c["period"] > month for c in cycles.values())
        elif month < 12:
            until(
                demo, holders, held,
                lambda c, m=month: all(c[n]["period"] > m for n in nips),
                f"the quarter of month {month} closed",
            )  # fmt: skip
        if month == 5:  # February's task went up the chain: its penilai's penilai, BKPSDM
            task = late_task(demo, 2, member)
            assert task is not None and task["level"] == 2 and task["assignee_nip"] is None
            assert not _assessed(demo, member, 2)
            held_back.discard(late)  # BKPSDM rates it now
    # the last quarter closed; November is still open: the annual review waits for it
    cycles = until(
        demo, holders, held, lambda c: c[head]["status"] == "done", "the head's decision"
    )
    assert cycles[member]["stage"] == "annual" and cycles[member]["status"] == "running"
    view = demo.admin.get(f"/cycles/{member}/{YEAR}")
    assert view["open_task"] is None  # no rate_annual before every month is assessed
    error = refused(
        lambda: demo.admin.post(f"/cycles/{member}/{YEAR}/repair", {"action": "resume"}), 409
    )
    assert "waits for periods [11]" in error["message"]
    held_back.clear()
    cycles = until(
        demo, holders, held, lambda c: c[member]["status"] == "done", "the member's decision"
    )
    for nip in nips:
        assert [p for p in range(1, 13) if _assessed(demo, nip, p)] == list(range(1, 13))
        runs = entered({nip})
        assert len(runs) == 6, runs  # planning, four quarters, the annual review
        assert all(states[-1] == "ClosePeriod" for states in runs[1:5])
    for month in range(1, 13):  # SIASN's kinerjaperiodik, a record per month
        record = demo.admin.get(f"/cycles/{head}/{YEAR}/siasn?period={month}")
        assert record["periodikId"] == 1, record  # bulanan
    trail = demo.admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31")
    task_id = _task_of(demo, member, 2)
    moves = [e["action"] for e in trail if e["item"] == f"task/{task_id}"]
    assert moves.count("task.escalate") == 2 and "task.complete" in moves, moves


def rate_in_console(stack, browser, demo, penilai: str, nip: str) -> None:  # noqa: F811
    """The penilai rates ``nip``'s January in the console: the detached task is in their
    worklist, and its form assesses the month."""
    task = late_task(demo, 1, nip)
    assert task is not None and task["assignee_nip"] == penilai
    boss = signed_in(browser, demo.people[penilai]["key"])
    assert f'href="/console/tasks/{task["task_id"]}"' in boss.get("/console/tasks").text
    page = boss.get(f"/console/tasks/{task['task_id']}").text
    values = {f"perilaku-{v}": "sesuai" for v in BERAKHLAK}
    body = {"csrf_token": token_of(page), "action": "rate", "rating_perilaku": "sesuai"}
    done = boss.post(f"/console/tasks/{task['task_id']}/perilaku", data=body | values)
    assert done.status_code == 303, done.text
    assert _assessed(demo, nip, 1)


def _assessed(demo, nip: str, month: int) -> bool:
    view = demo.admin.get(f"/cycles/{nip}/{YEAR}")
    return any(a["period"] == month and a.get("predikat") for a in view["assessments"])


def _task_of(demo, nip: str, month: int) -> str:
    from functions.services.tasks import detached_task_id

    tenant = demo.credentials["tenant_id"]
    return detached_task_id(tenant, nip, YEAR, "rate_perilaku", month)


def test_a_late_approval_checks_the_months_already_over_at_once(stack, api, people):
    repo = TenantRepository(stack.sample.tenant_id)
    version = settings.current(repo)["version"]
    late = {"policy": {"frequency": "bulanan"}, "task_days": {"draft_skp": 60, "approve_skp": 60}}
    settings.update(repo, "test", version, late)
    member = team(people)[1]
    admin = api.as_(stack.sample.admin_key)
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.platform.post("/clock", {"to": f"{YEAR}-02-15T00:00:00+00:00"})  # January is over
    demo.year = YEAR
    demo.plan()
    cycle = wait_for(  # not demo.settle: it would rate January too
        lambda: (c := admin.get(f"/cycles/{member}/{YEAR}"))["stage"] == "monitor" and c,
        "the approval",
        30,
    )
    assert cycle["period"] == 3 and cycle["open_task"] is None  # March's segment is scheduled
    january = late_task(demo, 1, member)
    assert january is not None and january["status"] == "open"  # checked in the boundary
    assert late_task(demo, 2, member) is None  # February is checked when it is over


def test_a_definition_published_before_the_fold_keeps_a_segment_per_month(stack, api, people):
    admin = api.as_(stack.sample.admin_key)
    http = Http(stack.url, stack.sample.admin_key)
    before = json.loads(BEFORE_FOLD.read_text())
    monthly_settings = {"policy": {"frequency": "bulanan"}}
    validated_simulated_published(
        admin, http, "the default before the fold, monthly", lambda _: before,
        {"employees": 2}, monthly_settings,
    )  # fmt: skip
    nip = team(people)[1]
    (view,) = run_year(api, stack, people, [nip]).values()
    assert view["stage"] == "done" and view["predikat"]
    assessed = {a["period"] for a in view["assessments"] if a.get("predikat")}
    assert assessed >= set(range(1, 13))  # every month's (and the year's)
    runs = entered({nip})
    assert [states[-1] for states in runs] == ["SegmentEnd"] * 12 + ["Done"]
