"""Ratings and predikat (regulation.md §4).

The penilai rates hasil kerja (results) and perilaku kerja (behaviour) each as Di Atas, Sesuai or
Di Bawah Ekspektasi; the two ratings give the predikat through a 3×3 matrix. How the ratings
follow from their parts is partly open, so the thresholds live in the tenant ``Policy``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from functions.domain.berakhlak import BERAKHLAK
from functions.domain.errors import InvalidValue, MissingInput, member

if TYPE_CHECKING:  # policy.py imports this module for its enums
    from functions.domain.policy import Policy


class Rating(StrEnum):
    """A rating of hasil kerja or perilaku kerja. SIASN calls the table perilakuDanKinerja."""

    DI_ATAS = "di_atas"
    SESUAI = "sesuai"
    DI_BAWAH = "di_bawah"

    @property
    def siasn_code(self) -> int:
        return _RATING_CODE[self]

    @property
    def label(self) -> str:
        return _RATING_LABEL[self]

    @property
    def rank(self) -> int:
        """Higher is better: Di Bawah 0, Sesuai 1, Di Atas 2."""
        return 3 - self.siasn_code

    @classmethod
    def from_siasn(cls, code: int) -> Rating:
        for rating, known in _RATING_CODE.items():
            if known == code:
                return rating
        raise InvalidValue("perilakuDanKinerja", f"{code!r} is not a SIASN rating code (1-3)")


_RATING_CODE = {Rating.DI_ATAS: 1, Rating.SESUAI: 2, Rating.DI_BAWAH: 3}
_RATING_LABEL = {
    Rating.DI_ATAS: "Di Atas Ekspektasi",
    Rating.SESUAI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH: "Di Bawah Ekspektasi",
}


class Predikat(StrEnum):
    """Predikat kinerja pegawai, best first. ``Predikat("cukup")`` is Butuh Perbaikan: "Cukup"
    is its older name and still appears in imported data."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @classmethod
    def _missing_(cls, value: object) -> Predikat | None:
        return cls.BUTUH_PERBAIKAN if value == "cukup" else None

    @property
    def siasn_code(self) -> int:
        """SIASN's kuadranNilai: 1 Sangat Baik … 5 Sangat Kurang."""
        return _PREDIKAT_ORDER.index(self) + 1

    @property
    def label(self) -> str:
        return _PREDIKAT_LABEL[self]

    @property
    def rank(self) -> int:
        """Higher is better: Sangat Kurang 0 … Sangat Baik 4 (SIASN's order, reversed)."""
        return 5 - self.siasn_code

    @classmethod
    def from_siasn(cls, code: int) -> Predikat:
        if isinstance(code, int) and not isinstance(code, bool) and 1 <= code <= 5:
            return _PREDIKAT_ORDER[code - 1]
        raise InvalidValue("kuadranNilai", f"{code!r} is not a SIASN predikat code (1-5)")


_PREDIKAT_ORDER = tuple(Predikat)
_PREDIKAT_LABEL = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}

# hasil kerja → perilaku → predikat (regulation.md §4, "consistent": SIASN and implementations)
MATRIX: Mapping[Rating, Mapping[Rating, Predikat]] = {
    Rating.DI_ATAS: {
        Rating.DI_BAWAH: Predikat.KURANG,
        Rating.SESUAI: Predikat.BAIK,
        Rating.DI_ATAS: Predikat.SANGAT_BAIK,
    },
    Rating.SESUAI: {
        Rating.DI_BAWAH: Predikat.KURANG,
        Rating.SESUAI: Predikat.BAIK,
        Rating.DI_ATAS: Predikat.BAIK,
    },
    Rating.DI_BAWAH: {
        Rating.DI_BAWAH: Predikat.SANGAT_KURANG,
        Rating.SESUAI: Predikat.BUTUH_PERBAIKAN,
        Rating.DI_ATAS: Predikat.BUTUH_PERBAIKAN,
    },
}


class PerilakuRule(StrEnum):
    """Where the rating perilaku kerja comes from (a tenant policy, regulation.md §4 open).

    PENILAI: the penilai's overall judgement, recorded with the per-value ratings (the default).
    MAJORITY: the majority rule on the seven per-value ratings (``suggest_perilaku``)."""

    PENILAI = "penilai"
    MAJORITY = "majority"


class OrgPredikat(StrEnum):
    """The predikat of the organisation (unit), set by the leader one level up. "Cukup" is the
    older name of Butuh Perbaikan."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @classmethod
    def _missing_(cls, value: object) -> OrgPredikat | None:
        return cls.BUTUH_PERBAIKAN if value == "cukup" else None


def predikat(hasil_kerja: Rating, perilaku: Rating) -> Predikat:
    """The predikat of a rating of hasil kerja and a rating of perilaku kerja."""
    hasil = member(Rating, hasil_kerja, "rating_hasil_kerja")
    return MATRIX[hasil][member(Rating, perilaku, "rating_perilaku")]


@dataclass(frozen=True)
class RhkJudgement:
    """The penilai's (or the capaian's) judgement of one RHK in one period."""

    rhk_id: str
    utama: bool
    rating: Rating


def rate_hasil_kerja(judgements: Sequence[RhkJudgement], policy: Policy) -> Rating:
    """Rating hasil kerja by the kuadran rule (BKN, confirmed), quantified by policy.

    The regulation names three pictures: Di Atas (most results above, no RHK utama below),
    Sesuai (most as expected, at most a small share of RHK utama below) and Di Bawah (most
    below). "Most" is a share strictly greater than ``hasil_most_ratio``; "small share" is at most
    ``hasil_small_share_max_count`` RHK utama and at most ``hasil_small_share_max_ratio`` of
    them (all policy). Checked in this order, which also settles the cases the rule leaves
    between its pictures:

    1. Di Atas when most results are Di Atas and no RHK utama is Di Bawah.
    2. Di Bawah when most results are Di Bawah.
    3. Di Bawah when the RHK utama below are more than a small share: Sesuai forbids it and
       Di Atas forbids any, so nothing better fits. (Most Di Atas with one RHK utama below thus
       falls to Sesuai, or to Di Bawah when that one is more than a small share.)
    4. Sesuai otherwise: most results at least as expected, or no majority either way (say two
       Di Atas, two Di Bawah tambahan): the middle picture when neither end holds.

    A better judgement of any RHK never gives a worse rating. Results are counted, not weighted:
    the regulation sets no weights.
    """
    if not judgements:
        raise MissingInput("judgements", "at least one judged RHK is needed to rate hasil kerja")
    seen: set[str] = set()
    ratings: list[tuple[bool, Rating]] = []
    for n, judgement in enumerate(judgements):
        if judgement.rhk_id in seen:
            raise InvalidValue(f"judgements[{n}].rhk_id", f"RHK {judgement.rhk_id} judged twice")
        seen.add(judgement.rhk_id)
        rating = member(Rating, judgement.rating, f"judgements[{n}].rating")
        ratings.append((bool(judgement.utama), rating))
    total = len(ratings)
    above = sum(r is Rating.DI_ATAS for _, r in ratings)
    below = sum(r is Rating.DI_BAWAH for _, r in ratings)
    utama = sum(u for u, _ in ratings)
    utama_below = sum(u and r is Rating.DI_BAWAH for u, r in ratings)
    if above > policy.hasil_most_ratio * total and utama_below == 0:
        return Rating.DI_ATAS
    if below > policy.hasil_most_ratio * total:
        return Rating.DI_BAWAH
    small = utama_below <= policy.hasil_small_share_max_count and (
        utama_below <= policy.hasil_small_share_max_ratio * utama
    )
    return Rating.SESUAI if small else Rating.DI_BAWAH


def rate_perilaku(
    values: Mapping[str, Rating], policy: Policy, overall: Rating | str | None = None
) -> Rating:
    """Rating perilaku kerja, by the tenant's ``perilaku_rule``.

    The reference's default is the penilai's overall judgement, recorded with per-value feedback
    (``PerilakuRule.PENILAI``): ``overall`` is that judgement and is required (a
    ``MissingInput`` naming ``rating_perilaku``). Under ``PerilakuRule.MAJORITY`` the rating is
    ``suggest_perilaku`` of the seven values and ``overall`` is not used. Either way exactly the
    seven BerAKHLAK values must be rated.
    """
    suggested = suggest_perilaku(values, policy)
    if policy.perilaku_rule == PerilakuRule.MAJORITY:
        return suggested
    if overall is None:
        rule = (
            "give the penilai's overall rating of perilaku (the tenant's perilaku_rule is "
            f"penilai; the seven values suggest {suggested.value})"
        )
        raise MissingInput("rating_perilaku", rule)
    return member(Rating, overall, "rating_perilaku")


def suggest_perilaku(values: Mapping[str, Rating], policy: Policy) -> Rating:
    """The majority rule on the ratings of the seven BerAKHLAK values: the rating perilaku
    under ``PerilakuRule.MAJORITY``, a suggestion to the penilai otherwise.

    Di Bawah when more than ``perilaku_di_bawah_max`` (3) values are Di Bawah; Di Atas when at
    least ``perilaku_di_atas_min`` (4) are Di Atas and none is Di Bawah; Sesuai otherwise.
    Exactly the seven BerAKHLAK keys must be rated.
    """
    missing = [key for key in BERAKHLAK if key not in values]
    if missing:
        rule = "rate every BerAKHLAK value; missing " + ", ".join(missing)
        raise MissingInput(f"perilaku.{missing[0]}", rule)
    for key in values:
        if key not in BERAKHLAK:
            raise InvalidValue(f"perilaku.{key}", "not a BerAKHLAK value")
    ratings = [member(Rating, values[key], f"perilaku.{key}") for key in BERAKHLAK]
    below = ratings.count(Rating.DI_BAWAH)
    if below > policy.perilaku_di_bawah_max:
        return Rating.DI_BAWAH
    if below == 0 and ratings.count(Rating.DI_ATAS) >= policy.perilaku_di_atas_min:
        return Rating.DI_ATAS
    return Rating.SESUAI
