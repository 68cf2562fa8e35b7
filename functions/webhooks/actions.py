"""What a mapped e-office event does to the workflow, through the services.

Each action *plans* first (reads and checks only, so a dry run shows what it would do) and
returns a :class:`Plan`: records to save in the same transaction as the delivery's status
(exactly once), or a ``run`` for effects that must go through a service's own transaction and
Step Functions callback (completing a human task: the task's open-condition refuses a second
completion). A problem that a person must fix raises :class:`DeadLetter` with its category.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from marshmallow import ValidationError

from functions.domain import SkpStatus, period_of
from functions.domain.skp import MAX_BUKTI
from functions.engine import clock
from functions.errors import KinerjaError, NotFound
from functions.services import completion, development, monitoring, tasks
from functions.services import feedback as feedback_service
from functions.services.auth import PEGAWAI, Principal
from functions.services.feedback import ATASAN, BAWAHAN, PUBLIK, REKAN
from functions.services.settings import cycle_frequency
from functions.store.records import RealisasiRecord, Record, TaskRecord, plain
from functions.store.repository import TenantRepository
from schemas.development import RecordIn

_RECORD_IN = RecordIn()


class DeadLetter(Exception):
    """The delivery cannot be applied as it stands; ``category`` is one of UNMAPPED,
    INVALID_PAYLOAD, UNKNOWN_EMPLOYEE, REJECTED, FAILED."""

    def __init__(self, category: str, message: str) -> None:
        super().__init__(message)
        self.category, self.message = category, message

    @property
    def reason(self) -> str:
        return f"{self.category}: {self.message}"


UNMAPPED, INVALID_PAYLOAD, UNKNOWN_EMPLOYEE, REJECTED, FAILED = (
    "unmapped",
    "invalid_payload",
    "unknown_employee",
    "rejected",
    "failed",
)


@dataclass(frozen=True)
class Context:
    repo: TenantRepository
    source: str
    delivery_id: str

    @property
    def actor(self) -> str:
        return f"webhook:{self.source}"


@dataclass
class Plan:
    action: str
    subject_nip: str
    summary: dict
    records: list[Record] = field(default_factory=list)
    run: Callable[[], None] | None = None


@dataclass(frozen=True)
class Action:
    name: str
    description: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    plan: Callable[[Context, dict], Plan]


# --- helpers -------------------------------------------------------------------------------
def _employee(ctx: Context, nip, what: str) -> str:
    nip = str(nip)
    if ctx.repo.find_employee(nip) is None:
        raise DeadLetter(UNKNOWN_EMPLOYEE, f"{what} {nip} is not an employee of this tenant")
    return nip


def _date(value, name: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise DeadLetter(INVALID_PAYLOAD, f"{name}: {value!r} is not an ISO date") from None


def _text(value, name: str, most: int = 4000) -> str:
    text = str(value).strip()
    if not text or len(text) > most:
        raise DeadLetter(INVALID_PAYLOAD, f"{name}: give 1 to {most} characters")
    return text


ADD, SET = "add", "set"
MAX_REFERENCES = 1000  # documents remembered per realisation (one stored item stays small)
# Fields with a closed vocabulary: checked when a mapping is saved (a constant) and when a
# delivery is applied (a value from the payload).
CHOICES: dict[str, tuple[str, ...]] = {
    "mode": (ADD, SET),
    "coaching_kind": ("bimbingan", "konseling"),
    "relation": (PUBLIK, REKAN, BAWAHAN, ATASAN),
}
RELATION_ALIASES = {"public": PUBLIK, "peer": REKAN, "subordinate": BAWAHAN, "superior": ATASAN}


def _choice(f: dict, name: str, default: str) -> str:
    given = f.get(name, default)
    found = RELATION_ALIASES.get(given, given) if name == "relation" else given
    if found not in CHOICES[name]:
        allowed = ", ".join(CHOICES[name])
        raise DeadLetter(INVALID_PAYLOAD, f"{name}: {given!r} is not one of {allowed}")
    return str(found)


def _reference(f: dict) -> str | None:
    """The document's own number at the source, when the mapping names one."""
    if f.get("reference") is None:
        return None
    reference = str(f["reference"]).strip()
    if not reference or len(reference) > 200:
        raise DeadLetter(INVALID_PAYLOAD, "reference: give 1 to 200 characters")
    return reference


def _rejected(error: KinerjaError) -> DeadLetter:
    details = f" {error.details}" if error.details else ""
    category = UNKNOWN_EMPLOYEE if isinstance(error, NotFound) else REJECTED
    return DeadLetter(category, f"{error.message}{details}")


def _period(ctx: Context, nip: str, day: date) -> int:
    """The period of ``day`` in the employee's cycle (its own frequency, fixed at its start)."""
    frequency = cycle_frequency(ctx.repo, ctx.repo.find_cycle(nip, day.year))
    return period_of(day, frequency).index


def _open_task(ctx: Context, nip: str, year: int, kind: str) -> TaskRecord | None:
    try:
        cycle = ctx.repo.cycle(nip, year)
    except NotFound:
        return None
    task = ctx.repo.find_task(cycle.open_task) if cycle.open_task else None
    if task is None or task.task_kind != kind or task.status != "open":
        return None
    return task


def _complete(ctx: Context, task: TaskRecord, by_nip: str, body: dict) -> Callable[[], None]:
    """Complete a human task as the person named in the event (who must be its assignee)."""
    who = Principal(PEGAWAI, ctx.repo.tenant_id, by_nip, "webhook")
    try:
        tasks.check_assignee(who, task)
    except KinerjaError as error:
        raise _rejected(error) from None
    body = {**body, "webhook_delivery": ctx.delivery_id}

    def run() -> None:
        completion.complete_task(ctx.repo, who, task.task_id, body)

    return run


# --- the actions ---------------------------------------------------------------------------
def plan_realisasi(ctx: Context, f: dict) -> Plan:
    """A finished disposition: add to the realisation of an IKI in the period of its date
    (``mode`` ``add``), or set it (``set``: a level, for rata_rata/terakhir targets), with the
    document's link as evidence (bukti dukung). A ``reference`` (the document's number at the
    source) already counted in that realisation is not counted again: the delivery is applied
    as a ``duplicate`` naming the delivery that counted it, and writes nothing."""
    nip = _employee(ctx, f["nip"], "nip")
    day = _date(f["date"], "date")
    link = str(f["link"])
    if not link.startswith(("https://", "http://")):
        raise DeadLetter(INVALID_PAYLOAD, f"link: {link!r} is not an http(s) URL")
    try:
        value = float(f.get("value", 1))
    except (TypeError, ValueError):
        raise DeadLetter(INVALID_PAYLOAD, f"value: {f.get('value')!r} is not a number") from None
    if value < 0:
        raise DeadLetter(INVALID_PAYLOAD, "value: must not be negative")
    mode = _choice(f, "mode", ADD)
    reference = _reference(f)
    iki_id, year = str(f["iki_id"]), day.year
    period = _period(ctx, nip, day)
    try:
        rhk_id = monitoring.realisasi_rhk(ctx.repo, nip, year, period, iki_id)
    except KinerjaError as error:
        raise _rejected(error) from None
    found = [r for r in ctx.repo.realisasi(nip, year, period) if r.iki_id == iki_id]
    summary = {"nip": nip, "year": year, "period": period, "iki_id": iki_id, "mode": mode}
    if f.get("document_id") is not None:
        summary["document_id"] = str(f["document_id"])
    counted = f"{ctx.source}:{reference}" if reference is not None else None
    if counted is not None:
        summary["reference"] = reference
        seen = plain(found[0].references or {}) if found else {}
        if counted in seen:  # the same document under another webhook-id: counted once
            summary.update(duplicate=True, duplicate_of=seen[counted],
                           value=float(found[0].value))  # fmt: skip
            return Plan("realisasi", nip, summary)
    record: RealisasiRecord
    if found:
        record = found[0]
        before = float(record.value)
        if link not in record.bukti:
            if len(record.bukti) >= MAX_BUKTI:  # refused whole: a value without its evidence
                raise DeadLetter(
                    REJECTED,
                    f"bukti: the realisation of {iki_id} in period {period} holds "
                    f"{MAX_BUKTI} evidence links, the limit; neither {link} nor its value "
                    "was added (replace the links through the API)",
                )
            record.bukti = [*record.bukti, link]
        record.value = value if mode == SET else before + value
    else:
        before = None
        record = ctx.repo.new_realisasi(
            nip, year, period, iki_id, rhk_id=rhk_id, value=value, bukti=[link],
            reported_by=ctx.actor,
        )  # fmt: skip
    if counted is not None:
        seen = plain(record.references or {})
        if len(seen) >= MAX_REFERENCES:
            raise DeadLetter(
                REJECTED,
                f"reference: the realisation of {iki_id} in period {period} remembers "
                f"{MAX_REFERENCES} documents, the limit; report it through the API",
            )
        record.references = {**seen, counted: ctx.delivery_id}
    if mode == SET:
        summary.update(before=before, set=value)
    else:
        summary["added"] = value
    summary.update(value=float(record.value), bukti=link)
    return Plan("realisasi", nip, summary, records=[record])


def plan_approve_skp(ctx: Context, f: dict) -> Plan:
    """A signed SKP document: the penilai's open approval task is done (approved)."""
    nip = _employee(ctx, f["nip"], "nip")
    signer = _employee(ctx, f["signer_nip"], "signer_nip")
    year = _date(f["date"], "date").year if f.get("date") is not None else None
    if f.get("year") is not None:
        year = int(f["year"])
    if year is None:
        year = clock.now().year
    task = _open_task(ctx, nip, year, "approve_skp")
    if task is None:
        raise DeadLetter(REJECTED, f"no open SKP approval for {nip}/{year}")
    skp = ctx.repo.find_skp(nip, year)
    if skp is None or skp.status != SkpStatus.DIAJUKAN:
        status = skp.status if skp else "missing"
        raise DeadLetter(REJECTED, f"the SKP {nip}/{year} is {status}, not submitted")
    body = {"decision": "approve"}
    if f.get("document_id") is not None:
        body["document_id"] = str(f["document_id"])
    run = _complete(ctx, task, signer, body)
    summary = {"nip": nip, "year": year, "task_id": task.task_id, "signer_nip": signer,
               "decision": "approve"}  # fmt: skip
    return Plan("approve_skp", nip, summary, run=run)


def plan_coaching(ctx: Context, f: dict) -> Plan:
    """A guidance memo: a coaching record (bimbingan or konseling). When the penilai's coaching
    task is open it is completed (the workflow moves on); otherwise the record is kept."""
    nip = _employee(ctx, f["nip"], "nip")
    by_nip = _employee(ctx, f["by_nip"], "by_nip")
    day = _date(f["date"], "date")
    kind = _choice(f, "coaching_kind", "bimbingan")
    findings = _text(f["findings"], "findings")
    year, period = day.year, _period(ctx, nip, day)
    body = {"coaching_kind": kind, "held_on": day.isoformat(), "findings": findings}
    summary = {"nip": nip, "year": year, "period": period, "by_nip": by_nip, **body}
    task = _open_task(ctx, nip, year, "coaching")
    if task is not None and task.assignee_nip == by_nip:
        summary["task_id"] = task.task_id
        return Plan("coaching", nip, summary, run=_complete(ctx, task, by_nip, body))
    record = ctx.repo.new_coaching(
        nip, year, period, f"wh-{ctx.delivery_id}", coaching_kind=kind, held_on=day.isoformat(),
        by_nip=by_nip, findings=findings, actions=[], rhk_ids=[],
    )  # fmt: skip
    return Plan("coaching", nip, summary, records=[record])


def plan_feedback(ctx: Context, f: dict) -> Plan:
    """A feedback form: feedback on the employee's behaviour, kept in the cycle, of the kind
    ``relation`` says (publik by default; rekan, bawahan or atasan for a colleague's form)."""
    nip = _employee(ctx, f["nip"], "nip")
    relation = _choice(f, "relation", PUBLIK)
    day = _date(f["date"], "date") if f.get("date") is not None else clock.now().date()
    try:
        record = feedback_service.new_feedback(
            ctx.repo,
            nip,
            received_on=day,
            text=str(f["text"]),
            source=ctx.source,
            feedback_id=ctx.delivery_id,
            aspect=str(f["aspect"]) if f.get("aspect") is not None else None,
            rating=str(f["rating"]) if f.get("rating") is not None else None,
            reference=str(f["reference"]) if f.get("reference") is not None else None,
            relation=relation,
        )
    except KinerjaError as error:
        raise DeadLetter(INVALID_PAYLOAD, f"{error.message} {error.details}") from None
    summary = {"nip": nip, "year": day.year, "received_on": day.isoformat(),
               "aspect": record.aspect, "relation": relation}  # fmt: skip
    return Plan("feedback", nip, summary, records=[record])


def plan_development_record(ctx: Context, f: dict) -> Plan:
    """A learning system's completion notice: a development activity done, with its
    certificate's link, in the year of its date. The same person, kind, title and day is one
    record (as the import and the API count it): a second notice is applied as a
    ``duplicate`` naming the record, and writes nothing."""
    nip = _employee(ctx, f["nip"], "nip")
    day = _date(f["date"], "date")
    given = {
        "kind": f["kind"], "title": f["title"], "hours": f["hours"], "done_on": day.isoformat(),
        **{n: f[n] for n in ("digital", "cost", "provider", "certificate_url", "rhk_id")
           if f.get(n) is not None},
    }  # fmt: skip
    try:
        body = _RECORD_IN.load(given)
    except ValidationError as error:
        found = error.normalized_messages()
        raise DeadLetter(INVALID_PAYLOAD, "; ".join(
            f"{name}: {' '.join(map(str, rules))}" for name, rules in found.items()
        )) from None  # fmt: skip
    record = development.new_record(ctx.repo, nip, day.year, body, ctx.actor)  # in its year
    summary = {"nip": nip, "year": day.year, "record_id": record.record_id, "kind": body["kind"],
               "hours": float(body["hours"]), "done_on": record.done_on}  # fmt: skip
    stored = ctx.repo.development_records(day.year, nip)
    if any(r.record_id == record.record_id for r in stored):
        summary["duplicate"] = True
        return Plan("development.record", nip, summary)
    return Plan("development.record", nip, summary, records=[record])


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "realisasi",
            "a finished disposition → realisation (+value, or = value with mode set) with its "
            "evidence link on an IKI; a reference already counted there is a duplicate",
            ("nip", "iki_id", "date", "link"),
            ("value", "document_id", "reference", "mode"),
            plan_realisasi,
        ),
        Action(
            "approve_skp",
            "a signed SKP document → the penilai's open approval task is done (approved)",
            ("nip", "signer_nip"),
            ("date", "year", "document_id"),
            plan_approve_skp,
        ),
        Action(
            "coaching",
            "a guidance memo → a coaching record (completes the open coaching task)",
            ("nip", "by_nip", "date", "findings"),
            ("coaching_kind", "document_id"),
            plan_coaching,
        ),
        Action(
            "feedback",
            "a feedback form → feedback on the employee's behaviour (relation: publik, rekan, "
            "bawahan or atasan)",
            ("nip", "text"),
            ("date", "aspect", "rating", "reference", "relation"),
            plan_feedback,
        ),
        Action(
            "development.record",
            "a learning system's completion notice → a development activity done (JP, its "
            "certificate's link) in the year of its date; the same activity again is a duplicate",
            ("nip", "kind", "title", "hours", "date"),
            ("digital", "cost", "provider", "certificate_url", "rhk_id"),
            plan_development_record,
        ),
    )
}
