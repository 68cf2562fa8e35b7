"""Bodies of the evaluation cycles: starting a year's, and reading them."""

from marshmallow import Schema, fields

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
