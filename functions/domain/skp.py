"""The SKP (Sasaran Kinerja Pegawai) and the checks it must pass before it is submitted."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from functions.domain.capaian import Target
from functions.domain.errors import DomainError
from functions.domain.policy import Policy

ASPEK = ("kuantitas", "kualitas", "waktu", "biaya")


class SkpStatus(StrEnum):
    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DISETUJUI = "disetujui"
    DIKEMBALIKAN = "dikembalikan"


_MOVES = {
    SkpStatus.DRAFT: {SkpStatus.DIAJUKAN},
    SkpStatus.DIKEMBALIKAN: {SkpStatus.DIAJUKAN},
    SkpStatus.DIAJUKAN: {SkpStatus.DISETUJUI, SkpStatus.DIKEMBALIKAN},
    SkpStatus.DISETUJUI: set(),
}


def can_move(current: SkpStatus, to: SkpStatus) -> bool:
    return SkpStatus(to) in _MOVES[SkpStatus(current)]


@dataclass(frozen=True)
class Iki:
    id: str
    indikator: str
    aspek: str
    target: Target
    perspektif: str | None = None


@dataclass(frozen=True)
class Rhk:
    id: str
    text: str
    utama: bool
    rhk_atasan_id: str | None
    weight: float | None
    iki: tuple[Iki, ...]


@dataclass(frozen=True)
class Skp:
    nip: str
    year: int
    approach: str
    jpt: bool
    rhk: tuple[Rhk, ...]
    perilaku_ekspektasi: Mapping[str, str] = field(default_factory=dict)
    lampiran: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def validate_skp(skp: Skp, *, superior_rhk_ids: Collection[str] | None, policy: Policy) -> None:
    """Refuse an SKP that cannot be submitted, naming the first offending field."""
    if not any(r.utama for r in skp.rhk):
        raise DomainError("rhk", "at least one RHK utama")
    seen_rhk: set[str] = set()
    seen_iki: set[str] = set()
    for n, rhk in enumerate(skp.rhk):
        where = f"rhk[{n}]"
        if rhk.id in seen_rhk:
            raise DomainError(f"{where}.id", f"RHK id {rhk.id} is used twice")
        seen_rhk.add(rhk.id)
        if not rhk.iki:
            raise DomainError(f"{where}.iki", "every RHK has at least one IKI")
        if not skp.jpt and superior_rhk_ids is not None:
            if not rhk.rhk_atasan_id:
                raise DomainError(f"{where}.rhk_atasan_id", "name the superior's RHK it supports")
            if rhk.rhk_atasan_id not in superior_rhk_ids:
                raise DomainError(
                    f"{where}.rhk_atasan_id",
                    f"{rhk.rhk_atasan_id} is not an RHK of the superior's approved SKP",
                )
        for m, iki in enumerate(rhk.iki):
            at = f"{where}.iki[{m}]"
            if iki.id in seen_iki:
                raise DomainError(f"{at}.id", f"IKI id {iki.id} is used twice")
            seen_iki.add(iki.id)
            if iki.aspek not in ASPEK:
                raise DomainError(f"{at}.aspek", f"one of {', '.join(ASPEK)}")
            if iki.target.lower_is_better and iki.aspek not in ("waktu", "biaya"):
                raise DomainError(f"{at}.target.lower_is_better", "only for waktu and biaya")
    if policy.use_weights:
        weights = [r.weight for r in skp.rhk]
        if any(w is None for w in weights) or abs(sum(weights) - 100) > 1e-6:
            raise DomainError("rhk.weight", "the tenant weighs RHK: weights must sum to 100")
