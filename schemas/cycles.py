"""Bodies of the evaluation cycles: starting a year's, and reading them."""

from marshmallow import Schema, fields

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
