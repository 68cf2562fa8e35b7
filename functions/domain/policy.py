"""Tenant policy: every value the regulation leaves open, with its documented default.

Each field's metadata carries how it is read from a stored or submitted dict and one line on where
its default comes from; docs/policies.md is the longer table. A tenant stores ``to_dict()`` and
gets back the same policy from ``from_dict``; a key that is not a field or a value of the wrong
type is refused with a ``PolicyError`` naming ``policy.<field>``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from functions.domain.errors import PolicyError
from functions.domain.periods import Frequency
from functions.domain.rating import OrgPredikat, PerilakuRule, Predikat, Rating

Parse = Callable[[str, Any], Any]


class Rounding(StrEnum):
    """How a percentage bound of the distribution (regulation.md §5) becomes a head count.

    STRICT: the share itself must hold (at most → floor, at least → ceil).
    NEAREST: the nearest whole person, halves up, for both kinds of bound.
    LENIENT: one person of slack (at most → ceil, at least → floor).
    """

    STRICT = "strict"
    NEAREST = "nearest"
    LENIENT = "lenient"


class DistributionScope(StrEnum):
    """Who a unit's distribution check counts (regulation.md §5 open: the denominator).

    DIRECT: the unit's own staff; each sub-unit is checked against its own predikat.
    TREE: the unit's staff and everyone in the units below it (who are then also counted in
    their own unit's check).
    """

    DIRECT = "direct"
    TREE = "tree"


# --- readers: each takes the field path and a raw value and returns the typed value ------------


def _fail(path: str, rule: str) -> PolicyError:
    return PolicyError(path, rule)


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _bool(path: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, "must be true or false")
    return value


def _int_up_to(minimum: int, maximum: int) -> Parse:
    whole = _int(minimum)

    def parse(path: str, value: Any) -> int:
        number = whole(path, value)
        if number > maximum:
            raise _fail(path, f"must be at most {maximum}")
        return number

    return parse


def _int(minimum: int) -> Parse:
    def parse(path: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise _fail(path, "must be a whole number")
        if not _finite(value) or value != int(value):
            raise _fail(path, "must be a whole number")
        if int(value) < minimum:
            raise _fail(path, f"must be at least {minimum}")
        return int(value)

    return parse


def _number(low: float, high: float | None = None) -> Parse:
    def parse(path: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise _fail(path, "must be a number")
        if not _finite(value):
            raise _fail(path, "must be a finite number")
        number = float(value)
        if number < low or (high is not None and number > high):
            bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise _fail(path, f"must be {bound}")
        return number

    return parse


def _decimal(path: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise _fail(path, "must be a decimal number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _fail(path, "must be a decimal number") from None
    if not number.is_finite() or number < 0:
        raise _fail(path, "must be a decimal number, at least 0")
    return number


def _enum(kind: type[StrEnum]) -> Parse:
    def parse(path: str, value: Any) -> StrEnum:
        try:
            return kind(value)
        except ValueError:
            raise _fail(path, "must be one of " + ", ".join(m.value for m in kind)) from None

    return parse


def _list(item: Parse) -> Parse:
    def parse(path: str, value: Any) -> tuple[Any, ...]:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise _fail(path, "must be a list")
        return tuple(item(f"{path}[{n}]", v) for n, v in enumerate(value))

    return parse


def _text(path: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, "must be a non-empty text")
    return value.strip()


def _key(path: str, value: Any) -> str:
    """A snake_case key; "Penerima Layanan" is read as penerima_layanan."""
    return "_".join(_text(path, value).lower().replace("-", " ").split())


_WORDS = re.compile(r"[A-Z][a-z]*")


def _by_member(kind: type[StrEnum], item: Parse) -> Parse:
    """A map giving a value for every member of ``kind`` (predikat, organisation predikat)."""
    noun = " ".join(word.lower() for word in _WORDS.findall(kind.__name__))

    def parse(path: str, value: Any) -> Mapping[Any, Any]:
        if not isinstance(value, Mapping):
            raise _fail(path, f"must map every {noun} to a value")
        result: dict[Any, Any] = {}
        for key, raw in value.items():
            member_ = _enum(kind)(f"{path}.{key}", key)
            result[member_] = item(f"{path}.{member_.value}", raw)
        if missing := [m.value for m in kind if m not in result]:
            raise _fail(path, f"must give a value for every {noun}; missing " + ", ".join(missing))
        return MappingProxyType({m: result[m] for m in kind})

    return parse


def _by_predikat(item: Parse) -> Parse:
    return _by_member(Predikat, item)


def _dump(value: Any, *, decimals: bool = True) -> Any:
    """A plain, JSON- and DynamoDB-safe form: enums as values, decimals as text, lists.
    ``decimals=False`` keeps decimals (to re-read a value without losing its type)."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal) and decimals:
        return str(value)
    if isinstance(value, Mapping):
        return {_dump(k): _dump(v, decimals=decimals) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_dump(v, decimals=decimals) for v in value]
    return value


def _hashable(value: Any) -> Any:
    return tuple(value.items()) if isinstance(value, Mapping) else value


def _how(parse: Parse, why: str) -> dict[str, Any]:
    """A field's metadata: how to read it, and its source or reason in one line."""
    return {"parse": parse, "why": why}


def _frozen(default: Mapping[Any, Any]) -> Callable[[], Mapping[Any, Any]]:
    frozen = MappingProxyType(dict(default))
    return lambda: frozen


# The most returns of an SKP a tenant may allow: a workflow's SKP-return loop is bounded by it
# in validation (segment limits), whatever the tenant's own max_skp_returns.
MAX_SKP_RETURNS = 5
# The policy settings a workflow definition depends on, which a draft carries and a published
# version records with its ASL (with every task's days): its periods (the segments it runs)
# and the returns its SKP-return loop allows.
WORKFLOW_POLICY = ("frequency", "max_skp_returns")

_RATIO = _number(0.0, 1.0)
_PERCENT = _number(0.0)


@dataclass(frozen=True)
class Policy:
    """The open rules of one tenant. Every field is policy: the regulation leaves it open (or a
    regency decides it), and the default is documented in docs/policies.md."""

    # --- the cycle ---------------------------------------------------------------------------
    frequency: Frequency = field(
        default=Frequency.TRIWULAN,
        metadata=_how(_enum(Frequency), "§1/§4: periodik is bulanan or triwulan"),
    )
    planning_deadline_days: int = field(
        default=14,
        metadata=_how(_int(1), "§1: SKP drafted by the 2nd week of January (predecessor rule)"),
    )
    keberatan_days: int = field(default=14, metadata=_how(_int(1), "§1: PP 30/2019 Pasal 59"))
    max_skp_returns: int = field(
        default=3,
        metadata=_how(
            _int_up_to(0, MAX_SKP_RETURNS),
            "open: returns of an SKP before the penilai must approve it (bounds one segment)",
        ),
    )
    # --- the SKP -----------------------------------------------------------------------------
    use_weights: bool = field(
        default=False, metadata=_how(_bool, "§2: the regulation sets no weights")
    )
    tambahan_requires_rhk_atasan: bool = field(
        default=True,
        metadata=_how(_bool, "§2: each non-JPT RHK names the superior's RHK it supports"),
    )
    perspektif: tuple[str, ...] = field(
        default=("penerima_layanan", "proses_bisnis", "penguatan_internal", "anggaran"),
        metadata=_how(_list(_key), "§2: two seen in real data, two open"),
    )
    jpt_requires_perspektif: bool = field(
        default=False,
        metadata=_how(_bool, "§2: seen on JPT indicators, not shown to be mandatory"),
    )
    # --- rating hasil kerja (the kuadran rule) ------------------------------------------------
    hasil_most_ratio: float = field(default=0.5, metadata=_how(_RATIO, "§4: most = more than half"))
    hasil_small_share_max_count: int = field(
        default=1, metadata=_how(_int(0), "§4: at most one RHK utama")
    )
    hasil_small_share_max_ratio: float = field(
        default=0.25, metadata=_how(_RATIO, "§4: at most 25 % of RHK utama")
    )
    # --- rating perilaku kerja ----------------------------------------------------------------
    perilaku_rule: PerilakuRule = field(
        default=PerilakuRule.PENILAI,
        metadata=_how(_enum(PerilakuRule), "§4 open: the penilai's overall judgement"),
    )
    perilaku_di_atas_min: int = field(
        default=4, metadata=_how(_int(1), "§4 open: a majority of the seven values")
    )
    perilaku_di_bawah_max: int = field(
        default=3, metadata=_how(_int(0), "§4 open: below only when a majority is below")
    )
    # --- monitoring ---------------------------------------------------------------------------
    judge_di_atas_from: float = field(
        default=110.0, metadata=_how(_PERCENT, "capaian ≥ 110 % judges an RHK Di Atas")
    )
    judge_sesuai_from: float = field(
        default=90.0, metadata=_how(_PERCENT, "capaian ≥ 90 % judges an RHK Sesuai")
    )
    capaian_cap: float = field(
        default=200.0, metadata=_how(_number(100.0), "one IKI cannot hide another in the mean")
    )
    coaching_periods_below: int = field(
        default=1, metadata=_how(_int(1), "§1: coach when performance lags")
    )
    coaching_utama_only: bool = field(
        default=True, metadata=_how(_bool, "§1: lagging main results call for coaching")
    )
    # --- consequences -------------------------------------------------------------------------
    kinerja_axis: Mapping[Predikat, Rating] = field(
        default_factory=_frozen(
            {
                Predikat.SANGAT_BAIK: Rating.DI_ATAS,
                Predikat.BAIK: Rating.SESUAI,
                Predikat.BUTUH_PERBAIKAN: Rating.DI_BAWAH,
                Predikat.KURANG: Rating.DI_BAWAH,
                Predikat.SANGAT_KURANG: Rating.DI_BAWAH,
            }
        ),
        metadata=_how(
            _by_predikat(_enum(Rating)),
            "§7 open: Sangat Baik → Di Atas, Baik → Sesuai, lower → Di Bawah",
        ),
    )
    potensi_tinggi_from: float = field(
        default=80.0, metadata=_how(_number(0.0, 100.0), "§7: no national bands")
    )
    potensi_menengah_from: float = field(
        default=60.0, metadata=_how(_number(0.0, 100.0), "§7: no national bands")
    )
    improvement_predikat: tuple[Predikat, ...] = field(
        default=(Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG),
        metadata=_how(
            _list(_enum(Predikat)), "§7: below expectation = Di Bawah on the default kinerja axis"
        ),
    )
    tukin_factor: Mapping[Predikat, Decimal] = field(
        default_factory=_frozen(
            {
                Predikat.SANGAT_BAIK: Decimal("1"),
                Predikat.BAIK: Decimal("1"),
                Predikat.BUTUH_PERBAIKAN: Decimal("0.90"),
                Predikat.KURANG: Decimal("0.85"),
                Predikat.SANGAT_KURANG: Decimal("0.80"),
            }
        ),
        metadata=_how(_by_predikat(_decimal), "§6: no national rule; a ministry's 90/85/80 %"),
    )
    rewards: tuple[str, ...] = field(
        default=("penghargaan",), metadata=_how(_list(_text), "§7: the regulation says penghargaan")
    )
    rewards_fungsional: tuple[str, ...] = field(
        default=("kenaikan pangkat istimewa",),
        metadata=_how(_list(_text), "§7: exists for JF (Permen PANRB 1/2023)"),
    )
    rewards_from: Predikat = field(
        default=Predikat.SANGAT_BAIK,
        metadata=_how(_enum(Predikat), "§7 open: rewards for the best predikat"),
    )
    # --- distribution of predikat in a unit (SE MenPANRB 3/2023) ------------------------------
    distribution_rounding: Rounding = field(
        default=Rounding.NEAREST,
        metadata=_how(_enum(Rounding), "§5 open: rounding for small units"),
    )
    distribution_most_ratio: float = field(
        default=0.5, metadata=_how(_RATIO, "§5: most = more than half")
    )
    distribution_scope: DistributionScope = field(
        default=DistributionScope.DIRECT,
        metadata=_how(_enum(DistributionScope), "§5 open: the denominator; direct staff only"),
    )
    distribution_exclude_head: bool = field(
        default=True, metadata=_how(_bool, "§5 open: the head's predikat follows the unit's")
    )
    development_hours: int = field(
        default=20,
        metadata=_how(_int(0), "PP 11/2017 Pasal 203: a PNS develops at least 20 JP a year"),
    )
    public_feedback: bool = field(
        default=False,
        metadata=_how(_bool, "§3: feedback from the public served, where the tenant enables it"),
    )
    leader_rating: Mapping[OrgPredikat, Rating] = field(
        default_factory=_frozen(
            {
                OrgPredikat.ISTIMEWA: Rating.DI_ATAS,
                OrgPredikat.BAIK: Rating.SESUAI,
                OrgPredikat.BUTUH_PERBAIKAN: Rating.DI_BAWAH,
                OrgPredikat.KURANG: Rating.DI_BAWAH,
                OrgPredikat.SANGAT_KURANG: Rating.DI_BAWAH,
            }
        ),
        metadata=_how(
            _by_member(OrgPredikat, _enum(Rating)),
            "§1: a unit leader's rating hasil kerja is the unit's result (SE 3/2023)",
        ),
    )

    def __post_init__(self) -> None:
        # Read every value as from_dict would, so a policy built directly is just as checked
        # (and its mappings are frozen like the rest of it).
        for f in fields(self):
            raw = _dump(getattr(self, f.name), decimals=False)
            value = f.metadata["parse"](f"policy.{f.name}", raw)
            object.__setattr__(self, f.name, value)
        if self.judge_sesuai_from > self.judge_di_atas_from:
            raise PolicyError("policy.judge_sesuai_from", "must not exceed judge_di_atas_from")
        if self.potensi_menengah_from > self.potensi_tinggi_from:
            raise PolicyError("policy.potensi_menengah_from", "must not exceed potensi_tinggi_from")
        if self.perilaku_di_atas_min > 7:
            raise PolicyError("policy.perilaku_di_atas_min", "there are only 7 BerAKHLAK values")
        if len(set(self.improvement_predikat)) != len(self.improvement_predikat):
            raise PolicyError("policy.improvement_predikat", "lists a predikat twice")

    def __hash__(self) -> int:
        # The generated hash would fail on the (frozen) mappings; hash their items instead.
        return hash(tuple(_hashable(getattr(self, f.name)) for f in fields(self)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """A policy from stored or submitted settings; absent keys keep their default."""
        if not isinstance(data, Mapping):
            raise PolicyError("policy", "must be a mapping of settings")
        known = {f.name for f in fields(cls)}
        for name in data:
            if name not in known:
                raise PolicyError(f"policy.{name}", "not a policy setting")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Plain values only (text, numbers, booleans, lists, maps): storable and JSON-safe."""
        return {f.name: _dump(getattr(self, f.name)) for f in fields(self)}

    def replace(self, **changes: Any) -> Policy:
        """A copy with some settings changed (checked like any other policy)."""
        return dataclasses.replace(self, **changes)


def policy_sources() -> dict[str, str]:
    """Each setting's one-line source or reason (the long form is docs/policies.md)."""
    return {f.name: f.metadata["why"] for f in fields(Policy)}
