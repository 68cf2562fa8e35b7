"""The SKP (Sasaran Kinerja Pegawai, regulation.md §2): its model, its status, the rules it must
pass before it is submitted, and the data-quality checks BKPSDM runs over a cycle."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from functions.domain.berakhlak import BERAKHLAK
from functions.domain.capaian import CAPAIAN_CAP, Agregasi, Target, over_cap
from functions.domain.errors import InvalidValue, SkpError, SkpInvalid, member
from functions.domain.periods import FIRST_YEAR
from functions.domain.policy import Policy
from functions.domain.stages import Stage

APPROACHES = ("kuantitatif", "kualitatif")
ASPEK = ("kuantitas", "kualitas", "waktu", "biaya")
AGREGASI = tuple(a.value for a in Agregasi)
LAMPIRAN = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")
WEIGHT_TOTAL = 100.0
_WEIGHT_TOLERANCE = 1e-6


class SkpStatus(StrEnum):
    """Draft → Diajukan → Disetujui, or Dikembalikan (returned) and submitted again."""

    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DISETUJUI = "disetujui"
    DIKEMBALIKAN = "dikembalikan"


_MOVES: Mapping[SkpStatus, frozenset[SkpStatus]] = {
    SkpStatus.DRAFT: frozenset({SkpStatus.DIAJUKAN}),
    SkpStatus.DIKEMBALIKAN: frozenset({SkpStatus.DIAJUKAN}),
    SkpStatus.DIAJUKAN: frozenset({SkpStatus.DISETUJUI, SkpStatus.DIKEMBALIKAN}),
    SkpStatus.DISETUJUI: frozenset(),
}


def can_move(current: SkpStatus | str, to: SkpStatus | str) -> bool:
    """Whether an SKP may go from ``current`` to ``to``. The employee submits a draft or a
    returned SKP; the penilai approves or returns a submitted one; an approved SKP is final."""
    return member(SkpStatus, to, "status") in _MOVES[member(SkpStatus, current, "status")]


@dataclass(frozen=True)
class Iki:
    """Indikator Kinerja Individu: one measure of an RHK, with its target on one aspek."""

    id: str
    indikator: str
    aspek: str
    target: Target
    perspektif: str | None = None


@dataclass(frozen=True)
class Rhk:
    """Rencana Hasil Kerja. ``rhk_atasan_id`` is the superior's RHK it supports (cascading);
    ``weight`` is used only by tenants that weigh RHK."""

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

    def iki_by_id(self) -> dict[str, tuple[Rhk, Iki]]:
        return {iki.id: (rhk, iki) for rhk in self.rhk for iki in rhk.iki}


def _blank(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


def _normal(perspektif: str) -> str:
    return "_".join(perspektif.strip().lower().replace("-", " ").split())


def skp_problems(
    skp: Skp, *, superior_rhk_ids: Collection[str] | None, policy: Policy
) -> tuple[SkpError, ...]:
    """Every rule the SKP breaks, in reading order (empty when it may be submitted)."""
    found: list[SkpError] = []

    def broken(where: str, rule: str) -> None:
        found.append(SkpError(where, rule))

    if skp.approach not in APPROACHES:
        broken("approach", "one of " + ", ".join(APPROACHES))
    if isinstance(skp.year, bool) or not isinstance(skp.year, int) or skp.year < FIRST_YEAR:
        broken("year", f"a year from {FIRST_YEAR} (Permen PANRB 6/2022)")
    if not skp.rhk:
        broken("rhk", "an SKP has at least one RHK")
    elif not any(rhk.utama for rhk in skp.rhk):
        broken("rhk", "at least one RHK is utama")
    rhk_ids: set[str] = set()
    iki_ids: set[str] = set()
    for n, rhk in enumerate(skp.rhk):
        _check_rhk(skp, n, rhk, rhk_ids, superior_rhk_ids, policy, broken)
        if not rhk.iki:
            broken(f"rhk[{n}].iki", "every RHK has at least one IKI")
        for m, iki in enumerate(rhk.iki):
            _check_iki(skp, f"rhk[{n}].iki[{m}]", iki, iki_ids, policy, broken)
    if policy.use_weights and skp.rhk:
        weights = [rhk.weight for rhk in skp.rhk if rhk.weight is not None]
        if len(weights) == len(skp.rhk) and all(_positive(w) for w in weights):
            total = math.fsum(weights)
            if abs(total - WEIGHT_TOTAL) > _WEIGHT_TOLERANCE:
                broken("rhk[*].weight", f"the weights of the RHK sum to 100, not {total:g}")
    for key, text in skp.perilaku_ekspektasi.items():
        if key not in BERAKHLAK:
            broken(f"perilaku_ekspektasi.{key}", "not a BerAKHLAK value")
        elif _blank(text):
            broken(f"perilaku_ekspektasi.{key}", "an ekspektasi khusus is a non-empty text")
    for key, items in skp.lampiran.items():
        if key not in LAMPIRAN:
            broken(f"lampiran.{key}", "one of " + ", ".join(LAMPIRAN))
        elif isinstance(items, str) or any(_blank(item) for item in items):
            broken(f"lampiran.{key}", "a list of non-empty texts")
    return tuple(found)


def _positive(weight: object) -> bool:
    return (
        isinstance(weight, int | float | Decimal)
        and not isinstance(weight, bool)
        and math.isfinite(weight)
        and weight > 0
    )


Broken = Callable[[str, str], None]


def _check_rhk(
    skp: Skp,
    n: int,
    rhk: Rhk,
    seen: set[str],
    superior_rhk_ids: Collection[str] | None,
    policy: Policy,
    broken: Broken,
) -> None:
    where = f"rhk[{n}]"
    if _blank(rhk.id):
        broken(f"{where}.id", "an RHK has an id")
    elif rhk.id in seen:
        broken(f"{where}.id", f"RHK id {rhk.id} is used twice")
    seen.add(rhk.id)
    if _blank(rhk.text):
        broken(f"{where}.text", "an RHK says what result is planned")
    cascades = _cascades(skp, rhk, policy)
    if superior_rhk_ids is not None:
        if cascades and _blank(rhk.rhk_atasan_id):
            broken(f"{where}.rhk_atasan_id", "name the superior's RHK this result supports")
        elif not _blank(rhk.rhk_atasan_id) and rhk.rhk_atasan_id not in superior_rhk_ids:
            broken(
                f"{where}.rhk_atasan_id",
                f"{rhk.rhk_atasan_id} is not an RHK of the superior's approved SKP",
            )
    if policy.use_weights and not _positive(rhk.weight):
        broken(f"{where}.weight", "the tenant weighs RHK: give a weight above 0")


def _check_iki(
    skp: Skp, where: str, iki: Iki, seen: set[str], policy: Policy, broken: Broken
) -> None:
    if _blank(iki.id):
        broken(f"{where}.id", "an IKI has an id")
    elif iki.id in seen:
        broken(f"{where}.id", f"IKI id {iki.id} is used twice")
    seen.add(iki.id)
    if _blank(iki.indikator):
        broken(f"{where}.indikator", "an IKI says what is measured")
    if iki.aspek not in ASPEK:
        broken(f"{where}.aspek", "one of " + ", ".join(ASPEK))
    target = iki.target
    if target.value is None:
        if skp.approach == "kuantitatif":
            broken(f"{where}.target.value", "a quantitative SKP gives every IKI a number")
        elif _blank(target.qualitative):
            broken(f"{where}.target.qualitative", "describe the qualitative target")
    elif isinstance(target.value, bool) or not isinstance(target.value, int | float | Decimal):
        broken(f"{where}.target.value", "a number")
    elif not math.isfinite(target.value) or target.value < 0:
        broken(f"{where}.target.value", "a finite number, at least 0")
    elif target.value == 0 and not target.lower_is_better:
        broken(f"{where}.target.value", "a target of 0 asks for nothing; set the amount expected")
    if target.value is not None and _blank(target.unit):
        broken(f"{where}.target.unit", "say what the number counts (dokumen, hari, rupiah, …)")
    # lower_is_better fits every aspek: "jumlah temuan BPK ≤ 2" is kualitas.
    if target.agregasi is not None and target.agregasi not in AGREGASI:
        broken(f"{where}.target.agregasi", "one of " + ", ".join(AGREGASI))
    if iki.perspektif is None or (isinstance(iki.perspektif, str) and not iki.perspektif.strip()):
        if skp.jpt and policy.jpt_requires_perspektif:
            broken(f"{where}.perspektif", "a JPT tags each IKI with a perspektif")
    elif not isinstance(iki.perspektif, str) or _normal(iki.perspektif) not in policy.perspektif:
        broken(f"{where}.perspektif", "one of " + ", ".join(policy.perspektif))


def validate_skp(skp: Skp, *, superior_rhk_ids: Collection[str] | None, policy: Policy) -> None:
    """Refuse an SKP that cannot be submitted. Raises ``SkpInvalid``: its field and rule are
    the first problem, ``problems`` holds them all. ``superior_rhk_ids`` is None when the
    superior's SKP is not in this system (the top of the tree): cascading is then not checked."""
    problems = skp_problems(skp, superior_rhk_ids=superior_rhk_ids, policy=policy)
    if problems:
        raise SkpInvalid(problems)


# --- data quality (the checks BKPSDM runs in its semester evaluation) -------------------------


MAX_BUKTI = 20  # evidence links per realisation (one stored item stays small)


@dataclass(frozen=True)
class RealisasiEntry:
    """One reported realisation of an IKI in a period, with its bukti dukung (evidence links)."""

    iki_id: str
    period: int
    value: float | None
    bukti: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageRecord:
    """When a stage of the cycle was due and when it was completed (None: not yet)."""

    stage: Stage
    due: date
    completed_on: date | None = None


class Check(StrEnum):
    RHK_ATASAN_MISSING = "rhk_atasan_missing"
    TARGET_BEYOND_ATASAN = "target_beyond_atasan"
    REALISASI_WITHOUT_BUKTI = "realisasi_without_bukti"
    REALISASI_UNKNOWN_IKI = "realisasi_unknown_iki"
    WEIGHTS_MISSING = "weights_missing"
    WEIGHTS_NOT_POSITIVE = "weights_not_positive"
    WEIGHTS_SUM = "weights_sum"
    WEIGHTS_TAMBAHAN_OVER_UTAMA = "weights_tambahan_over_utama"
    STAGE_LATE = "stage_late"
    STAGE_NOT_COMPLETED = "stage_not_completed"
    CAPAIAN_OVER_CAP = "capaian_over_cap"


@dataclass(frozen=True)
class Finding:
    """One data-quality issue: which check, the rule in words, and the offending items (RHK or
    IKI ids, ``iki_id@period`` for realisations, stage names)."""

    check: Check
    rule: str
    items: tuple[str, ...]


REQUIRED_STAGES = (Stage.PLAN, Stage.MONITOR, Stage.COACH, Stage.ASSESS)
"""Every one must be completed (the seed article on the semester evaluation). A cycle in which
nobody needed coaching records the coach stage as completed when that was decided."""


def data_quality(
    skp: Skp,
    *,
    atasan: Skp | None,
    realisasi: Sequence[RealisasiEntry],
    stages: Sequence[StageRecord],
    today: date,
    policy: Policy,
    periods: int | None = None,
) -> tuple[Finding, ...]:
    """The data-quality findings of one cycle, in the order of the checks; empty when clean.

    - targets fit the superior's RHK: each cascaded RHK names an RHK of ``atasan`` (when the
      superior's SKP is known), and no IKI target goes beyond a target of the supported RHK on
      the same aspek and unit (no part bigger than the whole, no looser time or cost);
    - every realisation has bukti dukung, and belongs to an IKI of the SKP;
    - weights are consistent: all or none of the RHK weighed (all, when the tenant weighs),
      above 0, summing to 100, and no RHK tambahan weighing more than an RHK utama;
    - every stage of ``REQUIRED_STAGES`` completed, and by its due date;
    - no capaian is implausible: above the tenant's ``capaian_cap`` before capping, at any
      period reported (checked when ``periods``, the periods of the year, is given).
    """
    findings: list[Finding] = []
    findings += _cascade_findings(skp, atasan, policy)
    findings += _realisasi_findings(skp, realisasi)
    findings += _weight_findings(skp, policy)
    findings += _stage_findings(stages, today)
    if periods:
        findings += _capaian_findings(skp, realisasi, periods, policy.capaian_cap)
    return tuple(findings)


def _capaian_findings(
    skp: Skp, realisasi: Sequence[RealisasiEntry], periods: int, cap: float = CAPAIAN_CAP
) -> list[Finding]:
    reports: dict[str, dict[int, float]] = {}
    for r in realisasi:
        if r.value is not None and 1 <= r.period <= periods:
            reports.setdefault(r.iki_id, {})[r.period] = r.value
    implausible = []
    for rhk in skp.rhk:
        for iki in rhk.iki:
            if iki.target.value is None or iki.id not in reports:
                continue
            for period in sorted(reports[iki.id]):
                if over_cap(
                    iki.target, reports[iki.id], period=period, periods=periods,
                    aspek=iki.aspek, cap=cap,
                ):  # fmt: skip
                    implausible.append(f"{iki.id}@{period}")
    if not implausible:
        return []
    rule = (
        f"a capaian above {cap:g} % (the cap) is implausible: check the realisation, the "
        "target and its agregasi"
    )
    return [Finding(Check.CAPAIAN_OVER_CAP, rule, tuple(implausible))]


def uncascaded(skp: Skp, superior_rhk_ids: Collection[str], policy: Policy) -> tuple[str, ...]:
    """The RHK of ``skp`` that name no RHK of the superior's SKP though they should (it
    cascades) or name one it does not hold."""
    return tuple(
        rhk.id
        for rhk in skp.rhk
        if rhk.rhk_atasan_id not in superior_rhk_ids
        and (rhk.rhk_atasan_id or _cascades(skp, rhk, policy))
    )


def _cascades(skp: Skp, rhk: Rhk, policy: Policy) -> bool:
    """Whether ``rhk`` must name the superior's RHK it supports (§2: non-JPT)."""
    return not skp.jpt and (rhk.utama or policy.tambahan_requires_rhk_atasan)


def _cascade_findings(skp: Skp, atasan: Skp | None, policy: Policy) -> list[Finding]:
    if atasan is None:
        return []
    theirs = {rhk.id: rhk for rhk in atasan.rhk}
    missing = list(uncascaded(skp, theirs, policy))
    beyond: list[str] = []
    for rhk in skp.rhk:
        supported = theirs.get(rhk.rhk_atasan_id) if rhk.rhk_atasan_id else None
        if supported is None:
            continue
        for iki in rhk.iki:
            if any(_beyond(iki, other) for other in supported.iki):
                beyond.append(iki.id)
    found = []
    if missing:
        rule = "each cascaded RHK names an RHK of the superior's SKP"
        found.append(Finding(Check.RHK_ATASAN_MISSING, rule, tuple(missing)))
    if beyond:
        rule = "an IKI's target goes beyond the superior's target on the same aspek and unit"
        found.append(Finding(Check.TARGET_BEYOND_ATASAN, rule, tuple(beyond)))
    return found


def _beyond(mine: Iki, theirs: Iki) -> bool:
    a, b = mine.target, theirs.target
    if mine.aspek != theirs.aspek or a.value is None or b.value is None:
        return False
    if a.lower_is_better != b.lower_is_better or a.unit.strip().lower() != b.unit.strip().lower():
        return False
    # More than the whole (higher is better) or a longer time / higher cost (lower is better):
    # in both cases the subordinate's number is the larger one.
    return a.value > b.value


def _realisasi_findings(skp: Skp, realisasi: Sequence[RealisasiEntry]) -> list[Finding]:
    known = skp.iki_by_id()
    ordered = sorted(realisasi, key=lambda r: (r.period, r.iki_id))
    bare = [f"{r.iki_id}@{r.period}" for r in ordered if not any(not _blank(b) for b in r.bukti)]
    unknown = [f"{r.iki_id}@{r.period}" for r in ordered if r.iki_id not in known]
    found = []
    if bare:
        rule = "every realisation carries bukti dukung"
        found.append(Finding(Check.REALISASI_WITHOUT_BUKTI, rule, tuple(bare)))
    if unknown:
        rule = "a realisation belongs to an IKI of the SKP"
        found.append(Finding(Check.REALISASI_UNKNOWN_IKI, rule, tuple(unknown)))
    return found


def _weight_findings(skp: Skp, policy: Policy) -> list[Finding]:
    weights = {rhk.id: rhk.weight for rhk in skp.rhk if rhk.weight is not None}
    if not skp.rhk or (not weights and not policy.use_weights):
        return []
    found = []
    if unweighed := [rhk.id for rhk in skp.rhk if rhk.weight is None]:
        rule = "either every RHK has a weight or none has" + (
            " (the tenant weighs RHK)" if policy.use_weights else ""
        )
        found.append(Finding(Check.WEIGHTS_MISSING, rule, tuple(unweighed)))
    if bad := [rhk_id for rhk_id, weight in weights.items() if not _positive(weight)]:
        found.append(Finding(Check.WEIGHTS_NOT_POSITIVE, "a weight is above 0", tuple(bad)))
    if weights and not unweighed and not bad:
        total = math.fsum(weights.values())
        if abs(total - WEIGHT_TOTAL) > _WEIGHT_TOLERANCE:
            found.append(Finding(Check.WEIGHTS_SUM, f"weights sum to 100, not {total:g}", ()))
    good = {rhk.id: weights[rhk.id] for rhk in skp.rhk if rhk.id not in bad and rhk.id in weights}
    utama = [good[rhk.id] for rhk in skp.rhk if rhk.utama and rhk.id in good]
    if utama:
        heavy = [
            rhk.id
            for rhk in skp.rhk
            if not rhk.utama and rhk.id in good and good[rhk.id] > min(utama)
        ]
        if heavy:
            rule = "no RHK tambahan weighs more than an RHK utama"
            found.append(Finding(Check.WEIGHTS_TAMBAHAN_OVER_UTAMA, rule, tuple(heavy)))
    return found


def _stage_findings(stages: Sequence[StageRecord], today: date) -> list[Finding]:
    by_stage: dict[Stage, StageRecord] = {}
    record: StageRecord | None
    for n, record in enumerate(stages):
        stage = member(Stage, record.stage, f"stages[{n}].stage")
        if stage in by_stage:
            raise InvalidValue(f"stages[{n}].stage", f"stage {stage} is given twice")
        by_stage[stage] = record
    late, open_ = [], []
    for stage in REQUIRED_STAGES:
        record = by_stage.get(stage)
        if record is None or record.completed_on is None:
            if record is None or record.due < today:
                open_.append(stage.value)
        elif record.completed_on > record.due:
            late.append(stage.value)
    found = []
    if open_:
        rule = "every stage of the cycle is completed (plan, monitor, coach, assess)"
        found.append(Finding(Check.STAGE_NOT_COMPLETED, rule, tuple(open_)))
    if late:
        rule = "every stage is completed by its due date"
        found.append(Finding(Check.STAGE_LATE, rule, tuple(late)))
    return found
