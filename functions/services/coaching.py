"""Coach: the penilai's record of bimbingan or konseling kinerja when results lag."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from functions.domain.stages import FOLLOW_UP_KIND
from functions.engine import clock
from functions.errors import Conflict, Forbidden, InvalidInput, NotFound
from functions.services import audit
from functions.services.auth import Principal
from functions.store.records import NO_TOKEN, TaskRecord, plain, storable
from functions.store.repository import TenantRepository

OUTCOMES = ("improved", "partly_improved", "not_improved")
NOT_IMPROVED = "not_improved"


def record_effect(repo: TenantRepository, task: TaskRecord, principal: Principal, body: dict):
    """The coaching record (its kind by default the task's advice), and a follow-up task for
    the penilai per agreed action, due on the action's date."""
    assessment = repo.assessment(task.subject_nip, task.year, task.period)
    kind = body.get("coaching_kind") or plain(task.advice or {}).get("coaching_kind", "bimbingan")
    record = repo.new_coaching(
        task.subject_nip,
        task.year,
        task.period,
        task.task_id,
        coaching_kind=kind,
        held_on=body["held_on"],
        by_nip=principal.nip or "bkpsdm",
        findings=body["findings"],
        actions=body.get("actions", []),
        rhk_ids=list(assessment.lagging_rhk) if assessment else [],
    )
    follow_ups = [
        _follow_up_task(repo, task, principal, n, action)
        for n, action in enumerate(body.get("actions", []))
        if action.get("due")
    ]
    shown = {name: plain(getattr(record, name)) for name in RECORDED}
    trail = audit.entry(
        repo, principal.label, "coaching.record", f"coaching/{task.subject_nip}/{task.year}/"
        f"{task.task_id}", after={**shown, "period": int(task.period),
                                  "follow_up_tasks": [t.task_id for t in follow_ups]},
        subject_nip=task.subject_nip,
    )  # fmt: skip
    return [record, *follow_ups, trail], {"coaching_kind": kind}


RECORDED = ("coaching_kind", "held_on", "by_nip", "findings", "actions", "rhk_ids")


def _follow_up_task(repo, task: TaskRecord, principal: Principal, n: int, action: dict):
    due = datetime.combine(date.fromisoformat(action["due"]), time(), UTC)
    return repo.new_task(
        f"{task.task_id}-a{n}",
        assignee_nip=principal.nip or repo.employee(task.subject_nip).penilai_nip,
        status="open",
        due=due,
        task_kind=FOLLOW_UP_KIND,
        subject_nip=task.subject_nip,
        year=task.year,
        period=task.period,
        token=NO_TOKEN,
        coaching_id=task.task_id,
        action_index=n,
        action=action["action"],
    )


def advice(repo: TenantRepository, nip: str, year: int, period: int) -> dict:
    """What the period's coaching should be: konseling when a follow-up of an earlier coaching
    found no improvement, or when the results lagging now were coached in the period before
    (bimbingan did not lift them); bimbingan otherwise."""
    records = [r for r in repo.coachings(nip, year) if r.period < period]
    stuck = [r for r in records if (plain(r.follow_ups) or [{}])[-1].get("outcome") == NOT_IMPROVED]
    if stuck:
        held = stuck[-1].held_on
        return {
            "coaching_kind": "konseling",
            "reason": f"no improvement after the coaching of {held}",
        }
    assessment = repo.assessment(nip, year, period)
    lagging = set(assessment.lagging_rhk) if assessment else set()
    again = lagging & {rhk for r in records if r.period == period - 1 for rhk in r.rhk_ids}
    if again:
        return {
            "coaching_kind": "konseling",
            "reason": f"still lagging after bimbingan: {sorted(again)}",
        }
    return {"coaching_kind": "bimbingan", "reason": None}


def follow_up_effect(repo: TenantRepository, task: TaskRecord, principal: Principal, body: dict):
    """A follow-up task completed: the follow-up entry on its coaching (with its audit entry),
    and the other follow-up tasks of the actions it found done."""
    entry = {
        **body,
        "actions_done": sorted({*body.get("actions_done", []), int(task.action_index)}),
    }
    return [
        *_follow_up(
            repo, principal, task.subject_nip, int(task.year), task.coaching_id, entry, task.task_id
        )
    ], {}


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
    """The penilai records how the agreed actions went: which were done, and the outcome. The
    follow-up tasks of the actions done are closed; one finding no improvement makes the
    cycle's open coaching task a konseling."""
    records = _follow_up(repo, principal, nip, year, coaching_id, body)
    changed = Conflict("the coaching record changed meanwhile; read it again")
    with repo.all_or_none(changed) as batch:
        for record in records:
            batch.put(record)
    return {"coaching_id": coaching_id, "follow_ups": records[0].follow_ups}


def _follow_up(repo, principal: Principal, nip, year, coaching_id, body, completing=None) -> list:
    """The coaching record with the follow-up added, its audit entry, the follow-up tasks it
    closes and, when it found no improvement, the open coaching task advised konseling."""
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
    changed = [record, trail]
    done = set(body.get("actions_done", []))
    for task in repo.tasks_of(principal.nip) if principal.nip else []:
        if (
            task.coaching_id == coaching_id
            and task.task_id != completing
            and task.task_kind == FOLLOW_UP_KIND
            and int(task.action_index) in done
        ):
            task.status, task.completed_by = "done", principal.label
            task.completed_at, task.outcome = clock.now(), {"by_follow_up": True}
            repo.index_task(task)
            changed.append(task)
    if body["outcome"] == NOT_IMPROVED:
        cycle = repo.cycle(nip, year)
        task = repo.find_task(cycle.open_task) if cycle.open_task else None
        if task is not None and task.status == "open" and task.task_kind == "coaching":
            reason = f"no improvement after the coaching of {record.held_on}"
            task.advice = {"coaching_kind": "konseling", "reason": reason}
            changed.append(task)
    return changed
