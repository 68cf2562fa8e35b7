"""Consequences of the year's predikat: angka kredit (Peraturan BKN 3/2023), the talent 9-box
(Permen PANRB 3/2020), PNS and PPPK follow-up, tunjangan kinerja."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from functions.domain.errors import DomainError
from functions.domain.policy import Policy
from functions.domain.rating import Predikat, Rating

JENJANG_COEFFICIENT: dict[str, Decimal] = {
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
}
AK_SHARE: dict[Predikat, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal("1.5"),
    Predikat.BAIK: Decimal("1"),
    Predikat.BUTUH_PERBAIKAN: Decimal("0.75"),
    Predikat.KURANG: Decimal("0.5"),
    Predikat.SANGAT_KURANG: Decimal("0.25"),
}


def angka_kredit(predikat: Predikat, jenjang: str, months: int = 12) -> Decimal:
    if jenjang not in JENJANG_COEFFICIENT:
        raise DomainError("jenjang", f"not a jenjang of jabatan fungsional: {jenjang}")
    if not 1 <= months <= 12:
        raise DomainError("months", "between 1 and 12")
    value = Decimal(months) / 12 * AK_SHARE[Predikat(predikat)] * JENJANG_COEFFICIENT[jenjang]
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


class Potensi(StrEnum):
    RENDAH = "rendah"
    MENENGAH = "menengah"
    TINGGI = "tinggi"


def potensi_from_scores(
    manajerial: float, sosial_kultural: float, teknis: float, policy: Policy
) -> Potensi:
    """Potensi from competency-assessment scores (0-100): their mean against policy bounds."""
    mean = (manajerial + sosial_kultural + teknis) / 3
    if mean >= policy.potensi_tinggi_from:
        return Potensi.TINGGI
    if mean >= policy.potensi_menengah_from:
        return Potensi.MENENGAH
    return Potensi.RENDAH


def kinerja_axis(predikat: Predikat, policy: Policy) -> Rating:
    """Open: Sangat Baik → Di Atas, Baik → Sesuai, lower → Di Bawah (default)."""
    return {Predikat.SANGAT_BAIK: Rating.DI_ATAS, Predikat.BAIK: Rating.SESUAI}.get(
        Predikat(predikat), Rating.DI_BAWAH
    )


_BOX = {
    Potensi.TINGGI: {Rating.DI_BAWAH: 6, Rating.SESUAI: 8, Rating.DI_ATAS: 9},
    Potensi.MENENGAH: {Rating.DI_BAWAH: 3, Rating.SESUAI: 5, Rating.DI_ATAS: 7},
    Potensi.RENDAH: {Rating.DI_BAWAH: 1, Rating.SESUAI: 2, Rating.DI_ATAS: 4},
}
BOX_ACTIONS: dict[int, tuple[str, ...]] = {
    9: ("promote and retain", "succession group", "award"),
    8: ("retain", "succession group", "rotation / job enlargement", "bimbingan kinerja"),
    7: ("retain", "succession group", "rotation / job enrichment", "competency development",
        "study assignment"),
    6: ("fitting placement", "bimbingan kinerja", "konseling kinerja"),
    5: ("fitting placement", "bimbingan kinerja", "competency development"),
    4: ("rotation", "competency development"),
    3: ("bimbingan kinerja", "konseling kinerja", "competency development", "fitting placement"),
    2: ("bimbingan kinerja", "competency development", "fitting placement"),
    1: ("handled under PP 30/2019 (improvement period, re-test, transfer)",),
}  # fmt: skip


def nine_box(kinerja: Rating, potensi: Potensi) -> int:
    return _BOX[Potensi(potensi)][Rating(kinerja)]


def is_succession_candidate(box: int) -> bool:
    return box >= 7


@dataclass(frozen=True)
class FollowUp:
    predikat: Predikat
    angka_kredit: Decimal | None
    box: int | None
    actions: tuple[str, ...]
    flags: tuple[str, ...]
    tukin_factor: Decimal


def follow_up(
    *,
    predikat: Predikat,
    asn_kind: str,
    jenjang: str | None,
    months: int,
    potensi: Potensi | None,
    policy: Policy,
) -> FollowUp:
    predikat = Predikat(predikat)
    box = None if potensi is None else nine_box(kinerja_axis(predikat, policy), potensi)
    below = predikat in (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)
    flags = []
    if below:
        flags.append("pns_improvement_period" if asn_kind == "pns" else "pppk_contract_review")
    if box is not None and is_succession_candidate(box):
        flags.append("succession_candidate")
    tukin = {
        Predikat.BUTUH_PERBAIKAN: policy.tukin_butuh_perbaikan,
        Predikat.KURANG: policy.tukin_kurang,
        Predikat.SANGAT_KURANG: policy.tukin_sangat_kurang,
    }.get(predikat, "1")
    return FollowUp(
        predikat=predikat,
        angka_kredit=angka_kredit(predikat, jenjang, months) if jenjang else None,
        box=box,
        actions=BOX_ACTIONS[box] if box else (),
        flags=tuple(flags),
        tukin_factor=Decimal(tukin),
    )
