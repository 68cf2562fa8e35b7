"""The human tasks of a talent review round (docs/talent-review.md): opened by the review_task
step while the round's workflow waits on their token, listed in ``GET /tasks`` and completed
through ``POST /tasks/{id}/complete`` like every task (functions/services/completion.py binds
the effects below); one past its deadline is marked lapsed by the review_lapse step.

- present_review: the official presents (the year's capaian is taken from their cycle; they
  give the work plan and links);
- score_review: a panel member scores one official per criterion;
- recommend_review: the panel's chair (BKPSDM's admins once the chair's deadline passed)
  records the panel's recommendation with reasons;
- ratify_review: the PPK (the round's ``ppk_nip``; without one, BKPSDM's admins on the
  regent's behalf) ratifies every recommendation, or overrides some with a reason.
"""

from __future__ import annotations

from datetime import timedelta

from functions.domain import talent_review
from functions.engine import clock
from functions.errors import Conflict, InvalidInput
from functions.services import audit
from functions.services.auth import Principal
from functions.services.tasks import announce, task_id_for
from functions.store.records import Record, TaskRecord, plain
from functions.store.repository import TenantRepository

BKPSDM = 2  # the level at which a task waits on the tenant's admins (services/tasks.py)


def open_review_task(
    repo: TenantRepository,
    *,
    review_id: str,
    kind: str,
    nip: str | None,
    member: str | None,
    level: int,
    token: str,
    execution: str,
    state: str,
    entered_at: str,
    timeout_seconds: int,
) -> TaskRecord:
    """Open the task a waiting state of the round stands for: one per official (and member)
    per entry into the state, so the Map's iterations, entering at the same instant, each get
    their own; a retried opener finds its task and gives it the new token."""
    task_id = task_id_for(execution, f"{state}|{nip or ''}|{member or ''}", entered_at)
    existing = repo.find_task(task_id)
    if existing is not None:
        repo.set_task_token(existing, token)
        return existing
    review = repo.review(review_id)
    assignee = _assignee(review, kind, nip, member, level)
    now = clock.now()
    task = repo.new_task(
        task_id,
        assignee_nip=assignee,
        status="open",
        due=now + timedelta(seconds=timeout_seconds),
        task_kind=kind,
        subject_nip=nip or review.ppk_nip or "-",
        year=int(review.year),
        period=0,
        token=token,
        level=level or None,
        review_id=review_id,
        member_nip=member,
    )
    records: list[Record] = [task]
    if kind == "ratify_review":
        review.ratify_task = task_id
        records.append(review)
    elif kind == "score_review":
        records.append(repo.new_review_score(review_id, nip or "", member or "", task_id=task_id))
    else:
        official = repo.review_official(review_id, nip or "")
        official.tasks = {**plain(official.tasks), kind: task_id}
        records.append(official)
    with repo.transaction() as writes:
        for record in records:
            writes.put(record)
    announce(repo, task, now)
    return task


def _assignee(review, kind: str, nip: str | None, member: str | None, level: int) -> str | None:
    if level >= BKPSDM:
        return None
    if kind == "present_review":
        return nip
    if kind == "ratify_review":
        return review.ppk_nip
    return member


def lapse(repo: TenantRepository, review_id: str, kind: str, nip: str | None, member: str | None):
    """A task of the round passed its deadline (or was declined): closed as timed out and noted
    on the official (a presentation not given, a member's scores missing, a recommendation
    gone to BKPSDM); audited. The round goes on without it."""
    review = repo.review(review_id)
    official = repo.review_official(review_id, nip) if nip else None
    score = None
    task_id: str | None
    if kind == "ratify_review":
        task_id = review.ratify_task
    elif kind == "score_review":
        score = repo.find_review_score(review_id, nip or "", member or "")
        task_id = score.task_id if score else None
    else:
        task_id = plain(official.tasks).get(kind) if official else None
    task = repo.find_task(task_id) if task_id else None
    if task is None or task.status not in ("open", "rejected"):
        return False  # done meanwhile
    records: list[Record] = []
    if task.status == "open":  # past its deadline (a declined one is closed and audited)
        task.status = "timed_out"
        repo.index_task(task)
        before = {"status": "open", "assignee_nip": task.assignee_nip, "due": task.due.isoformat()}
        after = {"status": "timed_out", "task_kind": kind, "review_id": review_id}
        records += [task, audit.entry(repo, "system:talent_review", "task.time_out",
                                      f"task/{task.task_id}", before=before, after=after,
                                      subject_nip=task.subject_nip)]  # fmt: skip
    if score is not None and score.status != "lapsed":
        score.status = "lapsed"
        records.append(score)
    if official is not None and kind not in official.lapsed:
        official.lapsed = [*official.lapsed, kind]
        records.append(official)
    if not records:
        return False  # a retried step
    with repo.all_or_none(Conflict(f"task {task.task_id} changed meanwhile")) as writes:
        for record in records:
            writes.put(record)
    return True


# --- effects of completing them (bound in functions/services/completion.py) ---------------------
def cycle_capaian(repo: TenantRepository, nip: str, year: int) -> dict | None:
    """The year's capaian from the official's cycle: the annual result where assessed, the
    latest period's capaian before that; None without a cycle."""
    cycle = repo.find_cycle(nip, year)
    if cycle is None:
        return None
    assessments = sorted(repo.assessments(nip, year), key=lambda a: (a.period == 0, a.period))
    latest = assessments[-1] if assessments else None
    capaian = plain(latest.capaian) if latest and latest.capaian else {}
    values = [float(v) for v in capaian.values()]
    return {
        "stage": cycle.stage,
        "period": None if latest is None else int(latest.period),
        "predikat": cycle.predikat,
        "rating_hasil_kerja": latest.rating_hasil_kerja if latest else None,
        "rating_perilaku": latest.rating_perilaku if latest else None,
        "capaian": capaian,
        "capaian_mean": round(sum(values) / len(values), 2) if values else None,
    }


def present_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    official = repo.review_official(task.review_id, task.subject_nip)
    official.presentation = {
        "capaian": cycle_capaian(repo, task.subject_nip, int(task.year)),
        "work_plan": body["work_plan"],
        "attachments": body.get("attachments", []),
        "at": clock.now().isoformat(),
    }
    return [official], {"presented": True}


def score_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    review = repo.review(task.review_id)
    criteria = plain(review.criteria)
    if rules := talent_review.score_rules(body["scores"], criteria):
        raise InvalidInput("the scores do not fit the round's criteria", details={"scores": rules})
    score = repo.find_review_score(task.review_id, task.subject_nip, task.member_nip or "")
    if score is None:
        score = repo.new_review_score(task.review_id, task.subject_nip, task.member_nip or "")
    score.scores, score.note, score.status = body["scores"], body.get("note"), "done"
    weighted = talent_review.weighted(body["scores"], criteria)
    return [score], {"weighted": weighted, "answer": {"weighted": weighted}}


def _position(repo: TenantRepository, target: dict | None, field: str) -> dict | None:
    if target is None:
        return None
    found = repo.find_position(target["unit_id"], target["position_id"])
    if found is None:
        rule = f"no position {target['position_id']} in unit {target['unit_id']}"
        raise InvalidInput(f"{field}: {rule}", details={field: [rule]})
    return {"unit_id": found.unit_id, "position_id": found.position_id, "name": found.name}


def recommend_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    official = repo.review_official(task.review_id, task.subject_nip)
    official.recommendation = {
        "recommendation": body["recommendation"],
        "position": _position(repo, body.get("position"), "position"),
        "reasons": body["reasons"],
        "by": principal.nip or principal.label,
        "at": clock.now().isoformat(),
    }
    return [official], {"recommendation": body["recommendation"]}


def ratify_effect(repo, task: TaskRecord, principal: Principal, body: dict):
    """Every official's decision: the panel's recommendation as it stands, or the PPK's own
    (an override, with its reason). An official with no recommendation needs an override."""
    review = repo.review(task.review_id)
    if review.status != "ratifying":
        raise Conflict(f"review {review.review_id} is {review.status}, not awaiting ratification")
    officials = {o.nip: o for o in repo.review_officials(task.review_id)}
    overrides = {o["nip"]: o for o in body.get("overrides", [])}
    if unknown := sorted(set(overrides) - set(officials)):
        raise InvalidInput(
            "overrides: not an official of this round",
            details={"overrides": [f"{n} is not reviewed in this round" for n in unknown]},
        )
    missing = sorted(
        n for n, o in officials.items() if o.recommendation is None and n not in overrides
    )
    if missing:
        raise InvalidInput(
            "overrides: decide on the officials without a recommendation",
            details={"overrides": [f"{n}: no recommendation; give a decision" for n in missing]},
        )
    at = clock.now().isoformat()
    by = principal.nip or principal.label
    for nip, official in officials.items():
        if nip in overrides:
            given = overrides[nip]
            official.decision = {
                "recommendation": given["recommendation"],
                "position": _position(repo, given.get("position"), f"overrides.{nip}.position"),
                "reasons": given["reason"],
                "how": "overridden",
                "by": by,
                "at": at,
            }
        else:
            official.decision = {
                **plain(official.recommendation),
                "how": "ratified",
                "by": by,
                "at": at,
            }
    review.ratification = {
        "by": by,
        "at": at,
        "note": body.get("note"),
        "overridden": sorted(overrides),
    }
    return [review, *officials.values()], {
        "ratified": len(officials) - len(overrides),
        "overridden": len(overrides),
    }
