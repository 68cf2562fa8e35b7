"""Decide: the follow-up of the year's predikat (angka kredit, 9-box, flags, tukin)."""

from __future__ import annotations

from functions.domain import Predikat, follow_up, potensi_from_scores
from functions.services.cycles import note_stage
from functions.services.settings import TenantSettings
from functions.store.records import plain
from functions.store.repository import TenantRepository


def decide(repo: TenantRepository, nip: str, year: int) -> dict:
    cycle = repo.cycle(nip, year)
    employee = repo.employee(nip)
    policy = TenantSettings.of(repo.profile()).policy
    scores = plain(employee.potensi_scores)
    potensi = potensi_from_scores(**scores, policy=policy) if scores else None
    result = follow_up(
        predikat=Predikat(cycle.predikat),
        asn_kind=employee.asn_kind,
        jenjang=employee.jenjang,
        months=12,
        potensi=potensi,
        policy=policy,
    )
    angka_kredit = None if result.angka_kredit is None else str(result.angka_kredit)
    repo.new_decision(
        nip,
        year,
        predikat=result.predikat.value,
        angka_kredit=angka_kredit,
        box=result.box,
        actions=list(result.actions),
        flags=list(result.flags),
        tukin_factor=str(result.tukin_factor),
    ).save()
    note_stage(cycle, "done")
    cycle.status = "done"
    cycle.open_task = None
    cycle.save()
    return {"predikat": result.predikat.value, "box": result.box, "angka_kredit": angka_kredit}
