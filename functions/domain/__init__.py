"""The rules of Permen PANRB 6/2022 and its companions, as plain Python."""

from functions.domain.berakhlak import BERAKHLAK
from functions.domain.capaian import Target, capaian, judge_rhk, needs_coaching
from functions.domain.consequences import (
    BOX_ACTIONS,
    JENJANG_COEFFICIENT,
    FollowUp,
    Potensi,
    angka_kredit,
    follow_up,
    is_succession_candidate,
    kinerja_axis,
    nine_box,
    potensi_from_scores,
)
from functions.domain.errors import DomainError
from functions.domain.periods import Frequency, Period, periods_of
from functions.domain.policy import Policy
from functions.domain.rating import (
    Predikat,
    Rating,
    RhkJudgement,
    predikat,
    rate_hasil_kerja,
    rate_perilaku,
)
from functions.domain.skp import Iki, Rhk, Skp, SkpStatus, can_move, validate_skp

__all__ = [
    "BERAKHLAK", "BOX_ACTIONS", "JENJANG_COEFFICIENT", "DomainError", "FollowUp", "Frequency",
    "Iki", "Period", "Policy", "Potensi", "Predikat", "Rating", "Rhk", "RhkJudgement", "Skp",
    "SkpStatus", "Target", "angka_kredit", "can_move", "capaian", "follow_up",
    "is_succession_candidate", "judge_rhk", "kinerja_axis", "needs_coaching", "nine_box",
    "periods_of", "potensi_from_scores", "predikat", "rate_hasil_kerja", "rate_perilaku",
    "validate_skp",
]  # fmt: skip
