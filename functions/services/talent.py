"""After the decisions: a unit's ranking, its talent 9-box and the succession candidates
(boxes 7-9), and who is on the improvement path or under contract review."""

from __future__ import annotations

from functions.domain import Predikat, is_succession_candidate, rank_within_unit
from functions.services.distribution import standing, unit_tree
from functions.store import keys
from functions.store.records import DecisionRecord
from functions.store.repository import TenantRepository


def unit_talent(repo: TenantRepository, unit_id: str, year: int) -> dict:
    _, inside = unit_tree(repo, unit_id)
    cycles = repo.unit_cycles(year, inside)
    decided = {keys.nip_of(d.pk): d for d in repo.decisions(cycles)}
    names = {e.nip: e.name for e in repo.unit_employees(cycles, inside)}
    ranked = rank_within_unit(
        {nip: Predikat(d.predikat) for nip, d in decided.items()},
        standing(repo, [c for c in cycles if c.nip in decided]),
    )
    boxes: dict[str, list[str]] = {str(box): [] for box in range(9, 0, -1)}
    flags: dict[str, list[str]] = {}
    for nip, decision in sorted(decided.items()):
        if decision.box is not None:
            boxes[str(int(decision.box))].append(nip)
        for flag in decision.flags:
            flags.setdefault(flag, []).append(nip)
    return {
        "unit_id": unit_id,
        "year": year,
        "pending": sorted(c.nip for c in cycles if c.nip not in decided),
        "ranking": [
            {
                "position": r.position,
                "nip": r.nip,
                "name": names.get(r.nip),
                "predikat": r.predikat.value,
                "standing": None if r.standing is None else round(r.standing, 2),
                "box": _box(decided[r.nip]),
            }
            for r in ranked
        ],
        "nine_box": boxes,
        "succession": [
            {"nip": nip, "name": names.get(nip), "box": box}
            for box in (9, 8, 7)
            for nip in boxes[str(box)]
            if is_succession_candidate(box)
        ],
        "flags": flags,
    }


def _box(decision: DecisionRecord) -> int | None:
    return None if decision.box is None else int(decision.box)
