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


# --- needs: what the year's plan should answer ---------------------------------------------
HIGH, NORMAL = "high", "normal"
BOX_NEEDS: dict[str, tuple[str, ...]] = {
    "competency development": ("pelatihan_klasikal", "pelatihan_nonklasikal", "e_learning"),
    "study assignment": ("pelatihan_klasikal",),
    "bimbingan kinerja": ("coaching", "mentoring"),
    "konseling kinerja": ("coaching", "mentoring"),
    "rotation / job enrichment": ("magang",),
    "rotation / job enlargement": ("magang",),
    "rotation": ("magang",),
}
"""The 9-box actions (consequences.BOX_ACTIONS) that are development, and the activity kinds
that answer each."""
URGENT_BOXES = (1, 2, 3, 6)  # kinerja di bawah, or potensi rendah with kinerja sesuai
COMPETENCIES = ("manajerial", "sosial_kultural", "teknis")


@dataclass(frozen=True)
class Need:
    """One development need: where it comes from (``nine_box``, ``coaching``, ``competency``),
    why, the activity kinds that answer it, how pressing, and what it concerns."""

    source: str
    reason: str
    kinds: tuple[str, ...]
    priority: str  # high | normal
    year: int | None = None  # the year of the 9-box or coaching it comes from
    competency: str | None = None
    gap: float | None = None  # points below the band sought
    rhk_ids: tuple[str, ...] = ()


def box_needs(box: int, actions: Iterable[str], year: int) -> list[Need]:
    """The development among a 9-box's actions (Permen PANRB 3/2020)."""
    priority = HIGH if box in URGENT_BOXES else NORMAL
    return [
        Need("nine_box", f"9-box {box} ({year}): {action}", BOX_NEEDS[action], priority, year)
        for action in actions
        if action in BOX_NEEDS
    ]


def coaching_need(
    kind: str, held_on: str, findings: str, rhk_ids: Iterable[str], outcome: str | None, year: int
) -> Need:
    """A bimbingan or konseling: coaching and mentoring on the results it was about; pressing
    when it was konseling or its last follow-up found no improvement."""
    after = f"; follow-up: {outcome}" if outcome else "; no follow-up yet"
    urgent = kind == "konseling" or outcome == "not_improved"
    return Need(
        "coaching", f"{kind} of {held_on}: {findings}{after}", ("coaching", "mentoring"),
        HIGH if urgent else NORMAL, year, rhk_ids=tuple(rhk_ids),
    )  # fmt: skip


def competency_needs(scores: dict, tinggi_from: float, menengah_from: float) -> list[Need]:
    """Each competency assessed below the upper band (policy ``potensi_tinggi_from``), the
    widest gap first; below the middle band (``potensi_menengah_from``) it is pressing."""
    found = []
    for name in COMPETENCIES:
        score = scores.get(name)
        if score is None or float(score) >= tinggi_from:
            continue
        gap = round(tinggi_from - float(score), 2)
        urgent = float(score) < menengah_from
        kinds = ("pelatihan_klasikal", "pelatihan_nonklasikal", "e_learning")
        reason = f"{name} assessed {float(score):g}, {gap:g} below {tinggi_from:g}"
        found.append(Need("competency", reason, kinds, HIGH if urgent else NORMAL,
                          competency=name, gap=gap))  # fmt: skip
    return sorted(found, key=lambda n: -(n.gap or 0))


# --- use of the development done -------------------------------------------------------------
def rhk_capaian(capaian: dict, iki_ids: Iterable[str]) -> float | None:
    """The mean capaian (percent) of an RHK's IKI in one assessment; None when none measured."""
    values = [float(capaian[i]) for i in iki_ids if capaian.get(i) is not None]
    return round(sum(values) / len(values), 2) if values else None


def around(done_in: int, assessed: Iterable[int]) -> tuple[int | None, int | None]:
    """The periods to compare for an activity done in period ``done_in``: the last assessed
    before it, and the latest assessed after it (None where there is none yet)."""
    periods = sorted(set(assessed))
    before = [p for p in periods if p < done_in]
    after = [p for p in periods if p > done_in]
    return (before[-1] if before else None, after[-1] if after else None)


@dataclass
class Tally:
    """What a unit (or the regency) did in a year, along the ASN Achievement Award's indicators
    of competency development: activities and hours, budget planned and spent, use."""

    employees: int = 0
    reached: int = 0  # employees at or over the hours target
    planned_activities: int = 0
    planned_hours: float = 0.0
    planned_cost: float = 0.0
    activities: int = 0
    hours: float = 0.0
    digital_hours: float = 0.0
    spent: float = 0.0
    used: int = 0  # activities the penilai confirmed used
    not_used: int = 0  # ... confirmed not used

    @property
    def unconfirmed(self) -> int:
        return self.activities - self.used - self.not_used

    @property
    def utilisation(self) -> float | None:
        """Confirmed used / completed; None without an activity done."""
        return round(self.used / self.activities, 4) if self.activities else None

    @property
    def absorption(self) -> float | None:
        """Spent / planned; None without a planned cost."""
        return round(self.spent / self.planned_cost, 4) if self.planned_cost else None

    def plus(self, other: Tally) -> Tally:
        names = (
            "employees", "reached", "planned_activities", "planned_hours", "planned_cost",
            "activities", "hours", "digital_hours", "spent", "used", "not_used",
        )  # fmt: skip
        return Tally(**{n: getattr(self, n) + getattr(other, n) for n in names})
