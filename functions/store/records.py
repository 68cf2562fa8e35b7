"""PynamoDB records: how each fact is stored in the one table.

Every record shares the key attributes and a discriminator (``kind``), so one query over a cycle's
partition returns typed records. Nested documents (SKP content, ratings) are raw maps validated by
the marshmallow schemas at the edge; here they are only stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from pynamodb.attributes import (
    Attribute,
    BinaryAttribute,
    BooleanAttribute,
    DiscriminatorAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.connection import TableConnection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from functions import config
from functions.domain.rating import Predikat
from functions.domain.stages import CYCLE_STAGES, TASK_KINDS

if TYPE_CHECKING:
    RawMap: TypeAlias = MapAttribute[str, Any]  # a raw map attribute: read as a MapAttribute
    MapList: TypeAlias = ListAttribute[dict[str, Any]]  # a raw list of maps: read as dicts

    class IntegerAttribute(Attribute[int]):
        """A NumberAttribute holding whole numbers (years, periods, counts, version numbers), as
        the type checker sees it: they are written as int and read back with json.loads, so
        they come back as int, where PynamoDB types every NumberAttribute float."""

else:
    IntegerAttribute = NumberAttribute

# PynamoDB types ListAttribute(of=UnicodeAttribute) as a list of UnicodeAttribute, not of str
# (pynamodb/PynamoDB#1246): such lists are annotated ListAttribute[str] and their ``of`` ignored.


def utcnow() -> datetime:
    return datetime.now(UTC)


class ByGsi1(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Record(Model):
    """The shared shape. Table name and region come from functions/config.py when the first
    request is made (nothing reads the environment or talks to AWS at import time)."""

    class Meta:
        table_name = config.DEFAULT_TABLE
        region = config.DEFAULT_REGION

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    kind = DiscriminatorAttribute()
    version = VersionAttribute()
    updated_at = UTCDateTimeAttribute(default=utcnow)
    by_gsi1 = ByGsi1()

    @classmethod
    def _get_connection(cls) -> TableConnection:
        # Every kind of record is an item of the one table: all share Record's connection (one
        # botocore session and client) instead of PynamoDB's one per model class, each of which
        # loads botocore's data again (~0.2 s apiece: a cold start's first requests paid it).
        # A table of another configuration (an embedded stack started anew) gets a new one.
        where = config.current()
        Record.Meta.table_name, Record.Meta.region = where.table, where.region
        return super(Record, Record)._get_connection()

    @classmethod
    def _instantiate(cls, attribute_values):
        record = super()._instantiate(attribute_values)
        record.loaded()
        return record

    def deserialize(self, attribute_values) -> None:
        super().deserialize(attribute_values)
        self.loaded()

    def loaded(self) -> None:
        """Called when the record was read from the table (a cycle notes what it counted)."""


class TenantRecord(Record, discriminator="tenant"):
    tenant_id = UnicodeAttribute()
    name = UnicodeAttribute()
    region_code = UnicodeAttribute()
    enabled = BooleanAttribute(default=True)
    settings: RawMap = MapAttribute(default=dict)  # the domain Policy, as Policy.to_dict()
    created_at = UnicodeAttribute(null=True)  # clock time (ISO): the export's first audit month


class UnitRecord(Record, discriminator="unit"):
    unit_id = UnicodeAttribute()
    name = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    head_nip = UnicodeAttribute(null=True)


class PositionRecord(Record, discriminator="position"):
    """A position (jabatan) of a unit: its kind, eselon where structural, who holds it."""

    unit_id = UnicodeAttribute()
    position_id = UnicodeAttribute()
    name = UnicodeAttribute()
    position_kind = UnicodeAttribute()  # domain.positions.POSITION_KINDS
    eselon = UnicodeAttribute(null=True)  # II.a … IV.b, structural kinds only
    incumbent_nip = UnicodeAttribute(null=True)  # None: vacant
    key_position = BooleanAttribute(default=False)  # for succession (9-box, talent pool)
    # competency -> minimum score (manajerial, sosial_kultural, teknis): succession's fit
    requirements: RawMap = MapAttribute(null=True)


class TalentReviewRecord(Record, discriminator="talent_review"):
    """A talent review round (docs/talent-review.md): what BKPSDM defined, its waves in order
    with their officials, and where the round stands."""

    review_id = UnicodeAttribute()
    name = UnicodeAttribute()
    year = IntegerAttribute()
    criteria: RawMap = MapAttribute()  # criterion -> weight (summing to 100)
    panel: ListAttribute[str] = ListAttribute(of=UnicodeAttribute)  # type: ignore[arg-type]
    ppk_nip = UnicodeAttribute(null=True)  # None: the ratification waits on BKPSDM's admins
    task_days: RawMap = MapAttribute(default=dict)  # review task kind -> days
    waves: MapList = ListAttribute(default=list)  # [{wave, officials, opened_at, closed_at}]
    status = UnicodeAttribute(default="running")  # running | ratifying | done | failed
    execution_arn = UnicodeAttribute(null=True)
    ratify_task = UnicodeAttribute(null=True)
    ratification: RawMap = MapAttribute(null=True)  # {by, at, note, overridden}
    failure: RawMap = MapAttribute(null=True)
    created_by = UnicodeAttribute()
    finished_at = UnicodeAttribute(null=True)


class ReviewOfficialRecord(Record, discriminator="talent_review_official"):
    """One official of a round: the position held, the presentation, the panel's
    recommendation, and the decision the PPK ratified."""

    review_id = UnicodeAttribute()
    nip = UnicodeAttribute()
    wave = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    position_id = UnicodeAttribute()
    position_name = UnicodeAttribute()
    presentation: RawMap = MapAttribute(null=True)  # {capaian, work_plan, attachments, at}
    recommendation: RawMap = MapAttribute(null=True)  # {recommendation, position, reasons, by}
    decision: RawMap = MapAttribute(null=True)  # the ratified one: as recommendation, + how
    total = NumberAttribute(null=True)  # the panel's weighted score, set when the round ends
    tasks: RawMap = MapAttribute(default=dict)  # task kind -> the task open for it
    lapsed: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]


class ReviewScoreRecord(Record, discriminator="talent_review_score"):
    """One panel member's scores of one official, per criterion."""

    review_id = UnicodeAttribute()
    nip = UnicodeAttribute()
    member_nip = UnicodeAttribute()
    task_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="open")  # open | done | lapsed
    scores: RawMap = MapAttribute(null=True)  # criterion -> 1..100
    note = UnicodeAttribute(null=True)


class DevelopmentPlanRecord(Record, discriminator="development_plan"):
    """An employee's individual development plan of one year: the activities planned."""

    nip = UnicodeAttribute()
    year = IntegerAttribute()
    activities: MapList = ListAttribute(default=list)  # schemas.development.Activity, as stored
    set_by = UnicodeAttribute(null=True)


class DevelopmentRecord(Record, discriminator="development_record"):
    """One development activity done, with its evidence (the certificate's link)."""

    nip = UnicodeAttribute()
    year = IntegerAttribute()
    record_id = UnicodeAttribute()
    activity_kind = UnicodeAttribute()  # domain.development.ACTIVITY_KINDS
    title = UnicodeAttribute()
    digital = BooleanAttribute(default=False)  # builds digital competency
    hours = NumberAttribute()  # JP
    cost = NumberAttribute(null=True)  # rupiah
    provider = UnicodeAttribute(null=True)
    done_on = UnicodeAttribute()  # ISO date
    certificate_url = UnicodeAttribute(null=True)
    source = UnicodeAttribute(default="api")  # api | import | webhook:<source>
    rhk_id = UnicodeAttribute(null=True)  # the RHK of the year's SKP it was meant for
    use: RawMap = MapAttribute(null=True)  # the penilai's follow-up: {used, note, by, on}


class DevelopmentPolicyRecord(Record, discriminator="development_policy"):
    """A regency policy document on (digital) competency development: a Perbup, an SK, a
    circular; the first indicator of the ASN Achievement Award's competency development."""

    policy_id = UnicodeAttribute()
    title = UnicodeAttribute()
    number = UnicodeAttribute()
    issued_on = UnicodeAttribute()  # ISO date
    url = UnicodeAttribute(null=True)
    digital = BooleanAttribute(default=False)  # about digital competency
    set_by = UnicodeAttribute(null=True)


class EmployeeRecord(Record, discriminator="employee"):
    nip = UnicodeAttribute()
    name = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    asn_kind = UnicodeAttribute()  # pns | pppk
    position_kind = UnicodeAttribute()  # jpt | administrator | pengawas | pelaksana | fungsional
    position = UnicodeAttribute()
    jenjang = UnicodeAttribute(null=True)  # for jabatan fungsional
    tmt_jabatan = UnicodeAttribute(null=True)  # ISO date the current jabatan (jenjang) began
    riwayat_jabatan: MapList = ListAttribute(null=True)  # earlier jenjang: [{jenjang, tmt, until}]
    penilai_nip = UnicodeAttribute(null=True)
    potensi_scores: RawMap = MapAttribute(null=True)  # manajerial, sosial_kultural, teknis
    siasn_id = UnicodeAttribute(null=True)  # BKN SIASN's id of the person (pnsDinilaiId)
    golongan = UnicodeAttribute(null=True)  # "III/d" (PNS) or "IX" (PPPK): domain.siasn.golongan


class CycleRecord(Record, discriminator="cycle"):
    """One employee's evaluation year: where it stands and which execution drives it."""

    nip = UnicodeAttribute()
    year = IntegerAttribute()
    ref = UnicodeAttribute(null=True)  # opaque: names executions and schedules (keys.py)
    unit_id = UnicodeAttribute()
    penilai_nip = UnicodeAttribute(null=True)
    stage = UnicodeAttribute()
    period = IntegerAttribute(default=1)
    periods = IntegerAttribute()
    segment = IntegerAttribute(default=0)
    execution_arn = UnicodeAttribute(null=True)
    open_task = UnicodeAttribute(null=True)  # the human task the current segment waits on
    open_kind = UnicodeAttribute(null=True)  # its kind (counted per unit: store/counters.py)
    status = UnicodeAttribute(default="running")  # running | failed | done | closed
    failure: RawMap = MapAttribute(null=True)
    # why BKPSDM ended it before its end (functions/services/closing.py): {reason, note, by, at,
    # stage, period, execution_stopped, task_cancelled, months_cancelled}
    closure: RawMap = MapAttribute(null=True)
    predikat = UnicodeAttribute(null=True)
    history: MapList = ListAttribute(default=list)  # [{at, stage, period}] stage changes, kept
    # The workflow definition version its segments run on (None: the deployed default, 1), a
    # migration asked for (applied when the next segment is started or scheduled), and the
    # versions it ran on: [{version, from_segment, at, by}] (functions/services/workflow_runs.py).
    workflow_version = IntegerAttribute(null=True)
    pending_version = IntegerAttribute(null=True)
    workflow_versions: MapList = ListAttribute(default=list)

    # What the unit's counters counted of the cycle as read (None: not counted, a new record);
    # a cycle read in part (a projection: the export's keys) counts for nothing.
    _counted: tuple | None = None
    _partial = False

    def loaded(self) -> None:
        self._partial = self.year is None or self.unit_id is None or self.stage is None
        self._counted = None if self._partial else self.counted()

    def standing(self) -> str:
        """Where the cycle is counted on BKPSDM's overviews: its stage, or failed, or closed."""
        return self.status if self.status in ("failed", "closed") else self.stage

    def counted(self) -> tuple:
        """What the unit's counters count of it (functions/store/counters.py): its unit and
        year, standing, predikat (none once closed) and the kind of the task it waits on."""
        closed = self.status == "closed"
        predikat = None if closed else (self.predikat or "none")
        waiting = self.open_kind if self.open_task and self.status == "running" else None
        return (self.unit_id, int(self.year), self.standing(), predikat, waiting)


# What a unit's counters count (functions/store/counters.py): a cycle's standing (its stage, or
# failed, or closed), its predikat (none yet: "none"; not counted once closed) and the kind of the
# task it waits on. One numeric attribute each, so that an update adds to a counter of an item
# that may not exist yet (a nested map would have to exist first).
COUNTED = {
    "stages": (*CYCLE_STAGES, "failed", "closed"),
    "predikat": (*(p.value for p in Predikat), "none"),
    "open_tasks": TASK_KINDS,
}


class UnitSummaryRecord(Record, discriminator="unit_summary"):
    """Counters of a unit's cycles of a year (one of keys.UNIT_SUMMARY_SHARDS items), moved in
    the same transaction as each change of a cycle (functions/store/counters.py)."""

    unit_id = UnicodeAttribute(null=True)
    year = IntegerAttribute(null=True)
    rebuilt_at = UnicodeAttribute(null=True)
    for _group, _names in COUNTED.items():
        for _name in _names:
            vars()[f"{_group}__{_name}"] = NumberAttribute(null=True)
    del _group, _names, _name

    def counts(self) -> dict[str, dict[str, int]]:
        """{group: {name: count}} of the counters above zero."""
        found: dict[str, dict[str, int]] = {}
        for group, names in COUNTED.items():
            values = {n: int(getattr(self, f"{group}__{n}") or 0) for n in names}
            found[group] = {n: v for n, v in values.items() if v}
        return found

    def set_counts(self, counts: dict[str, int]) -> None:
        """Every counter to its value in ``counts`` ({attribute: n}; absent: none)."""
        for group, names in COUNTED.items():
            for name in names:
                attribute = f"{group}__{name}"
                setattr(self, attribute, counts.get(attribute) or None)


class SkpRecord(Record, discriminator="skp"):
    nip = UnicodeAttribute()
    year = IntegerAttribute()
    status = UnicodeAttribute()
    content: RawMap = MapAttribute(default=dict)
    returned_reason = UnicodeAttribute(null=True)
    history: MapList = ListAttribute(default=list)  # [{at, status, by, reason}]
    # A revised plan of the approved SKP waiting for the penilai: {content, reason, by, at,
    # penilai_nip} (functions/services/replan.py)
    proposal: RawMap = MapAttribute(null=True)
    # The content as last submitted: a resubmission's audit entry names what changed since
    submitted: RawMap = MapAttribute(null=True)
    # Submitted ahead of the superior's approved SKP (services/skp.cascade_basis): {superior,
    # superior_status, at, by}; its links are reconciled once that SKP is approved
    ahead: RawMap = MapAttribute(null=True)


class RealisasiRecord(Record, discriminator="realisasi"):
    period = IntegerAttribute()
    rhk_id = UnicodeAttribute()
    iki_id = UnicodeAttribute()
    value = NumberAttribute()
    bukti: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    note = UnicodeAttribute(null=True)
    reported_by = UnicodeAttribute()
    # "<source>:<reference>" -> the delivery that counted it: an e-office document counted
    # once however many webhook-ids it arrives under (functions/webhooks/actions.py)
    references: RawMap = MapAttribute(null=True)


class AssessmentRecord(Record, discriminator="assessment"):
    """A periodic or the annual assessment: monitor fills the capaian, the penilai the perilaku,
    assess the ratings."""

    period = IntegerAttribute()  # 0 for the annual assessment
    capaian: RawMap = MapAttribute(default=dict)  # iki_id -> percent
    judgements: RawMap = MapAttribute(default=dict)  # rhk_id -> rating
    # rhk_id -> {suggested, rating, feedback, by} (penilai)
    overrides: RawMap = MapAttribute(null=True)
    lagging_rhk: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    perilaku: RawMap = MapAttribute(null=True)  # value -> rating
    perilaku_overall = UnicodeAttribute(null=True)  # the penilai's overall rating of perilaku
    perilaku_suggested = UnicodeAttribute(null=True)  # the majority of the values, shown to them
    feedback = UnicodeAttribute(null=True)
    rating_hasil_kerja = UnicodeAttribute(null=True)
    rating_perilaku = UnicodeAttribute(null=True)
    predikat = UnicodeAttribute(null=True)


class CoachingRecord(Record, discriminator="coaching"):
    period = IntegerAttribute()
    coaching_kind = UnicodeAttribute()  # bimbingan | konseling
    held_on = UnicodeAttribute()
    by_nip = UnicodeAttribute()
    findings = UnicodeAttribute()
    actions: MapList = ListAttribute(default=list)  # [{action, due}]
    rhk_ids: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    task_id = UnicodeAttribute(null=True)  # the coaching task it completed: its id in the API
    # [{held_on, outcome, notes, actions_done, by}]
    follow_ups: MapList = ListAttribute(default=list)


class DecisionRecord(Record, discriminator="decision"):
    predikat = UnicodeAttribute()
    angka_kredit = UnicodeAttribute(null=True)  # Decimal as text
    ak_months = IntegerAttribute(null=True)  # the months of the year it counts
    box = IntegerAttribute(null=True)
    actions: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    flags: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    tukin_factor = UnicodeAttribute(null=True)


class FailureRecord(Record, discriminator="failure"):
    error = UnicodeAttribute()
    cause = UnicodeAttribute()
    execution = UnicodeAttribute(null=True)
    stage = UnicodeAttribute(null=True)


NO_TOKEN = "-"  # the token of a task no workflow waits on (a coaching follow-up)


class TaskRecord(Record, discriminator="task"):
    """A human step waiting on a Step Functions task token."""

    task_id = UnicodeAttribute()
    task_kind = UnicodeAttribute()
    assignee_nip = UnicodeAttribute(null=True)  # None: the tenant's BKPSDM admins
    subject_nip = UnicodeAttribute()
    year = IntegerAttribute()
    period = IntegerAttribute(default=0)
    due = UTCDateTimeAttribute()
    status = UnicodeAttribute()  # open | done | rejected | timed_out | cancelled (cycle closed)
    token = UnicodeAttribute()
    escalated_from = UnicodeAttribute(null=True)
    # 0 (None) the person, 1 one level up, 2 the tenant's BKPSDM admins (the last level: a
    # timeout there reopens the task for them with a new token and deadline, ``reopened`` times)
    level = IntegerAttribute(null=True)
    # who acts at level 0 by relationship (tasks.ASSIGNEES); None: the kind's default
    assignee = UnicodeAttribute(null=True)
    reopened = IntegerAttribute(null=True)
    reminded_at = UTCDateTimeAttribute(null=True)  # the reminder before the current deadline
    advice: RawMap = MapAttribute(null=True)  # a coaching task's: {coaching_kind, reason}
    coaching_id = UnicodeAttribute(null=True)  # a follow-up task's coaching and action
    action_index = IntegerAttribute(null=True)
    action = UnicodeAttribute(null=True)
    outcome: RawMap = MapAttribute(null=True)
    completed_by = UnicodeAttribute(null=True)
    completed_at = UTCDateTimeAttribute(null=True)
    review_id = UnicodeAttribute(null=True)  # a talent review round's task (no cycle)
    member_nip = UnicodeAttribute(null=True)  # a score task's panel member
    expires_at = IntegerAttribute(null=True)  # once finished (functions/store/retention.py)


class ApiKeyRecord(Record, discriminator="api_key"):
    prefix = UnicodeAttribute()
    tenant_id = UnicodeAttribute(null=True)  # None for platform operators
    role = UnicodeAttribute()
    nip = UnicodeAttribute(null=True)
    label = UnicodeAttribute()
    revoked = BooleanAttribute(default=False)
    created_at = UnicodeAttribute(null=True)  # clock time (ISO) the key was issued
    revoked_at = UnicodeAttribute(null=True)
    revoked_by = UnicodeAttribute(null=True)


class UnitResultRecord(Record, discriminator="unit_result"):
    """A unit's organisation predikat of one year (SE MenPANRB 3/2023), set by BKPSDM."""

    unit_id = UnicodeAttribute()
    year = IntegerAttribute()
    org_predikat = UnicodeAttribute()
    set_by = UnicodeAttribute()


class RevisionRecord(Record, discriminator="revision"):
    """A change of a cycle's annual result after assessment: a distribution correction by the
    penilai or the outcome of a keberatan. Append-only: the history of the result."""

    revision_kind = UnicodeAttribute()  # distribution | keberatan
    at = UnicodeAttribute()
    by = UnicodeAttribute()  # who: role and NIP or key prefix
    reason = UnicodeAttribute()
    before: RawMap = MapAttribute()  # {rating_hasil_kerja, rating_perilaku, predikat}
    after: RawMap = MapAttribute()


class KeberatanRecord(Record, discriminator="keberatan"):
    """An employee's objection to their annual result, decided by the penilai's superior."""

    filed_on = UnicodeAttribute()
    reason = UnicodeAttribute()
    requested: RawMap = MapAttribute(null=True)  # the ratings the employee asks for
    status = UnicodeAttribute(default="filed")  # filed | accepted | rejected
    decider_nip = UnicodeAttribute(null=True)
    decided_on = UnicodeAttribute(null=True)
    decision_reason = UnicodeAttribute(null=True)


class AuditRecord(Record, discriminator="audit"):
    """One change: who, when, which item, before and after. Written once, never updated."""

    at = UnicodeAttribute()
    actor = UnicodeAttribute()  # role:nip, role:key-prefix, or system:<step>
    action = UnicodeAttribute()  # e.g. employee.update, skp.approve, webhook.replay
    item = UnicodeAttribute()  # what changed, e.g. employee/1985..., unit/dinkes
    subject_nip = UnicodeAttribute(null=True)  # the person the change is about, if any
    before: RawMap = MapAttribute(null=True)
    after: RawMap = MapAttribute(null=True)


class ImportJobRecord(Record, discriminator="import_job"):
    """One bulk import (docs/import.md): what was sent, how far writing got, what it changed.
    ``written`` moves in the same transaction as each batch of rows, so it is exact."""

    job_id = UnicodeAttribute()
    import_kind = UnicodeAttribute()  # employees | units | competencies | positions | development
    file_format = UnicodeAttribute()  # csv | xlsx
    sha256 = UnicodeAttribute()  # of the file: a re-run of the same file is recognisable
    status = UnicodeAttribute()  # validating | rejected | refused | writing | interrupted | done
    started_by = UnicodeAttribute()
    started_at = UnicodeAttribute()
    finished_at = UnicodeAttribute(null=True)
    rows = IntegerAttribute(default=0)
    validated = IntegerAttribute(default=0)
    to_write = IntegerAttribute(default=0)  # rows to create or update
    written = IntegerAttribute(default=0)
    counts: RawMap = MapAttribute(default=dict)  # created, updated, unchanged, rejected
    report_parts = IntegerAttribute(default=0)
    resumed_by = UnicodeAttribute(null=True)


class CycleJobRecord(Record, discriminator="cycle_job"):
    """A job over many cycles (functions/services/jobs.py): starting a year's cycles, or moving
    them to a workflow version. What it is asked and how it was split; its progress is the sum of
    its batches (:class:`CycleJobBatchRecord`), each written by the one worker that ran it."""

    job_id = UnicodeAttribute()
    operation = UnicodeAttribute()  # start | migrate
    year = IntegerAttribute()
    params: RawMap = MapAttribute(default=dict)  # nips or filter, to_version, dry_run
    started_by = UnicodeAttribute()
    started_at = UnicodeAttribute()
    planned_at = UnicodeAttribute(null=True)  # the batches are written (None: not yet)
    total = IntegerAttribute(default=0)
    batches = IntegerAttribute(default=0)
    resumed: MapList = ListAttribute(default=list)  # [{at, by, batches}]


class CycleJobBatchRecord(Record, discriminator="cycle_job_batch"):
    """One batch of a job: its NIPs and, once run, the outcome of each."""

    index = IntegerAttribute()
    nips: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    status = UnicodeAttribute(default="pending")  # pending | done
    runs = IntegerAttribute(default=0)
    finished_at = UnicodeAttribute(null=True)
    outcomes: RawMap = MapAttribute(default=dict)  # nip -> {outcome, reason, change}


class ImportLockRecord(Record, discriminator="import_lock"):
    """A tenant's import lock: the job holding it, until when (a holder that died lets go)."""

    job_id = UnicodeAttribute()
    until = UTCDateTimeAttribute()


class ImportReportRecord(Record, discriminator="import_report"):
    """One part of an import's error report (the file's rows with an ``error`` column)."""

    part = IntegerAttribute()
    data = BinaryAttribute(legacy_encoding=False)


class WebhookSecretRecord(Record, discriminator="webhook_secret"):
    """A ``whsec_`` signing secret of one e-office source; several may be active (rotation).
    HMAC needs the secret itself: it is stored encrypted with a KMS data key of its own
    (``sealed_secret``, functions/engine/envelope.py); ``secret`` is the plain form of items
    written before that, read as they are."""

    source = UnicodeAttribute()
    secret_id = UnicodeAttribute()
    secret = UnicodeAttribute(null=True)
    sealed_secret = UnicodeAttribute(null=True)
    label = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    revoked_at = UnicodeAttribute(null=True)


class WebhookMappingRecord(Record, discriminator="webhook_mapping"):
    """A source's event types → workflow actions, with JMESPath field paths."""

    source = UnicodeAttribute()
    mapping: RawMap = MapAttribute(default=dict)
    saved_by = UnicodeAttribute()


class WebhookDeliveryRecord(Record, discriminator="webhook_delivery"):
    """One received webhook (its ``webhook-id``), stored before it is acknowledged."""

    delivery_id = UnicodeAttribute()
    source = UnicodeAttribute()
    fingerprint = UnicodeAttribute()  # sha256 of source and body: a reused id is refused
    body = UnicodeAttribute()  # the exact signed body
    event_type = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # received | applying | applied | dead
    reason = UnicodeAttribute(null=True)
    received_at = UnicodeAttribute()
    attempts = IntegerAttribute(default=0)
    result: RawMap = MapAttribute(null=True)
    history: MapList = ListAttribute(default=list)  # [{at, status, reason}]
    expires_at = IntegerAttribute(null=True)  # once applied or dead (store/retention.py)


class OutboundSubscriptionRecord(Record, discriminator="webhook_outbound"):
    """An e-office endpoint notified (signed with its ``whsec_`` secret) of some event types."""

    subscription_id = UnicodeAttribute()
    url = UnicodeAttribute()
    event_types: ListAttribute[str] = ListAttribute(of=UnicodeAttribute)  # type: ignore[arg-type]
    secret = UnicodeAttribute(null=True)  # plain: items written before sealed_secret
    sealed_secret = UnicodeAttribute(null=True)  # KMS envelope (functions/engine/envelope.py)
    label = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()


class OutboundNotificationRecord(Record, discriminator="webhook_notification"):
    """One event sent (or being sent) to one subscription: stored before it is sent."""

    subscription_id = UnicodeAttribute()
    message_id = UnicodeAttribute()  # webhook-id: the same on every attempt
    event_type = UnicodeAttribute()
    body = UnicodeAttribute()  # the exact signed JSON
    url = UnicodeAttribute()
    status = UnicodeAttribute()  # pending | sent | failed
    reason = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    attempts: MapList = ListAttribute(default=list)  # [{at, status_code, error}]
    # [{at, by}]: each grants another round of attempts
    resends: MapList = ListAttribute(default=list)
    expires_at = IntegerAttribute(null=True)  # once sent or failed (store/retention.py)


class FeedbackRecord(Record, discriminator="feedback"):
    """Feedback on an employee's behaviour: from the superior, peers and subordinates in the
    API, or from the public served through an e-office form (where the tenant enables it)."""

    nip = UnicodeAttribute()
    year = IntegerAttribute()
    received_on = UnicodeAttribute()
    text = UnicodeAttribute()
    aspect = UnicodeAttribute(null=True)  # a BerAKHLAK value, when the form names one
    rating = UnicodeAttribute(null=True)
    source = UnicodeAttribute()
    reference = UnicodeAttribute(null=True)  # the form's or document's id at the source
    relation = UnicodeAttribute(default="publik")  # atasan | rekan | bawahan | publik
    given_by = UnicodeAttribute(null=True)  # the colleague's NIP; None for the public


class WorkflowDraftRecord(Record, discriminator="workflow_draft"):
    """A tenant admin's definition being edited; the version attribute is its ETag."""

    draft_id = UnicodeAttribute()
    name = UnicodeAttribute()
    note = UnicodeAttribute(null=True)
    definition = UnicodeAttribute()  # the ASL as JSON text
    base_version = IntegerAttribute(null=True)  # the published version it was copied from
    created_by = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    # the settings it carries ({policy: {frequency, max_skp_returns}, task_days}; services/
    # settings.carried): published with it; absent ones are the tenant's
    settings: RawMap = MapAttribute(null=True)


class WorkflowSimulationRecord(Record, discriminator="workflow_simulation"):
    """A dry run of a draft (functions/services/simulations.py): asked for, then its report."""

    simulation_id = UnicodeAttribute()
    draft_id = UnicodeAttribute()
    number = IntegerAttribute()  # the draft's n-th dry run
    definition_hash = UnicodeAttribute()  # the draft's definition it ran on
    request: RawMap = MapAttribute(default=dict)  # {employees | sample, policy, year}
    status = UnicodeAttribute()  # pending | done | failed
    requested_by = UnicodeAttribute()
    requested_at = UnicodeAttribute()  # clock time (ISO)
    finished_at = UnicodeAttribute(null=True)
    report = UnicodeAttribute(null=True)  # the report as JSON text
    error = UnicodeAttribute(null=True)


class WorkflowVersionRecord(Record, discriminator="workflow_version"):
    """A published definition: immutable (saved once, on the condition it does not exist)."""

    number = IntegerAttribute()
    content_hash = UnicodeAttribute()  # sha256 of the canonical JSON
    definition = UnicodeAttribute()
    author = UnicodeAttribute()
    note = UnicodeAttribute()
    created_at = UnicodeAttribute()
    source = UnicodeAttribute(null=True)  # draft id, "default", or "rollback"
    state_machine = UnicodeAttribute()  # the ARN executions of this version start on
    stages: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]  # stored stages it resumes
    # the workflow settings in force when it was published (settings.workflow_part), restored
    # with it by a rollback; None: published before versions recorded them
    settings: RawMap = MapAttribute(null=True)


class WorkflowAliasRecord(Record, discriminator="workflow_alias"):
    """The version a tenant's new cycles start on, and every move of it."""

    current = IntegerAttribute()
    latest = IntegerAttribute()  # the highest version published (numbers are never reused)
    history: MapList = ListAttribute(default=list)  # [{at, version, by, action, note}]


def plain(value):
    """A stored raw map or list as plain Python (MapAttribute → dict, recursively)."""
    if isinstance(value, MapAttribute):
        value = value.as_dict()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def as_dict(record: Record) -> dict:
    """A record's attributes as plain Python, for responses."""
    return {name: plain(getattr(record, name)) for name in record.get_attributes()}


def storable(value):
    """A validated payload as a raw map can store it (dates as ISO text)."""
    if isinstance(value, dict):
        return {k: storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
