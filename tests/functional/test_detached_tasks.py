"""A detached month's task (monthly periods, functions/services/months.py) on the embedded
stack: opened once per month and kind, escalated by its deadline's schedule one level at a
time up to BKPSDM and then reopened for them, a schedule of an earlier deadline changing
nothing; known by its own id, listed for the regency."""

from __future__ import annotations

from functions.engine import clock, scheduler
from functions.engine.clients import client
from functions.services import months, tasks
from functions.steps import month_check
from functions.store.records import NO_TOKEN
from functions.store.repository import TenantRepository
from tests.integration.test_cycle import team

YEAR = 2026


def opened(stack, people):
    repo = TenantRepository(stack.sample.tenant_id)
    head, member = team(people)[:2]
    task = tasks.open_detached(repo, "rate_perilaku", member, YEAR, 2)
    return repo, head, member, task


def test_a_month_s_task_opens_once_for_the_penilai_without_a_token(stack, people):
    repo, head, member, task = opened(stack, people)
    again = tasks.open_detached(repo, "rate_perilaku", member, YEAR, 2)
    assert again.task_id == task.task_id  # a retried check finds it
    assert task.token == NO_TOKEN and task.assignee_nip == head and not task.level
    assert months.is_detached(repo, task)
    assert [t.task_id for t in repo.tasks_of(head)] == [task.task_id]


def test_its_deadline_escalates_it_up_to_bkpsdm_then_reopens_it_never_failing(stack, people, admin):
    repo, head, _, task = opened(stack, people)
    seen = []
    for _ in range(3):
        due_at = repo.task(task.task_id).due
        clock.current().set(due_at)  # the schedule fires at the deadline
        due = due_at.isoformat()
        event = {"tenant_id": repo.tenant_id, "task_id": task.task_id, "due": due}
        assert month_check.handler(event) == {"task_ids": [task.task_id]}
        now = repo.task(task.task_id)
        seen.append((now.level, now.assignee_nip, int(now.reopened or 0)))
        assert now.status == "open" and now.due > clock.now()
        assert month_check.handler(event) == {"task_ids": []}  # that deadline is past: no-op
    assert seen == [(1, people[head]["penilai"], 0), (2, None, 0), (2, None, 1)]
    entries = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31")
    trail = [e["action"] for e in entries if e["item"] == f"task/{task.task_id}"]
    assert trail.count("task.escalate") == 2 and trail.count("task.reopen") == 1


def test_a_task_without_a_token_that_is_not_a_month_s_is_not_detached(stack, people):
    repo, _, member, task = opened(stack, people)
    other = repo.new_task(
        "t-follow-up", assignee_nip=task.assignee_nip, status="open", due=task.due,
        task_kind="rate_perilaku", subject_nip=member, year=YEAR, period=2, token=NO_TOKEN,
    )  # fmt: skip
    assert not months.is_detached(repo, other)


def test_the_regency_list_finds_a_month_s_task_by_its_id(stack, people):
    repo, _, member, task = opened(stack, people)
    cycle = repo.new_cycle(
        member, YEAR, repo.employee(member).unit_id, stage="monitor", period=3, periods=12
    )
    assert task.task_id in months.detached_ids(repo, cycle)
    cycle.period = 2  # month 2 not gone past: not looked for
    assert task.task_id not in months.detached_ids(repo, cycle)
    cycle.periods = 4  # quarterly periods have none
    assert months.detached_ids(repo, cycle) == []


def test_after_a_restart_recovery_schedules_a_month_s_check_and_deadline_again(stack, people):
    repo, _, member, task = opened(stack, people)  # February's task is open
    cycle = repo.new_cycle(
        member, YEAR, repo.employee(member).unit_id, stage="monitor", period=3, periods=12
    )
    repo.create(cycle)
    group = scheduler.group()
    sched = client("scheduler")
    for listed in sched.list_schedules(GroupName=group)["Schedules"]:
        sched.delete_schedule(Name=listed["Name"], GroupName=group)  # lost with the process
    months.recover(repo, repo.cycle(member, YEAR))
    names = {s["Name"] for s in sched.list_schedules(GroupName=group)["Schedules"]}
    assert f"{repo.tenant_id}-e-{task.task_id}-000" in names  # February's deadline
    assert f"{repo.tenant_id}-{cycle.ref}-m01" in names  # January has no task yet: its check
    assert not any(name.endswith("-m02") for name in names)  # February's task exists


def test_closing_a_monthly_cycle_cancels_its_month_s_task_and_its_deadline_changes_nothing(
    stack, people, admin
):
    repo, head, member, task = opened(stack, people)  # February's rating is open
    cycle = repo.new_cycle(
        member, YEAR, repo.employee(member).unit_id, stage="monitor", period=3, periods=12
    )
    repo.create(cycle)
    body = {"year": YEAR, "nips": [member], "reason": "pindah_keluar"}
    assert admin.post("/cycles/closures", body)[0]["outcome"] == "done"
    assert repo.task(task.task_id).status == "cancelled"
    assert repo.tasks_of(head) == []  # out of the penilai's inbox
    closure = admin.get(f"/cycles/{member}/{YEAR}")["closure"]
    assert closure["months_cancelled"] == [task.task_id]
    due = repo.task(task.task_id).due
    event = {"tenant_id": repo.tenant_id, "task_id": task.task_id, "due": due.isoformat()}
    assert month_check.handler(event) == {"task_ids": []}  # its deadline fires: nothing
    check = {"tenant_id": repo.tenant_id, "nip": member, "year": YEAR, "period": 1}
    assert month_check.handler(check) == {"task_ids": []}  # a month's check: nothing either
