"""Monitoring: capaian (achievement) per indicator and the judgement per result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from functions.domain.policy import Policy
from functions.domain.rating import Rating, RhkJudgement


@dataclass(frozen=True)
class Target:
    value: float | None
    unit: str
    lower_is_better: bool = False
    qualitative: str | None = None


def capaian(target: Target, realisasi: float) -> float:
    """Achievement in percent. Higher-is-better: realisasi / target; lower-is-better (time,
    cost): target / realisasi. A zero target is met by any realisation (100 %); a zero
    realisation of a lower-is-better target is the best possible (capped at 200 %)."""
    goal = target.value or 0.0
    if target.lower_is_better:
        return 200.0 if realisasi <= 0 else min(200.0, goal / realisasi * 100)
    if goal <= 0:
        return 100.0
    return realisasi / goal * 100


def judge_rhk(capaian_values: Sequence[float], policy: Policy) -> Rating:
    """A result's judgement from the mean capaian of its indicators (thresholds are policy)."""
    mean = sum(capaian_values) / len(capaian_values) if capaian_values else 0.0
    if mean >= policy.judge_di_atas_from:
        return Rating.DI_ATAS
    if mean >= policy.judge_sesuai_from:
        return Rating.SESUAI
    return Rating.DI_BAWAH


def needs_coaching(history: Sequence[Sequence[RhkJudgement]], policy: Policy) -> list[str]:
    """Main results below expectation for ``coaching_periods_below`` periods in a row, ending
    with the latest period (policy)."""
    if not history:
        return []
    window = history[-policy.coaching_periods_below :]
    if len(window) < policy.coaching_periods_below:
        return []
    lagging = [j.rhk_id for j in history[-1] if j.utama and j.rating is Rating.DI_BAWAH]
    return [
        rhk
        for rhk in lagging
        if all(
            any(j.rhk_id == rhk and j.rating is Rating.DI_BAWAH for j in period) for period in window
        )
    ]
