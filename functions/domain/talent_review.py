"""The talent review round (evaluasi kinerja pejabat, docs/talent-review.md): its waves by eselon,
its weighted criteria, the panel's recommendations, and the readiness of a successor to a key
position. Plain Python: the workflow (workflows/talent_review.asl.json) moves the round; these
are the rules it and the succession view apply."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from statistics import fmean

from functions.domain.errors import InvalidValue

# The waves in the order a round runs them: eselon II (JPT pratama) first, then III
# (administrator), IV (pengawas), then the fungsional officials.
WAVES = ("II", "III", "IV", "fungsional")
DEFAULT_CRITERIA = {"prestasi": 40, "integritas": 20, "komitmen": 20, "inovasi": 20}
RECOMMENDATIONS = ("promosi", "mutasi", "dipertahankan", "pengembangan")
# promosi names the position the official is put forward for; mutasi may name one
NEEDS_POSITION = ("promosi",)
SCORE_RANGE = (1, 100)

READINESS = ("siap_sekarang", "siap_1_2_tahun", "siap_3_tahun")
"""Siap sekarang (ready now), in one to two years, in three or more."""


def wave_of(position_kind: str, eselon: str | None) -> str | None:
    """The wave a position's incumbent is reviewed in (``II.b`` → ``II``, a fungsional
    position → ``fungsional``); None for a pelaksana (not reviewed as an official)."""
    if eselon:
        return eselon.split(".")[0]
    return "fungsional" if position_kind == "fungsional" else None


def ordered_waves(waves: Iterable[str]) -> list[str]:
    """The waves asked for, in the round's order (II, III, IV, fungsional), once each."""
    asked = set(waves)
    unknown = asked - set(WAVES)
    if unknown:
        raise InvalidValue("waves", f"unknown wave {sorted(unknown)[0]}; one of {', '.join(WAVES)}")
    return [w for w in WAVES if w in asked]


def check_criteria(criteria: Mapping[str, int]) -> None:
    """At least one criterion, each weighted 1-100, the weights summing to 100."""
    if not criteria:
        raise InvalidValue("criteria", "name at least one criterion")
    if any(not 1 <= w <= 100 for w in criteria.values()):
        raise InvalidValue("criteria", "each weight is a whole number from 1 to 100")
    total = sum(criteria.values())
    if total != 100:
        raise InvalidValue("criteria", f"the weights sum to {total}; they must sum to 100")


def score_rules(scores: Mapping[str, int], criteria: Mapping[str, int]) -> list[str]:
    """What a panel member's scores break: every criterion of the round scored, no other, each
    within SCORE_RANGE."""
    low, high = SCORE_RANGE
    rules = [f"{c}: not scored" for c in criteria if c not in scores]
    rules += [f"{c}: not a criterion of this round" for c in scores if c not in criteria]
    rules += [
        f"{c}: {v} is not from {low} to {high}"
        for c, v in scores.items()
        if c in criteria and not low <= v <= high
    ]
    return rules


def weighted(scores: Mapping[str, int], criteria: Mapping[str, int]) -> float:
    """One member's scores weighted by the criteria (0-100)."""
    return sum(scores[c] * w for c, w in criteria.items()) / 100


def total_score(
    by_member: Iterable[Mapping[str, int]], criteria: Mapping[str, int]
) -> float | None:
    """The panel's score of an official: the mean of its members' weighted scores (those who
    scored); None when nobody did."""
    each = [weighted(s, criteria) for s in by_member]
    return round(fmean(each), 2) if each else None


# --- succession ----------------------------------------------------------------------------
# How far up a position is (1: JPT); a candidate comes from the same level or the one below.
LEVEL = {
    "jpt": 1,
    "jpt_pratama": 1,
    "administrator": 2,
    "pengawas": 3,
    "fungsional": 3,
    "pelaksana": 4,
}


def eligible(candidate_kind: str | None, position_kind: str) -> bool:
    """A candidate's own position is at the position's level or one below it."""
    if candidate_kind not in LEVEL:
        return False
    return 0 <= LEVEL[candidate_kind] - LEVEL[position_kind] <= 1


def competency_fit(
    requirements: Mapping[str, int] | None, scores: Mapping[str, int] | None
) -> tuple[float, list[str]]:
    """The share of the position's competency requirements (competency → minimum score) the
    candidate meets, and the ones they fall short of; 1.0 where a position names none."""
    if not requirements:
        return 1.0, []
    scores = scores or {}
    gaps = sorted(c for c, minimum in requirements.items() if scores.get(c, 0) < minimum)
    return round(1 - len(gaps) / len(requirements), 2), gaps


def readiness(box: int | None, fit: float, promoted_here: bool) -> str | None:
    """How soon a candidate could hold the position: ready now when a ratified review promotes
    them to it, or from box 9 meeting every requirement; in one to two years from box 9, or from
    box 8 meeting every requirement; in three or more from box 7 or box 8 with gaps. None: not
    a candidate (outside boxes 7-9 and not promoted to it)."""
    if promoted_here:
        return "siap_sekarang"
    if box is None or box < 7:
        return None
    if box == 9:
        return "siap_sekarang" if fit >= 1 else "siap_1_2_tahun"
    if box == 8 and fit >= 1:
        return "siap_1_2_tahun"
    return "siap_3_tahun"
