"""What the unit page draws and says: its cycles per stage, and the distribution check of the
service (GET /units/{id}/distribution's) as a chart of employees per predikat against the
bounds of SE MenPANRB 3/2023, each bound also in words, in Indonesian."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext, ngettext

from functions.console.labels import PREDIKAT_ORDER, label
from functions.domain.distribution import RULES, BoundKind, Rule, bounds_for
from functions.domain.policy import Policy
from functions.domain.rating import OrgPredikat
from functions.services.reports import standing
from functions.store.records import CycleRecord


@dataclass(frozen=True)
class BoundRow:
    text: str  # the rule in words, with the head count it means for this unit
    group: tuple[str, ...]
    low: int | None
    high: int | None
    actual: int
    broken: str | None  # "2 orang terlalu banyak", or None when the bound holds
    closest: tuple[str, ...] = ()  # who could move to meet a broken bound, closest first


def stage_counts(cycles: list[CycleRecord]) -> list[tuple[str, int]]:
    """Cycles per stage (a failed cycle counts as failed, a closed one as closed), in the order
    of the year."""
    counts = Counter(standing(c) for c in cycles)
    order = ("plan", "approval", "monitor", "coach", "assess", "annual", "decide", "done")
    known = [(stage, counts[stage]) for stage in order if counts[stage]]
    return known + sorted((s, n) for s, n in counts.items() if s not in order)


def _group_words(group: tuple[str, ...]) -> str:
    return gettext(" atau ").join(label("predikat", p) for p in group)


def rule_text(rule: Rule, low: int | None, high: int | None, policy: Policy) -> str:
    """The rule in Indonesian, with the head count it means here."""
    names = _group_words(tuple(p.value for p in rule.group))
    if rule.count == 0 and rule.kind is BoundKind.AT_MOST:
        return gettext("tidak ada %(names)s", names=names)
    if rule.count is not None:
        return gettext("sedikitnya %(count)s orang %(names)s", count=rule.count, names=names)
    if rule.kind is BoundKind.MORE_THAN:
        share = f"{float(policy.distribution_most_ratio) * 100:g}%"
        return gettext(
            "lebih dari %(share)s %(names)s (sedikitnya %(low)s orang)",
            share=share,
            names=names,
            low=low,
        )
    if rule.kind is BoundKind.AT_LEAST:
        return gettext(
            "sedikitnya %(percent)s%% %(names)s (%(low)s orang)",
            percent=rule.percent,
            names=names,
            low=low,
        )
    return gettext(
        "paling banyak %(percent)s%% %(names)s (%(high)s orang)",
        percent=rule.percent,
        names=names,
        high=high,
    )


def bound_rows(report: dict, policy: Policy) -> list[BoundRow]:
    """Every bound of the unit's organisation predikat for the people counted, whether it holds
    and, when broken, by how many people (the service's violations, matched by their bound)."""
    if not report.get("checked"):
        return []
    org = OrgPredikat(report["org_predikat"])
    counts = report.get("counts", {})
    broken = {v["bound"]: v for v in report.get("violations", [])}
    rows = []
    for rule, bound in zip(RULES[org], bounds_for(org, report["counted"], policy), strict=True):
        group = tuple(p.value for p in bound.group)
        violation = broken.get(bound.text)
        why = None
        if violation is not None:
            if violation["too_many"]:
                why = ngettext(
                    "%(num)s orang terlalu banyak",
                    "%(num)s orang terlalu banyak",
                    violation["too_many"],
                )
            else:
                why = ngettext("kurang %(num)s orang", "kurang %(num)s orang", violation["too_few"])
        rows.append(
            BoundRow(
                rule_text(rule, bound.low, bound.high, policy),
                group,
                bound.low,
                bound.high,
                sum(counts.get(p, 0) for p in group),
                why,
                tuple(c["name"] or c["nip"] for c in (violation or {}).get("closest", [])),
            )
        )
    return rows


def chart_data(counts: dict[str, int], rows: list[BoundRow]) -> dict:
    """For Chart.js (static/console.js): a bar per predikat, and the lower and upper bounds of
    the bounds on one predikat as points over its bar (a bound on two predikat together is in
    the table only). A bar in a broken bound is marked."""
    low: list[int | None] = [None] * len(PREDIKAT_ORDER)
    high: list[int | None] = [None] * len(PREDIKAT_ORDER)
    broken = [False] * len(PREDIKAT_ORDER)
    for row in rows:
        indexes = [PREDIKAT_ORDER.index(p) for p in row.group if p in PREDIKAT_ORDER]
        for i in indexes:
            broken[i] = broken[i] or row.broken is not None
        if len(indexes) == 1:
            if row.low is not None:
                low[indexes[0]] = row.low
            if row.high is not None:
                high[indexes[0]] = row.high
    return {
        "labels": [label("predikat", p) for p in PREDIKAT_ORDER],
        "counts": [counts.get(p, 0) for p in PREDIKAT_ORDER],
        "low": low,
        "high": high,
        "broken": broken,
        "texts": {
            "counts": gettext("Jumlah pegawai"),
            "low": gettext("Batas paling sedikit"),
            "high": gettext("Batas paling banyak"),
        },
    }


def rated_counts(cycles: list[CycleRecord]) -> dict[str, int]:
    """Employees per predikat before the unit's predikat is set (nobody is excluded yet)."""
    return dict(Counter(c.predikat for c in cycles if c.predikat and c.status != "closed"))
