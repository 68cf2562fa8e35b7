"""Human tasks: open one for a waiting workflow, list them, complete or reject them.

Completing a task applies its effect (an SKP approved, a coaching record, a behaviour rating)
and marks it done in one transaction, conditional on the task still being open, and only then
returns the task token to Step Functions, so the next step reads what the person entered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from functions import metrics
from functions.domain.stages import TASK_STAGES
from functions.engine import clock, tokens
from functions.errors import Conflict, Forbidden
from functions.services import notifications  # standard library only at import
from functions.services.auth import ADMIN, Principal
from functions.services.cycles import note_stage
from functions.services.settings import TenantSettings
from functions.store.records import Record, TaskRecord, storable
from functions.store.repository import TenantRepository


@dataclass(frozen=True)
class TaskKind:
    stage: str  # the cycle's stage while the task is open
    title: str
    # The effect of completing it, "module.function" in functions/services: it returns the
    # records to save and the output for the workflow. Imported when a task is completed, so
    # that opening one (the human_task step's cold start) loads none of them.
    effect: str

    def complete(self, *args) -> tuple[list[Record], dict]:
        module, function = self.effect.rsplit(".", 1)
        return getattr(import_module(f"functions.services.{module}"), function)(*args)


_TITLES_AND_EFFECTS = {
    "draft_skp": ("Susun dan ajukan SKP", "skp.submit_effect"),
    "approve_skp": ("Setujui atau kembalikan SKP", "skp.review_effect"),
    "coaching": ("Bimbingan kinerja", "coaching.record_effect"),
    "rate_perilaku": ("Nilai perilaku kerja periode", "assessment.perilaku_effect"),
    "rate_annual": ("Penilaian kinerja tahunan", "assessment.perilaku_effect"),
}
KINDS: dict[str, TaskKind] = {
    kind: TaskKind(stage, *_TITLES_AND_EFFECTS[kind]) for kind, stage in TASK_STAGES.items()
}


def task_id_for(execution: str, state: str, entered_at: str) -> str:
    """One task per entry into a waiting state: a retried opener finds the same task."""
    return hashlib.sha256(f"{execution}|{state}|{entered_at}".encode()).hexdigest()[:20]


def assignee_for(repo: TenantRepository, kind: str, nip: str, escalated: bool) -> str | None:
    """Who must act: the employee drafts, the penilai does the rest. An overdue task goes one
    level up (the penilai drafts an overdue SKP; the atasan penilai takes the penilai's tasks);
    with nobody above, it goes to the tenant's BKPSDM admins (None)."""
    penilai = repo.employee(nip).penilai_nip
    if kind == "draft_skp":
        return penilai if escalated else nip
    if not escalated:
        return penilai
    return repo.employee(penilai).penilai_nip if penilai else None


def open_task(
    repo: TenantRepository,
    *,
    kind: str,
    nip: str,
    year: int,
    period: int,
    escalated: bool,
    token: str,
    execution: str,
    state: str,
    entered_at: str,
) -> TaskRecord:
    task_id = task_id_for(execution, state, entered_at)
    existing = repo.find_task(task_id)
    if existing is not None:  # the opener ran again (Lambda retry): keep the task, new token
        repo.set_task_token(existing, token)
        return existing
    cycle = repo.cycle(nip, year)
    settings = TenantSettings.of(repo.profile())
    now = clock.now()
    task = repo.new_task(
        task_id,
        assignee_nip=assignee_for(repo, kind, nip, escalated),
        status="open",
        due=now + timedelta(days=settings.task_days[kind]),
        task_kind=kind,
        subject_nip=nip,
        year=year,
        period=period,
        token=token,
        escalated_from=cycle.open_task if escalated else None,
    )
    overdue = None
    with repo.transaction() as writes:
        prior = repo.find_task(cycle.open_task) if escalated and cycle.open_task else None
        if prior is not None and prior.status == "open":
            prior.status = "timed_out"
            repo.index_task(prior)
            writes.put(prior)
            overdue = prior
        note_stage(cycle, KINDS[kind].stage)
        cycle.open_task = task_id
        writes.put(cycle)
        writes.put_new(task)
    metrics.count(metrics.TASKS_OPENED, tenant_id=repo.tenant_id, kind=kind)
    if escalated:
        metrics.count(metrics.TASKS_ESCALATED, tenant_id=repo.tenant_id, kind=kind)
    if overdue is not None:
        metrics.count(metrics.TASKS_OVERDUE, tenant_id=repo.tenant_id, kind=overdue.task_kind)
    notifications.notify(repo, "task.opened", notifications.task_opened(task))  # e-office (issue 5)
    return task


def check_assignee(principal: Principal, task: TaskRecord) -> None:
    if task.assignee_nip is None and principal.role == ADMIN:
        return
    if principal.nip is None or principal.nip != task.assignee_nip:
        raise Forbidden("this task is assigned to someone else")


def complete_task(
    repo: TenantRepository, principal: Principal, task_id: str, body: dict
) -> TaskRecord:
    task = repo.task(task_id)
    _check_open(task)
    check_assignee(principal, task)
    body = storable(body)
    records, output = KINDS[task.task_kind].complete(repo, task, principal, body)
    _close(repo, task, principal, "done", body, records)
    tokens.send_success(task.token, output)
    if output.get("decision") == "approved":  # once committed: skp.review_effect approved it
        notifications.notify(repo, "skp.approved", notifications.skp_approved(task, principal))
    return task


def reject_task(repo: TenantRepository, principal: Principal, task_id: str, reason: str):
    """The person cannot do the task (SendTaskFailure): the workflow records the reason."""
    task = repo.task(task_id)
    _check_open(task)
    check_assignee(principal, task)
    _close(repo, task, principal, "rejected", {"reason": reason}, [])
    tokens.send_failure(task.token, "TaskRejected", reason)
    return task


def _check_open(task: TaskRecord) -> None:
    if task.status != "open":
        raise Conflict(f"task {task.task_id} is {task.status}, not open")


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
