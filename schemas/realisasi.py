"""Bodies of realisations: what an employee reports of an IKI for a period, with evidence."""

from marshmallow import Schema, fields, validate, validates_schema

from schemas.fields import distinct_items
from schemas.skp import ID

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
        distinct_items(data, "iki_id", "an IKI may appear once")


class RealisasiOut(RealisasiIn):
    rhk_id = fields.String()
    reported_by = fields.String()
