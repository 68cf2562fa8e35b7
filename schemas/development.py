"""Bodies of competency development: an employee's yearly plan (its activities), the
activities done with their evidence, and the hours reached against the yearly target."""

from marshmallow import Schema, fields, validate

from functions.domain.development import ACTIVITY_KINDS, MAX_HOURS
from schemas.fields import YEAR, Text

KIND = validate.OneOf(ACTIVITY_KINDS)
TITLE = validate.Length(min=1, max=200)
HOURS = validate.Range(min=0, min_inclusive=False, max=MAX_HOURS)
COST = validate.Range(min=0)
JP = {"description": "jam pelajaran (JP)"}


class ActivityIn(Schema):
    kind = fields.String(required=True, validate=KIND)
    title = Text(required=True, validate=TITLE)
    digital = fields.Boolean(load_default=False, metadata={"description": "digital competency"})
    hours = fields.Float(required=True, validate=HOURS, metadata=JP)
    cost = fields.Float(load_default=None, allow_none=True, validate=COST, metadata={
        "description": "rupiah"})  # fmt: skip
    provider = Text(load_default=None, allow_none=True, validate=TITLE)
    planned_on = fields.Date(load_default=None, allow_none=True)


class ActivityOut(Schema):
    kind = fields.String()
    title = fields.String()
    digital = fields.Boolean()
    hours = fields.Float()
    cost = fields.Float(allow_none=True)
    provider = fields.String(allow_none=True)
    planned_on = fields.String(allow_none=True)


class PlanIn(Schema):
    activities = fields.List(fields.Nested(ActivityIn), required=True,
                             validate=validate.Length(max=100))  # fmt: skip


class PlanOut(Schema):
    activities = fields.List(fields.Nested(ActivityOut))
    planned_hours = fields.Float()
    set_by = fields.String(allow_none=True)
    version = fields.Integer()


class RecordIn(Schema):
    kind = fields.String(required=True, validate=KIND)
    title = Text(required=True, validate=TITLE)
    digital = fields.Boolean(load_default=False)
    hours = fields.Float(required=True, validate=HOURS, metadata=JP)
    cost = fields.Float(load_default=None, allow_none=True, validate=COST)
    provider = Text(load_default=None, allow_none=True, validate=TITLE)
    done_on = fields.Date(required=True, metadata={"description": "in the year of the path"})
    certificate_url = fields.Url(
        load_default=None, allow_none=True, schemes={"https", "http"},
        validate=validate.Length(max=500), metadata={"description": "the certificate's link"},
    )  # fmt: skip


class RecordOut(Schema):
    record_id = fields.String()
    kind = fields.String()
    title = fields.String()
    digital = fields.Boolean()
    hours = fields.Float()
    cost = fields.Float(allow_none=True)
    provider = fields.String(allow_none=True)
    done_on = fields.String()
    certificate_url = fields.String(allow_none=True)
    source = fields.String(metadata={"description": "api or import"})


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
    records = fields.List(fields.Nested(RecordOut))
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
