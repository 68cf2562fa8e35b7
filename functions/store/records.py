"""PynamoDB records: how each fact is stored in the one table.

Every record shares the key attributes and a discriminator (``kind``), so one query over a cycle's
partition returns typed records. Nested documents (SKP content, ratings) are raw maps validated by
the marshmallow schemas at the edge; here they are only stored.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class ByGsi1(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Record(Model):
    """The shared shape. Table name and endpoint come from the environment, read lazily by
    PynamoDB at the first request (nothing talks to AWS at import time)."""

    class Meta:
        table_name = os.environ.get("KINERJA_TABLE", "kinerja")
        region = os.environ.get(
            "AWS_REGION", os.environ.get("AWS_DEFAULT_REGION", "ap-southeast-3")
        )

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    kind = DiscriminatorAttribute()
    version = VersionAttribute()
    updated_at = UTCDateTimeAttribute(default=utcnow)
    by_gsi1 = ByGsi1()


class TenantRecord(Record, discriminator="tenant"):
    tenant_id = UnicodeAttribute()
    name = UnicodeAttribute()
    region_code = UnicodeAttribute()
    enabled = BooleanAttribute(default=True)
    settings = MapAttribute(default=dict)  # the domain Policy, as Policy.to_dict()


class UnitRecord(Record, discriminator="unit"):
    unit_id = UnicodeAttribute()
    name = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    head_nip = UnicodeAttribute(null=True)


class EmployeeRecord(Record, discriminator="employee"):
    nip = UnicodeAttribute()
    name = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    asn_kind = UnicodeAttribute()  # pns | pppk
    position_kind = UnicodeAttribute()  # jpt | administrator | pengawas | pelaksana | fungsional
    position = UnicodeAttribute()
    jenjang = UnicodeAttribute(null=True)  # for jabatan fungsional
    penilai_nip = UnicodeAttribute(null=True)
    potensi_scores = MapAttribute(null=True)  # manajerial, sosial_kultural, teknis
    siasn_id = UnicodeAttribute(null=True)  # BKN SIASN's id of the person (pnsDinilaiId)


class CycleRecord(Record, discriminator="cycle"):
    """One employee's evaluation year: where it stands and which execution drives it."""

    nip = UnicodeAttribute()
    year = NumberAttribute()
    unit_id = UnicodeAttribute()
    penilai_nip = UnicodeAttribute(null=True)
    stage = UnicodeAttribute()
    period = NumberAttribute(default=1)
    periods = NumberAttribute()
    segment = NumberAttribute(default=0)
    execution_arn = UnicodeAttribute(null=True)
    open_task = UnicodeAttribute(null=True)  # the human task the current segment waits on
    status = UnicodeAttribute(default="running")  # running | failed | done
    failure = MapAttribute(null=True)
    predikat = UnicodeAttribute(null=True)
    history = ListAttribute(default=list)  # [{at, stage, period}] stage changes, kept


class SkpRecord(Record, discriminator="skp"):
    nip = UnicodeAttribute()
    year = NumberAttribute()
    status = UnicodeAttribute()
    content = MapAttribute(default=dict)
    returned_reason = UnicodeAttribute(null=True)
    history = ListAttribute(default=list)  # [{at, status, by, reason}]


class RealisasiRecord(Record, discriminator="realisasi"):
    period = NumberAttribute()
    rhk_id = UnicodeAttribute()
    iki_id = UnicodeAttribute()
    value = NumberAttribute()
    bukti = ListAttribute(of=UnicodeAttribute, default=list)
    note = UnicodeAttribute(null=True)
    reported_by = UnicodeAttribute()


class AssessmentRecord(Record, discriminator="assessment"):
    """A periodic or the annual assessment: monitor fills the capaian, the penilai the perilaku,
    assess the ratings."""

    period = NumberAttribute()  # 0 for the annual assessment
    capaian = MapAttribute(default=dict)  # iki_id -> percent
    judgements = MapAttribute(default=dict)  # rhk_id -> rating
    overrides = MapAttribute(null=True)  # rhk_id -> {suggested, rating, feedback, by} (penilai)
    lagging_rhk = ListAttribute(of=UnicodeAttribute, default=list)
    perilaku = MapAttribute(null=True)  # value -> rating
    feedback = UnicodeAttribute(null=True)
    rating_hasil_kerja = UnicodeAttribute(null=True)
    rating_perilaku = UnicodeAttribute(null=True)
    predikat = UnicodeAttribute(null=True)


class CoachingRecord(Record, discriminator="coaching"):
    period = NumberAttribute()
    coaching_kind = UnicodeAttribute()  # bimbingan | konseling
    held_on = UnicodeAttribute()
    by_nip = UnicodeAttribute()
    findings = UnicodeAttribute()
    actions = ListAttribute(default=list)  # [{action, due}]
    rhk_ids = ListAttribute(of=UnicodeAttribute, default=list)
    task_id = UnicodeAttribute(null=True)  # the coaching task it completed: its id in the API
    follow_ups = ListAttribute(default=list)  # [{held_on, outcome, notes, actions_done, by}]


class DecisionRecord(Record, discriminator="decision"):
    predikat = UnicodeAttribute()
    angka_kredit = UnicodeAttribute(null=True)  # Decimal as text
    box = NumberAttribute(null=True)
    actions = ListAttribute(of=UnicodeAttribute, default=list)
    flags = ListAttribute(of=UnicodeAttribute, default=list)
    tukin_factor = UnicodeAttribute(null=True)


class FailureRecord(Record, discriminator="failure"):
    error = UnicodeAttribute()
    cause = UnicodeAttribute()
    execution = UnicodeAttribute(null=True)
    stage = UnicodeAttribute(null=True)


class TaskRecord(Record, discriminator="task"):
    """A human step waiting on a Step Functions task token."""

    task_id = UnicodeAttribute()
    task_kind = UnicodeAttribute()
    assignee_nip = UnicodeAttribute(null=True)  # None: the tenant's BKPSDM admins
    subject_nip = UnicodeAttribute()
    year = NumberAttribute()
    period = NumberAttribute(default=0)
    due = UTCDateTimeAttribute()
    status = UnicodeAttribute()  # open | done | rejected | timed_out
    token = UnicodeAttribute()
    escalated_from = UnicodeAttribute(null=True)
    outcome = MapAttribute(null=True)
    completed_by = UnicodeAttribute(null=True)
    completed_at = UTCDateTimeAttribute(null=True)


class ApiKeyRecord(Record, discriminator="api_key"):
    prefix = UnicodeAttribute()
    tenant_id = UnicodeAttribute(null=True)  # None for platform operators
    role = UnicodeAttribute()
    nip = UnicodeAttribute(null=True)
    label = UnicodeAttribute()
    revoked = BooleanAttribute(default=False)


class UnitResultRecord(Record, discriminator="unit_result"):
    """A unit's organisation predikat of one year (SE MenPANRB 3/2023), set by BKPSDM."""

    unit_id = UnicodeAttribute()
    year = NumberAttribute()
    org_predikat = UnicodeAttribute()
    set_by = UnicodeAttribute()


class RevisionRecord(Record, discriminator="revision"):
    """A change of a cycle's annual result after assessment: a distribution correction by the
    penilai or the outcome of a keberatan. Append-only: the history of the result."""

    revision_kind = UnicodeAttribute()  # distribution | keberatan
    at = UnicodeAttribute()
    by = UnicodeAttribute()  # who: role and NIP or key prefix
    reason = UnicodeAttribute()
    before = MapAttribute()  # {rating_hasil_kerja, rating_perilaku, predikat}
    after = MapAttribute()


class KeberatanRecord(Record, discriminator="keberatan"):
    """An employee's objection to their annual result, decided by the penilai's superior."""

    filed_on = UnicodeAttribute()
    reason = UnicodeAttribute()
    requested = MapAttribute(null=True)  # the ratings the employee asks for
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
    before = MapAttribute(null=True)
    after = MapAttribute(null=True)


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
