"""Ratings and predikat (Permen PANRB 6/2022; the matrix as SIASN and implementations give it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from functions.domain.berakhlak import BERAKHLAK
from functions.domain.errors import DomainError
from functions.domain.policy import Policy


class Rating(StrEnum):
    DI_ATAS = "di_atas"
    SESUAI = "sesuai"
    DI_BAWAH = "di_bawah"

    @property
    def siasn_code(self) -> int:
        return {"di_atas": 1, "sesuai": 2, "di_bawah": 3}[self.value]

    @property
    def label(self) -> str:
        return {"di_atas": "Di Atas", "sesuai": "Sesuai", "di_bawah": "Di Bawah"}[self.value] + (
            " Ekspektasi"
        )


class Predikat(StrEnum):
    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def siasn_code(self) -> int:
        return list(Predikat).index(self) + 1

    @property
    def label(self) -> str:
        return {
            "sangat_baik": "Sangat Baik",
            "baik": "Baik",
            "butuh_perbaikan": "Butuh Perbaikan",
            "kurang": "Kurang/Misconduct",
            "sangat_kurang": "Sangat Kurang",
        }[self.value]


# hasil kerja -> perilaku -> predikat (regulation.md §4)
_MATRIX = {
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


def predikat(hasil_kerja: Rating, perilaku: Rating) -> Predikat:
    return _MATRIX[Rating(hasil_kerja)][Rating(perilaku)]


@dataclass(frozen=True)
class RhkJudgement:
    rhk_id: str
    utama: bool
    rating: Rating


def rate_hasil_kerja(judgements: Sequence[RhkJudgement], policy: Policy) -> Rating:
    """The kuadran rule. Di Atas: more than ``most_share`` of results above and no main result
    below. Di Bawah: more than ``most_share`` below. Sesuai otherwise, when the main results
    below are a small share (policy); a larger share of main results below gives Di Bawah."""
    if not judgements:
        raise DomainError("judgements", "at least one result is needed to rate hasil kerja")
    total = len(judgements)
    above = sum(j.rating is Rating.DI_ATAS for j in judgements)
    below = sum(j.rating is Rating.DI_BAWAH for j in judgements)
    utama = [j for j in judgements if j.utama]
    utama_below = sum(j.rating is Rating.DI_BAWAH for j in utama)
    if above / total > policy.most_share and utama_below == 0:
        return Rating.DI_ATAS
    if below / total > policy.most_share:
        return Rating.DI_BAWAH
    small = utama_below <= policy.small_share_max_count and (
        not utama or utama_below / len(utama) <= policy.small_share_max_ratio
    )
    return Rating.SESUAI if small else Rating.DI_BAWAH


def rate_perilaku(values: Mapping[str, Rating], policy: Policy) -> Rating:
    """Open in the regulation; default policy: Di Bawah when more than
    ``perilaku_di_bawah_max`` values are below, Di Atas when at least ``perilaku_di_atas_min``
    are above and none below, otherwise Sesuai."""
    missing = [v for v in BERAKHLAK if v not in values]
    unknown = [v for v in values if v not in BERAKHLAK]
    if missing or unknown:
        raise DomainError("perilaku", f"rate exactly the 7 BerAKHLAK values; missing {missing}")
    ratings = [Rating(values[v]) for v in BERAKHLAK]
    below = ratings.count(Rating.DI_BAWAH)
    if below > policy.perilaku_di_bawah_max:
        return Rating.DI_BAWAH
    if below == 0 and ratings.count(Rating.DI_ATAS) >= policy.perilaku_di_atas_min:
        return Rating.DI_ATAS
    return Rating.SESUAI
