"""Coach: the penilai's record of bimbingan or konseling kinerja when results lag."""

from __future__ import annotations

from functions.services.auth import Principal
from functions.store.records import TaskRecord
from functions.store.repository import TenantRepository


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
    the previous period did not lift the same results (policy of the rules issue)."""
    records = repo.coachings(nip, year)
    now = [r for r in records if r.period == period]
    before = {rhk for r in records if r.period == period - 1 for rhk in r.rhk_ids}
    again = {rhk for r in now for rhk in r.rhk_ids} & before
    return {"records": len(now), "konseling_advised": bool(again)}
