"""Completing or rejecting a human task: its effect, the closed task and the answer to the
workflow, all or nothing.

Completing a task applies its effect (an SKP approved, a coaching record, a behaviour rating)
and marks it done in one transaction, conditional on the task still being open, and only then
returns the task token to Step Functions, so the next step reads what the person entered. The
workflow takes the result and the records change, or neither: the token is checked before the
commit (nothing is written when the workflow no longer waits), and a token refused after the
commit (it timed out in between) undoes the commit.

Each kind's effect is bound here by reference. Opening a task (functions/services/tasks.py, the
human_task step) does not import this module, so its cold start loads none of the effects.
"""

from __future__ import annotations

from collections.abc import Callable

from functions.domain.stages import FOLLOW_UP_KIND
from functions.engine import clock, tokens
from functions.errors import Conflict
from functions.services import (
    assessment,
    audit,
    coaching,
    months,
    notifications,
    review_tasks,
    skp,
)
from functions.services.auth import Principal
from functions.services.tasks import check_assignee
from functions.store.records import NO_TOKEN, Record, TaskRecord, storable
from functions.store.repository import TenantRepository

# An effect returns the records to save with the closed task and the output for the workflow.
Effect = Callable[[TenantRepository, TaskRecord, Principal, dict], tuple[list[Record], dict]]
EFFECTS: dict[str, Effect] = {
    "draft_skp": skp.submit_effect,
    "approve_skp": skp.review_effect,
    "approve_skp_second": skp.second_review_effect,
    "coaching": coaching.record_effect,
    "rate_perilaku": assessment.perilaku_effect,
    "rate_annual": assessment.perilaku_effect,
    "review_midyear": assessment.midyear_effect,
    FOLLOW_UP_KIND: coaching.follow_up_effect,
    "present_review": review_tasks.present_effect,
    "score_review": review_tasks.score_effect,
    "recommend_review": review_tasks.recommend_effect,
    "ratify_review": review_tasks.ratify_effect,
}


def complete_task(
    repo: TenantRepository, principal: Principal, task_id: str, body: dict
) -> TaskRecord:
    task = repo.task(task_id)
    _check_open(task)
    check_assignee(principal, task)
    body = storable(body)
    records, output = EFFECTS[task.task_kind](repo, task, principal, body)
    # ``answer``: what the effect adds to the task's outcome for people (not for the workflow)
    outcome = {**body, **output.pop("answer", {})}
    _settle(repo, task, principal, "done", outcome, records, tokens.send_success, output)
    if task.task_kind == "rate_perilaku" and months.is_detached(repo, task):
        months.assessed(repo, task)  # the last month open: the annual review may start now
    if output.get("decision") == "approved":  # once committed: skp.review_effect approved it
        notifications.notify(repo, "skp.approved", notifications.skp_approved(task, principal))
    return task


def reject_task(repo: TenantRepository, principal: Principal, task_id: str, reason: str):
    """The person cannot do the task (SendTaskFailure): the workflow records the reason."""
    task = repo.task(task_id)
    _check_open(task)
    check_assignee(principal, task)
    outcome = {"reason": reason}
    _settle(
        repo, task, principal, "rejected", outcome, [], tokens.send_failure, "TaskRejected", reason
    )
    return task


def _check_open(task: TaskRecord) -> None:
    if task.status != "open":
        raise Conflict(f"task {task.task_id} is {task.status}, not open")


def _settle(repo, task: TaskRecord, principal, status, outcome, records, send, *answer) -> None:
    """Commit the effect and the closed task only if the workflow takes the answer: a refused
    token before the commit writes nothing; one refused after it (timed out in between) has
    the commit undone, so the records and the workflow never disagree. Conflict (409) both ways.
    """
    records = [*records, _trail(repo, task, principal, status, outcome)]
    if task.token == NO_TOKEN:  # nothing waits on it: only the records
        _close(repo, task, principal, status, outcome, records)
        return
    tokens.check_live(task.token)
    before = repo.snapshot([*records, task])
    _close(repo, task, principal, status, outcome, records)
    try:
        send(task.token, *answer)
    except Conflict:
        repo.restore(before, Conflict(f"task {task.task_id} changed meanwhile; read it again"))
        raise


def _trail(repo, task: TaskRecord, principal: Principal, status: str, outcome: dict) -> Record:
    """The audit entry of a completed or rejected task, committed (and undone) with it."""
    action = "task.complete" if status == "done" else "task.reject"
    return audit.entry(
        repo, principal.label, action, f"task/{task.task_id}",
        before={"status": task.status, "task_kind": task.task_kind, "period": int(task.period),
                "assignee_nip": task.assignee_nip, "level": int(task.level or 0)},
        after={"status": status, "outcome": outcome}, subject_nip=task.subject_nip,
    )  # fmt: skip


def _close(repo, task: TaskRecord, principal: Principal, status: str, outcome, records) -> None:
    task.status = status
    task.outcome = outcome
    task.completed_by = principal.nip or f"key:{principal.key_prefix}"
    task.completed_at = clock.now()
    repo.index_task(task)
    with repo.all_or_none(
        Conflict(f"task {task.task_id} changed meanwhile; read it again")
    ) as writes:
        for record in records:
            writes.put(record)
        writes.put(task)  # the version condition refuses a concurrent completion
