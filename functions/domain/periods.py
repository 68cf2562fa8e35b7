"""Periods of an evaluation year: bulanan or triwulan (SIASN's periodik codes 1 and 2)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Frequency(StrEnum):
    BULANAN = "bulanan"
    TRIWULAN = "triwulan"

    @property
    def siasn_code(self) -> int:
        return 1 if self is Frequency.BULANAN else 2


@dataclass(frozen=True)
class Period:
    index: int  # 1-based
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.end.month - self.start.month == 2:
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return f"{self.start:%Y-%m}"


def periods_of(year: int, frequency: Frequency | str) -> list[Period]:
    months = 1 if Frequency(frequency) is Frequency.BULANAN else 3
    result = []
    for index, first in enumerate(range(1, 13, months), start=1):
        last = first + months - 1
        end = date(year, last, calendar.monthrange(year, last)[1])
        result.append(Period(index, date(year, first, 1), end))
    return result
