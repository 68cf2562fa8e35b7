"""Monitoring: capaian (achievement) of one IKI, the judgement of one RHK from its IKI, and when
a lagging RHK calls for bimbingan or konseling kinerja (regulation.md §1: monitor and coach)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from functions.domain.errors import InvalidValue, MissingInput, member
from functions.domain.policy import Policy
from functions.domain.rating import Rating, RhkJudgement

CAPAIAN_CAP = 200.0
"""Default ceiling of a capaian, in percent (the tenant's is ``Policy.capaian_cap``)."""


class Agregasi(StrEnum):
    """How a period's realisations of an IKI are read against its annual target.

    - ``jumlah``: amounts (documents, cases, rupiah spent): the reports so far are summed and
      the annual target is pro-rated to the periods so far;
    - ``rata_rata``: levels (a percentage, a mean duration): the mean of the reports so far
      against the whole target;
    - ``terakhir``: an index or a state (indeks SPBE, a maturity level): the latest report;
    - ``maksimum`` / ``minimum``: the best or worst report so far (a peak load, the lowest
      uptime of any period)."""

    JUMLAH = "jumlah"
    RATA_RATA = "rata_rata"
    TERAKHIR = "terakhir"
    MAKSIMUM = "maksimum"
    MINIMUM = "minimum"


PERCENT_UNITS = ("%", "persen", "percent")
"""Units read as a level (``rata_rata`` by default)."""
LEVEL_ASPEK = ("waktu", "biaya")
"""Aspek whose lower-is-better targets are read as a level (``terakhir``) by default."""


@dataclass(frozen=True)
class Target:
    """The target of one IKI. ``value`` is None for a qualitative target, described in
    ``qualitative``. ``lower_is_better`` marks targets where less is better: waktu and biaya
    (days, rupiah) but also, say, "jumlah temuan BPK ≤ 2" (kualitas). ``agregasi`` says how the
    periods' reports are read (``Agregasi``); None means the default of ``default_agregasi``."""

    value: float | None
    unit: str
    lower_is_better: bool = False
    qualitative: str | None = None
    agregasi: str | None = None


def default_agregasi(unit: str, *, lower_is_better: bool = False, aspek: str | None = None):
    """The agregasi of a target that names none: a percentage is a level (``rata_rata``); a
    lower-is-better waktu or biaya (days to finish, cost per item) is read at its latest report
    (``terakhir``, as before agregasi existed); everything else is an amount (``jumlah``)."""
    if isinstance(unit, str) and unit.strip().lower() in PERCENT_UNITS:
        return Agregasi.RATA_RATA
    if lower_is_better and aspek in LEVEL_ASPEK:
        return Agregasi.TERAKHIR
    return Agregasi.JUMLAH


def agregasi_of(target: Target, aspek: str | None = None) -> Agregasi:
    """The target's own agregasi, or its default (``default_agregasi``)."""
    if target.agregasi is None:
        return default_agregasi(target.unit, lower_is_better=target.lower_is_better, aspek=aspek)
    return member(Agregasi, target.agregasi, "target.agregasi")


def measured(
    target: Target,
    reports: Mapping[int, float],
    *,
    period: int,
    periods: int,
    aspek: str | None = None,
) -> tuple[Target, float] | None:
    """What the IKI is measured on at the end of ``period`` (of ``periods`` in the year): the
    target it is held to and the realisation read from ``reports`` (period → value, one per
    period) of the periods so far, by the target's agregasi. None when nothing was reported
    yet. ``jumlah`` pro-rates the annual target (period / periods of it); the others hold the
    whole target. At the last period this is the annual capaian's measure."""
    if isinstance(period, bool) or not isinstance(period, int) or not 1 <= period <= periods:
        raise InvalidValue("period", f"a period from 1 to {periods}")
    so_far = [_amount(f"realisasi[{p}]", reports[p]) for p in sorted(reports) if p <= period]
    if not so_far:
        return None
    if target.value is None:
        raise MissingInput("target.value", "a qualitative target has no capaian; rate it")
    how = agregasi_of(target, aspek)
    if how is Agregasi.JUMLAH:
        goal = _amount("target.value", target.value)
        return replace(target, value=goal * period / periods), math.fsum(so_far)
    if how is Agregasi.RATA_RATA:
        return target, math.fsum(so_far) / len(so_far)
    if how is Agregasi.TERAKHIR:
        return target, so_far[-1]
    return target, (max if how is Agregasi.MAKSIMUM else min)(so_far)


def capaian_at(
    target: Target,
    reports: Mapping[int, float],
    *,
    period: int,
    periods: int,
    aspek: str | None = None,
    cap: float = CAPAIAN_CAP,
) -> float:
    """The capaian of an IKI at the end of ``period``: ``capaian`` of what ``measured`` gives,
    0 when nothing was reported yet."""
    found = measured(target, reports, period=period, periods=periods, aspek=aspek)
    return 0.0 if found is None else capaian(*found, cap=cap)


def over_cap(
    target: Target,
    reports: Mapping[int, float],
    *,
    period: int,
    periods: int,
    aspek: str | None = None,
    cap: float = CAPAIAN_CAP,
) -> bool:
    """Whether the capaian at ``period`` would exceed ``cap`` before capping: an implausible
    number (a typo in the realisation, a target set far too low, the wrong agregasi) that the
    cap hides. A lower-is-better realisation of zero is the best possible, not implausible."""
    found = measured(target, reports, period=period, periods=periods, aspek=aspek)
    if found is None or found[0].value is None:
        return False
    goal, done = found
    if goal.lower_is_better and done == 0:
        return False
    return capaian(goal, done, cap=math.inf) > cap


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
