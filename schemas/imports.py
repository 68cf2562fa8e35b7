"""Bulk import: the query of an upload and the job it answers with (docs/import.md)."""

from marshmallow import Schema, fields, validate

JOB_ID = validate.Regexp(r"^[A-Za-z0-9_-]{8,40}$", error="8-40 letters, digits, '-' or '_'")


class ImportQuery(Schema):
    job_id = fields.String(
        load_default=None,
        validate=JOB_ID,
        metadata={"description": "choose the job's id, to follow its progress while it runs"},
    )


class ImportCountsOut(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    rejected = fields.Integer()


class ImportJobOut(Schema):
    job_id = fields.String()
    import_kind = fields.String()
    file_format = fields.String()
    sha256 = fields.String()
    status = fields.String(
        metadata={"description": "validating | rejected | refused | writing | interrupted | done"},
    )
    started_by = fields.String()
    started_at = fields.String()
    finished_at = fields.String(allow_none=True)
    rows = fields.Integer()
    validated = fields.Integer()
    to_write = fields.Integer()
    written = fields.Integer()
    counts = fields.Nested(ImportCountsOut)
    report = fields.String(allow_none=True, metadata={"description": "the error report's path"})
    resumes = fields.List(
        fields.String(),
        metadata={"description": "earlier jobs of the same file, stopped midway, this completed"},
    )
