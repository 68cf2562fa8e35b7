"""Tenant policy: every value the regulation leaves open, with its documented default
(docs/policies.md gives the source or reason of each)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Any

from functions.domain.errors import DomainError
from functions.domain.periods import Frequency


@dataclass(frozen=True)
class Policy:
    frequency: Frequency = Frequency.TRIWULAN
    use_weights: bool = False
    # rating hasil kerja (kuadran): "most" and "small share" (regulation.md §4, open)
    most_share: float = 0.5
    small_share_max_count: int = 1
    small_share_max_ratio: float = 0.25
    # rating perilaku (open): counts of values
    perilaku_di_atas_min: int = 4
    perilaku_di_bawah_max: int = 2
    # judgement of one RHK from the mean capaian of its IKI, in percent
    judge_di_atas_from: float = 110.0
    judge_sesuai_from: float = 90.0
    # coaching trigger: a main result below expectation for this many periods in a row
    coaching_periods_below: int = 1
    # potensi from competency scores (0-100, mean of the three)
    potensi_tinggi_from: float = 80.0
    potensi_menengah_from: float = 65.0
    # tunjangan kinerja factor after each predikat (no national rule; a ministry's example)
    tukin_butuh_perbaikan: str = "0.90"
    tukin_kurang: str = "0.85"
    tukin_sangat_kurang: str = "0.80"
    keberatan_days: int = 14

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Policy:
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                raise DomainError(f"policy.{name}", "not a policy setting")
            default = getattr(cls, name)
            try:
                if isinstance(default, Frequency):
                    value = Frequency(value)
                elif isinstance(default, bool):
                    if not isinstance(value, bool):
                        raise TypeError
                elif isinstance(default, int):
                    if isinstance(value, bool) or int(value) != value:
                        raise TypeError
                    value = int(value)
                elif isinstance(default, float):
                    value = float(value)
                elif isinstance(default, str):
                    value = str(Decimal(str(value)))
            except (TypeError, ValueError, ArithmeticError):
                kind = type(default).__name__
                raise DomainError(f"policy.{name}", f"must be a {kind}") from None
            values[name] = value
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["frequency"] = self.frequency.value
        return data
