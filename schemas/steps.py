"""Inputs and outputs of the workflow's steps. Outputs stay small: ids, flags, the next stage."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from functions.domain.consequences import ASN_KINDS
from functions.domain.roster import POSITION_KINDS
from functions.domain.stages import ASSIGNEES, CYCLE_STAGES, TASK_KINDS
from schemas.fields import OUTBOUND_EVENT_TYPE, TENANT_ID, YEAR, nip, rating

STAGES = CYCLE_STAGES


class CycleRef(Schema):
    tenant_id = fields.String(required=True, validate=TENANT_ID)
    nip = nip(required=True)
    year = fields.Integer(required=True, strict=True, validate=YEAR)


class PeriodRef(CycleRef):
    period = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=12))


class LoadInput(CycleRef):
    execution = fields.String(required=True)


class MonitorInput(PeriodRef):
    # the segment's execution ($$.Execution.Id) where the segment resumed on the stage its input
    # carries, with no load step: the monitor step notes it on the cycle as the load step does
    execution = fields.String(load_default=None)


class EmployeeFacts(Schema):
    """The employee's facts a definition may branch on (a Choice on $.cycle.employee.<field>)."""

    position_kind = fields.String(required=True, validate=validate.OneOf(POSITION_KINDS))
    asn_kind = fields.String(required=True, validate=validate.OneOf(ASN_KINDS))
    unit_id = fields.String(required=True)


class LoadOutput(Schema):
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    period = fields.Integer(required=True)
    periods = fields.Integer(required=True)
    timeouts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    employee = fields.Nested(EmployeeFacts, required=True)


class PlanOutput(Schema):
    skp_status = fields.String(required=True)


class HumanTaskInput(PeriodRef):
    kind = fields.String(required=True, validate=validate.OneOf(TASK_KINDS))
    escalated = fields.Boolean(required=True)
    # who acts: 0 the person, 1 one level up (escalated), 2 the regency's BKPSDM admins; without
    # it, 1 when escalated and 0 otherwise (definitions written before the chain had 2 levels)
    level = fields.Integer(load_default=None, validate=validate.Range(min=0, max=2))
    token = fields.String(required=True)
    execution = fields.String(required=True)
    state = fields.String(required=True)
    entered_at = fields.String(required=True)
    # the state's own timeout (the number its TimeoutSeconds or TimeoutSecondsPath gives): the
    # task is due when the wait times out; without it, the tenant's task_days (older definitions)
    timeout_seconds = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1))
    # who acts at level 0, by relationship to the employee; escalation goes one level up from
    # there. Without it: ``self`` drafts the SKP, the ``penilai`` does every other task.
    assignee = fields.String(load_default=None, validate=validate.OneOf(ASSIGNEES))


class NotifyInput(CycleRef):
    """The notify step: a signed outbound event to the regency's e-office subscriptions."""

    event = fields.String(required=True, validate=OUTBOUND_EVENT_TYPE)  # known, or custom.<name>
    period = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=0, max=12))
    note = fields.String(load_default=None, validate=validate.Length(max=500))
    # $$.Execution.Name, $$.State.Name, $$.State.EnteredTime: with all three, a retried step
    # sends nothing twice (the message id is made from them)
    execution = fields.String(load_default=None)
    state = fields.String(load_default=None)
    entered_at = fields.String(load_default=None)


class NotifyOutput(Schema):
    sent = fields.Integer(required=True)  # notifications stored (0: nobody subscribed)


class ReminderInput(Schema):
    """A task's reminder, fired by its one-time schedule before the task's deadline."""

    tenant_id = fields.String(required=True, validate=TENANT_ID)
    task_id = fields.String(required=True)
    due = fields.String(required=True)  # the deadline it reminds of (a re-armed task has another)


class ReminderOutput(Schema):
    reminded = fields.Boolean(required=True)


class MonthCheckInput(Schema):
    """A detached month's schedule fired (functions/services/months.py): the month to check
    (``nip``, ``year``, ``period``), or a task's deadline (``task_id``, ``due``)."""

    tenant_id = fields.String(required=True, validate=TENANT_ID)
    nip = fields.String(load_default=None)
    year = fields.Integer(load_default=None, strict=True)
    period = fields.Integer(load_default=None, strict=True, validate=validate.Range(1, 12))
    task_id = fields.String(load_default=None)
    due = fields.String(load_default=None)

    @validates_schema
    def _one_of(self, data: dict, **kwargs) -> None:
        month = all(data.get(name) is not None for name in ("nip", "year", "period"))
        deadline = all(data.get(name) is not None for name in ("task_id", "due"))
        if month == deadline:
            raise ValidationError("give nip, year and period, or task_id and due", "_schema")


class MonthCheckOutput(Schema):
    task_ids = fields.List(fields.String(), required=True)


class HumanTaskOutput(Schema):
    task_id = fields.String(required=True)


class MonitorOutput(Schema):
    coaching_needed = fields.Boolean(required=True)
    lagging_rhk = fields.List(fields.String(), required=True)


class CoachOutput(Schema):
    records = fields.Integer(required=True)
    konseling_advised = fields.Boolean(required=True)


class AssessInput(PeriodRef):
    scope = fields.String(required=True, validate=validate.OneOf(("periodic", "annual")))


class AssessOutput(Schema):
    rating_hasil_kerja = rating(required=True)
    rating_perilaku = rating(required=True)
    predikat = fields.String(required=True)
    last_period = fields.Boolean(required=True)


# After what a boundary ends its segment: the approval (the planning segment), the period's
# assessment (an assess step before it), or the period's perilaku rating (it assesses the period
# itself; after the last period the annual segment starts at once).
BOUNDARIES = ("approval", "period", "rating")


MONTHS = ("segments", "detached")


class BoundaryInput(CycleRef):
    after = fields.String(required=True, validate=validate.OneOf(BOUNDARIES))
    period = fields.Integer(load_default=0, strict=True)
    # the segment's execution ($$.Execution.Id): a boundary retried after the next segment took
    # the cycle over does nothing again
    execution = fields.String(load_default=None)
    # "detached": with monthly periods segments run per quarter and the months inside one are
    # checked and assessed without an execution (functions/services/months.py); "segments"
    # (definitions published before): a segment per period
    months = fields.String(load_default="segments", validate=validate.OneOf(MONTHS))


class BoundaryOutput(Schema):
    stage = fields.String(required=True, validate=validate.OneOf(("monitor", "annual")))
    next_period = fields.Integer(required=True)
    starts_at = fields.String(required=True)


class DecideOutput(Schema):
    predikat = fields.String(required=True)
    box = fields.Integer(allow_none=True, required=True)
    angka_kredit = fields.String(allow_none=True, required=True)


class FailureInput(CycleRef):
    error = fields.Dict(required=True)  # the Catch output: {"Error": ..., "Cause": ...}
    execution = fields.String(required=True)


class FailureOutput(Schema):
    recorded = fields.Boolean(required=True)
