"""Monitor: realisations with evidence, and at each period's end the capaian per IKI, the
judgement per RHK and whether coaching is due."""

from __future__ import annotations

from collections import defaultdict

from functions.domain import Rating, RhkJudgement, SkpStatus, Target, judge_rhk, periods_of
from functions.domain import needs_coaching as coaching_due
from functions.domain.capaian import capaian_at
from functions.domain.skp import MAX_BUKTI
from functions.engine import clock
from functions.errors import Conflict, InvalidInput, StageForbids
from functions.services import audit
from functions.services.auth import Principal, may_act_as_self
from functions.services.cycles import drive, note_stage
from functions.services.settings import TenantSettings, cycle_frequency
from functions.store.records import RealisasiRecord, plain
from functions.store.repository import TenantRepository


def skp_iki(content: dict) -> dict[str, tuple[dict, dict]]:
    """iki_id → (rhk, iki) of an SKP's content."""
    return {i["id"]: (r, i) for r in content.get("rhk", []) for i in r["iki"]}


def add_realisasi(
    repo: TenantRepository, principal: Principal, nip: str, year: int, body: dict
) -> RealisasiRecord:
    """Report (or correct) the realisation of one IKI for one period, with its evidence."""
    return report_realisasi(repo, principal, nip, year, body["period"], [body], listed=False)[0]


def report_realisasi(
    repo: TenantRepository,
    principal: Principal,
    nip: str,
    year: int,
    period: int,
    items: list[dict],
    *,
    listed: bool = True,
) -> list[RealisasiRecord]:
    """Report (or correct) the realisations of several IKI for one period, all or none; a
    correction keeps what it replaced in the audit trail. ``listed``: errors name
    ``items.<n>.iki_id`` (a batch) rather than ``iki_id``."""
    may_act_as_self(principal, nip)
    rhk_of = reportable_iki(repo, nip, year, period)
    unknown = {
        f"items.{n}.iki_id" if listed else "iki_id": ["not an IKI of this SKP"]
        for n, item in enumerate(items)
        if item["iki_id"] not in rhk_of
    }
    if unknown:
        raise InvalidInput("no such indicator", details=unknown)
    over = {
        f"items.{n}.bukti" if listed else "bukti": [f"at most {MAX_BUKTI} evidence links"]
        for n, item in enumerate(items)
        if len(item.get("bukti", [])) > MAX_BUKTI
    }
    if over:  # the schema refuses these too; a caller without it must not lose links
        raise InvalidInput("too many evidence links", details=over)
    existing = {r.iki_id: r for r in repo.realisasi(nip, year, period)}
    records, trail = [], []
    for item in items:
        iki_id = item["iki_id"]
        reported = {
            "value": item["value"],
            "bukti": item.get("bukti", []),
            "note": item.get("note"),
        }
        record = existing.get(iki_id)
        if record is None:  # the record itself says who reported it and when
            record = repo.new_realisasi(
                nip, year, period, iki_id, rhk_id=rhk_of[iki_id], reported_by=principal.nip,
                **reported,
            )  # fmt: skip
        else:
            before = {name: plain(getattr(record, name)) for name in reported}
            for name, value in reported.items():
                setattr(record, name, value)
            trail.append(audit.entry(
                repo, principal.label, "realisasi.correct",
                f"realisasi/{nip}/{year}/{period}/{iki_id}",
                before=before, after=reported, subject_nip=nip,
            ))  # fmt: skip
        records.append(record)
    with repo.all_or_none(Conflict("a realisation changed meanwhile; read them again")) as batch:
        for written in [*records, *trail]:
            batch.put(written)
    return records


def reportable_iki(repo: TenantRepository, nip: str, year: int, period: int) -> dict[str, str]:
    """IKI id → RHK id of the indicators whose realisation may be reported for ``period`` now:
    the SKP is approved, the period has begun and is not assessed."""
    skp = repo.skp(nip, year)
    if skp.status != SkpStatus.DISETUJUI:
        raise StageForbids("realisations are reported against an approved SKP")
    cycle = repo.cycle(nip, year)
    if period > cycle.periods:
        raise InvalidInput("no such period", details={"period": [f"at most {cycle.periods}"]})
    started = periods_of(year, cycle_frequency(repo, cycle))[period - 1]
    if started.start > clock.now().date():
        raise InvalidInput("that period has not begun", details={"period": ["not begun"]})
    closed = repo.assessment(nip, year, period)
    if closed is not None and closed.predikat:
        raise StageForbids(f"period {period} is assessed; its realisations are closed")
    return {iki_id: rhk["id"] for iki_id, (rhk, _) in skp_iki(plain(skp.content)).items()}


def realisasi_rhk(repo: TenantRepository, nip: str, year: int, period: int, iki_id: str) -> str:
    """The RHK of an IKI a realisation may be reported on now (for e-office webhooks)."""
    rhk_id = reportable_iki(repo, nip, year, period).get(iki_id)
    if rhk_id is None:
        raise InvalidInput("no such indicator", details={"iki_id": ["not an IKI of this SKP"]})
    return rhk_id


def period_capaian(
    content: dict, reports: list[RealisasiRecord], period: int, periods: int, cap: float
):
    """Capaian per IKI at the end of ``period``, at most ``cap`` (policy), by each target's
    agregasi (``capaian_at``): amounts (``jumlah``) add up against the pro-rated annual target;
    levels take the mean, the latest, the best or the worst report against the whole target.
    At the last period this is the year's capaian."""
    by_iki: dict[str, dict[int, float]] = defaultdict(dict)
    for report in reports:
        by_iki[report.iki_id][report.period] = report.value
    result = {}
    for iki_id, (_, iki) in skp_iki(content).items():
        target, seen = Target(**iki["target"]), by_iki.get(iki_id, {})
        result[iki_id] = capaian_at(
            target, seen, period=period, periods=periods, aspek=iki.get("aspek"), cap=cap
        )
    return result


def judge(content: dict, capaian_by_iki: dict[str, float], policy) -> list[RhkJudgement]:
    return [
        RhkJudgement(
            rhk_id=r["id"],
            utama=r["utama"],
            rating=judge_rhk([capaian_by_iki[i["id"]] for i in r["iki"]], policy),
        )
        for r in content.get("rhk", [])
    ]


# the stages a segment resumes at monitor (the default workflow's dispatch)
MONITORED = ("monitor", "coach", "assess")


def monitor_period(
    repo: TenantRepository, nip: str, year: int, period: int, execution: str | None = None
) -> dict:
    """The monitor step. Given ``execution``, the segment resumed on the stage its input
    carries (no load step): the step notes the execution as the load step would, and refuses
    an input the cycle has moved past since it was scheduled (a stage set by hand meanwhile)."""
    cycle = repo.cycle(nip, year)
    if execution is not None:
        if cycle.stage not in MONITORED or int(cycle.period) != period:
            raise StageForbids(
                f"the segment resumes period {period} at monitor, but the cycle stands at "
                f"{cycle.stage!r} (period {cycle.period}): resume it (repair) instead"
            )
        drive(cycle, execution)
    record, lagging = measure(repo, cycle, period)
    note_stage(cycle, "monitor", period)
    repo.put_all([record, cycle])
    return {"coaching_needed": bool(lagging), "lagging_rhk": lagging}


def measure(repo: TenantRepository, cycle, period: int):
    """The period's assessment record with its capaian and judgements (not saved), and the
    RHK lagging enough for coaching: the monitor step's, and a detached month's (no stage)."""
    nip, year = cycle.nip, int(cycle.year)
    policy = TenantSettings.of(repo.profile()).policy
    content = plain(repo.skp(nip, year).content)
    values = period_capaian(
        content, repo.realisasi(nip, year), period, cycle.periods, policy.capaian_cap
    )
    judgements = judge(content, values, policy)
    earlier = {a.period: a for a in repo.assessments(nip, year) if 0 < a.period < period}
    history = [_judgements_of(content, earlier[p]) for p in sorted(earlier)] + [judgements]
    lagging = coaching_due(history, policy)
    record = repo.assessment(nip, year, period) or repo.new_assessment(nip, year, period)
    record.capaian = {k: round(v, 2) for k, v in values.items()}
    record.judgements = {j.rhk_id: j.rating.value for j in judgements}
    record.lagging_rhk = lagging
    return record, lagging


def _judgements_of(content: dict, record) -> list[RhkJudgement]:
    return judgements_from(content, plain(record.judgements) or {})


def judgements_from(content: dict, stored: dict[str, str]) -> list[RhkJudgement]:
    """RHK id → rating as the rules' judgements, in the SKP's order."""
    return [
        RhkJudgement(rhk_id=r["id"], utama=r["utama"], rating=Rating(stored[r["id"]]))
        for r in content.get("rhk", [])
        if r["id"] in stored
    ]
