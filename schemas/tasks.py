"""Bodies of human tasks: the listing query, a task as shown, and completing or rejecting one
(the body of a completion depends on the task's kind: :data:`COMPLETIONS`)."""

from marshmallow import Schema, fields, validate, validates_schema

from schemas.assessments import PerilakuIn
from schemas.coaching import CoachingIn
from schemas.fields import distinct_items, nip
from schemas.skp import ReviewIn


class EmptyIn(Schema):
    """Tasks completed by their own endpoint (an SKP is submitted with /skp/submit)."""


# The body of POST /tasks/{id}/complete, by the kind of task.
COMPLETIONS: dict[str, type[Schema]] = {
    "draft_skp": EmptyIn,
    "approve_skp": ReviewIn,
    "coaching": CoachingIn,
    "rate_perilaku": PerilakuIn,
    "rate_annual": PerilakuIn,
}


class CompletionIn(Schema):
    """Documented union of the completion bodies; the task's kind picks the schema applied."""

    class Meta:
        unknown = "include"


class RejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class TaskOut(Schema):
    task_id = fields.String()
    task_kind = fields.String()
    title = fields.String()
    assignee_nip = fields.String(allow_none=True)
    subject_nip = fields.String()
    year = fields.Integer()
    period = fields.Integer()
    due = fields.DateTime()
    status = fields.String()
    escalated_from = fields.String(allow_none=True)
    outcome = fields.Dict(allow_none=True)
    completed_by = fields.String(allow_none=True)


class BatchCompletionItemIn(Schema):
    task_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    body = fields.Dict(
        load_default=dict, metadata={"description": "the completion body of the task's kind"}
    )


class BatchCompletionIn(Schema):
    """Several tasks at once (a penilai approving a team's SKPs): each is completed on its own,
    in the order given; one refused does not stop the others."""

    items = fields.List(
        fields.Nested(BatchCompletionItemIn),
        required=True,
        validate=validate.Length(min=1, max=50),
    )

    @validates_schema
    def distinct_tasks(self, data, **kwargs):
        distinct_items(data, "task_id", "a task may appear once")


class BatchCompletionOut(Schema):
    task_id = fields.String()
    completed = fields.Boolean()
    task = fields.Nested(TaskOut, allow_none=True)
    error = fields.Dict(
        allow_none=True, metadata={"description": "{code, message, details}, as a single call's"}
    )


class TaskQuery(Schema):
    status = fields.String(
        load_default="open", validate=validate.OneOf(("open", "done", "rejected", "timed_out"))
    )
    assignee = nip(load_default=None)
