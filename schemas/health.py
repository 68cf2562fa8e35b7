"""The liveness answer."""

from marshmallow import Schema, fields


class HealthOut(Schema):
    status = fields.String()
    runtime = fields.String(metadata={"description": "aws, or embedded"})
    now = fields.String(metadata={"description": "the clock's time (ISO 8601)"})
    versions = fields.Dict(keys=fields.String(), values=fields.String())
