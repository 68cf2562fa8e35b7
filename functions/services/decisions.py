"""Decide: the follow-up of the year's predikat (angka kredit, 9-box, flags, tukin), and its
revision when the annual result changes afterwards (distribution correction, keberatan)."""

from __future__ import annotations

from datetime import date

from functions import metrics
from functions.domain import (
    KEBERATAN_DECIDED,
    JabatanSpell,
    Predikat,
    Rating,
    follow_up,
    potensi_from_scores,
    predikat,
)
from functions.engine import clock
from functions.errors import Conflict, InvalidInput, NotFound, StageForbids
from functions.services import (
    audit,
    notifications,  # standard library only at import
)
from functions.services.cycles import note_stage
from functions.services.settings import TenantSettings
from functions.store import keys
from functions.store.records import (
    AssessmentRecord,
    EmployeeRecord,
    Record,
    RevisionRecord,
    plain,
)
from functions.store.repository import TenantRepository

ANNUAL = 0
RATINGS = ("rating_hasil_kerja", "rating_perilaku")


def spells_of(employee: EmployeeRecord) -> list[JabatanSpell]:
    """The jenjang of jabatan fungsional the employee held, as the record keeps them: the
    earlier ones (``riwayat_jabatan``) and the current one from its ``tmt_jabatan``."""

    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    spells = [
        JabatanSpell(r["jenjang"], day(r.get("tmt")), day(r.get("until")))
        for r in plain(employee.riwayat_jabatan) or []
    ]
    if employee.jenjang:
        spells.append(JabatanSpell(employee.jenjang, day(employee.tmt_jabatan)))
    return spells


def follow_up_of(repo: TenantRepository, employee: EmployeeRecord, result: str, year: int) -> dict:
    """The decision's attributes for one employee's predikat, by the tenant's policy. Angka
    kredit counts the months of ``year`` in each jenjang held (regulation.md §6, part of a
    year), not always twelve."""
    policy = TenantSettings.of(repo.profile()).policy
    scores = plain(employee.potensi_scores)
    potensi = potensi_from_scores(**scores, policy=policy) if scores else None
    decided = follow_up(
        predikat=Predikat(result),
        asn_kind=employee.asn_kind,
        jenjang=employee.jenjang,
        months=12,
        potensi=potensi,
        policy=policy,
        spells=spells_of(employee),
        year=year,
    )
    return {
        "predikat": decided.predikat.value,
        "angka_kredit": None if decided.angka_kredit is None else str(decided.angka_kredit),
        "ak_months": decided.ak_months,
        "box": decided.box,
        "actions": list(decided.actions),
        "flags": list(decided.flags),
        "tukin_factor": str(decided.tukin_factor),
    }


def decide(repo: TenantRepository, nip: str, year: int) -> dict:
    cycle = repo.cycle(nip, year)
    decision = follow_up_of(repo, repo.employee(nip), cycle.predikat, year)
    repo.put(repo.new_decision(nip, year, **decision))
    finished = cycle.status != "done"  # a retried step counts once
    note_stage(cycle, "done")
    cycle.status = "done"
    cycle.open_task = None
    repo.put(cycle)
    if finished:
        metrics.count(metrics.CYCLES_FINISHED, tenant_id=repo.tenant_id)
    return {k: decision[k] for k in ("predikat", "box", "angka_kredit")}


def annual_assessment(repo: TenantRepository, nip: str, year: int) -> AssessmentRecord:
    """The year's assessment; refused before it has a predikat."""
    annual = repo.assessment(nip, year, ANNUAL)
    if annual is None or annual.predikat is None:
        raise StageForbids(f"the cycle {nip}/{year} has no annual result yet")
    return annual


def _result(annual: AssessmentRecord) -> dict:
    return {name: getattr(annual, name) for name in (*RATINGS, "predikat")}


def revise(
    repo: TenantRepository,
    nip: str,
    year: int,
    *,
    ratings: dict,
    reason: str,
    by: str,
    kind: str,
    also: tuple[Record, ...] = (),
) -> dict:
    """Change the annual ratings; the predikat follows the matrix, the decision (if made) is
    computed again, and a revision record keeps before and after. One transaction with ``also``
    (e.g. the keberatan it decides): all of it or nothing."""
    annual = annual_assessment(repo, nip, year)
    if kind == "distribution":
        refuse_after_keberatan(repo, nip, year)
    before = _result(annual)
    after = {name: ratings.get(name) or before[name] for name in RATINGS}
    after["predikat"] = predikat(Rating(after[RATINGS[0]]), Rating(after[RATINGS[1]])).value
    if after == before:
        raise InvalidInput(
            "the revision changes nothing",
            details={name: ["must differ from the current rating"] for name in RATINGS},
        )
    cycle = repo.cycle(nip, year)
    annual.rating_hasil_kerja, annual.rating_perilaku = after[RATINGS[0]], after[RATINGS[1]]
    annual.predikat = cycle.predikat = after["predikat"]
    at = clock.now().isoformat()
    revision = RevisionRecord(
        repo.cycle_pk(nip, year),
        keys.revision(len(_revisions(repo, nip, year)) + 1),
        revision_kind=kind,
        at=at,
        by=by,
        reason=reason,
        before=before,
        after=after,
    )
    trail = audit.entry(
        repo, by, f"result.{kind}", f"cycle/{nip}/{year}",
        before=before, after=after, subject_nip=nip,
    )  # fmt: skip
    writes: list[Record] = [annual, cycle, revision, trail, *also]
    decision = repo.decision(nip, year)
    if decision is not None:
        for name, value in follow_up_of(repo, repo.employee(nip), after["predikat"], year).items():
            setattr(decision, name, value)
        writes.append(decision)
    changed = Conflict(f"the result of {nip}/{year} changed meanwhile; read it again")
    with repo.all_or_none(changed) as batch:
        for record in writes:
            batch.put(record)
    notifications.notify(repo, "predikat.set", notifications.predikat_set(nip, year, annual, kind))
    return {"nip": nip, "year": year, "kind": kind, "at": at, "before": before, "after": after}


def refuse_after_keberatan(repo: TenantRepository, nip: str, year: int) -> None:
    """A correction of the year's result after the penilai's superior decided a keberatan on
    it is refused: that decision is final (PP 30/2019 Pasal 59). The unit leader's result
    following the unit's predikat (kind ``unit_result``) is the rule, not a correction."""
    try:
        objection = repo.keberatan(nip, year)
    except NotFound:
        return
    if objection.status not in KEBERATAN_DECIDED:
        return
    by = objection.decider_nip or "BKPSDM"
    what = f"{objection.status} by {by} on {objection.decided_on}"
    raise Conflict(
        f"the keberatan on {nip}/{year} was decided ({what}): the decision is final",
        details={"keberatan": [f"{what}; final, the result is not revised after it"]},
    )


def revised_on(repo: TenantRepository, nip: str, year: int) -> list[str]:
    """The days (ISO) the year's result was revised."""
    return [r.at[:10] for r in _revisions(repo, nip, year)]


def _revisions(repo: TenantRepository, nip: str, year: int) -> list[RevisionRecord]:
    return repo.revisions(nip, year)


def revisions(repo: TenantRepository, nip: str, year: int) -> list[dict]:
    repo.cycle(nip, year)  # NotFound for an unknown cycle
    return [
        {
            "at": r.at,
            "kind": r.revision_kind,
            "by": r.by,
            "reason": r.reason,
            "before": plain(r.before),
            "after": plain(r.after),
        }
        for r in _revisions(repo, nip, year)
    ]
