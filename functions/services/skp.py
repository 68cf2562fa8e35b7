"""SKP: the employee drafts and submits it; the pejabat penilai approves or returns it."""

from __future__ import annotations

from functions.domain import Iki, Rhk, Skp, SkpStatus, Target, validate_skp
from functions.domain.changes import changes
from functions.domain.errors import DomainError
from functions.engine import clock
from functions.errors import Conflict, Forbidden, InvalidInput, StageForbids
from functions.services import audit
from functions.services.auth import Principal
from functions.services.settings import TenantSettings
from functions.store.records import SkpRecord, TaskRecord, plain
from functions.store.repository import TenantRepository

EDITABLE = (SkpStatus.DRAFT, SkpStatus.DIKEMBALIKAN)


def to_domain(nip: str, year: int, content: dict, jpt: bool) -> Skp:
    return Skp(
        nip=nip,
        year=year,
        approach=content.get("approach", "kuantitatif"),
        jpt=jpt,
        rhk=tuple(
            Rhk(
                id=r["id"],
                text=r["text"],
                utama=r["utama"],
                rhk_atasan_id=r.get("rhk_atasan_id"),
                weight=r.get("weight"),
                iki=tuple(
                    Iki(
                        id=i["id"],
                        indikator=i["indikator"],
                        aspek=i["aspek"],
                        target=Target(**i["target"]),
                        perspektif=i.get("perspektif"),
                    )
                    for i in r["iki"]
                ),
            )
            for r in content.get("rhk", [])
        ),
        perilaku_ekspektasi=content.get("perilaku_ekspektasi", {}),
        lampiran={k: tuple(v) for k, v in content.get("lampiran", {}).items()},
    )


def ensure_draft(repo: TenantRepository, nip: str, year: int) -> SkpRecord:
    """The plan step: the year's SKP exists, as a draft when it is new (idempotent)."""
    record = repo.find_skp(nip, year)
    if record is None:
        record = repo.new_skp(nip, year, status=SkpStatus.DRAFT.value, content={}, history=[])
        repo.put(record)  # new: on its key being free
    return record


def save_draft(
    repo: TenantRepository, principal: Principal, nip: str, year: int, content: dict
) -> SkpRecord:
    """Write the draft. The employee writes their own; a penilai writes it when the overdue
    draft was escalated to them."""
    record = repo.skp(nip, year)
    cycle = repo.cycle(nip, year)
    task = repo.find_task(cycle.open_task) if cycle.open_task else None
    drafter = task.assignee_nip if task and task.task_kind == "draft_skp" else nip
    if principal.nip != drafter:
        raise Forbidden(f"the SKP {nip}/{year} is drafted by {drafter}")
    if record.status not in EDITABLE:
        raise StageForbids(f"the SKP is {record.status}; only a draft or a returned SKP changes")
    diff = changes(plain(record.content), content)
    record.content = content
    with repo.all_or_none(Conflict(f"the SKP {nip}/{year} changed meanwhile")) as writes:
        writes.put(record)
        if diff:  # the changes, not the whole plan: what a reviewer of the trail looks for
            writes.put(_trail(repo, principal, record, "skp.draft", record.status, diff))
    return record


def superior_rhk_ids(repo: TenantRepository, nip: str, year: int) -> set[str] | None:
    """The RHK ids of the superior's approved SKP, or None when the superior is not evaluated
    in this system (the regent's officials at the top of the tree)."""
    penilai = repo.employee(nip).penilai_nip
    superior = repo.find_skp(penilai, year) if penilai else None
    if superior is None:
        return None
    if superior.status != SkpStatus.DISETUJUI:
        raise StageForbids(
            f"the SKP of the penilai {penilai} is not approved yet; cascaded RHK need it first"
        )
    return {r["id"] for r in plain(superior.content).get("rhk", [])}


def submit_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    record = repo.skp(task.subject_nip, task.year)
    if record.status not in EDITABLE:
        raise StageForbids(f"the SKP is {record.status}; it cannot be submitted")
    employee = repo.employee(task.subject_nip)
    skp = to_domain(
        task.subject_nip, task.year, plain(record.content), employee.position_kind == "jpt"
    )
    try:
        validate_skp(
            skp,
            superior_rhk_ids=superior_rhk_ids(repo, task.subject_nip, task.year),
            policy=TenantSettings.of(repo.profile()).policy,
        )
    except DomainError as error:
        raise InvalidInput.of(error) from None
    before = record.status
    content = plain(record.content)
    since = changes(plain(record.submitted), content) if record.submitted is not None else None
    record.submitted = content
    _move(record, SkpStatus.DIAJUKAN, principal, None)
    trail = _trail(repo, principal, record, "skp.submit", before, since)
    return [record, trail], {"skp_status": record.status}


def review_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    record = repo.skp(task.subject_nip, task.year)
    if record.status != SkpStatus.DIAJUKAN:
        raise StageForbids(f"the SKP is {record.status}, not submitted")
    if body["decision"] == "approve":
        _move(record, SkpStatus.DISETUJUI, principal, None)
        return [record, _trail(repo, principal, record, "skp.approve", SkpStatus.DIAJUKAN)], {
            "decision": "approved"
        }
    return _return(repo, record, principal, body["reason"], SkpStatus.DIAJUKAN)


def second_review_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    """The atasan penilai's second approval (approve_skp_second) of an SKP the penilai approved:
    approved, it stays disetujui (the history names both); returned, it is editable again and
    goes through both approvals once more (the returns count against max_skp_returns)."""
    record = repo.skp(task.subject_nip, task.year)
    if record.status != SkpStatus.DISETUJUI:
        raise StageForbids(f"the SKP is {record.status}, not approved by the penilai")
    if body["decision"] == "approve":
        _move(record, SkpStatus.DISETUJUI, principal, None)
        return [
            record,
            _trail(repo, principal, record, "skp.approve_second", SkpStatus.DISETUJUI),
        ], {"decision": "approved"}
    return _return(repo, record, principal, body["reason"], SkpStatus.DISETUJUI)


def _return(repo, record: SkpRecord, principal: Principal, reason: str, before: SkpStatus):
    """Return the SKP for editing, within the regency's limit of returns (max_skp_returns)."""
    limit = TenantSettings.of(repo.profile()).policy.max_skp_returns
    returns = sum(1 for h in plain(record.history) if h.get("status") == SkpStatus.DIKEMBALIKAN)
    if returns >= limit:
        raise StageForbids(
            f"the SKP was returned {returns} times, the regency's limit (max_skp_returns): "
            "approve it, with the corrections as notes",
            details={"decision": [f"at most {limit} returns"]},
        )
    _move(record, SkpStatus.DIKEMBALIKAN, principal, reason)
    return [record, _trail(repo, principal, record, "skp.return", before)], {"decision": "returned"}


def _trail(repo, principal: Principal, record: SkpRecord, action: str, before, diff=None):
    """The audit entry of an SKP's move: the status before and after, the reason it was
    returned, and the content's changes (since the last save, or the last submission)."""
    after: dict = {"status": record.status}
    if record.returned_reason and record.status == SkpStatus.DIKEMBALIKAN:
        after["reason"] = record.returned_reason
    if diff is not None:
        after["changes"] = diff
    return audit.entry(
        repo, principal.label, action, f"skp/{record.nip}/{record.year}",
        before={"status": str(before)}, after=after, subject_nip=record.nip,
    )  # fmt: skip


def _move(record: SkpRecord, status: SkpStatus, principal: Principal, reason: str | None):
    record.status = status.value
    record.returned_reason = reason
    entry = {"at": clock.now().isoformat(), "status": status.value, "by": principal.nip}
    record.history = [*record.history, {**entry, "reason": reason} if reason else entry]


def draft_task(repo: TenantRepository, nip: str, year: int) -> TaskRecord | None:
    """The cycle's open drafting task (draft_skp), or None when the SKP is not awaited."""
    cycle = repo.cycle(nip, year)
    task = repo.find_task(cycle.open_task) if cycle.open_task else None
    if task is None or task.task_kind != "draft_skp" or task.status != "open":
        return None
    return task


def may_draft(repo: TenantRepository, principal: Principal, nip: str, year: int) -> bool:
    """Whether ``principal`` writes the SKP now, as save_draft decides: the employee, or the
    penilai an overdue draft was escalated to; only a draft or a returned SKP."""
    record = repo.find_skp(nip, year)
    if record is None or record.status not in EDITABLE:
        return False
    task = draft_task(repo, nip, year)
    drafter = task.assignee_nip if task else nip
    return principal.nip is not None and principal.nip == drafter
