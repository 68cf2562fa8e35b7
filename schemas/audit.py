"""The audit trail's query and entries."""

from marshmallow import Schema, ValidationError, fields, validates_schema

from schemas.fields import nip


class AuditQuery(Schema):
    since = fields.Date(required=True, data_key="from")
    until = fields.Date(required=True, data_key="to")
    person = nip(load_default=None)

    @validates_schema
    def _ordered(self, data, **_):
        if data["until"] < data["since"]:
            raise ValidationError("must not be before 'from'", "to")
        if (data["until"] - data["since"]).days > 366:
            raise ValidationError("ask for at most a year at a time", "to")


class AuditEntryOut(Schema):
    at = fields.String()
    actor = fields.String()
    action = fields.String()
    item = fields.String()
    subject_nip = fields.String(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
