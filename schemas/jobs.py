"""Jobs over many cycles (functions/services/jobs.py): starting a regency's year, migrating its
cycles to a workflow version."""

from marshmallow import Schema, fields

from schemas.fields import YEAR


class JobQuery(Schema):
    year = fields.Integer(load_default=None, validate=YEAR)


class JobDetailQuery(Schema):
    cycles = fields.Boolean(
        load_default=False,
        metadata={"description": "every employee's outcome (a dry run's change per cycle)"},
    )


class JobFailureOut(Schema):
    nip = fields.String()
    reason = fields.String(allow_none=True)


class JobCycleOut(Schema):
    nip = fields.String()
    outcome = fields.String(metadata={"description": "done, skipped or failed"})
    reason = fields.String(allow_none=True)
    change = fields.Dict(
        allow_none=True, metadata={"description": "a migration's move (as a dry run shows it)"}
    )


class JobOut(Schema):
    job_id = fields.String()
    operation = fields.String(metadata={"description": "start, migrate or close"})
    year = fields.Integer()
    params = fields.Dict(
        metadata={"description": "what was asked: nips or filter, to_version, reason and note"}
    )
    status = fields.String(metadata={"description": "planning, running or done"})
    total = fields.Integer(metadata={"description": "employees chosen (0 while planning)"})
    done = fields.Integer(metadata={"description": "started or moved (or already so)"})
    skipped = fields.Integer(metadata={"description": "left alone, with a reason (cycles=true)"})
    failed = fields.Integer(metadata={"description": "failed: run again by POST .../resume"})
    batches = fields.Integer()
    batches_done = fields.Integer()
    started_by = fields.String()
    started_at = fields.String()
    finished_at = fields.String(allow_none=True)
    resumed = fields.List(fields.Dict())
    failures = fields.List(
        fields.Nested(JobFailureOut), metadata={"description": "the first 1,000"}
    )
    cycles = fields.List(fields.Nested(JobCycleOut), allow_none=True)
