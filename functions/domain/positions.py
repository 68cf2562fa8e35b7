"""Positions (jabatan) of a unit: their kinds, the eselon a structural one carries, and the
rule between the two (PP 11/2017 as amended by PP 17/2020; Perpres 116/2022 kept eselon for
the structural jabatan still held). Plain Python, shared by the API and the import."""

from __future__ import annotations

from collections.abc import Mapping

POSITION_KINDS = ("jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana")
ESELON_OF = {
    "jpt_pratama": ("II.a", "II.b"),
    "administrator": ("III.a", "III.b"),
    "pengawas": ("IV.a", "IV.b"),
}
"""The structural kinds and the eselon each may carry."""
STRUCTURAL = tuple(ESELON_OF)
ESELON = tuple(e for levels in ESELON_OF.values() for e in levels)


def normal_eselon(text: str) -> str | None:
    """``II.a``, ``IIa``, ``II/a``, ``ii a`` → ``II.a``; None when it is no eselon."""
    letters = "".join(c for c in text if c.isalnum())
    if len(letters) < 2:
        return None
    found = f"{letters[:-1].upper()}.{letters[-1].lower()}"
    return found if found in ESELON else None


def position_rules(values: Mapping[str, object]) -> list[tuple[str, str]]:
    """``(field, rule)`` for each rule a position breaks across its fields: an eselon only for
    a structural kind (jpt_pratama, administrator, pengawas), and one of that kind's level."""
    kind, eselon = values.get("position_kind"), values.get("eselon")
    if eselon is None or kind is None:
        return []
    if kind not in ESELON_OF:
        return [("eselon", f"only a structural position ({', '.join(STRUCTURAL)}) has an "
                           "eselon; leave it empty")]  # fmt: skip
    if eselon not in ESELON_OF[str(kind)]:
        allowed = " or ".join(ESELON_OF[str(kind)])
        return [("eselon", f"a {kind} position is eselon {allowed}, not {eselon}")]
    return []
