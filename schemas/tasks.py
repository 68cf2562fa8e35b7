"""Bodies of human tasks: the listing query, a task as shown, and completing or rejecting one
(the body of a completion depends on the task's kind: :data:`COMPLETIONS`)."""

from marshmallow import Schema, fields, validate, validates_schema

from functions.domain.stages import FOLLOW_UP_KIND, REVIEW_TASK_KINDS, TASK_KINDS
from schemas.assessments import PerilakuIn
from schemas.coaching import CoachingFollowUpIn, CoachingIn, MidyearReviewIn
from schemas.fields import YEAR, distinct_items
from schemas.skp import ReviewIn
from schemas.talent_reviews import PresentationIn, RatificationIn, RecommendationIn, ScoresIn


class EmptyIn(Schema):
    """Tasks completed by their own endpoint (an SKP is submitted with /skp/submit)."""


# The body of POST /tasks/{id}/complete, by the kind of task.
COMPLETIONS: dict[str, type[Schema]] = {
    "draft_skp": EmptyIn,
    "approve_skp": ReviewIn,
    "approve_skp_second": ReviewIn,
    "coaching": CoachingIn,
    "rate_perilaku": PerilakuIn,
    "rate_annual": PerilakuIn,
    "review_midyear": MidyearReviewIn,
    FOLLOW_UP_KIND: CoachingFollowUpIn,
    "present_review": PresentationIn,
    "score_review": ScoresIn,
    "recommend_review": RecommendationIn,
    "ratify_review": RatificationIn,
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
    level = fields.Integer(
        metadata={"description": "who acts: 0 the person, 1 one level up, 2 BKPSDM admins"}
    )
    assignee = fields.String(
        metadata={
            "description": "who acts at level 0, by relationship to the employee: penilai, "
            "atasan_penilai, unit_head, bkpsdm or self (the workflow's human task says)"
        }
    )
    reopened = fields.Integer(
        metadata={"description": "times BKPSDM's deadline passed and the task was reopened"}
    )
    reminded_at = fields.DateTime(
        allow_none=True, metadata={"description": "the reminder before the current deadline"}
    )
    advice = fields.Dict(
        allow_none=True,
        metadata={"description": "a coaching task's: {coaching_kind, reason} (konseling advised)"},
    )
    coaching_id = fields.String(allow_none=True, metadata={"description": "a follow-up task's"})
    action = fields.String(allow_none=True, metadata={"description": "the action to follow up"})
    employee_name = fields.String(allow_none=True, metadata={"description": "of subject_nip"})
    unit_id = fields.String(allow_none=True, metadata={"description": "the employee's unit"})
    unit_name = fields.String(allow_none=True)
    capaian = fields.Dict(
        keys=fields.String(),
        allow_none=True,
        metadata={"description": "the period's capaian, IKI id -> percent (None: not measured)"},
    )
    overdue = fields.Boolean(
        metadata={"description": "open past a deadline: its own, or one it was escalated past"}
    )
    outcome = fields.Dict(allow_none=True)
    completed_by = fields.String(allow_none=True)
    review_id = fields.String(
        allow_none=True, metadata={"description": "a talent review round's task: the round"}
    )


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
    assignee = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^(\d{18}|bkpsdm)$", error="an 18-digit NIP or bkpsdm"),
        metadata={"description": "a person's NIP, or bkpsdm: the tasks waiting on BKPSDM admins"},
    )
    unit = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    kind = fields.String(
        load_default=None,
        validate=validate.OneOf((*TASK_KINDS, FOLLOW_UP_KIND, *REVIEW_TASK_KINDS)),
    )
    overdue = fields.Boolean(
        load_default=None,
        metadata={"description": "open past a deadline: its own, or one it was escalated past"},
    )
    year = fields.Integer(
        load_default=None,
        validate=YEAR,
        metadata={"description": "the regency's list (admins without assignee): the cycles' "
                  "year, by default the current one"},
    )  # fmt: skip
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    cursor = fields.String(load_default=None, validate=validate.Length(max=2000))
