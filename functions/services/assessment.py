"""Assess: the penilai rates behaviour; the rules turn judgements into ratings and predikat."""

from __future__ import annotations

from functions.domain import (
    OrgPredikat,
    Rating,
    predikat,
    rate_hasil_kerja,
    rate_perilaku,
    suggest_perilaku,
)
from functions.domain.errors import DomainError
from functions.errors import Conflict, InvalidInput, StageForbids
from functions.services import audit, months, notifications  # standard library only at import
from functions.services.auth import Principal
from functions.services.cycles import note_stage, open_annual
from functions.services.monitoring import judgements_from
from functions.services.settings import TenantSettings
from functions.store.records import AssessmentRecord, TaskRecord, plain
from functions.store.repository import TenantRepository

ANNUAL = 0


def midyear_effect(repo: TenantRepository, task: TaskRecord, principal: Principal, body: dict):
    """A mid-year review: kept as the task's outcome (progress, notes) and an audit entry."""
    nip, year = task.subject_nip, task.year
    trail = audit.entry(
        repo, principal.label, "review.midyear", f"cycle/{nip}/{year}",
        after={"period": task.period, **body}, subject_nip=nip,
    )  # fmt: skip
    return [trail], {"progress": body["progress"]}


def perilaku_effect(repo: TenantRepository, task: TaskRecord, principal: Principal, body: dict):
    """A rate_perilaku (period) or rate_annual (the year) task: store the per-value ratings
    and the penilai's overall rating; the answer shows the majority of the values as the
    suggestion and the rating that counts under the tenant's ``perilaku_rule``."""
    period = ANNUAL if task.task_kind == "rate_annual" else task.period
    nip, year = task.subject_nip, task.year
    policy = TenantSettings.of(repo.profile()).policy
    overall = body.get("rating_perilaku")
    try:
        suggested = suggest_perilaku(body["perilaku"], policy)
        counted = rate_perilaku(body["perilaku"], policy, overall)
    except DomainError as error:
        raise InvalidInput.of(error) from None
    record = repo.assessment(nip, year, period) or repo.new_assessment(nip, year, period)
    before = {name: plain(getattr(record, name)) for name in RATED}
    record.perilaku = body["perilaku"]
    record.perilaku_overall = overall
    record.perilaku_suggested = suggested.value
    record.feedback = body.get("feedback")
    if body.get("judgements"):
        record.overrides = _overrides(repo, task, principal, body["judgements"])
    answer = {
        "rating_perilaku": counted.value,
        "suggested_perilaku": suggested.value,
        "perilaku_rule": policy.perilaku_rule.value,
    }
    after = {name: plain(getattr(record, name)) for name in RATED}
    trail = audit.entry(
        repo, principal.label, f"rating.{task.task_kind.removeprefix('rate_')}",
        f"assessment/{nip}/{year}/{period}", before=before if any(before.values()) else None,
        after={**after, "rating_perilaku": counted.value}, subject_nip=nip,
    )  # fmt: skip
    records = [record, trail]
    if months.is_detached(repo, task):  # no workflow assesses the month: it is assessed here
        assessed = {name: getattr(record, name) for name in ASSESSED}
        rate(repo, nip, year, "periodic", record, record)
        after_rating = {name: getattr(record, name) for name in ASSESSED}
        records.append(assessed_trail(repo, nip, year, "periodic", record, assessed, after_rating))
        answer["predikat"] = record.predikat
    return records, {"rated": True, "answer": answer}


RATED = ("perilaku", "perilaku_overall", "perilaku_suggested", "feedback", "overrides")


def _overrides(repo: TenantRepository, task: TaskRecord, principal: Principal, given: dict):
    """The penilai's judgements of RHK, each with the written feedback that explains it and
    the suggestion it replaces (the monitoring's judgement of the period measured)."""
    content = plain(repo.skp(task.subject_nip, task.year).content)
    known = {r["id"] for r in content.get("rhk", [])}
    if unknown := sorted(set(given) - known):
        details = {f"judgements.{rhk}": ["not an RHK of this SKP"] for rhk in unknown}
        raise InvalidInput("a judgement names an unknown RHK", details=details)
    cycle = repo.cycle(task.subject_nip, task.year)
    measured = repo.assessment(task.subject_nip, task.year, task.period or cycle.periods)
    suggested = plain(measured.judgements) if measured else {}
    return {
        rhk: {"suggested": suggested.get(rhk), "rating": o["rating"], "feedback": o["feedback"],
              "by": principal.label}
        for rhk, o in given.items()
    }  # fmt: skip


def assess(repo: TenantRepository, nip: str, year: int, period: int, scope: str) -> dict:
    """Rate hasil kerja and perilaku and set the predikat, for a period or for the year.
    The year's hasil kerja is judged on the last period's capaian, which covers the whole
    annual target (see ``monitoring.period_capaian``)."""
    cycle = repo.cycle(nip, year)
    measured = repo.assessment(nip, year, period if scope == "periodic" else cycle.periods)
    target = measured if scope == "periodic" else repo.assessment(nip, year, ANNUAL)
    if measured is None or target is None:
        raise StageForbids(f"the {scope} assessment lacks its monitoring or behaviour rating")
    before = {name: getattr(target, name) for name in ASSESSED}
    hasil, perilaku, result = rate(repo, nip, year, scope, measured, target)
    if scope == "annual":
        target.capaian = measured.capaian
        cycle.predikat = result.value
        note_stage(cycle, "decide")
    else:
        note_stage(cycle, "assess")
    after = {name: getattr(target, name) for name in ASSESSED}
    with repo.all_or_none(Conflict(f"the cycle {nip}/{year} changed meanwhile")) as writes:
        writes.put(target)
        writes.put(cycle)
        if after != before:  # a retried step changes nothing and logs nothing
            writes.put(assessed_trail(repo, nip, year, scope, target, before, after))
    if scope == "annual":  # e-office (issue 5)
        notifications.notify(repo, "predikat.set", notifications.predikat_set(nip, year, target))
    return {
        "rating_hasil_kerja": hasil.value,
        "rating_perilaku": perilaku.value,
        "predikat": result.value,
        "last_period": scope == "periodic" and period >= cycle.periods,
    }


def rate(
    repo: TenantRepository,
    nip: str,
    year: int,
    scope: str,
    measured: AssessmentRecord,
    target: AssessmentRecord,
):
    """The ratings and predikat of ``target`` (a period's assessment, or the year's) from the
    capaian ``measured`` and the penilai's perilaku rating, set on ``target`` (not saved)."""
    if not target.perilaku:
        raise StageForbids(f"the {scope} assessment lacks its monitoring or behaviour rating")
    policy = TenantSettings.of(repo.profile()).policy
    content = plain(repo.skp(nip, year).content)
    overrides = {rhk: o["rating"] for rhk, o in (plain(target.overrides) or {}).items()}
    judged = {**plain(measured.judgements), **overrides}
    try:
        hasil = rate_hasil_kerja(judgements_from(content, judged), policy)
        if scope == "annual" and (unit_result := leader_rating(repo, nip, year)):
            hasil = Rating(unit_result)  # a unit leader's result is the unit's
        values = {k: Rating(v) for k, v in plain(target.perilaku).items()}
        # Rated before the overall rating was asked for: the majority of the values stands in.
        overall = target.perilaku_overall or suggest_perilaku(values, policy)
        perilaku = rate_perilaku(values, policy, overall)
    except DomainError as error:
        raise InvalidInput.of(error) from None
    result = predikat(hasil, perilaku)
    target.rating_hasil_kerja, target.rating_perilaku = hasil.value, perilaku.value
    target.predikat = result.value
    target.judgements = judged
    return hasil, perilaku, result


def assessed_trail(repo: TenantRepository, nip, year, scope: str, target, before, after):
    return audit.entry(
        repo, "system:assess", f"rating.assess_{scope}",
        f"assessment/{nip}/{year}/{target.period}",
        before=before if any(before.values()) else None, after=after, subject_nip=nip,
    )  # fmt: skip


ASSESSED = ("rating_hasil_kerja", "rating_perilaku", "predikat")


def leader_rating(repo: TenantRepository, nip: str, year: int) -> str | None:
    """The rating hasil kerja a unit leader gets from their unit's predikat, once it is set."""
    for unit in repo.units():
        if unit.head_nip == nip and (result := repo.unit_result(unit.unit_id, year)):
            policy = TenantSettings.of(repo.profile()).policy
            return policy.leader_rating[OrgPredikat(result.org_predikat)].value
    return None


def suggestion(repo: TenantRepository, values: dict) -> str | None:
    """The majority of the seven values under the tenant's policy (what the penilai is shown
    before giving the overall rating); None until all seven are rated."""
    try:
        return suggest_perilaku(values, TenantSettings.of(repo.profile()).policy).value
    except DomainError:
        return None


def perilaku_rule(repo: TenantRepository) -> str:
    """The tenant's perilaku_rule: ``penilai`` (the overall rating is asked) or ``majority``."""
    return TenantSettings.of(repo.profile()).policy.perilaku_rule.value


def close_period(repo: TenantRepository, nip: str, year: int, period: int, detached: bool) -> dict:
    """The boundary after the period's perilaku rating (one task for assess, last period?,
    next period and the segment's end): assess the period, then schedule the next period's
    segment, or after the last period start the annual review's segment at once (``detached``:
    once every month is assessed, services/months.py)."""
    if assess(repo, nip, year, period, "periodic")["last_period"]:
        return months.close_year(repo, nip, year) if detached else open_annual(repo, nip, year)
    return months.close_segment(repo, nip, year, "period", period, detached)
