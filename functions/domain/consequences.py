"""What follows from the year's predikat (regulation.md §6, §7): angka kredit for jabatan
fungsional (Peraturan BKN 3/2023), the talent 9-box (Permen PANRB 3/2020), the PNS and PPPK
follow-up (PP 30/2019, PP 49/2018), rewards and the tunjangan kinerja factor."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from functions.domain.errors import InvalidValue, member
from functions.domain.policy import Policy
from functions.domain.rating import Predikat, Rating

JENJANG_COEFFICIENT: Mapping[str, Decimal] = MappingProxyType(
    {
        "ahli_pertama": Decimal("12.5"),
        "ahli_muda": Decimal("25"),
        "ahli_madya": Decimal("37.5"),
        "ahli_utama": Decimal("50"),
        "pemula": Decimal("3.75"),
        "terampil": Decimal("5"),
        "mahir": Decimal("12.5"),
        "penyelia": Decimal("25"),
    }
)
"""Annual angka kredit coefficient per jenjang of jabatan fungsional (confirmed)."""

AK_SHARE: Mapping[Predikat, Decimal] = MappingProxyType(
    {
        Predikat.SANGAT_BAIK: Decimal("1.50"),
        Predikat.BAIK: Decimal("1.00"),
        Predikat.BUTUH_PERBAIKAN: Decimal("0.75"),
        Predikat.KURANG: Decimal("0.50"),
        Predikat.SANGAT_KURANG: Decimal("0.25"),
    }
)
"""The share of the annual coefficient each predikat earns (confirmed)."""

AK_PLACES = Decimal("0.001")
ASN_KINDS = ("pns", "pppk")


def _months(months: int) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
        raise InvalidValue("months", "whole months of the year rated, from 1 to 12")
    return months


def angka_kredit(predikat: Predikat, jenjang: str, months: int = 12) -> Decimal:
    """months/12 × share × coefficient, rounded half up to 3 decimals: Ahli Pertama at Sangat
    Baik earns 1.5 × 12.5 = 18.750; two months at Baik 2/12 × 12.5 = 2.083. Exact decimal
    arithmetic, so the figure is the same on every machine."""
    if jenjang not in JENJANG_COEFFICIENT:
        known = ", ".join(JENJANG_COEFFICIENT)
        raise InvalidValue(
            "jenjang", f"{jenjang!r} is not a jenjang of jabatan fungsional ({known})"
        )
    share = AK_SHARE[member(Predikat, predikat, "predikat")]
    value = Decimal(_months(months)) * share * JENJANG_COEFFICIENT[jenjang] / 12
    return value.quantize(AK_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class JabatanSpell:
    """A time in one jenjang of a jabatan fungsional: from ``start``, its TMT (an appointment,
    a move or promotion into it, a PPPK contract's start; None: since before the year) to
    ``end``, the last day held (None: still held)."""

    jenjang: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class YearCredit:
    """The angka kredit of a year held in part: the months per jenjang and their sum."""

    angka_kredit: Decimal | None  # None: no month of the year in a jabatan fungsional
    months: Mapping[str, int]


def months_by_jenjang(year: int, spells: Sequence[JabatanSpell]) -> dict[str, int]:
    """Whole months of ``year`` in each jenjang. A month counts for the jenjang held on its
    first day (a TMT is the first of a month in practice; one on the 15th starts counting the
    next month, and the month of a move counts for the jenjang left). Spells may not overlap
    on a month's first day; the first listed wins."""
    for n, spell in enumerate(spells):
        if spell.jenjang not in JENJANG_COEFFICIENT:
            raise InvalidValue(f"spells[{n}].jenjang", f"{spell.jenjang!r} is not a jenjang")
        if spell.start and spell.end and spell.end < spell.start:
            raise InvalidValue(f"spells[{n}].end", "a jabatan ends after it starts")
    months: dict[str, int] = {}
    for month in range(1, 13):
        first = date(year, month, 1)
        for spell in spells:
            if (spell.start is None or spell.start <= first) and (
                spell.end is None or spell.end >= first
            ):
                months[spell.jenjang] = months.get(spell.jenjang, 0) + 1
                break
    return months


def year_credit(predikat: Predikat, spells: Sequence[JabatanSpell], year: int) -> YearCredit:
    """Angka kredit of a year held in part (regulation.md §6: months/12 × share ×
    coefficient), summed over the jenjang held: Ahli Pertama from 1 November at Baik earns
    2/12 × 12.5 = 2.083; a promotion on 1 July to Ahli Muda at Baik earns 6.250 + 12.500."""
    months = months_by_jenjang(year, spells)
    if not months:
        return YearCredit(None, months)
    total = sum(angka_kredit(predikat, jenjang, n) for jenjang, n in months.items())
    return YearCredit(Decimal(total).quantize(AK_PLACES), months)


class Potensi(StrEnum):
    RENDAH = "rendah"
    MENENGAH = "menengah"
    TINGGI = "tinggi"


def potensi_from_scores(
    manajerial: float, sosial_kultural: float, teknis: float, policy: Policy
) -> Potensi:
    """Potensi from the three competency-assessment scores (0-100): their unweighted mean
    against ``potensi_tinggi_from`` (80) and ``potensi_menengah_from`` (60). The bands are
    policy: no national rule fixes them; a tenant sets its assessment centre's bands."""
    scores = {"manajerial": manajerial, "sosial_kultural": sosial_kultural, "teknis": teknis}
    for name, score in scores.items():
        if isinstance(score, bool) or not isinstance(score, int | float | Decimal):
            raise InvalidValue(name, "a competency score is a number from 0 to 100")
        finite = score.is_finite() if isinstance(score, Decimal) else math.isfinite(score)
        if not finite or not 0 <= score <= 100:
            raise InvalidValue(name, "a competency score is a number from 0 to 100")
    mean = math.fsum(float(s) for s in scores.values()) / 3
    if mean >= policy.potensi_tinggi_from:
        return Potensi.TINGGI
    if mean >= policy.potensi_menengah_from:
        return Potensi.MENENGAH
    return Potensi.RENDAH


def kinerja_axis(predikat: Predikat, policy: Policy) -> Rating:
    """Where a predikat sits on the 9-box's kinerja axis. Open, so policy: by default Sangat
    Baik → Di Atas, Baik → Sesuai, lower → Di Bawah."""
    return policy.kinerja_axis[member(Predikat, predikat, "predikat")]


_BOX: Mapping[Potensi, Mapping[Rating, int]] = MappingProxyType(
    {
        Potensi.TINGGI: {Rating.DI_BAWAH: 6, Rating.SESUAI: 8, Rating.DI_ATAS: 9},
        Potensi.MENENGAH: {Rating.DI_BAWAH: 3, Rating.SESUAI: 5, Rating.DI_ATAS: 7},
        Potensi.RENDAH: {Rating.DI_BAWAH: 1, Rating.SESUAI: 2, Rating.DI_ATAS: 4},
    }
)

BOX_ACTIONS: Mapping[int, tuple[str, ...]] = MappingProxyType(
    {
        9: ("promote", "retain", "succession group (instansi/national)", "award"),
        8: ("retain", "succession group", "rotation / job enlargement", "bimbingan kinerja"),
        7: (
            "retain",
            "succession group",
            "rotation / job enrichment",
            "competency development",
            "study assignment",
        ),
        6: ("fitting placement", "bimbingan kinerja", "konseling kinerja"),
        5: ("fitting placement", "bimbingan kinerja", "competency development"),
        4: ("rotation", "competency development"),
        3: (
            "bimbingan kinerja",
            "konseling kinerja",
            "competency development",
            "fitting placement",
        ),
        2: ("bimbingan kinerja", "competency development", "fitting placement"),
        1: ("handled under the regulations (PP 30/2019: improvement period, re-test, transfer)",),
    }
)
"""Recommended actions per box (Permen PANRB 3/2020, regulation.md §7)."""


def nine_box(kinerja: Rating, potensi: Potensi) -> int:
    """The talent box, 1-9: potensi rows × kinerja columns (Permen PANRB 3/2020)."""
    row = _BOX[member(Potensi, potensi, "potensi")]
    return row[member(Rating, kinerja, "kinerja")]


def is_succession_candidate(box: int) -> bool:
    """Boxes 7-9 enter the succession group."""
    if isinstance(box, bool) or box not in BOX_ACTIONS:
        raise InvalidValue("box", "a talent box is a whole number from 1 to 9")
    return box >= 7


class Flag(StrEnum):
    """What the follow-up sets in motion, besides the box's actions."""

    PNS_IMPROVEMENT_PERIOD = "pns_improvement_period"  # PP 30/2019 Pasal 56: 6 months
    PPPK_CONTRACT_REVIEW = "pppk_contract_review"  # PP 49/2018 Pasal 35, 53
    PPPK_EXTENSION_ELIGIBLE = "pppk_extension_eligible"  # PP 49/2018 Pasal 37
    SUCCESSION_CANDIDATE = "succession_candidate"  # boxes 7-9
    REWARD = "reward"  # predikat at or above policy.rewards_from


@dataclass(frozen=True)
class FollowUp:
    """The decide step's result for one employee."""

    predikat: Predikat
    angka_kredit: Decimal | None  # None outside jabatan fungsional
    box: int | None  # None without a potensi
    actions: tuple[str, ...]
    flags: tuple[str, ...]
    tukin_factor: Decimal
    ak_months: int | None = None  # the months of the year the angka kredit counts


def follow_up(
    *,
    predikat: Predikat,
    asn_kind: str,
    jenjang: str | None,
    months: int,
    potensi: Potensi | None,
    policy: Policy,
    spells: Sequence[JabatanSpell] | None = None,
    year: int | None = None,
) -> FollowUp:
    """The follow-up of one employee's predikat.

    - angka kredit when ``jenjang`` is given (jabatan fungsional): for ``months`` of the
      year, or, when ``spells`` (and ``year``) are given, for the months of ``year`` in each
      jenjang they hold (``year_credit``; ``jenjang`` then only says the employee is a JF);
    - the 9-box and its actions when ``potensi`` is known;
    - a predikat in ``policy.improvement_predikat`` (default: Butuh Perbaikan and lower, the
      Di Bawah end of the kinerja axis) starts the PNS improvement path (PP 30/2019) or puts
      a PPPK contract under review (PP 49/2018); otherwise a PPPK may be extended;
    - rewards from ``policy.rewards`` (plus ``rewards_fungsional`` for JF) at or above
      ``policy.rewards_from``;
    - the tukin factor of ``policy.tukin_factor``.
    """
    predikat = member(Predikat, predikat, "predikat")
    if asn_kind not in ASN_KINDS:
        raise InvalidValue("asn_kind", "pns or pppk")
    _months(months)
    credit = None if jenjang is None else angka_kredit(predikat, jenjang, months)
    held = None if jenjang is None else months
    if spells is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidValue("year", "the year rated, to count the months in each jenjang")
        partial = year_credit(predikat, spells, year)
        credit, held = partial.angka_kredit, sum(partial.months.values()) or None
    box = None
    if potensi is not None:
        box = nine_box(kinerja_axis(predikat, policy), member(Potensi, potensi, "potensi"))
    actions: list[str] = list(BOX_ACTIONS[box]) if box is not None else []
    flags: list[str] = []
    if predikat in policy.improvement_predikat:
        flags.append(
            Flag.PNS_IMPROVEMENT_PERIOD if asn_kind == "pns" else Flag.PPPK_CONTRACT_REVIEW
        )
    elif asn_kind == "pppk":
        flags.append(Flag.PPPK_EXTENSION_ELIGIBLE)
    if box is not None and is_succession_candidate(box):
        flags.append(Flag.SUCCESSION_CANDIDATE)
    if predikat.rank >= policy.rewards_from.rank:
        flags.append(Flag.REWARD)
        rewards = policy.rewards + (policy.rewards_fungsional if jenjang is not None else ())
        actions += [r for r in rewards if r not in actions]
    return FollowUp(
        predikat=predikat,
        angka_kredit=credit,
        box=box,
        actions=tuple(actions),
        flags=tuple(str(f) for f in flags),
        tukin_factor=policy.tukin_factor[predikat],
        ak_months=held,
    )


@dataclass(frozen=True)
class Ranked:
    position: int  # 1 is the best; equal results share a position
    nip: str
    predikat: Predikat
    standing: float | None


def rank_within_unit(
    predikat: Mapping[str, Predikat], standing: Mapping[str, float] | None = None
) -> tuple[Ranked, ...]:
    """A unit's employees ranked by predikat, then by standing (any score where higher is
    better, e.g. mean capaian; none ranks last within its predikat). Equal predikat and standing
    share a position (1, 2, 2, 4); NIP only orders the listing. Independent of input order."""
    standing = standing or {}
    rows = [
        (member(Predikat, p, f"predikat.{nip}"), standing.get(nip), nip)
        for nip, p in predikat.items()
    ]

    def merit(row: tuple) -> tuple[int, float]:
        score = row[1]
        return (-row[0].rank, -score if score is not None else math.inf)

    ranked: list[Ranked] = []
    for row in sorted(rows, key=lambda row: (*merit(row), row[2])):
        shared = ranked and merit((ranked[-1].predikat, ranked[-1].standing)) == merit(row)
        position = ranked[-1].position if shared else len(ranked) + 1
        ranked.append(Ranked(position, row[2], row[0], row[1]))
    return tuple(ranked)
