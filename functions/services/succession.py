"""Succession to key positions (docs/talent-review.md): for each key position its candidates
from the talent pool (9-box boxes 7-9 of the year's decisions, and the officials a ratified
talent review promotes to it), their competency fit to the position's requirements and their
readiness; the coverage of a unit and of the regency (key positions with no one ready now)."""

from __future__ import annotations

from typing import Any

from functions.domain import talent_review
from functions.engine import clock
from functions.services.people import unit as find_unit
from functions.services.positions import position as find_position
from functions.services.talent_reviews import ratified_promotions
from functions.store.records import PositionRecord, plain
from functions.store.repository import TenantRepository

ORDER = {r: i for i, r in enumerate(talent_review.READINESS)}


def _pool(repo: TenantRepository, year: int) -> dict[str, int]:
    """NIP -> 9-box box of the year's decisions, for those in boxes 7-9."""
    cycles = repo.cycles(year)
    pool = {}
    for cycle, decision in zip(cycles, _decisions(repo, cycles), strict=True):
        if decision is not None and decision.box is not None and int(decision.box) >= 7:
            pool[cycle.nip] = int(decision.box)
    return pool


def _decisions(repo: TenantRepository, cycles):
    found = {d.pk: d for d in repo.decisions(cycles)}
    return [found.get(c.pk) for c in cycles]


class _Talent:
    """What every position's candidates are read from, read once: the pool, the ratified
    promotions, the employees concerned."""

    def __init__(self, repo: TenantRepository, year: int) -> None:
        self.year = year
        self.pool = _pool(repo, year)
        self.promotions = ratified_promotions(repo)
        promoted = {p["nip"] for found in self.promotions.values() for p in found}
        self.people = repo.employees_of({*self.pool, *promoted})

    def successors(self, position: PositionRecord) -> dict:
        requirements = plain(position.requirements) or {}
        promoted: dict[str, list[dict]] = {}
        for p in self.promotions.get((position.unit_id, position.position_id), []):
            promoted.setdefault(p["nip"], []).append(
                {k: p[k] for k in ("review_id", "year", "total")}
            )
        candidates: list[dict[str, Any]] = []
        for nip in sorted({*self.pool, *promoted}):
            person = self.people.get(nip)
            if nip == position.incumbent_nip or person is None:
                continue
            if nip not in promoted and not talent_review.eligible(
                person.position_kind, position.position_kind
            ):
                continue
            fit, gaps = talent_review.competency_fit(requirements, plain(person.potensi_scores))
            ready = talent_review.readiness(self.pool.get(nip), fit, nip in promoted)
            if ready is None:
                continue
            candidates.append(
                {
                    "nip": nip,
                    "name": person.name,
                    "position_kind": person.position_kind,
                    "box": self.pool.get(nip),
                    "fit": fit,
                    "gaps": gaps,
                    "recommended": promoted.get(nip, []),
                    "readiness": ready,
                }
            )
        candidates.sort(key=_rank)
        ready_now = [c["nip"] for c in candidates if c["readiness"] == "siap_sekarang"]
        return {
            "unit_id": position.unit_id,
            "position_id": position.position_id,
            "name": position.name,
            "position_kind": position.position_kind,
            "eselon": position.eselon,
            "incumbent_nip": position.incumbent_nip,
            "vacant": position.incumbent_nip is None,
            "requirements": requirements or None,
            "candidates": candidates,
            "ready_now": ready_now,
            "covered": bool(ready_now),
        }


def _rank(candidate: dict) -> tuple:
    """Readiest first, then the higher box, the better fit."""
    box = candidate["box"] or 0
    return ORDER[candidate["readiness"]], -box, -candidate["fit"], candidate["nip"]


def _coverage(shown: list[dict]) -> dict:
    return {
        "key_positions": len(shown),
        "covered": sum(1 for p in shown if p["covered"]),
        "uncovered": [
            {k: p[k] for k in ("unit_id", "position_id", "name", "vacant")}
            for p in shown
            if not p["covered"]
        ],
    }


def successors(repo: TenantRepository, unit_id: str, position_id: str, year: int | None) -> dict:
    """One position's candidates (a vacancy's ready ones are its ``ready_now``)."""
    position = find_position(repo, unit_id, position_id)
    return _Talent(repo, year or clock.now().year).successors(position)


def succession(repo: TenantRepository, unit_id: str | None, year: int | None) -> dict:
    """The key positions of a unit (of the regency without one) with their successors, and the
    coverage: overall and, for the regency, per unit."""
    year = year or clock.now().year
    if unit_id is not None:
        find_unit(repo, unit_id)
    talent = _Talent(repo, year)
    shown = [talent.successors(p) for p in repo.positions(unit_id) if p.key_position]
    units: dict[str, list[dict]] = {}
    for p in shown:
        units.setdefault(p["unit_id"], []).append(p)
    return {
        "year": year,
        "unit_id": unit_id,
        "positions": shown,
        "coverage": _coverage(shown),
        "units": {u: _coverage(ps) for u, ps in sorted(units.items())} if unit_id is None else {},
    }
