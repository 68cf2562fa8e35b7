"""Coach: the penilai's record of bimbingan or konseling kinerja when results lag."""

from __future__ import annotations

from functions.errors import Conflict, Forbidden, InvalidInput, NotFound
from functions.services import audit
from functions.services.auth import Principal
from functions.store.records import TaskRecord, plain, storable
from functions.store.repository import TenantRepository

OUTCOMES = ("improved", "partly_improved", "not_improved")
NOT_IMPROVED = "not_improved"


def record_effect(repo: TenantRepository, task: TaskRecord, principal: Principal, body: dict):
    assessment = repo.assessment(task.subject_nip, task.year, task.period)
    record = repo.new_coaching(
        task.subject_nip,
        task.year,
        task.period,
        task.task_id,
        coaching_kind=body["coaching_kind"],
        held_on=body["held_on"],
        by_nip=principal.nip or "bkpsdm",
        findings=body["findings"],
        actions=body.get("actions", []),
        rhk_ids=list(assessment.lagging_rhk) if assessment else [],
    )
    return [record], {"coaching_kind": body["coaching_kind"]}


def review(repo: TenantRepository, nip: str, year: int, period: int) -> dict:
    """The coach step: the period's coaching is on record; advise konseling when bimbingan in
    the previous period did not lift the same results, or its follow-up found no improvement."""
    records = repo.coachings(nip, year)
    now = [r for r in records if r.period == period]
    earlier = [r for r in records if r.period == period - 1]
    again = {rhk for r in now for rhk in r.rhk_ids} & {rhk for r in earlier for rhk in r.rhk_ids}
    stuck = any(f["outcome"] == NOT_IMPROVED for r in earlier for f in plain(r.follow_ups))
    return {"records": len(now), "konseling_advised": bool(again) or stuck}


def follow_up(
    repo: TenantRepository, principal: Principal, nip: str, year: int, coaching_id: str, body: dict
) -> dict:
    """The penilai records how the agreed actions went: which were done, and the outcome."""
    record = next((r for r in repo.coachings(nip, year) if r.task_id == coaching_id), None)
    if record is None:
        raise NotFound(f"coaching {coaching_id} of {nip}/{year} not found")
    if principal.nip not in (record.by_nip, repo.employee(nip).penilai_nip):
        raise Forbidden("the follow-up is recorded by the penilai who coached")
    if bad := [n for n in body["actions_done"] if not 0 <= n < len(record.actions)]:
        details = {"actions_done": [f"{n} is not an agreed action (0 to {len(record.actions) - 1})"
                                    for n in bad]}  # fmt: skip
        raise InvalidInput("an action done is not one agreed", details=details)
    entry = {**storable(body), "by": principal.label}
    before = plain(record.follow_ups)
    record.follow_ups = [*before, entry]
    trail = audit.entry(
        repo, principal.label, "coaching.follow_up", f"coaching/{nip}/{year}/{coaching_id}",
        before={"follow_ups": before}, after={"follow_ups": record.follow_ups}, subject_nip=nip,
    )  # fmt: skip
    with repo.all_or_none(
        Conflict("the coaching record changed meanwhile; read it again")
    ) as batch:
        batch.put(record)
        batch.put(trail)
    return {"coaching_id": coaching_id, "follow_ups": record.follow_ups}
