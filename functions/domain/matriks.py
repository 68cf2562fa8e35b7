"""Matriks Peran Hasil (regulation.md §2): how a superior's RHK are allocated to subordinates.
Each subordinate RHK names the superior's RHK it supports ("RHK atasan yang diintervensi"); read
the other way, it shows which superior RHK nobody carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from functions.domain.errors import InvalidValue
from functions.domain.skp import Skp


@dataclass(frozen=True)
class RhkRef:
    """One subordinate's RHK."""

    nip: str
    rhk_id: str
    utama: bool


@dataclass(frozen=True)
class MatriksPeranHasil:
    """``support``: superior RHK id → the subordinate RHK supporting it (every superior RHK is a
    key, in the superior's order). ``unsupported``: superior RHK nobody supports (``unsupported_
    utama`` the main ones among them). ``unlinked``: subordinate RHK naming no superior RHK or
    one the superior's SKP does not hold."""

    support: Mapping[str, tuple[RhkRef, ...]]
    unsupported: tuple[str, ...]
    unsupported_utama: tuple[str, ...]
    unlinked: tuple[RhkRef, ...]


def matriks_peran_hasil(atasan: Skp, bawahan: Sequence[Skp]) -> MatriksPeranHasil:
    """The Matriks Peran Hasil of a superior's SKP and the SKP of their subordinates. Rows keep
    the superior's order; supporters are ordered by NIP, then by their SKP's order, so the result
    does not depend on the order of ``bawahan``."""
    support: dict[str, list[RhkRef]] = {rhk.id: [] for rhk in atasan.rhk}
    unlinked: list[RhkRef] = []
    seen: set[str] = set()
    for n, skp in sorted(enumerate(bawahan), key=lambda pair: pair[1].nip):
        if skp.nip in seen:
            raise InvalidValue(f"bawahan[{n}].nip", f"two SKP of {skp.nip} were given")
        if skp.nip == atasan.nip:
            raise InvalidValue(f"bawahan[{n}].nip", "the superior is not their own subordinate")
        seen.add(skp.nip)
        for rhk in skp.rhk:
            ref = RhkRef(skp.nip, rhk.id, rhk.utama)
            if rhk.rhk_atasan_id in support:
                support[rhk.rhk_atasan_id].append(ref)
            else:
                unlinked.append(ref)
    unsupported = tuple(rhk.id for rhk in atasan.rhk if not support[rhk.id])
    utama = {rhk.id for rhk in atasan.rhk if rhk.utama}
    return MatriksPeranHasil(
        support=MappingProxyType({k: tuple(v) for k, v in support.items()}),
        unsupported=unsupported,
        unsupported_utama=tuple(r for r in unsupported if r in utama),
        unlinked=tuple(unlinked),
    )
