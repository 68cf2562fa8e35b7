"""The clock: what time the system thinks it is, and moving it (embedded runtime only)."""

from datetime import UTC

from marshmallow import Schema, fields


class ClockIn(Schema):
    to = fields.AwareDateTime(required=True, default_timezone=UTC)


class ClockOut(Schema):
    now = fields.DateTime()
    fired = fields.List(fields.Dict())  # the segments started: schedule, at, execution_arn
    timed_out = fields.List(fields.Dict())  # the tasks timed out: tenant_id, task_id, due
