"""SKP: the employee drafts and submits it; the pejabat penilai approves or returns it."""

from __future__ import annotations

from functions.domain import Iki, Rhk, Skp, SkpStatus, Target, uncascaded, validate_skp
from functions.domain.changes import changes
from functions.domain.errors import DomainError
from functions.engine import clock
from functions.errors import Conflict, Forbidden, InvalidInput, StageForbids
from functions.services import audit
from functions.services.auth import ADMIN, Principal
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
    """Write the draft. The employee writes their own; once the overdue draft escalated, whoever
    holds its task: the penilai, then BKPSDM's admins."""
    record = repo.skp(nip, year)
    if not _drafts(principal, draft_task(repo, nip, year), nip):
        raise Forbidden(f"the SKP {nip}/{year} is drafted by whoever holds its drafting task")
    if record.status not in EDITABLE:
        raise StageForbids(f"the SKP is {record.status}; only a draft or a returned SKP changes")
    diff = changes(plain(record.content), content)
    record.content = content
    with repo.all_or_none(Conflict(f"the SKP {nip}/{year} changed meanwhile")) as writes:
        writes.put(record)
        if diff:  # the changes, not the whole plan: what a reviewer of the trail looks for
            writes.put(_trail(repo, principal, record, "skp.draft", record.status, diff))
    return record


def _drafts(principal: Principal, task: TaskRecord | None, nip: str) -> bool:
    """Who writes the SKP now: the employee; once the drafting task escalated, its holder (the
    penilai, or BKPSDM's admins at the last level)."""
    if task is None or task.assignee_nip == nip:
        return principal.nip == nip
    if task.assignee_nip is None:
        return principal.role == ADMIN
    return principal.nip == task.assignee_nip


def _superior(repo: TenantRepository, nip: str, year: int) -> tuple[str | None, SkpRecord | None]:
    penilai = repo.employee(nip).penilai_nip
    return penilai, repo.find_skp(penilai, year) if penilai else None


def _rhk_ids(record: SkpRecord) -> set[str]:
    return {r["id"] for r in plain(record.content).get("rhk", [])}


def superior_rhk_ids(repo: TenantRepository, nip: str, year: int) -> set[str] | None:
    """The RHK ids of the superior's approved SKP, or None when the superior is not evaluated
    in this system (the regent's officials at the top of the tree)."""
    penilai, superior = _superior(repo, nip, year)
    if superior is None:
        return None
    if superior.status != SkpStatus.DISETUJUI:
        raise StageForbids(
            f"the SKP of the penilai {penilai} is not approved yet; cascaded RHK need it first",
            details={"skp_status": superior.status},
        )
    return _rhk_ids(superior)


def cascade_basis(repo: TenantRepository, task: TaskRecord, principal: Principal):
    """What a submitted SKP's cascaded RHK are checked against: the superior's approved RHK
    ids (None: no superior evaluated here), and the mark of an SKP submitted *ahead* of them.
    The one rule of docs/skp-ahead.md: the employee waits for the superior's approval, but
    once the drafting task escalated (the penilai, then BKPSDM hold it) its holder may submit
    before it, the links left to reconcile when the superior's SKP is approved."""
    penilai, superior = _superior(repo, task.subject_nip, task.year)
    if superior is None:
        return None, None
    if superior.status == SkpStatus.DISETUJUI:
        return _rhk_ids(superior), None
    if not task.level:
        raise StageForbids(
            f"the SKP of the penilai {penilai} is not approved yet; cascaded RHK need it first "
            "(past the drafting deadline, the penilai and then BKPSDM may submit it ahead)",
            details={"skp_status": superior.status},
        )
    at = clock.now().isoformat()
    return None, {"superior": penilai, "superior_status": superior.status, "at": at,
                  "by": principal.label}  # fmt: skip


def cascade_state(repo: TenantRepository, record: SkpRecord) -> dict | None:
    """Where an SKP submitted ahead of its superior's approval stands: ``waiting`` (that SKP is
    not approved yet), ``to_reconcile`` with the RHK whose link to it is missing or unknown
    (repaired by a re-plan, services/replan.py), or ``reconciled``. None: cascaded as usual."""
    if not record.ahead:
        return None
    mark = plain(record.ahead)
    superior = repo.find_skp(mark["superior"], record.year)
    if superior is None or superior.status != SkpStatus.DISETUJUI:
        return {**mark, "status": "waiting", "rhk": []}
    employee = repo.employee(record.nip)
    own = to_domain(record.nip, record.year, plain(record.content), employee.position_kind == "jpt")
    policy = TenantSettings.of(repo.profile()).policy
    missing = uncascaded(own, _rhk_ids(superior), policy)
    return {**mark, "status": "to_reconcile" if missing else "reconciled", "rhk": list(missing)}


def submit_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    record = repo.skp(task.subject_nip, task.year)
    if record.status not in EDITABLE:
        raise StageForbids(f"the SKP is {record.status}; it cannot be submitted")
    employee = repo.employee(task.subject_nip)
    skp = to_domain(
        task.subject_nip, task.year, plain(record.content), employee.position_kind == "jpt"
    )
    ids, ahead = cascade_basis(repo, task, principal)
    try:
        validate_skp(skp, superior_rhk_ids=ids, policy=TenantSettings.of(repo.profile()).policy)
    except DomainError as error:
        raise InvalidInput.of(error) from None
    record.ahead = ahead
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
    """Whether ``principal`` writes the SKP now, as save_draft decides; only a draft or a
    returned SKP."""
    record = repo.find_skp(nip, year)
    if record is None or record.status not in EDITABLE:
        return False
    return _drafts(principal, draft_task(repo, nip, year), nip)
