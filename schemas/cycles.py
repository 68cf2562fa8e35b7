"""Bodies of the evaluation cycles: starting a year's, and reading them."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from functions.domain.stages import CLOSE_NEEDS_NOTE, CLOSE_REASONS, CYCLE_STAGES
from schemas.coaching import ActionShown, FollowUpShown
from schemas.fields import YEAR, nip


class YearQuery(Schema):
    year = fields.Integer(required=True, validate=YEAR)


class StartCyclesIn(Schema):
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    nips = fields.List(nip(), load_default=None)


class StartedOut(Schema):
    nip = fields.String()
    execution_arn = fields.String(allow_none=True)
    skipped = fields.String(allow_none=True)


class CloseFilter(Schema):
    """Which of the year's unfinished cycles to close; ``all`` alone: every one."""

    all = fields.Boolean(load_default=False)
    unit_id = fields.String(load_default=None, metadata={"description": "and the units below"})
    stage = fields.String(load_default=None, validate=validate.OneOf(CYCLE_STAGES[:-1]))

    @validates_schema
    def _names_something(self, data, **kwargs):
        if not (data["unit_id"] or data["stage"] or data["all"]):
            raise ValidationError("name unit_id or stage, or all: true", "all")


class CloseCyclesIn(Schema):
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    nips = fields.List(nip(), load_default=None, validate=validate.Length(min=1, max=1000))
    filter = fields.Nested(CloseFilter, load_default=None)
    reason = fields.String(
        required=True,
        validate=validate.OneOf(CLOSE_REASONS),
        metadata={"description": f"why; {CLOSE_NEEDS_NOTE} says it in the note"},
    )
    note = fields.String(load_default=None, validate=validate.Length(min=3, max=500))

    @validates_schema
    def _one_choice_and_a_note(self, data, **kwargs):
        if (data["nips"] is None) == (data["filter"] is None):
            raise ValidationError("give either nips or filter", "nips")
        if data["reason"] == CLOSE_NEEDS_NOTE and not data["note"]:
            raise ValidationError("required when the reason is lainnya", "note")


class ClosedOut(Schema):
    nip = fields.String()
    outcome = fields.String(
        metadata={"description": "done (closed, or already), skipped, or failed (close again)"}
    )
    reason = fields.String(allow_none=True, metadata={"description": "why skipped or failed"})


class CycleListOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    unit_id = fields.String()
    penilai_nip = fields.String(allow_none=True)
    stage = fields.String()
    period = fields.Integer()
    periods = fields.Integer()
    status = fields.String(metadata={"description": "running, failed, done or closed"})
    predikat = fields.String(allow_none=True)


class ResumedOut(Schema):
    execution_arn = fields.String()


class AssessmentShown(Schema):
    period = fields.Raw(metadata={"description": 'the period (1-12), or "annual"'})
    capaian = fields.Dict(metadata={"description": "IKI id → percent"})
    judgements = fields.Dict(metadata={"description": "RHK id → rating"})
    overrides = fields.Dict(allow_none=True, metadata={"description": "RHK id → the penilai's"})
    lagging_rhk = fields.List(fields.String())
    rating_hasil_kerja = fields.String(allow_none=True)
    rating_perilaku = fields.String(allow_none=True)
    perilaku_overall = fields.String(
        allow_none=True, metadata={"description": "the penilai's overall rating of perilaku"}
    )
    perilaku_suggested = fields.String(
        allow_none=True, metadata={"description": "the majority of the seven values' ratings"}
    )
    predikat = fields.String(allow_none=True)


class CoachingShown(Schema):
    id = fields.String(allow_none=True, metadata={"description": "the coaching task's id"})
    period = fields.Integer()
    kind = fields.String(metadata={"description": "bimbingan or konseling"})
    held_on = fields.String()
    rhk = fields.List(fields.String())
    findings = fields.String()
    actions = fields.List(fields.Nested(ActionShown))
    follow_ups = fields.List(fields.Nested(FollowUpShown))


class DecisionShown(Schema):
    predikat = fields.String()
    angka_kredit = fields.String(allow_none=True, metadata={"description": "a decimal, as text"})
    ak_months = fields.Integer(
        allow_none=True, metadata={"description": "the months of the year the angka kredit counts"}
    )
    box = fields.Integer(allow_none=True, metadata={"description": "the talent 9-box"})
    actions = fields.List(fields.String())
    flags = fields.List(fields.String())
    tukin_factor = fields.String(allow_none=True, metadata={"description": "a decimal, as text"})


class FailureShown(Schema):
    """A failed segment of the cycle, as recorded."""

    error = fields.String()
    cause = fields.String()
    execution = fields.String(allow_none=True)


class CycleFailureShown(FailureShown):
    state = fields.String(allow_none=True, metadata={"description": "the stage it failed in"})


class CycleOut(CycleListOut):
    """Everything of one cycle: stage, SKP status, assessments, coaching, decision, failures."""

    segment = fields.Integer()
    open_task = fields.String(allow_none=True)
    failure = fields.Dict(allow_none=True)
    closure = fields.Dict(
        allow_none=True,
        metadata={"description": "a closed cycle's: reason, note, by, at, stage, period"},
    )
    skp_status = fields.String(allow_none=True)
    assessments = fields.List(fields.Nested(AssessmentShown))
    coaching = fields.List(fields.Nested(CoachingShown))
    decision = fields.Nested(DecisionShown, allow_none=True)
    failures = fields.List(fields.Nested(CycleFailureShown))
    history = fields.List(fields.Dict(), metadata={"description": "[{at, stage, period}]"})


class UnitSummaryOut(Schema):
    unit_id = fields.String()
    name = fields.String()
    predikat = fields.Dict(keys=fields.String(), values=fields.Integer())


class YearSummaryOut(Schema):
    year = fields.Integer()
    cycles = fields.Integer()
    stages = fields.Dict(keys=fields.String(), values=fields.Integer())
    units = fields.List(fields.Nested(UnitSummaryOut))
    open_tasks = fields.Dict(keys=fields.String(), values=fields.Integer())


class SummaryRebuildIn(Schema):
    year = fields.Integer(required=True, strict=True, validate=YEAR)


class SummaryRebuildOut(Schema):
    year = fields.Integer()
    cycles = fields.Integer(metadata={"description": "cycles of the year counted"})
    units = fields.Integer()
    items = fields.Integer(metadata={"description": "counter items written"})
    task_kinds_noted = fields.Integer(
        metadata={"description": "cycles that now note the kind of the task they wait on"}
    )
    rebuilt_at = fields.String()


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
