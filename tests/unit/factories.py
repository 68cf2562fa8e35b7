"""Builders of valid domain objects for the unit tests; each test changes only what it checks."""

from __future__ import annotations

from dataclasses import replace

from functions.domain import Iki, Policy, Rhk, Skp, Target

DEFAULT = Policy()


def iki(
    id: str = "i1",
    *,
    aspek: str = "kuantitas",
    value: float | None = 12,
    unit: str = "dokumen",
    lower_is_better: bool = False,
    qualitative: str | None = None,
    perspektif: str | None = None,
) -> Iki:
    target = Target(value, unit, lower_is_better, qualitative)
    return Iki(id, f"Jumlah {unit} ({id})", aspek, target, perspektif)


def rhk(
    id: str = "r1",
    *,
    utama: bool = True,
    atasan: str | None = "a1",
    weight: float | None = None,
    iki_: tuple[Iki, ...] | None = None,
) -> Rhk:
    return Rhk(id, f"Hasil kerja {id}", utama, atasan, weight, iki_ or (iki(f"{id}-i1"),))


def skp(*rhks: Rhk, jpt: bool = False, approach: str = "kuantitatif", **changes) -> Skp:
    if not rhks:
        rhks = (rhk("r1"), rhk("r2", utama=False, atasan="a2"))
    made = Skp("198001012005011001", 2026, approach, jpt, tuple(rhks))
    return replace(made, **changes)
