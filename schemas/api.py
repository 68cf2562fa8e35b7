"""Bodies of the HTTP API. Unknown fields are refused (marshmallow's default), so a typo in a
field name is an error that names the field, not a silent no-op."""

from datetime import UTC

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from functions.domain import BERAKHLAK
from functions.domain.stages import CYCLE_STAGES, FOLLOW_UP_KIND, TASK_KINDS
from schemas.fields import YEAR, nip, rating
from schemas.outcomes import CoachingFollowUpIn

ID = validate.Regexp(r"^[A-Za-z0-9_.-]{1,40}$", error="1-40 letters, digits, _ . -")
ASPEK = ("kuantitas", "kualitas", "waktu", "biaya")
LAMPIRAN = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")


class TargetSchema(Schema):
    value = fields.Float(required=True, validate=validate.Range(min=0))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=40))
    lower_is_better = fields.Boolean(load_default=False)
    qualitative = fields.String(load_default=None, allow_none=True)


class IkiSchema(Schema):
    id = fields.String(required=True, validate=ID)
    indikator = fields.String(required=True, validate=validate.Length(min=3, max=500))
    aspek = fields.String(required=True, validate=validate.OneOf(ASPEK))
    target = fields.Nested(TargetSchema, required=True)
    perspektif = fields.String(load_default=None, allow_none=True)


class RhkSchema(Schema):
    id = fields.String(required=True, validate=ID)
    text = fields.String(required=True, validate=validate.Length(min=3, max=1000))
    utama = fields.Boolean(required=True)
    rhk_atasan_id = fields.String(load_default=None, allow_none=True, validate=ID)
    weight = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 100))
    iki = fields.List(fields.Nested(IkiSchema), required=True, validate=validate.Length(min=1))


class SkpContentSchema(Schema):
    approach = fields.String(
        load_default="kuantitatif", validate=validate.OneOf(("kuantitatif", "kualitatif"))
    )
    rhk = fields.List(fields.Nested(RhkSchema), required=True, validate=validate.Length(min=1))
    perilaku_ekspektasi = fields.Dict(
        keys=fields.String(validate=validate.OneOf(BERAKHLAK)),
        values=fields.String(validate=validate.Length(max=1000)),
        load_default=dict,
    )
    lampiran = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LAMPIRAN)),
        values=fields.List(fields.String()),
        load_default=dict,
    )


class SkpOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    status = fields.String()
    returned_reason = fields.String(allow_none=True)
    content = fields.Dict()
    history = fields.List(fields.Dict())


PERIOD = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=12))


class RealisasiItemIn(Schema):
    iki_id = fields.String(required=True, validate=ID)
    value = fields.Float(required=True, validate=validate.Range(min=0))
    bukti = fields.List(fields.Url(), load_default=list, validate=validate.Length(max=20))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class RealisasiIn(RealisasiItemIn):
    period = PERIOD


class RealisasiBatchIn(Schema):
    """A period's realisations at once (the employee's period form): all are written or none."""

    period = PERIOD
    items = fields.List(
        fields.Nested(RealisasiItemIn), required=True, validate=validate.Length(min=1, max=50)
    )

    @validates_schema
    def distinct_iki(self, data, **kwargs):
        ids = [item["iki_id"] for item in data.get("items", [])]
        if len(ids) != len(set(ids)):
            raise ValidationError("an IKI may appear once", "items")


class RealisasiOut(RealisasiIn):
    rhk_id = fields.String()
    reported_by = fields.String()


class ReviewIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(("approve", "return")))
    reason = fields.String(load_default=None, validate=validate.Length(min=3, max=2000))

    @validates_schema
    def reason_when_returned(self, data, **kwargs):
        if data["decision"] == "return" and not data.get("reason"):
            raise ValidationError("a returned SKP needs the reason", "reason")


class JudgementOverrideIn(Schema):
    """The penilai's own judgement of an RHK in place of the monitoring's suggestion."""

    rating = rating(required=True)
    feedback = fields.String(
        required=True,
        validate=validate.Length(
            min=10, max=4000, error="explain the judgement in 10 to 4000 characters"
        ),
    )


class PerilakuIn(Schema):
    perilaku = fields.Dict(
        keys=fields.String(validate=validate.OneOf(BERAKHLAK)), values=rating(), required=True
    )
    feedback = fields.String(load_default=None, validate=validate.Length(max=4000))
    judgements = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=64)),
        values=fields.Nested(JudgementOverrideIn),
        load_default=dict,
        metadata={"description": "RHK id → the penilai's judgement, overriding the suggested one"},
    )

    @validates_schema
    def all_values_rated(self, data, **kwargs):
        if missing := [v for v in BERAKHLAK if v not in data.get("perilaku", {})]:
            raise ValidationError(f"rate every BerAKHLAK value; missing: {missing}", "perilaku")


class ActionSchema(Schema):
    action = fields.String(required=True, validate=validate.Length(min=3, max=1000))
    due = fields.Date(required=True)


class CoachingIn(Schema):
    coaching_kind = fields.String(
        load_default=None,
        validate=validate.OneOf(("bimbingan", "konseling")),
        metadata={"description": "default: the task's advice"},
    )
    held_on = fields.Date(required=True)
    findings = fields.String(required=True, validate=validate.Length(min=3, max=4000))
    actions = fields.List(fields.Nested(ActionSchema), load_default=list)


class EmptyIn(Schema):
    """Tasks completed by their own endpoint (an SKP is submitted with /skp/submit)."""


# The body of POST /tasks/{id}/complete, by the kind of task.
COMPLETIONS: dict[str, type[Schema]] = {
    "draft_skp": EmptyIn,
    "approve_skp": ReviewIn,
    "coaching": CoachingIn,
    "rate_perilaku": PerilakuIn,
    "rate_annual": PerilakuIn,
    FOLLOW_UP_KIND: CoachingFollowUpIn,
}


class CompletionIn(Schema):
    """Documented union of the completion bodies; the task's kind picks the schema applied."""

    class Meta:
        unknown = "include"


class RejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class TaskOut(Schema):
    task_id = fields.String()
    task_kind = fields.String()
    title = fields.String()
    assignee_nip = fields.String(allow_none=True)
    subject_nip = fields.String()
    year = fields.Integer()
    period = fields.Integer()
    due = fields.DateTime()
    status = fields.String()
    escalated_from = fields.String(allow_none=True)
    level = fields.Integer(
        metadata={"description": "who acts: 0 the person, 1 one level up, 2 BKPSDM admins"}
    )
    reopened = fields.Integer(
        metadata={"description": "times BKPSDM's deadline passed and the task was reopened"}
    )
    reminded_at = fields.DateTime(
        allow_none=True, metadata={"description": "the reminder before the current deadline"}
    )
    advice = fields.Dict(
        allow_none=True,
        metadata={"description": "a coaching task's: {coaching_kind, reason} (konseling advised)"},
    )
    coaching_id = fields.String(allow_none=True, metadata={"description": "a follow-up task's"})
    action = fields.String(allow_none=True, metadata={"description": "the action to follow up"})
    employee_name = fields.String(allow_none=True, metadata={"description": "of subject_nip"})
    unit_id = fields.String(allow_none=True, metadata={"description": "the employee's unit"})
    unit_name = fields.String(allow_none=True)
    capaian = fields.Dict(
        keys=fields.String(),
        allow_none=True,
        metadata={"description": "the period's capaian, IKI id -> percent (None: not measured)"},
    )
    overdue = fields.Boolean(
        metadata={"description": "open past a deadline: its own, or one it was escalated past"}
    )
    outcome = fields.Dict(allow_none=True)
    completed_by = fields.String(allow_none=True)


class BatchCompletionItemIn(Schema):
    task_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    body = fields.Dict(
        load_default=dict, metadata={"description": "the completion body of the task's kind"}
    )


class BatchCompletionIn(Schema):
    """Several tasks at once (a penilai approving a team's SKPs): each is completed on its own,
    in the order given; one refused does not stop the others."""

    items = fields.List(
        fields.Nested(BatchCompletionItemIn),
        required=True,
        validate=validate.Length(min=1, max=50),
    )

    @validates_schema
    def distinct_tasks(self, data, **kwargs):
        ids = [item["task_id"] for item in data.get("items", [])]
        if len(ids) != len(set(ids)):
            raise ValidationError("a task may appear once", "items")


class BatchCompletionOut(Schema):
    task_id = fields.String()
    completed = fields.Boolean()
    task = fields.Nested(TaskOut, allow_none=True)
    error = fields.Dict(
        allow_none=True, metadata={"description": "{code, message, details}, as a single call's"}
    )


class TaskQuery(Schema):
    status = fields.String(
        load_default="open", validate=validate.OneOf(("open", "done", "rejected", "timed_out"))
    )
    assignee = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^(\d{18}|bkpsdm)$", error="an 18-digit NIP or bkpsdm"),
        metadata={"description": "a person's NIP, or bkpsdm: the tasks waiting on BKPSDM admins"},
    )
    unit = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    kind = fields.String(load_default=None, validate=validate.OneOf((*TASK_KINDS, FOLLOW_UP_KIND)))
    overdue = fields.Boolean(
        load_default=None,
        metadata={"description": "open past a deadline: its own, or one it was escalated past"},
    )
    year = fields.Integer(
        load_default=None,
        validate=YEAR,
        metadata={"description": "the regency's list (admins without assignee): the cycles' "
                  "year, by default the current one"},
    )  # fmt: skip
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    cursor = fields.String(load_default=None, validate=validate.Length(max=2000))


class RepairIn(Schema):
    action = fields.String(
        required=True, validate=validate.OneOf(("resume", "reopen_task", "set_stage"))
    )
    stage = fields.String(load_default=None, validate=validate.OneOf(CYCLE_STAGES))
    period = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1, max=12))
    reason = fields.String(load_default=None, validate=validate.Length(min=3, max=2000))


class DiagnosisOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    stage = fields.String()
    period = fields.Integer()
    status = fields.String()
    execution_status = fields.String(allow_none=True)
    execution_arn = fields.String(metadata={"description": "the segment a repair started"})
    failure_reason = fields.String(allow_none=True)
    facts = fields.Dict(metadata={"description": "SKP status, periods measured and assessed, …"})
    open_task = fields.Dict(allow_none=True)
    stuck = fields.Boolean()
    problems = fields.List(fields.String())
    actions = fields.List(fields.Dict(), metadata={"description": "repairs that fit"})


class StartCyclesIn(Schema):
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    nips = fields.List(nip(), load_default=None)


class StartedOut(Schema):
    nip = fields.String()
    execution_arn = fields.String(allow_none=True)
    skipped = fields.String(allow_none=True)


class YearQuery(Schema):
    year = fields.Integer(required=True, validate=YEAR)


class ClockIn(Schema):
    to = fields.AwareDateTime(required=True, default_timezone=UTC)


class ClockOut(Schema):
    now = fields.DateTime()
    fired = fields.List(fields.Dict())  # the segments started: schedule, at, execution_arn
    timed_out = fields.List(fields.Dict())  # the tasks timed out: tenant_id, task_id, due


class CycleListOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    unit_id = fields.String()
    penilai_nip = fields.String(allow_none=True)
    stage = fields.String()
    period = fields.Integer()
    periods = fields.Integer()
    status = fields.String()
    predikat = fields.String(allow_none=True)
