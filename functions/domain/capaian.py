"""Monitoring: capaian (achievement) of one IKI, the judgement of one RHK from its IKI, and when
a lagging RHK calls for bimbingan or konseling kinerja (regulation.md §1: monitor and coach)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from functions.domain.errors import InvalidValue, MissingInput
from functions.domain.policy import Policy
from functions.domain.rating import Rating, RhkJudgement

CAPAIAN_CAP = 200.0
"""Default ceiling of a capaian, in percent (the tenant's is ``Policy.capaian_cap``)."""


@dataclass(frozen=True)
class Target:
    """The target of one IKI. ``value`` is None for a qualitative target, described in
    ``qualitative``. ``lower_is_better`` marks waktu and biaya targets (days, rupiah)."""

    value: float | None
    unit: str
    lower_is_better: bool = False
    qualitative: str | None = None


def capaian(target: Target, realisasi: float, *, cap: float = CAPAIAN_CAP) -> float:
    """Achievement in percent: realisasi / target × 100, or target / realisasi × 100 when lower
    is better. Never above ``cap`` (pass the tenant's ``Policy.capaian_cap``): one IKI far over
    target must not hide another missed in the mean that judges the RHK.

    Zeros, defined so the result stays monotone in realisasi:
    - a zero target, higher is better: nothing was asked, so any realisation meets it (100 %);
    - lower is better, zero realisation: the best possible (``cap``), or exactly met (100 %)
      when the target is zero too;
    - lower is better, zero target, some realisation: 0 %.
    """
    if target.value is None:
        raise MissingInput("target.value", "a qualitative target has no capaian; rate it")
    goal, done = _amount("target.value", target.value), _amount("realisasi", realisasi)
    if cap < 100:
        raise InvalidValue("cap", "a capaian cap below 100 % would hide a target met")
    if target.lower_is_better:
        if done == 0:
            return 100.0 if goal == 0 else cap
        return min(cap, goal / done * 100)
    if goal == 0:
        return 100.0
    return min(cap, done / goal * 100)


def _amount(field: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidValue(field, "must be a number")
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidValue(field, "must be a finite number, at least 0")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InvalidValue(field, "must be a finite number, at least 0")
    return number


def judge_rhk(capaian_values: Sequence[float], policy: Policy) -> Rating:
    """The judgement of one RHK from the mean capaian of its IKI (unweighted, each capped at
    ``capaian_cap``) against the policy thresholds: ≥ ``judge_di_atas_from`` (110 %) Di Atas,
    ≥ ``judge_sesuai_from`` (90 %) Sesuai, else Di Bawah. The thresholds are policy: the
    regulation leaves the penilai to judge, this is the monitoring's suggestion."""
    if not capaian_values:
        raise MissingInput("capaian", "an RHK is judged on at least one IKI")
    values = []
    for n, value in enumerate(capaian_values):
        values.append(min(policy.capaian_cap, _amount(f"capaian[{n}]", value)))
    mean = math.fsum(values) / len(values)
    if mean >= policy.judge_di_atas_from:
        return Rating.DI_ATAS
    if mean >= policy.judge_sesuai_from:
        return Rating.SESUAI
    return Rating.DI_BAWAH


def needs_coaching(history: Sequence[Sequence[RhkJudgement]], policy: Policy) -> list[str]:
    """The RHK that call for coaching now. ``history`` holds each period's judgements, oldest
    first; the last is the current period. An RHK qualifies when it is Di Bawah in each of the
    last ``coaching_periods_below`` periods (default 1: the current one); only RHK utama when
    ``coaching_utama_only`` (default). A period without a judgement of the RHK breaks the run.
    Both settings are policy: the regulation says only "when performance lags". Ids come in
    the order of the current period."""
    needed = policy.coaching_periods_below
    if len(history) < needed:
        return []
    window = [
        {j.rhk_id for j in period if j.rating == Rating.DI_BAWAH} for period in history[-needed:]
    ]
    result: list[str] = []
    for judgement in history[-1]:
        if policy.coaching_utama_only and not judgement.utama:
            continue
        rhk = judgement.rhk_id
        if rhk not in result and all(rhk in below for below in window):
            result.append(rhk)
    return result
