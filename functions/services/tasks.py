"""Human tasks: their kinds, opening one for a waiting workflow (escalated, reopened and
reminded), and who may act on it. Completing one is functions/services/completion.py."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from functions import metrics
from functions.domain.stages import FOLLOW_UP_KIND, REVIEW_TASK_KINDS, TASK_STAGES
from functions.engine import clock, scheduler, tokens
from functions.errors import Conflict, Forbidden
from functions.services import audit, notifications  # notifications: standard library only
from functions.services.auth import ADMIN, Principal
from functions.services.cycles import note_stage, refuse_closed
from functions.services.settings import TenantSettings
from functions.store.records import NO_TOKEN, TaskRecord, plain
from functions.store.repository import TenantRepository


@dataclass(frozen=True)
class TaskKind:
    stage: str | None  # the cycle's stage while the task is open (None: no workflow waits)
    title: str


_TITLES = {
    "draft_skp": "Susun dan ajukan SKP",
    "approve_skp": "Setujui atau kembalikan SKP",
    "approve_skp_second": "Persetujuan kedua SKP (atasan pejabat penilai)",
    "coaching": "Bimbingan kinerja",
    "rate_perilaku": "Nilai perilaku kerja periode",
    "rate_annual": "Penilaian kinerja tahunan",
    "review_midyear": "Reviu kinerja tengah tahun",
}
KINDS: dict[str, TaskKind] = {
    kind: TaskKind(stage, _TITLES[kind]) for kind, stage in TASK_STAGES.items()
}
KINDS[FOLLOW_UP_KIND] = TaskKind(None, "Tindak lanjut bimbingan kinerja")
_REVIEW_TITLES = {
    "present_review": "Paparan capaian kinerja dan rencana kerja (evaluasi pejabat)",
    "score_review": "Penilaian paparan pejabat oleh panel",
    "recommend_review": "Rekomendasi panel atas pejabat",
    "ratify_review": "Pengesahan hasil evaluasi pejabat oleh PPK",
}
KINDS.update({kind: TaskKind(None, _REVIEW_TITLES[kind]) for kind in REVIEW_TASK_KINDS})


def title_of(task: TaskRecord) -> str:
    """The kind's title; konseling where the coaching task is advised so; the action followed up."""
    if (
        task.task_kind == "coaching"
        and plain(task.advice or {}).get("coaching_kind") == "konseling"
    ):
        return "Konseling kinerja"
    if task.task_kind == FOLLOW_UP_KIND and task.action:
        return f"{KINDS[FOLLOW_UP_KIND].title}: {task.action}"
    return KINDS[task.task_kind].title


def task_id_for(execution: str, state: str, entered_at: str) -> str:
    """One task per entry into a waiting state: a retried opener finds the same task."""
    return hashlib.sha256(f"{execution}|{state}|{entered_at}".encode()).hexdigest()[:20]


LAST_LEVEL = 2  # the regency's BKPSDM admins: the escalation chain ends there
REMINDER_DAYS = 2.0  # a reminder this long before a deadline (half the time, for short ones)


def default_assignee(kind: str) -> str:
    return "self" if kind == "draft_skp" else "penilai"


def assignee_for(
    repo: TenantRepository,
    kind: str,
    nip: str,
    escalated: bool | int,
    assignee: str | None = None,
) -> str | None:
    """Who must act at escalation ``level`` (True: 1). At 0 the person ``assignee`` names (by
    default the employee drafts and the penilai does the rest; ``atasan_penilai`` the penilai's
    own penilai, ``unit_head`` the head of the employee's unit, ``bkpsdm`` the tenant's admins);
    at 1 the task goes one level up, to that person's own penilai (the penilai drafts an overdue
    SKP; the atasan penilai takes the penilai's tasks); at 2, or with nobody there, the
    tenant's BKPSDM admins (None)."""
    level = int(escalated)
    if level >= LAST_LEVEL:
        return None
    who = _first_assignee(repo, nip, assignee or default_assignee(kind))
    for _ in range(level):
        who = repo.employee(who).penilai_nip if who else None
    return who


def _first_assignee(repo: TenantRepository, nip: str, relationship: str) -> str | None:
    if relationship == "self":
        return nip
    if relationship == "bkpsdm":
        return None
    employee = repo.employee(nip)
    if relationship == "unit_head":
        unit = repo.find_unit(employee.unit_id)
        return unit.head_nip if unit is not None and unit.head_nip else None
    penilai = employee.penilai_nip
    if relationship == "atasan_penilai":
        return repo.employee(penilai).penilai_nip if penilai else None
    return penilai


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
    level: int | None = None,
    timeout_seconds: int | None = None,
    assignee: str | None = None,
) -> TaskRecord:
    """Open the task a waiting state stands for. ``level`` says who acts (assignee_for); past
    the last level's deadline the same task is reopened for BKPSDM (new token and deadline), so
    a timeout never fails a cycle; a resumed segment reopens the cycle's open task of the same
    kind the same way, and does not ask again for coaching already recorded. A reminder is
    scheduled before each deadline. The task is due when its wait times out: ``timeout_seconds``
    is the number the state's timeout reads (definitions without it: the tenant's task_days).
    ``assignee``: who acts at level 0 by relationship (stages.ASSIGNEES; None: the kind's
    default)."""
    level = (1 if escalated else 0) if level is None else level
    task_id = task_id_for(execution, state, entered_at)
    existing = repo.find_task(task_id)
    if existing is not None:  # the opener ran again (Lambda retry): keep the task, new token
        repo.set_task_token(existing, token)
        return existing
    cycle = repo.cycle(nip, year)
    refuse_closed(cycle)
    settings = TenantSettings.of(repo.profile())
    now = clock.now()
    window = (
        timedelta(seconds=timeout_seconds)
        if timeout_seconds
        else timedelta(days=settings.task_days[kind])
    )
    if kind == "coaching" and (recorded := _coaching_recorded(repo, nip, year, period)):
        tokens.send_success(token, {"coaching_kind": recorded.coaching_kind})  # resumed: no ask
        return repo.task(recorded.task_id)
    prior = repo.find_task(cycle.open_task) if cycle.open_task else None
    if (
        prior is not None
        and prior.status == "open"
        and (prior.task_kind, int(prior.period)) == (kind, int(period))
        and (prior.level or 0) >= level
    ):  # nobody waits on it any more (BKPSDM's deadline passed, or a resumed segment): reopen
        return _reopen(repo, prior, token, now + window)
    task = repo.new_task(
        task_id,
        assignee_nip=assignee_for(repo, kind, nip, level, assignee),
        assignee=assignee if assignee not in (None, default_assignee(kind)) else None,
        status="open",
        due=now + window,
        task_kind=kind,
        subject_nip=nip,
        year=year,
        period=period,
        token=token,
        escalated_from=cycle.open_task if level else None,
        level=level or None,
        advice=_coaching_advice(repo, nip, year, period) if kind == "coaching" else None,
    )
    overdue = None
    with repo.transaction() as writes:
        if prior is not None and prior.status == "open":
            prior.status = "timed_out"
            repo.index_task(prior)
            writes.put(prior)
            writes.put(_timed_out_trail(repo, prior, task))
            overdue = prior
        stage = KINDS[kind].stage
        if stage is not None:  # a workflow waits on it
            note_stage(cycle, stage)
        cycle.open_task, cycle.open_kind = task_id, kind
        writes.put(cycle)
        writes.put_new(task)
    if overdue is not None:
        metrics.count(metrics.TASKS_OVERDUE, tenant_id=repo.tenant_id, kind=overdue.task_kind)
    announce(repo, task, now)
    return task


def detached_task_id(tenant_id: str, nip: str, year: int, kind: str, period: int) -> str:
    """The one task of ``kind`` a detached month has (a listing finds it by this id)."""
    return task_id_for(f"{tenant_id}/{nip}/{year}", f"detached-{kind}", str(period))


def open_detached(repo: TenantRepository, kind: str, nip: str, year: int, period: int):
    """Open a task no workflow waits on (no token): a month of monthly periods checked outside
    the quarter's execution (functions/services/months.py). Its completion applies its effect
    itself; the cycle's stage and open task stay the execution's. Idempotent: one per kind and
    month (a retried check finds it)."""
    task_id = detached_task_id(repo.tenant_id, nip, year, kind, period)
    if (existing := repo.find_task(task_id)) is not None:
        return existing
    now = clock.now()
    task = repo.new_task(
        task_id,
        assignee_nip=assignee_for(repo, kind, nip, 0),
        status="open",
        due=now + timedelta(days=TenantSettings.of(repo.profile()).task_days[kind]),
        task_kind=kind,
        subject_nip=nip,
        year=year,
        period=period,
        token=NO_TOKEN,
        advice=_coaching_advice(repo, nip, year, period) if kind == "coaching" else None,
    )
    if not repo.create(task):
        return repo.task(task_id)
    announce(repo, task, now)
    return task


def escalate_detached(repo: TenantRepository, task_id: str, due: str) -> TaskRecord | None:
    """A detached task's deadline passed (its schedule fired): one level up, as the three
    waits of the default do (penilai -> their penilai -> BKPSDM), past BKPSDM's deadline
    reopened for them; never a failed cycle. None when the task is done, or has another
    deadline now (a retried schedule)."""
    task = repo.find_task(task_id)
    if task is None or task.status != "open" or task.due.isoformat() != due:
        return None
    before = {**_assigned(task), "reopened": int(task.reopened or 0)}
    level = int(task.level or 0)
    now = clock.now()
    if level < LAST_LEVEL:
        task.level = level + 1
        task.assignee_nip = assignee_for(repo, task.task_kind, task.subject_nip, level + 1)
        action, event = "task.escalate", "task.opened"
    else:
        task.reopened = int(task.reopened or 0) + 1
        action, event = "task.reopen", "task.reopened"
    days = TenantSettings.of(repo.profile()).task_days[task.task_kind]
    task.due, task.reminded_at = now + timedelta(days=days), None
    _overdue_moved(repo, task, "system:month_check", action, before)
    if action == "task.escalate":
        metrics.count(metrics.TASKS_ESCALATED, tenant_id=repo.tenant_id, kind=task.task_kind)
    notifications.notify(repo, event, notifications.task_opened(task))
    _schedule_reminder(repo, task, now)
    return task


def announce(repo: TenantRepository, task: TaskRecord, now) -> None:
    """A task just opened: counted, told to the e-office (issue 5), its reminder scheduled."""
    metrics.count(metrics.TASKS_OPENED, tenant_id=repo.tenant_id, kind=task.task_kind)
    if task.level:
        metrics.count(metrics.TASKS_ESCALATED, tenant_id=repo.tenant_id, kind=task.task_kind)
    notifications.notify(repo, "task.opened", notifications.task_opened(task))
    _schedule_reminder(repo, task, now)


def _assigned(task: TaskRecord) -> dict:
    return {"assignee_nip": task.assignee_nip, "level": int(task.level or 0),
            "due": task.due.isoformat()}  # fmt: skip


def _timed_out_trail(repo: TenantRepository, prior: TaskRecord, task: TaskRecord):
    """The audit entry of a task whose deadline passed: escalated to the next level (the same
    kind of task, one level up), or left behind by the workflow."""
    escalated = task.escalated_from == prior.task_id and task.task_kind == prior.task_kind
    return audit.entry(
        repo, "system:human_task", "task.escalate" if escalated else "task.time_out",
        f"task/{prior.task_id}", before={"status": "open", **_assigned(prior)},
        after={"status": "timed_out", "task_kind": prior.task_kind, "next_task": task.task_id,
               **_assigned(task)},
        subject_nip=prior.subject_nip,
    )  # fmt: skip


def _coaching_advice(repo: TenantRepository, nip: str, year: int, period: int) -> dict:
    from functions.services.coaching import advice  # only coaching tasks need it (cold start)

    return advice(repo, nip, year, period)


def _coaching_recorded(repo: TenantRepository, nip: str, year: int, period: int):
    """The period's coaching, when a completed coaching task recorded it (a resumed segment)."""
    return next((c for c in repo.coachings(nip, year) if c.period == period and c.task_id), None)


def _overdue_moved(repo: TenantRepository, task: TaskRecord, actor: str, action: str, before):
    """Save an overdue task moved on (escalated or reopened, its new holder and deadline set)
    with its audit entry, all or nothing, and count it overdue."""
    repo.index_task(task)
    trail = audit.entry(
        repo, actor, action, f"task/{task.task_id}", before=before,
        after={**_assigned(task), "reopened": int(task.reopened or 0),
               "task_kind": task.task_kind},
        subject_nip=task.subject_nip,
    )  # fmt: skip
    with repo.all_or_none(Conflict(f"task {task.task_id} changed meanwhile")) as writes:
        writes.put(task)
        writes.put(trail)
    metrics.count(metrics.TASKS_OVERDUE, tenant_id=repo.tenant_id, kind=task.task_kind)


def _reopen(repo: TenantRepository, task: TaskRecord, token: str, due) -> TaskRecord:
    """The task stays with whoever has it, open, with a new token and deadline: BKPSDM's
    deadline passed, or a resumed segment waits on it again (repair)."""
    before = {**_assigned(task), "reopened": int(task.reopened or 0)}
    task.token, task.due, task.reminded_at = token, due, None
    task.reopened = int(task.reopened or 0) + 1
    _overdue_moved(repo, task, "system:human_task", "task.reopen", before)
    notifications.notify(repo, "task.reopened", notifications.task_opened(task))
    _schedule_reminder(repo, task, clock.now())
    return task


def _schedule_reminder(repo: TenantRepository, task: TaskRecord, now) -> None:
    """A reminder ``REMINDER_DAYS`` before the deadline (half-way for shorter tasks); none when
    that is less than a minute away."""
    lead = min(timedelta(days=REMINDER_DAYS), (task.due - now) / 2)
    at = task.due - lead
    if at - now < timedelta(minutes=1):
        return
    scheduler.schedule_reminder(
        repo.tenant_id, task.task_id, int(task.reopened or 0), at, task.due.isoformat()
    )


def remind(repo: TenantRepository, task_id: str, due: str) -> dict:
    """A task's reminder fired: tell its assignee (e-office) and flag the task, if it is still
    open with the deadline reminded of (not done, nor reopened with another deadline since)."""
    task = repo.find_task(task_id)
    if task is None or task.status != "open" or task.due.isoformat() != due:
        return {"reminded": False}
    if task.reminded_at is not None:  # a retried reminder
        return {"reminded": True}
    task.reminded_at = clock.now()
    repo.put(task, Conflict(f"task {task_id} changed meanwhile"))
    notifications.notify(repo, "task.reminder", notifications.task_opened(task))
    return {"reminded": True}


def check_assignee(principal: Principal, task: TaskRecord) -> None:
    if task.assignee_nip is None and principal.role == ADMIN:
        return
    if principal.nip is None or principal.nip != task.assignee_nip:
        raise Forbidden("this task is assigned to someone else")
