"""Bodies of competency development: an employee's yearly plan (its activities), the
activities done with their evidence, and the hours reached against the yearly target."""

from marshmallow import Schema, fields, validate

from functions.domain.development import ACTIVITY_KINDS, MAX_HOURS
from schemas.fields import YEAR, Text
from schemas.skp import ID

KIND = validate.OneOf(ACTIVITY_KINDS)
TITLE = validate.Length(min=1, max=200)
HOURS = validate.Range(min=0, min_inclusive=False, max=MAX_HOURS)
COST = validate.Range(min=0)
JP = {"description": "jam pelajaran (JP)"}
RHK = {"description": "the RHK of the year's SKP it is meant for"}


class LearningIn(Schema):
    """What a planned activity and a record of one done both say."""

    kind = fields.String(required=True, validate=KIND)
    title = Text(required=True, validate=TITLE)
    digital = fields.Boolean(load_default=False, metadata={"description": "digital competency"})
    hours = fields.Float(required=True, validate=HOURS, metadata=JP)
    cost = fields.Float(load_default=None, allow_none=True, validate=COST, metadata={
        "description": "rupiah"})  # fmt: skip
    provider = Text(load_default=None, allow_none=True, validate=TITLE)
    rhk_id = fields.String(load_default=None, allow_none=True, validate=ID, metadata=RHK)


class LearningOut(Schema):
    kind = fields.String()
    title = fields.String()
    digital = fields.Boolean()
    hours = fields.Float()
    cost = fields.Float(allow_none=True)
    provider = fields.String(allow_none=True)
    rhk_id = fields.String(allow_none=True, metadata=RHK)


class ActivityIn(LearningIn):
    planned_on = fields.Date(load_default=None, allow_none=True)


class ActivityOut(LearningOut):
    planned_on = fields.String(allow_none=True)


class PlanIn(Schema):
    activities = fields.List(fields.Nested(ActivityIn), required=True,
                             validate=validate.Length(max=100))  # fmt: skip


class PlanOut(Schema):
    activities = fields.List(fields.Nested(ActivityOut))
    planned_hours = fields.Float()
    set_by = fields.String(allow_none=True)
    version = fields.Integer()


class RecordIn(LearningIn):
    done_on = fields.Date(required=True, metadata={"description": "in the year of the path"})
    certificate_url = fields.Url(
        load_default=None, allow_none=True, schemes={"https", "http"},
        validate=validate.Length(max=500), metadata={"description": "the certificate's link"},
    )  # fmt: skip


class RecordOut(LearningOut):
    record_id = fields.String()
    done_on = fields.String()
    certificate_url = fields.String(allow_none=True)
    source = fields.String(metadata={"description": "api, import or webhook:<source>"})
    use = fields.Nested(lambda: UseOut(), allow_none=True, metadata={
        "description": "the penilai's follow-up; null before it"})  # fmt: skip


class UseIn(Schema):
    used = fields.Boolean(required=True, metadata={
        "description": "the competency is used in the work"})  # fmt: skip
    note = Text(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    rhk_id = fields.String(allow_none=True, validate=ID, metadata=RHK)


class UseOut(Schema):
    used = fields.Boolean()
    note = fields.String(allow_none=True)
    by = fields.String()
    on = fields.String()


class CapaianOut(Schema):
    period = fields.Integer()
    capaian = fields.Float(allow_none=True, metadata={"description": "mean of its IKI, %"})
    judgement = fields.String(allow_none=True)


class RhkEffectOut(Schema):
    rhk_id = fields.String()
    rhk = fields.String(allow_none=True)
    before = fields.Nested(CapaianOut, allow_none=True, metadata={
        "description": "the last period assessed before the activity"})  # fmt: skip
    after = fields.Nested(CapaianOut, allow_none=True, metadata={
        "description": "the latest period assessed after it"})  # fmt: skip
    change = fields.Float(allow_none=True, metadata={"description": "after - before, points"})
    note = fields.String()


class RecordShownOut(RecordOut):
    rhk_effect = fields.Nested(RhkEffectOut, allow_none=True)


class HoursOut(Schema):
    done = fields.Float(metadata=JP)
    digital = fields.Float(metadata={"description": "of done, in digital-competency activities"})
    target = fields.Integer(metadata={"description": "tenant policy development_hours"})
    reached = fields.Boolean()
    remaining = fields.Float()


class DevelopmentOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    plan = fields.Nested(PlanOut, allow_none=True)
    records = fields.List(fields.Nested(RecordShownOut))
    hours = fields.Nested(HoursOut)


class UnitQuery(Schema):
    year = fields.Integer(required=True, validate=YEAR)


class EmployeeHoursOut(HoursOut):
    nip = fields.String()
    name = fields.String()


class UnitDevelopmentOut(Schema):
    unit_id = fields.String()
    year = fields.Integer()
    target = fields.Integer()
    employees = fields.List(fields.Nested(EmployeeHoursOut))
    reached = fields.Integer(metadata={"description": "employees who reached the target"})
    total = fields.Integer()
    hours = fields.Float(metadata={"description": "JP of the unit's employees, together"})


class NeedOut(Schema):
    source = fields.String(metadata={"description": "nine_box, coaching or competency"})
    reason = fields.String()
    kinds = fields.List(fields.String(), metadata={"description": "activity kinds answering it"})
    priority = fields.String(metadata={"description": "high or normal"})
    year = fields.Integer(allow_none=True)
    competency = fields.String(allow_none=True)
    gap = fields.Float(allow_none=True)
    rhk_ids = fields.List(fields.String())
    planned = fields.Boolean(metadata={"description": "the plan has an activity of these kinds"})


class NeedsOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    needs = fields.List(fields.Nested(NeedOut))
    unanswered = fields.Integer()


class PolicyIn(Schema):
    title = Text(required=True, validate=TITLE)
    number = Text(required=True, validate=validate.Length(min=1, max=100))
    issued_on = fields.Date(required=True)
    url = fields.Url(load_default=None, allow_none=True, schemes={"https", "http"},
                     validate=validate.Length(max=500))  # fmt: skip
    digital = fields.Boolean(load_default=False, metadata={
        "description": "about digital competency"})  # fmt: skip


class PolicyOut(Schema):
    policy_id = fields.String()
    title = fields.String()
    number = fields.String()
    issued_on = fields.String()
    url = fields.String(allow_none=True)
    digital = fields.Boolean()
    set_by = fields.String(allow_none=True)


class ReportQuery(UnitQuery):
    format = fields.String(
        load_default=None, validate=validate.OneOf(("json", "xlsx")),
        metadata={"description": "xlsx: a workbook (or send Accept)"},
    )  # fmt: skip


class TallyOut(Schema):
    employees = fields.Integer(metadata={"description": "the unit's own staff"})
    reached = fields.Integer()
    planned_activities = fields.Integer()
    planned_hours = fields.Float()
    planned_cost = fields.Float()
    activities = fields.Integer()
    hours = fields.Float()
    digital_hours = fields.Float()
    spent = fields.Float()
    absorption = fields.Float(allow_none=True, metadata={"description": "spent / planned"})
    used = fields.Integer()
    not_used = fields.Integer()
    unconfirmed = fields.Integer()
    utilisation = fields.Float(allow_none=True, metadata={
        "description": "confirmed used / activities done"})  # fmt: skip


class UnitTallyOut(TallyOut):
    unit_id = fields.String()
    name = fields.String()


class IndicatorsOut(Schema):
    policy_documents = fields.Integer()
    digital_policy_documents = fields.Integer()
    activities = fields.Integer()
    hours = fields.Float()
    employees_reached = fields.Integer()
    employees = fields.Integer()
    budget_planned = fields.Float()
    budget_spent = fields.Float()
    utilisation = fields.Float(allow_none=True)


class ReportOut(Schema):
    year = fields.Integer()
    target = fields.Integer()
    indicators = fields.Nested(IndicatorsOut)
    policies = fields.List(fields.Nested(PolicyOut))
    units = fields.List(fields.Nested(UnitTallyOut))
    total = fields.Nested(TallyOut)
