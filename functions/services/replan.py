"""Re-planning an approved SKP in mid-year (e.g. after a transfer to another unit or penilai):
the employee proposes a revised SKP with the reason, the current pejabat penilai approves it
(it replaces the plan from then on) or returns it with a reason.

The workflow does not stop: while a proposal waits, the approved SKP stays in force (realisations
are reported against it) and its status stays ``disetujui``. Realisations and assessments of
past periods stay as they were; an IKI the new plan drops keeps its realisations (the quality
check lists them). Each step is kept in the SKP's history and audited (``skp.replan``,
``skp.replan_approved``, ``skp.replan_returned``), with before and after.
"""

from __future__ import annotations

from functions.domain import SkpStatus, validate_skp
from functions.domain.errors import DomainError
from functions.engine import clock
from functions.errors import Forbidden, InvalidInput, PreconditionFailed, StageForbids
from functions.services import audit
from functions.services.auth import ADMIN, Principal
from functions.services.settings import TenantSettings
from functions.services.skp import superior_rhk_ids, to_domain
from functions.store.records import SkpRecord, plain
from functions.store.repository import TenantRepository

ANNUAL = 0


def shown(record: SkpRecord) -> dict:
    return {
        "nip": record.nip,
        "year": record.year,
        "status": record.status,
        "content": plain(record.content),
        "proposal": plain(record.proposal),
        "history": plain(record.history),
    }


def _summary(content: dict) -> dict:
    """What an audit entry keeps of a plan: each RHK's id, text and the RHK above it."""
    return {
        "rhk": [
            {"id": r["id"], "text": r["text"], "rhk_atasan_id": r.get("rhk_atasan_id")}
            for r in content.get("rhk", [])
        ]
    }


def _open(repo: TenantRepository, nip: str, year: int) -> SkpRecord:
    record = repo.skp(nip, year)
    if record.status != SkpStatus.DISETUJUI:
        raise StageForbids(
            f"the SKP {nip}/{year} is {record.status}: only an approved SKP is re-planned "
            "(a draft is simply edited)"
        )
    cycle = repo.cycle(nip, year)
    annual = repo.assessment(nip, year, ANNUAL)
    if cycle.status == "done" or (annual is not None and annual.predikat):
        raise StageForbids(f"the year {year} of {nip} is assessed: its plan no longer changes")
    return record


def _save(repo: TenantRepository, record: SkpRecord, trail) -> None:
    with repo.all_or_none(PreconditionFailed("the SKP changed meanwhile: read it again")) as w:
        w.put(record)  # conditional on the version read
        w.put(trail)


def propose(
    repo: TenantRepository, principal: Principal, nip: str, year: int, content: dict, reason: str
) -> dict:
    """The employee proposes a revised plan, checked as a submitted SKP is (the cascade against
    the current penilai's approved RHK, the tenant's SKP policy)."""
    if principal.nip != nip:
        raise Forbidden(f"only employee {nip} re-plans their SKP")
    record = _open(repo, nip, year)
    if record.proposal:
        waiting = f"proposed {record.proposal['at']}: the penilai decides it first"
        raise StageForbids("a revised plan waits already", details={"proposal": [waiting]})
    employee = repo.employee(nip)
    try:
        validate_skp(
            to_domain(nip, year, content, employee.position_kind == "jpt"),
            superior_rhk_ids=superior_rhk_ids(repo, nip, year),
            policy=TenantSettings.of(repo.profile()).policy,
        )
    except DomainError as error:
        raise InvalidInput.of(error) from None
    at = clock.now().isoformat()
    record.proposal = {"content": content, "reason": reason, "by": nip, "at": at,
                       "penilai_nip": employee.penilai_nip}  # fmt: skip
    proposed = {"at": at, "status": "replan_proposed", "by": nip, "reason": reason}
    record.history = [*record.history, proposed]
    trail = audit.entry(
        repo, principal.label, "skp.replan", f"skp/{nip}/{year}",
        before=_summary(plain(record.content)), after={**_summary(content), "reason": reason},
        subject_nip=nip,
    )  # fmt: skip
    _save(repo, record, trail)
    return shown(record)


def decide(
    repo: TenantRepository,
    principal: Principal,
    nip: str,
    year: int,
    decision: str,
    reason: str | None,
) -> dict:
    """The employee's current penilai (BKPSDM when they have none) approves the proposal, which
    becomes the SKP, or returns it with the reason; the approved SKP stays until then."""
    penilai = repo.employee(nip).penilai_nip  # who may decide, before anything else is told
    allowed = principal.nip == penilai if penilai else principal.role == ADMIN
    if not allowed or principal.nip == nip:
        raise Forbidden(f"the re-planned SKP of {nip} is decided by their penilai")
    record = _open(repo, nip, year)
    if not record.proposal:
        raise StageForbids(f"no revised plan of {nip}/{year} waits for a decision")
    proposal = plain(record.proposal)
    at = clock.now().isoformat()
    before = _summary(plain(record.content))
    entry = {
        "at": at,
        "by": principal.nip or principal.label,
        "reason": reason or proposal["reason"],
    }
    if decision == "approve":
        record.content = proposal["content"]
        record.history = [*record.history, {**entry, "status": "replan_approved"}]
        action = "skp.replan_approved"
        after = {**_summary(proposal["content"]), "reason": proposal["reason"]}
    else:
        record.history = [*record.history, {**entry, "status": "replan_returned"}]
        action = "skp.replan_returned"
        after = {**before, "returned": reason}
    record.proposal = None
    trail = audit.entry(repo, principal.label, action, f"skp/{nip}/{year}", before=before,
                        after=after, subject_nip=nip)  # fmt: skip
    _save(repo, record, trail)
    return shown(record)
