"""The distribution of employee predikat that an organisation's predikat allows (SE MenPANRB
3/2023; regulation.md §5). Every bound becomes a head count for the unit's size, and every broken
bound is explained: which bound, the count allowed against the actual one, how many people too
many or too few, and who could move.

Open rules, as policy:
- rounding (``distribution_rounding``, default NEAREST): a percentage of a small unit is rarely a
  whole person; the nearest whole person (halves up) treats "at most" and "at least" alike and
  keeps the rules satisfiable for every unit of three or more. "Most" is exact: strictly more
  than ``distribution_most_ratio`` (half) of the unit; "at least one" and "no" are exact too.
- the denominator: the employees passed in, less the unit's head when ``head_nip`` is given and
  ``distribution_exclude_head`` (default): the head's own predikat follows the unit's result
  (SE 3/2023), so it is not one of the predikat the head distributes. Which employees the
  caller passes (the unit's direct staff, or its sub-units' too) is ``distribution_scope``.
When the bounds cannot all hold for the unit's size (two people cannot be "most Baik" and
include a Butuh Perbaikan), the unit is not checked, gives no verdict (``ok`` is None) and the
report says why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from functions.domain.errors import InvalidValue, member
from functions.domain.policy import Policy, Rounding
from functions.domain.rating import OrgPredikat, Predikat

SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)


class BoundKind(StrEnum):
    MORE_THAN = "more_than"  # "most": strictly more than a share
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


@dataclass(frozen=True)
class Rule:
    """One line of the SE's table: a share (or a fixed count) of a group of predikat."""

    kind: BoundKind
    group: tuple[Predikat, ...]
    percent: int | None = None  # None: the share is policy ("most") or a count is fixed
    count: int | None = None

    def text(self, policy: Policy) -> str:
        names = " or ".join(p.label for p in self.group)
        if self.count == 0 and self.kind is BoundKind.AT_MOST:
            return f"no {names}"
        if self.count is not None:
            return f"at least {'one' if self.count == 1 else self.count} {names}"
        if self.kind is BoundKind.MORE_THAN:
            return f"more than {_percent(Fraction(str(policy.distribution_most_ratio)))} {names}"
        words = "at least" if self.kind is BoundKind.AT_LEAST else "at most"
        return f"{words} {self.percent}% {names}"


def _percent(share: Fraction) -> str:
    return f"{float(share * 100):g}%"


RULES: Mapping[OrgPredikat, tuple[Rule, ...]] = MappingProxyType(
    {
        OrgPredikat.ISTIMEWA: (
            Rule(BoundKind.MORE_THAN, (SB,)),
            Rule(BoundKind.AT_MOST, (SB,), percent=70),
        ),
        OrgPredikat.BAIK: (
            Rule(BoundKind.MORE_THAN, (B,)),
            Rule(BoundKind.AT_MOST, (B,), percent=70),
            Rule(BoundKind.AT_LEAST, (BP, K), count=1),
        ),
        OrgPredikat.BUTUH_PERBAIKAN: (
            Rule(BoundKind.AT_LEAST, (BP,), percent=60),
            Rule(BoundKind.AT_MOST, (SB,), percent=10),
        ),
        OrgPredikat.KURANG: (
            Rule(BoundKind.AT_LEAST, (K,), percent=60),
            Rule(BoundKind.AT_LEAST, (BP,), percent=10),
            Rule(BoundKind.AT_MOST, (SB,), percent=10),
        ),
        OrgPredikat.SANGAT_KURANG: (
            Rule(BoundKind.AT_LEAST, (SK,), percent=60),
            Rule(BoundKind.AT_LEAST, (K, BP), percent=10),
            Rule(BoundKind.AT_MOST, (SB,), count=0),
        ),
    }
)
"""SE MenPANRB 3/2023 as quoted in regulation.md §5. "The rest" clauses add no bound: they only
name the predikat left over, and each excludes what another line already bounds."""


@dataclass(frozen=True)
class Bound:
    """A rule made a head count for ``size`` people: at least ``low`` and/or at most ``high``."""

    text: str
    group: tuple[Predikat, ...]
    low: int | None
    high: int | None


def _round(share: Fraction, size: int, kind: BoundKind, rounding: Rounding) -> int:
    exact = share * size
    if rounding is Rounding.NEAREST:
        return math.floor(exact + Fraction(1, 2))
    up = (rounding is Rounding.STRICT) == (kind is BoundKind.AT_LEAST)
    return math.ceil(exact) if up else math.floor(exact)


def bounds_for(org: OrgPredikat, size: int, policy: Policy) -> tuple[Bound, ...]:
    """The head counts the organisation's predikat allows in a unit of ``size`` counted people."""
    org = member(OrgPredikat, org, "org_predikat")
    rounding = policy.distribution_rounding
    result = []
    for rule in RULES[org]:
        low = high = None
        if rule.kind is BoundKind.MORE_THAN:
            low = math.floor(Fraction(str(policy.distribution_most_ratio)) * size) + 1
        elif rule.count is not None:
            low, high = (rule.count, None) if rule.kind is BoundKind.AT_LEAST else (None, 0)
        else:
            count = _round(Fraction(rule.percent or 0, 100), size, rule.kind, rounding)
            low, high = (count, None) if rule.kind is BoundKind.AT_LEAST else (None, count)
        result.append(Bound(rule.text(policy), rule.group, low, high))
    return tuple(result)


def _conflict(bounds: tuple[Bound, ...], size: int) -> str | None:
    """Why no distribution of ``size`` people meets every bound, or None when one does. The
    groups of one organisation predikat never overlap, and each leaves a predikat unbounded, so
    the bounds hold together when each group's floor is under its ceiling and the floors fit."""
    floors: dict[tuple[Predikat, ...], tuple[int, str]] = {}
    ceilings: dict[tuple[Predikat, ...], tuple[int, str]] = {}
    for bound in bounds:
        if bound.low is not None and bound.low > floors.get(bound.group, (0, ""))[0]:
            floors[bound.group] = (bound.low, bound.text)
        if bound.high is not None and bound.high < ceilings.get(bound.group, (size, ""))[0]:
            ceilings[bound.group] = (bound.high, bound.text)
    for group, (low, low_text) in floors.items():
        if group in ceilings and low > ceilings[group][0]:
            high, high_text = ceilings[group]
            return f"{low_text} needs {low} of {size} but {high_text} allows {high}"
    needed = sum(low for low, _ in floors.values())
    if needed > size:
        parts = "; ".join(f"{text}: {low}" for low, text in floors.values())
        return f"the lower bounds need {needed} people ({parts}) but the unit counts {size}"
    return None


@dataclass(frozen=True)
class Move:
    """One person who could move to meet a bound: from their predikat to ``to``, ``up`` or
    ``down``."""

    nip: str
    from_: Predikat
    to: Predikat
    direction: str  # up | down


@dataclass(frozen=True)
class Violation:
    """One broken bound. ``allowed`` is the bound's count (the most allowed, or the fewest
    needed); ``candidates`` are the people who could move to meet it, closest first: for too
    many, the group's members, weakest first; for too few, the others, nearest predikat first
    (those above before those below; with ``standing``, the ones nearest the group first)."""

    bound: str
    group: tuple[Predikat, ...]
    allowed: int
    actual: int
    too_many: int
    too_few: int
    candidates: tuple[str, ...]
    moves: tuple[Move, ...] = ()

    @property
    def message(self) -> str:
        off = f"{self.too_many} too many" if self.too_many else f"{self.too_few} too few"
        text = f"{self.bound}: {self.actual} where {self.allowed} is the bound ({off})"
        if self.too_many and self.moves:
            who = ", ".join(m.nip for m in self.moves)
            to = self.moves[0].to.label
            text += f"; move {self.too_many} {self.moves[0].direction} to {to}: {who}"
        return text


@dataclass(frozen=True)
class DistributionReport:
    """``ok`` is the verdict: None when the unit is not ``checked`` (it cannot be)."""

    ok: bool | None
    violations: tuple[Violation, ...]
    counts: Mapping[Predikat, int]
    counted: int  # the denominator
    excluded: tuple[str, ...]  # NIPs given but not counted (the head)
    checked: bool
    note: str | None = None


def check_distribution(
    org: OrgPredikat,
    employees: Mapping[str, Predikat],
    policy: Policy,
    *,
    head_nip: str | None = None,
    standing: Mapping[str, float] | None = None,
) -> DistributionReport:
    """Check a unit's employee predikat (NIP → predikat) against its organisation predikat.
    ``standing`` (NIP → any score where higher is better, e.g. mean capaian) only orders the
    candidates within a predikat; without it they are ordered by NIP. The result does not
    depend on the order of ``employees``."""
    org = member(OrgPredikat, org, "org_predikat")
    predikat = {
        nip: member(Predikat, value, f"employees.{nip}") for nip, value in employees.items()
    }
    for nip in standing or {}:
        _standing(nip, standing)
    excluded: tuple[str, ...] = ()
    if head_nip is not None and policy.distribution_exclude_head and head_nip in predikat:
        excluded = (head_nip,)
        del predikat[head_nip]
    counts = MappingProxyType({p: sum(v is p for v in predikat.values()) for p in Predikat})
    size = len(predikat)
    bounds = bounds_for(org, size, policy)
    conflict = "the unit counts nobody" if size == 0 else _conflict(bounds, size)
    if conflict is not None:
        note = f"not checked: the bounds of {org.value} cannot all hold here ({conflict})"
        return DistributionReport(None, (), counts, size, excluded, False, note)
    violations = []
    for bound in bounds:
        actual = sum(counts[p] for p in bound.group)
        if bound.high is not None and actual > bound.high:
            movers = _leaving(bound.group, predikat, standing)
            excess = actual - bound.high
            moves = tuple(_move_out(nip, predikat[nip], bound.group) for nip in movers[:excess])
            violations.append(
                Violation(bound.text, bound.group, bound.high, actual, excess, 0, movers, moves)
            )
        elif bound.low is not None and actual < bound.low:
            movers = _joining(bound.group, predikat, standing)
            missing = bound.low - actual
            moves = tuple(_move_in(nip, predikat[nip], bound.group) for nip in movers[:missing])
            violations.append(
                Violation(bound.text, bound.group, bound.low, actual, 0, missing, movers, moves)
            )
    return DistributionReport(not violations, tuple(violations), counts, size, excluded, True)


def _standing(nip: str, standing: Mapping[str, float] | None) -> float | None:
    if standing is None or nip not in standing:
        return None
    value = standing[nip]
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise InvalidValue(f"standing.{nip}", "a number, higher is better")
    return float(value)


def _move_out(nip: str, now: Predikat, group: tuple[Predikat, ...]) -> Move:
    """Out of an over-full group: down to the predikat just below it (every "at most" group
    of the SE has one), else up to the one just above."""
    lowest = min(p.rank for p in group)
    below = [p for p in Predikat if p.rank == lowest - 1]
    if below:
        return Move(nip, now, below[0], "down")
    above = [p for p in Predikat if p.rank == max(q.rank for q in group) + 1]
    return Move(nip, now, above[0], "up")


def _move_in(nip: str, now: Predikat, group: tuple[Predikat, ...]) -> Move:
    """Into a group short of people: to its nearest predikat, down from above or up from
    below."""
    to = min(group, key=lambda p: (abs(p.rank - now.rank), p.rank))
    return Move(nip, now, to, "down" if now.rank > to.rank else "up")


def _leaving(
    group: tuple[Predikat, ...],
    predikat: Mapping[str, Predikat],
    standing: Mapping[str, float] | None,
) -> tuple[str, ...]:
    """Members of an over-full group, weakest first (moving down is the usual fix)."""

    def key(nip: str) -> tuple[int, float, str]:
        score = _standing(nip, standing)
        return (score is None, score or 0.0, nip)

    return tuple(sorted((n for n, p in predikat.items() if p in group), key=key))


def _joining(
    group: tuple[Predikat, ...],
    predikat: Mapping[str, Predikat],
    standing: Mapping[str, float] | None,
) -> tuple[str, ...]:
    """Non-members, nearest predikat to the group first; at one distance, those above the group
    (who would step down) before those below, the above weakest first, the below strongest
    first."""
    ranks = [p.rank for p in group]

    def key(nip: str) -> tuple[int, bool, bool, float, str]:
        rank = predikat[nip].rank
        distance = min(abs(rank - r) for r in ranks)
        score = _standing(nip, standing)
        below = rank < min(ranks)
        edge = 0.0 if score is None else (-score if below else score)
        return (distance, below, score is None, edge, nip)

    return tuple(sorted((n for n, p in predikat.items() if p not in group), key=key))
