"""The rules of Permen PANRB 6/2022 and its companions, as plain Python (standard library only).

Everything the regulation leaves open is a field of the tenant ``Policy`` (docs/policies.md).

Names are re-exported lazily (PEP 562): a step handler that needs one rule imports only its
module, which keeps Lambda cold starts short.
"""

from __future__ import annotations

import importlib

_MODULES = {
    "berakhlak": ("BERAKHLAK", "BERAKHLAK_LABELS", "BERAKHLAK_VALUES", "CoreValue"),
    # Not the function `capaian`: it shares its module's name, which an import of the module
    # binds here. Import it from functions.domain.capaian.
    "capaian": (
        "CAPAIAN_CAP",
        "Agregasi",
        "Target",
        "agregasi_of",
        "capaian_at",
        "default_agregasi",
        "judge_rhk",
        "needs_coaching",
    ),
    "consequences": (
        "AK_SHARE",
        "BOX_ACTIONS",
        "JENJANG_COEFFICIENT",
        "Flag",
        "FollowUp",
        "JabatanSpell",
        "Potensi",
        "angka_kredit",
        "follow_up",
        "is_succession_candidate",
        "kinerja_axis",
        "months_by_jenjang",
        "nine_box",
        "potensi_from_scores",
        "rank_within_unit",
        "Ranked",
        "year_credit",
    ),
    "distribution": (
        "RULES",
        "Bound",
        "DistributionReport",
        "Move",
        "OrgPredikat",
        "Violation",
        "bounds_for",
        "check_distribution",
    ),
    "errors": (
        "DomainError",
        "InvalidValue",
        "MissingInput",
        "NipError",
        "PolicyError",
        "SkpError",
        "SkpInvalid",
    ),
    "matriks": ("MatriksPeranHasil", "RhkRef", "matriks_peran_hasil"),
    "nip": ("NipInfo", "is_valid_nip", "parse_nip"),
    "periods": ("Frequency", "Period", "next_segment", "period_of", "periods_of", "year_period"),
    "policy": ("DistributionScope", "Policy", "Rounding"),
    "rating": (
        "MATRIX",
        "PerilakuRule",
        "Predikat",
        "Rating",
        "RhkJudgement",
        "predikat",
        "rate_hasil_kerja",
        "rate_perilaku",
        "suggest_perilaku",
    ),
    "siasn": (
        "Penilai",
        "golongan",
        "golongan_id",
        "kinerja_periodik_record",
        "skp_tahunan_record",
    ),
    "skp": (
        "AGREGASI",
        "ASPEK",
        "LAMPIRAN",
        "Check",
        "Finding",
        "Iki",
        "RealisasiEntry",
        "Rhk",
        "Skp",
        "SkpStatus",
        "StageRecord",
        "can_move",
        "data_quality",
        "skp_problems",
        "uncascaded",
        "validate_skp",
    ),
    "stages": (
        "KEBERATAN_DECIDED",
        "Stage",
        "keberatan_deadline",
        "may_object",
        "planning_deadline",
        "result_received",
    ),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}
__all__ = sorted(_HOME)


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
