"""Periods of an evaluation year. Evaluation is periodik (bulanan or triwulan: SIASN's reference
table has exactly these two, codes 1 and 2) and tahunan (regulation.md §1, §4)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from functions.domain.errors import InvalidValue, member

FIRST_YEAR = 2022
"""Permen PANRB 6/2022 took effect in 2022; earlier years ran under PP 46/2011 rules."""


class Frequency(StrEnum):
    BULANAN = "bulanan"
    TRIWULAN = "triwulan"

    @property
    def siasn_code(self) -> int:
        """SIASN's periodikId."""
        return 1 if self is Frequency.BULANAN else 2

    @property
    def months(self) -> int:
        return 1 if self is Frequency.BULANAN else 3

    @classmethod
    def from_siasn(cls, code: int) -> Frequency:
        for frequency in cls:
            if frequency.siasn_code == code:
                return frequency
        raise InvalidValue("periodikId", f"{code!r} is not a SIASN periodik code (1 or 2)")


@dataclass(frozen=True)
class Period:
    """One evaluation period; ``index`` is 1-based and ``end`` is inclusive."""

    index: int
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValue("period.end", "a period cannot end before it starts")

    @property
    def months(self) -> int:
        """Calendar months the period touches (1 for a month, 3 for a quarter)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def label(self) -> str:
        """ "2026-03" for a month, "2026-Q1" for a calendar quarter, "2026-01/2026-06" else."""
        whole = self.start.day == 1 and self.end.day == _last_day(self.end.year, self.end.month)
        if whole and self.months == 1:
            return f"{self.start:%Y-%m}"
        if whole and self.months == 3 and self.start.month % 3 == 1:
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return f"{self.start:%Y-%m}/{self.end:%Y-%m}"

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return isinstance(day, date) and self.start <= day <= self.end


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= 9999:
        raise InvalidValue("year", f"a year from {FIRST_YEAR} (Permen PANRB 6/2022)")


def periods_of(year: int, frequency: Frequency | str) -> list[Period]:
    """The periods of a calendar year, in order: 12 months or 4 quarters."""
    _check_year(year)
    step = member(Frequency, frequency, "frequency").months
    result = []
    for index, first in enumerate(range(1, 13, step), start=1):
        last = first + step - 1
        result.append(Period(index, date(year, first, 1), date(year, last, _last_day(year, last))))
    return result


def period_of(day: date, frequency: Frequency | str) -> Period:
    """The period ``day`` falls in."""
    step = member(Frequency, frequency, "frequency").months
    return periods_of(day.year, frequency)[(day.month - 1) // step]


def year_period(year: int) -> Period:
    """The annual (tahunan) evaluation period, 1 January to 31 December; index 0."""
    _check_year(year)
    return Period(0, date(year, 1, 1), date(year, 12, 31))


# With monthly periods an execution runs per quarter: the months inside it are assessed
# outside any execution (detached), so a year costs 4 period segments, not 12.
SEGMENT_MONTHS = 3


def next_segment(frequency: Frequency | str, after: int, periods: int) -> tuple[int, list[int]]:
    """After period ``after`` (0: the SKP's approval), the period whose segment runs next and
    the periods before it that are checked and assessed detached (no execution): with
    bulanan periods the next quarter's last month, the months before it detached; with
    triwulan the next period, none detached."""
    frequency = member(Frequency, frequency, "frequency")
    if frequency is Frequency.TRIWULAN:
        return after + 1, []
    segment = min(periods, (after // SEGMENT_MONTHS + 1) * SEGMENT_MONTHS)
    return segment, list(range(after + 1, segment))
