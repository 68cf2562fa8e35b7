"""Talent review rounds (evaluasi kinerja pejabat; docs/talent-review.md): BKPSDM defines a
round and starts its workflow (workflows/talent_review.asl.json); the workflow's steps open and
close its waves and finish it; the API shows where it stands. The human tasks of a round and
their effects are functions/services/review_tasks.py."""

from __future__ import annotations

import secrets

from functions.domain import talent_review
from functions.domain.errors import DomainError
from functions.domain.stages import REVIEW_TASK_DAYS
from functions.engine import clock, reviews
from functions.errors import InvalidInput
from functions.services import audit
from functions.services.auth import Principal
from functions.store.records import ReviewOfficialRecord, TalentReviewRecord, plain
from functions.store.repository import TenantRepository

DAY = 86400


def _invalid(field: str, rule: str) -> InvalidInput:
    return InvalidInput(f"{field}: {rule}", details={field: [rule]})


def officials_by_wave(repo: TenantRepository, waves: list[str], units: list[str] | None):
    """The incumbents of the regency's positions (of ``units`` when given) by wave, each once
    (at the first position they hold, by unit and position id)."""
    found: dict[str, dict[str, dict]] = {w: {} for w in waves}
    seen: set[str] = set()
    for position in repo.positions():
        wave = talent_review.wave_of(position.position_kind, position.eselon)
        nip = position.incumbent_nip
        if wave not in found or not nip or nip in seen or (units and position.unit_id not in units):
            continue
        seen.add(nip)
        found[wave][nip] = {
            "unit_id": position.unit_id,
            "position_id": position.position_id,
            "position_name": position.name,
        }
    return found


def define(repo: TenantRepository, principal: Principal, body: dict) -> dict:
    """Check a round, store it with its officials, and start its workflow."""
    criteria = dict(body.get("criteria") or talent_review.DEFAULT_CRITERIA)
    try:
        talent_review.check_criteria(criteria)
        waves = talent_review.ordered_waves(body.get("waves") or talent_review.WAVES)
    except DomainError as error:
        raise InvalidInput(str(error), details=error.details()) from None
    panel = list(dict.fromkeys(body["panel"]))
    people = repo.employees_of([*panel, *([body["ppk_nip"]] if body.get("ppk_nip") else [])])
    for nip in [*panel, body.get("ppk_nip")]:
        if nip and nip not in people:
            raise _invalid("panel" if nip in panel else "ppk_nip", f"{nip} is not an employee")
    by_wave = officials_by_wave(repo, waves, body.get("unit_ids"))
    waves = [w for w in waves if by_wave[w]]
    if not waves:
        raise _invalid("waves", "no position of these waves has an incumbent (docs/positions.md)")
    for wave in waves:
        for nip in by_wave[wave]:
            if not [m for m in panel if m != nip]:
                raise _invalid("panel", f"{nip} is reviewed and would be their own only scorer")
    review_id = secrets.token_hex(5)
    days = {**REVIEW_TASK_DAYS, **body.get("task_days", {})}
    review = repo.new_review(
        review_id,
        name=body["name"],
        year=body["year"],
        criteria=criteria,
        panel=panel,
        ppk_nip=body.get("ppk_nip"),
        task_days=days,
        created_by=principal.label,
        execution_arn=reviews.review_execution_arn(repo.tenant_id, review_id),
        waves=[
            {"wave": w, "officials": sorted(by_wave[w]), "opened_at": None, "closed_at": None}
            for w in waves
        ],
    )
    officials = [
        repo.new_review_official(review_id, nip, wave=wave, **where)
        for wave in waves
        for nip, where in sorted(by_wave[wave].items())
    ]
    repo.put_all(officials)  # a round may hold more officials than a transaction takes
    trail = audit.entry(
        repo,
        principal.label,
        "talent_review.create",
        f"talent_review/{review_id}",
        after={
            "name": review.name,
            "year": review.year,
            "criteria": criteria,
            "panel": panel,
            "ppk_nip": review.ppk_nip,
            "waves": review.waves,
        },
    )
    with repo.transaction() as writes:
        writes.put_new(review)
        writes.put(trail)
    timeouts = {kind: max(1, round(float(d) * DAY)) for kind, d in days.items()}
    reviews.start_review(repo.tenant_id, review_id, waves, timeouts)
    return view(repo, review_id)


def summary(review: TalentReviewRecord) -> dict:
    return {
        "review_id": review.review_id,
        "name": review.name,
        "year": int(review.year),
        "status": review.status,
        "criteria": plain(review.criteria),
        "panel": list(review.panel),
        "ppk_nip": review.ppk_nip,
        "waves": [{**w, "officials": len(w["officials"])} for w in plain(review.waves)],
        "created_by": review.created_by,
        "finished_at": review.finished_at,
    }


def listing(repo: TenantRepository, year: int | None) -> list[dict]:
    found = [r for r in repo.reviews() if year is None or int(r.year) == year]
    return [summary(r) for r in sorted(found, key=lambda r: (-int(r.year), r.name))]


def view(repo: TenantRepository, review_id: str) -> dict:
    """The round: its waves in order with their officials, each with the presentation, the
    panel's scores (per member and weighted), the recommendation and the ratified decision."""
    review = repo.review(review_id)
    criteria = plain(review.criteria)
    scores: dict[str, list] = {}
    for score in repo.review_scores(review_id):
        scores.setdefault(score.nip, []).append(score)
    officials = {o.nip: o for o in repo.review_officials(review_id)}
    names = {e.nip: e.name for e in repo.employees_of(officials).values()}
    waves = []
    for wave in plain(review.waves):
        shown = [
            _official(officials[nip], names.get(nip), scores.get(nip, []), criteria)
            for nip in wave["officials"]
            if nip in officials
        ]
        shown.sort(key=lambda o: (o["total"] is None, -(o["total"] or 0), o["nip"]))
        waves.append({**wave, "officials": shown})
    return {
        **summary(review),
        "waves": waves,
        "ratification": plain(review.ratification),
        "failure": plain(review.failure),
    }


def _official(official: ReviewOfficialRecord, name, scores, criteria) -> dict:
    done = [s for s in scores if s.status == "done"]
    return {
        "nip": official.nip,
        "name": name,
        "unit_id": official.unit_id,
        "position_id": official.position_id,
        "position_name": official.position_name,
        "presentation": plain(official.presentation),
        "scores": [
            {
                "member_nip": s.member_nip,
                "status": s.status,
                "scores": plain(s.scores),
                "weighted": talent_review.weighted(plain(s.scores), criteria) if s.scores else None,
                "note": s.note,
            }
            for s in sorted(scores, key=lambda s: s.member_nip)
        ],
        "total": talent_review.total_score([plain(s.scores) for s in done], criteria),
        "recommendation": plain(official.recommendation),
        "decision": plain(official.decision),
        "lapsed": list(official.lapsed),
    }


# --- the workflow's steps ----------------------------------------------------------------------
def _scorers(review: TalentReviewRecord, nip: str) -> list[str]:
    """The panel members who score ``nip``: all but the official themselves."""
    return [m for m in review.panel if m != nip]


def _stamp(repo: TenantRepository, review_id: str, wave: str, moment: str):
    """The round with the wave's ``moment`` (opened_at, closed_at) set, once: a retried step
    changes nothing. The last wave closed, the round awaits its ratification."""
    review = repo.review(review_id)
    waves = plain(review.waves)
    entry = next(w for w in waves if w["wave"] == wave)
    if entry[moment] is None:
        entry[moment] = clock.now().isoformat()
        review.waves = waves
        if all(w["closed_at"] for w in waves):
            review.status = "ratifying"
        repo.put(review)
    return review, entry


def open_wave(repo: TenantRepository, review_id: str, wave: str) -> list[dict]:
    """The wave begins (the previous one has closed: the Map runs one wave at a time): its
    officials, each with the members who score them and the chair who recommends."""
    review, entry = _stamp(repo, review_id, wave, "opened_at")
    officials = []
    for nip in entry["officials"]:
        scorers = _scorers(review, nip)
        officials.append({"nip": nip, "panel": scorers, "chair": scorers[0]})
    return officials


def close_wave(repo: TenantRepository, review_id: str, wave: str) -> None:
    _stamp(repo, review_id, wave, "closed_at")


def finish(repo: TenantRepository, review_id: str, error: dict | None = None) -> str:
    """The round ends: ratified, each official's weighted score is recorded with the decision
    (what the succession view reads); or failed, with why. Audited either way."""
    review = repo.review(review_id)
    if review.status in ("done", "failed"):  # a retried step
        return review.status
    before = review.status
    records: list = []
    if error is not None:
        review.status = "failed"
        cause = str(error.get("Cause", ""))[:2000]
        review.failure = {
            "error": str(error.get("Error", "")),
            "cause": cause,
            "at": clock.now().isoformat(),
        }
        after: dict = {"status": "failed", "failure": review.failure}
    else:
        criteria = plain(review.criteria)
        scores: dict[str, list] = {}
        for score in repo.review_scores(review_id):
            if score.status == "done":
                scores.setdefault(score.nip, []).append(plain(score.scores))
        results = {}
        for official in repo.review_officials(review_id):
            official.total = talent_review.total_score(scores.get(official.nip, []), criteria)
            records.append(official)
            results[official.nip] = {"total": official.total, "decision": plain(official.decision)}
        review.status = "done"
        after = {"status": "done", "results": results}
    review.finished_at = clock.now().isoformat()
    trail = audit.entry(
        repo,
        "system:talent_review",
        "talent_review.finish",
        f"talent_review/{review_id}",
        before={"status": before},
        after=after,
    )
    repo.put_all(records)
    with repo.transaction() as writes:
        writes.put(review)
        writes.put(trail)
    return review.status


def ratified_promotions(repo: TenantRepository) -> dict[tuple[str, str], list[dict]]:
    """The finished rounds' ratified promotions by the position they name (unit, position):
    what the talent pool takes from the reviews (the succession view)."""
    found: dict[tuple[str, str], list[dict]] = {}
    for review in repo.reviews():
        if review.status != "done":
            continue
        for official in repo.review_officials(review.review_id):
            decision = plain(official.decision) or {}
            target = decision.get("position")
            if decision.get("recommendation") == "promosi" and target:
                found.setdefault((target["unit_id"], target["position_id"]), []).append(
                    {
                        "nip": official.nip,
                        "review_id": review.review_id,
                        "year": int(review.year),
                        "total": official.total,
                    }
                )
    return found
