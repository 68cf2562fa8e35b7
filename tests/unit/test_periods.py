"""Periods of the evaluation year (bulanan, triwulan) and the stage deadlines."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from functions.domain import (
    KEBERATAN_DECIDED,
    Frequency,
    InvalidValue,
    Period,
    Stage,
    keberatan_deadline,
    may_object,
    period_of,
    periods_of,
    planning_deadline,
    result_received,
    year_period,
)
from tests.unit.factories import DEFAULT


def test_frequency_codes_follow_siasn():
    assert (Frequency.BULANAN.siasn_code, Frequency.TRIWULAN.siasn_code) == (1, 2)
    assert Frequency.from_siasn(2) is Frequency.TRIWULAN


def test_an_unknown_siasn_periodik_code_is_refused():
    with pytest.raises(InvalidValue) as raised:
        Frequency.from_siasn(3)
    assert raised.value.field == "periodikId"


def test_a_year_has_four_quarters():
    quarters = periods_of(2026, Frequency.TRIWULAN)
    assert [(p.index, p.start, p.end, p.label) for p in quarters] == [
        (1, date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        (2, date(2026, 4, 1), date(2026, 6, 30), "2026-Q2"),
        (3, date(2026, 7, 1), date(2026, 9, 30), "2026-Q3"),
        (4, date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
    ]


def test_a_year_has_twelve_months_ending_on_their_last_day():
    months = periods_of(2028, "bulanan")
    assert len(months) == 12
    assert months[1].end == date(2028, 2, 29)  # leap year
    assert periods_of(2026, "bulanan")[1].end == date(2026, 2, 28)
    assert [p.label for p in months[:3]] == ["2028-01", "2028-02", "2028-03"]
    assert [p.index for p in months] == list(range(1, 13))


@pytest.mark.parametrize("frequency", list(Frequency))
def test_periods_cover_the_year_without_gaps(frequency):
    periods = periods_of(2027, frequency)
    assert periods[0].start == date(2027, 1, 1)
    assert periods[-1].end == date(2027, 12, 31)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + timedelta(days=1)


def test_an_unknown_frequency_is_refused():
    with pytest.raises(InvalidValue) as raised:
        periods_of(2026, "semesteran")
    assert raised.value.field == "frequency"


@pytest.mark.parametrize("year", [2021, 10000, True, "2026"])
def test_a_year_before_the_regulation_or_not_a_year_is_refused(year):
    with pytest.raises(InvalidValue) as raised:
        periods_of(year, Frequency.TRIWULAN)
    assert raised.value.field == "year"


@given(st.dates(date(2022, 1, 1), date(2100, 12, 31)), st.sampled_from(list(Frequency)))
def test_every_day_falls_in_exactly_one_period(day, frequency):
    holding = [p for p in periods_of(day.year, frequency) if day in p]
    assert holding == [period_of(day, frequency)]


def test_other_spans_have_a_range_label():
    assert Period(1, date(2026, 1, 1), date(2026, 6, 30)).label == "2026-01/2026-06"
    assert Period(1, date(2026, 2, 1), date(2026, 4, 30)).label == "2026-02/2026-04"


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(InvalidValue):
        Period(1, date(2026, 2, 1), date(2026, 1, 31))


def test_the_annual_period_is_index_zero():
    assert year_period(2026) == Period(0, date(2026, 1, 1), date(2026, 12, 31))


# --- stages ----------------------------------------------------------------------------------


def test_stages_are_the_five_of_the_cycle():
    assert [s.value for s in Stage] == ["plan", "monitor", "coach", "assess", "decide"]
    assert Stage.PLAN.regulation_name == "Perencanaan kinerja"


def test_the_planning_deadline_is_the_second_week_of_january():
    assert planning_deadline(date(2026, 1, 1), DEFAULT) == date(2026, 1, 14)
    later = DEFAULT.replace(planning_deadline_days=31)
    assert planning_deadline(date(2026, 1, 1), later) == date(2026, 1, 31)


def test_keberatan_may_be_filed_within_14_days():
    received = date(2026, 2, 1)
    assert keberatan_deadline(received, DEFAULT) == date(2026, 2, 15)
    assert may_object(received, date(2026, 2, 15), DEFAULT)
    assert not may_object(received, date(2026, 2, 16), DEFAULT)


def test_an_objection_before_the_result_is_refused():
    with pytest.raises(InvalidValue):
        may_object(date(2026, 2, 1), date(2026, 1, 31), DEFAULT)


def test_a_revision_restarts_the_keberatan_window():
    done, revised = date(2027, 1, 10), date(2027, 1, 20)
    assert result_received(done) == done
    assert result_received(done, [revised, date(2027, 1, 15)]) == revised
    received = result_received(done, [revised])
    assert may_object(received, date(2027, 2, 3), DEFAULT)  # 24 days after the year's result
    assert not may_object(received, date(2027, 2, 4), DEFAULT)


def test_a_decided_keberatan_is_final_whichever_way_it_went():
    assert set(KEBERATAN_DECIDED) == {"accepted", "rejected"} and "filed" not in KEBERATAN_DECIDED
