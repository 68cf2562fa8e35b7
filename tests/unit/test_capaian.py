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
from functions.domain.capaian import Agregasi, capaian, capaian_at, default_agregasi
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


# --- agregasi: how a period's reports meet the annual target ---------------------------------

UPTIME = Target(99, "%")  # a level: rata_rata by default
SPBE = Target(3.5, "indeks", agregasi="terakhir")  # an index: the latest report


def test_a_level_is_not_pro_rated_and_summed():
    # Issue 12: 99.6 % uptime every quarter against 99 % was 4 × 99.6 / (99 × q/4): the cap.
    reports = {1: 99.6, 2: 99.6, 3: 99.6, 4: 99.6}
    for period in range(1, 5):
        at = capaian_at(UPTIME, reports, period=period, periods=4)
        assert at == pytest.approx(99.6 / 99 * 100)
    assert capaian_at(UPTIME, {1: 98.0, 2: 100.0}, period=2, periods=4) == pytest.approx(
        99 / 99 * 100
    )


def test_an_index_below_target_is_below_target():
    # indeks SPBE 2.9 against 3.5 scored 200 (Di Atas) when summed and pro-rated
    reports = {1: 2.5, 2: 2.7, 3: 2.8, 4: 2.9}
    at = capaian_at(SPBE, reports, period=4, periods=4)
    assert at == pytest.approx(2.9 / 3.5 * 100)
    assert judge_rhk([at], DEFAULT) is W


def test_amounts_add_up_against_the_pro_rated_target():
    docs = Target(12, "dokumen")  # jumlah by default
    assert capaian_at(docs, {1: 3, 2: 3}, period=2, periods=4) == pytest.approx(100.0)
    assert capaian_at(docs, {1: 3, 2: 3}, period=4, periods=4) == pytest.approx(50.0)  # annual
    assert capaian_at(docs, {1: 3, 2: 3, 3: 99}, period=2, periods=4) == pytest.approx(100.0)


def test_maksimum_and_minimum_take_the_best_or_worst_report():
    reports = {1: 90.0, 2: 99.0, 3: 95.0}
    peak = Target(100, "%", agregasi="maksimum")
    low = Target(100, "%", agregasi="minimum")
    assert capaian_at(peak, reports, period=3, periods=4) == pytest.approx(99.0)
    assert capaian_at(low, reports, period=3, periods=4) == pytest.approx(90.0)


def test_lower_is_better_follows_the_agregasi_too():
    temuan = Target(2, "temuan", lower_is_better=True)  # kualitas, jumlah: findings add up
    assert default_agregasi("temuan", lower_is_better=True, aspek="kualitas") is Agregasi.JUMLAH
    assert capaian_at(temuan, {1: 1, 2: 1, 3: 1, 4: 1}, period=4, periods=4) == pytest.approx(50)
    # a waktu or biaya target is read at its latest report, as before agregasi existed
    assert default_agregasi("hari", lower_is_better=True, aspek="waktu") is Agregasi.TERAKHIR
    assert capaian_at(DAYS, {1: 10, 2: 4}, period=2, periods=4, aspek="waktu") == pytest.approx(
        125.0
    )


@pytest.mark.parametrize(
    ("unit", "lower", "aspek", "expected"),
    [
        ("%", False, "kualitas", Agregasi.RATA_RATA),
        (" Persen ", False, "kuantitas", Agregasi.RATA_RATA),
        ("%", True, "waktu", Agregasi.RATA_RATA),
        ("hari", True, "waktu", Agregasi.TERAKHIR),
        ("rupiah", True, "biaya", Agregasi.TERAKHIR),
        ("rupiah", False, "biaya", Agregasi.JUMLAH),
        ("dokumen", False, "kuantitas", Agregasi.JUMLAH),
    ],
)
def test_the_default_agregasi_follows_the_unit(unit, lower, aspek, expected):
    assert default_agregasi(unit, lower_is_better=lower, aspek=aspek) is expected


def test_nothing_reported_is_nothing_achieved():
    assert capaian_at(UPTIME, {}, period=1, periods=4) == 0.0
    assert capaian_at(UPTIME, {2: 99.0}, period=1, periods=4) == 0.0  # a later report


def test_a_period_outside_the_year_or_an_unknown_agregasi_is_refused():
    with pytest.raises(InvalidValue) as raised:
        capaian_at(UPTIME, {1: 99.0}, period=5, periods=4)
    assert raised.value.field == "period"
    with pytest.raises(InvalidValue) as raised:
        capaian_at(Target(1, "x", agregasi="median"), {1: 1.0}, period=1, periods=4)
    assert raised.value.field == "target.agregasi"


@given(
    st.sampled_from(list(Agregasi)),
    st.dictionaries(st.integers(1, 4), amounts, min_size=1),
    st.booleans(),
    st.data(),
)
def test_a_better_report_never_lowers_the_capaian(how, reports, lower, data):
    period = data.draw(st.integers(1, 4))
    changed = data.draw(st.sampled_from(sorted(reports)))
    step = data.draw(amounts)
    better = {**reports, changed: max(0.0, reports[changed] + (-step if lower else step))}
    target = Target(10, "unit", lower_is_better=lower, agregasi=how.value)
    at = capaian_at(target, reports, period=period, periods=4)
    assert capaian_at(target, better, period=period, periods=4) >= at


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
