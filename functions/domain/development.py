"""Competency development (pengembangan kompetensi) of an employee: the kinds of activity, and
the hours (JP, jam pelajaran) reached against the yearly target (PP 17/2020 Pasal 203: a PNS
develops at least 20 JP a year; the target is the tenant policy ``development_hours``).
Plain Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ACTIVITY_KINDS = (
    "pelatihan_klasikal",
    "pelatihan_nonklasikal",
    "e_learning",
    "coaching",
    "mentoring",
    "magang",
)
MAX_HOURS = 1000  # JP of one activity: a long-course at most (a Diklat of months)


@dataclass(frozen=True)
class Hours:
    """The JP an employee reached in a year against the target."""

    done: float
    target: int
    digital: float = 0.0  # of ``done``, in activities building digital competency

    @property
    def reached(self) -> bool:
        return self.done >= self.target

    @property
    def remaining(self) -> float:
        return max(0.0, round(self.target - self.done, 2))


def hours(done: Iterable[tuple[float, bool]], target: int) -> Hours:
    """``done``: (JP, digital) of each activity recorded as done."""
    total = digital = 0.0
    for jp, is_digital in done:
        total += float(jp)
        digital += float(jp) if is_digital else 0.0
    return Hours(round(total, 2), target, round(digital, 2))
