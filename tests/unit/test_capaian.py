"""Monitoring: capaian per IKI, judgement per RHK, the coaching trigger."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from functions.domain import (
    CAPAIAN_CAP,
    InvalidValue,
    MissingInput,
    Rating,
    RhkJudgement,
    Target,
    judge_rhk,
    needs_coaching,
)
from functions.domain.capaian import capaian
from tests.unit.factories import DEFAULT

A, S, W = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH
AMOUNT = Target(12, "dokumen")
DAYS = Target(5, "hari", lower_is_better=True)


@pytest.mark.parametrize(
    ("target", "realisasi", "expected"),
    [
        (AMOUNT, 12, 100.0),
        (AMOUNT, 6, 50.0),
        (AMOUNT, 15, 125.0),
        (AMOUNT, 0, 0.0),
        (AMOUNT, 100, CAPAIAN_CAP),  # capped: one IKI cannot hide another
        (DAYS, 5, 100.0),
        (DAYS, 4, 125.0),  # faster than the target
        (DAYS, 10, 50.0),  # twice as long
        (DAYS, 0, CAPAIAN_CAP),  # done in no time: the best possible
        (Target(0, "dokumen"), 0, 100.0),  # nothing asked, nothing done
        (Target(0, "dokumen"), 3, 100.0),  # nothing asked: any realisation meets it
        (Target(0, "kasus", lower_is_better=True), 0, 100.0),  # zero incidents, as targeted
        (Target(0, "kasus", lower_is_better=True), 2, 0.0),  # two where none was allowed
    ],
)
def test_capaian_cases(target, realisasi, expected):
    assert capaian(target, realisasi) == pytest.approx(expected)


def test_the_cap_can_be_the_tenants():
    assert capaian(AMOUNT, 60, cap=300) == pytest.approx(300.0)
    assert capaian(DAYS, 0, cap=150) == pytest.approx(150.0)


def test_a_cap_below_100_is_refused():
    with pytest.raises(InvalidValue) as raised:
        capaian(AMOUNT, 12, cap=90)
    assert raised.value.field == "cap"


def test_a_qualitative_target_has_no_capaian():
    with pytest.raises(MissingInput) as raised:
        capaian(Target(None, "", qualitative="Laporan diterima pimpinan"), 1)
    assert raised.value.field == "target.value"


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, "12", True])
def test_an_impossible_realisasi_is_refused(bad):
    with pytest.raises(InvalidValue) as raised:
        capaian(AMOUNT, bad)
    assert raised.value.field == "realisasi"


def test_a_negative_target_is_refused():
    with pytest.raises(InvalidValue) as raised:
        capaian(Target(-3, "dokumen"), 1)
    assert raised.value.field == "target.value"


amounts = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@given(amounts, amounts, amounts, st.booleans())
def test_capaian_is_monotone_in_realisasi(goal, first, second, lower_is_better):
    low, high = sorted((first, second))
    target = Target(goal, "unit", lower_is_better)
    if lower_is_better:
        assert capaian(target, low) >= capaian(target, high)
    else:
        assert capaian(target, low) <= capaian(target, high)


@given(amounts, amounts, st.booleans())
def test_capaian_stays_between_0_and_the_cap(goal, realisasi, lower_is_better):
    assert 0 <= capaian(Target(goal, "unit", lower_is_better), realisasi) <= CAPAIAN_CAP


# --- judge_rhk -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([110.0], A),
        ([109.99], S),
        ([90.0], S),
        ([89.99], W),
        ([0.0], W),
        ([120.0, 100.0], A),  # mean 110
        ([100.0, 79.0], W),  # mean 89.5
        ([200.0, 20.0], A),  # mean 110
    ],
)
def test_judge_rhk_at_and_around_the_default_thresholds(values, expected):
    assert judge_rhk(values, DEFAULT) is expected


def test_judge_rhk_caps_each_value_at_the_tenants_cap():
    # 500 % and 0 %: capped at 200, the mean is 100 → Sesuai, not Di Atas
    assert judge_rhk([500.0, 0.0], DEFAULT) is S


def test_judge_thresholds_are_policy():
    strict = DEFAULT.replace(judge_di_atas_from=120.0, judge_sesuai_from=100.0)
    assert judge_rhk([115.0], strict) is S
    assert judge_rhk([95.0], strict) is W


def test_judging_an_rhk_without_capaian_is_refused():
    with pytest.raises(MissingInput):
        judge_rhk([], DEFAULT)


def test_judging_a_negative_capaian_is_refused():
    with pytest.raises(InvalidValue) as raised:
        judge_rhk([100.0, -5.0], DEFAULT)
    assert raised.value.field == "capaian[1]"


@given(st.lists(amounts, min_size=1, max_size=6), st.data())
def test_a_higher_capaian_never_gives_a_worse_judgement(values, data):
    n = data.draw(st.integers(0, len(values) - 1))
    higher = [*values[:n], values[n] + data.draw(amounts), *values[n + 1 :]]
    assert judge_rhk(higher, DEFAULT).rank >= judge_rhk(values, DEFAULT).rank


# --- needs_coaching --------------------------------------------------------------------------


def period(**ratings: Rating) -> list[RhkJudgement]:
    """Keyword per RHK; an id starting with "t" is an additional (tambahan) RHK."""
    return [RhkJudgement(rhk, not rhk.startswith("t"), r) for rhk, r in ratings.items()]


def test_a_main_rhk_below_in_the_latest_period_triggers_coaching():
    assert needs_coaching([period(r1=S, r2=W)], DEFAULT) == ["r2"]


def test_an_additional_rhk_below_does_not_trigger_coaching_by_default():
    assert needs_coaching([period(r1=S, t1=W)], DEFAULT) == []
    assert needs_coaching([period(r1=S, t1=W)], DEFAULT.replace(coaching_utama_only=False)) == [
        "t1"
    ]


def test_an_earlier_period_below_does_not_trigger_coaching_now():
    assert needs_coaching([period(r1=W), period(r1=S)], DEFAULT) == []


def test_no_history_needs_no_coaching():
    assert needs_coaching([], DEFAULT) == []


def test_consecutive_periods_below_are_policy():
    two = DEFAULT.replace(coaching_periods_below=2)
    assert needs_coaching([period(r1=W)], two) == []
    assert needs_coaching([period(r1=S), period(r1=W)], two) == []
    assert needs_coaching([period(r1=W), period(r1=W)], two) == ["r1"]
    assert needs_coaching([period(r1=W), period(r1=S), period(r1=W)], two) == []


def test_a_period_without_the_rhk_breaks_the_run():
    two = DEFAULT.replace(coaching_periods_below=2)
    assert needs_coaching([period(r2=W), period(r1=W, r2=W)], two) == ["r2"]


def test_coaching_ids_keep_the_order_of_the_current_period():
    assert needs_coaching([period(r3=W, r1=W, r2=S)], DEFAULT) == ["r3", "r1"]


def test_coaching_accepts_stored_rating_strings():
    assert needs_coaching([[RhkJudgement("r1", True, "di_bawah")]], DEFAULT) == ["r1"]
