"""The events kinerja sends to a tenant's e-office system (functions/services/notifications.py),
as the OpenAPI document's ``webhooks`` describe them: an envelope ``{type, timestamp, tenant_id,
data}`` whose ``data`` depends on the type. Used to document and to test what is sent."""

from marshmallow import Schema, fields, validate

from functions.domain.rating import Predikat, Rating
from functions.domain.stages import REVIEW_TASK_KINDS, TASK_KINDS

RATINGS = tuple(r.value for r in Rating)
PREDIKATS = tuple(p.value for p in Predikat)


class TaskOpenedData(Schema):
    task_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf((*TASK_KINDS, *REVIEW_TASK_KINDS)))
    assignee_nip = fields.String(
        required=True, allow_none=True, metadata={"description": "null: the tenant admin"}
    )
    subject_nip = fields.String(required=True)
    year = fields.Integer(required=True)
    period = fields.Integer(required=True, allow_none=True)
    due = fields.String(required=True, allow_none=True, metadata={"description": "ISO time"})
    level = fields.Integer(
        required=True,
        metadata={"description": "who acts: 0 the person, 1 one level up, 2 BKPSDM admins"},
    )


class SkpApprovedData(Schema):
    nip = fields.String(required=True)
    year = fields.Integer(required=True)
    task_id = fields.String(required=True)
    approved_by = fields.String(
        required=True, metadata={"description": "the penilai's NIP (or the key's label)"}
    )


class PredikatSetData(Schema):
    nip = fields.String(required=True)
    year = fields.Integer(required=True)
    rating_hasil_kerja = fields.String(required=True, validate=validate.OneOf(RATINGS))
    rating_perilaku = fields.String(required=True, validate=validate.OneOf(RATINGS))
    predikat = fields.String(required=True, validate=validate.OneOf(PREDIKATS))
    by = fields.String(
        required=True,
        metadata={"description": "``assessment``, or the kind of revision that changed it"},
    )


class Event(Schema):
    """The envelope of every event; ``data`` depends on ``type``."""

    type = fields.String(required=True)
    timestamp = fields.String(
        required=True, metadata={"description": "the workflow's time of the event (ISO)"}
    )
    tenant_id = fields.String(required=True)


class TaskOpenedEvent(Event):
    type = fields.String(required=True, validate=validate.OneOf(("task.opened",)))
    data = fields.Nested(TaskOpenedData, required=True)


class TaskReopenedEvent(Event):
    type = fields.String(required=True, validate=validate.OneOf(("task.reopened",)))
    data = fields.Nested(TaskOpenedData, required=True)


class TaskReminderEvent(Event):
    type = fields.String(required=True, validate=validate.OneOf(("task.reminder",)))
    data = fields.Nested(TaskOpenedData, required=True)


class SkpApprovedEvent(Event):
    type = fields.String(required=True, validate=validate.OneOf(("skp.approved",)))
    data = fields.Nested(SkpApprovedData, required=True)


class PredikatSetEvent(Event):
    type = fields.String(required=True, validate=validate.OneOf(("predikat.set",)))
    data = fields.Nested(PredikatSetData, required=True)


# event type -> (the body's schema, when it is sent)
EVENTS: dict[str, tuple[type[Schema], str]] = {
    "task.opened": (
        TaskOpenedEvent,
        "A human task is opened for someone (also when an overdue one is escalated).",
    ),
    "task.reopened": (
        TaskReopenedEvent,
        "BKPSDM's deadline passed (or a stuck cycle was repaired): the same task is open again "
        "with a new deadline.",
    ),
    "task.reminder": (
        TaskReminderEvent,
        "A task's deadline is near (two days before it, or half-way for shorter deadlines).",
    ),
    "skp.approved": (
        SkpApprovedEvent,
        "The penilai approved an SKP (sent once the approval is stored).",
    ),
    "predikat.set": (
        PredikatSetEvent,
        "The annual predikat is set by the annual assessment, or changed by a revision "
        "(e.g. a keberatan decided).",
    ),
}
