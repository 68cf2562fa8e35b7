"""Workflow definitions: the outcomes of human tasks (what a completed wait returns to the
workflow), and the bodies of /workflow."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.cycles import FailureShown
from schemas.fields import TENANT_ID, YEAR, nip
from schemas.steps import STAGES, LoadOutput
from schemas.tenants import task_days_field

NAME = validate.Length(min=1, max=80)


# --- what SendTaskSuccess returns to a `.waitForTaskToken` state, by the task's kind ---------
class DraftOutcome(Schema):
    skp_status = fields.String(required=True)


class ReviewOutcome(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(("approved", "returned")))


class CoachingOutcome(Schema):
    coaching_kind = fields.String(
        required=True, validate=validate.OneOf(("bimbingan", "konseling"))
    )


class RatedOutcome(Schema):
    rated = fields.Boolean(required=True)


class MidyearOutcome(Schema):
    progress = fields.String(
        required=True, validate=validate.OneOf(("sesuai_rencana", "perlu_perbaikan"))
    )


class SegmentInput(Schema):
    """The input of every segment's execution (functions.engine.segments.CycleRef.input)."""

    tenant_id = fields.String(required=True, validate=TENANT_ID)
    nip = nip(required=True)
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    # where the segment resumes, as the load step would say it, given by whoever starts or
    # schedules the segment; absent in schedules made before it was carried
    cycle = fields.Nested(LoadOutput)


# --- API bodies ------------------------------------------------------------------------------
class WorkflowSettings(Schema):
    """The settings a definition depends on, carried by a draft and published with it (the
    others are the regency's, PATCH /settings); each by the settings API's rules. One left out,
    or null, is the regency's value."""

    policy = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(allow_none=True),
        load_default=dict,
        metadata={"description": "frequency (triwulan, bulanan), max_skp_returns (0-5)"},
    )
    task_days = task_days_field(description="days per task kind before it escalates")


def draft_settings():
    return fields.Nested(WorkflowSettings, load_default=None, allow_none=True)


class DraftIn(Schema):
    name = fields.String(required=True, validate=NAME)
    definition = fields.Dict(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    settings = draft_settings()


class DraftNewIn(Schema):
    """A new draft: a definition, or a copy of a published version (the current one by
    default)."""

    name = fields.String(required=True, validate=NAME)
    definition = fields.Dict(load_default=None)
    from_version = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    settings = draft_settings()


class DraftOut(Schema):
    draft_id = fields.String()
    name = fields.String()
    note = fields.String(allow_none=True)
    definition = fields.Dict()
    settings = fields.Dict(metadata={"description": "the settings it carries (WorkflowSettings)"})
    base_version = fields.Integer(allow_none=True)
    created_by = fields.String()
    updated_by = fields.String()
    updated_at = fields.String()
    etag = fields.String()


class FaultOut(Schema):
    code = fields.String()
    state = fields.String(allow_none=True)
    path = fields.String()
    message = fields.String()


class ValidationOut(Schema):
    valid = fields.Boolean()
    faults = fields.List(fields.Nested(FaultOut))
    warnings = fields.List(fields.Nested(FaultOut))
    acknowledge = fields.List(fields.String())  # warnings a publish must acknowledge by code
    stages = fields.Dict(keys=fields.String(), values=fields.String())
    estimates = fields.Dict()
    aws = fields.Dict()
    settings = fields.Dict(
        allow_none=True,
        metadata={"description": "the workflow settings it was validated with (a draft's)"},
    )


class PublishIn(Schema):
    note = fields.String(required=True, validate=validate.Length(min=3, max=2000))
    acknowledge = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list)


class SimulateIn(Schema):
    """A dry run of a draft: a synthetic year on an emulation of its own (never the tenant's
    data), every human task answered as ``policy`` says."""

    employees = fields.Integer(
        strict=True, validate=validate.Range(min=2, max=60), load_default=None,
        metadata={"description": "generated employees (the Sekretaris Daerah and units of "
                  "ten below); the default, 11, when neither this nor sample is given"},
    )  # fmt: skip
    sample = fields.Integer(
        strict=True, validate=validate.Range(min=2, max=60), load_default=None,
        metadata={"description": "this many of the regency's own employees, from the top "
                  "down, copied into the throw-away space (names left out)"},
    )  # fmt: skip
    policy = fields.String(
        load_default="on_time",
        validate=validate.OneOf(("on_time", "late", "returned_once", "never")),
        metadata={"description": "on_time: every task answered at once; late: each passes its "
                  "deadline once and is answered one level up; returned_once: every SKP "
                  "returned once at each approval; never: no task answered"},
    )  # fmt: skip
    year = fields.Integer(
        strict=True, validate=YEAR, load_default=None,
        metadata={"description": "the year simulated; by default the current one"},
    )  # fmt: skip

    @validates_schema
    def one_kind_of_employees(self, data, **kwargs):
        if data.get("employees") is not None and data.get("sample") is not None:
            raise ValidationError("give employees or sample, not both", "sample")


class SimulatedCycleOut(Schema):
    nip = fields.String()
    stage = fields.String(allow_none=True)
    state = fields.String(allow_none=True, metadata={"description": "the state it is in"})
    reason = fields.String()


class SegmentFiguresOut(Schema):
    segment = fields.Integer()
    executions = fields.Integer()
    statuses = fields.Dict(keys=fields.String(), values=fields.Integer())
    transitions = fields.Dict(keys=fields.String(), values=fields.Float())
    history_events = fields.Dict(keys=fields.String(), values=fields.Float())


class SimulationReportOut(Schema):
    policy = fields.String()
    year = fields.Integer()
    employees = fields.Integer()
    sample = fields.Boolean()
    cycles = fields.Dict(
        keys=fields.String(), values=fields.Integer(),
        metadata={"description": "total, finished, stuck, failed"},
    )  # fmt: skip
    stuck = fields.List(fields.Nested(SimulatedCycleOut))
    failed = fields.List(fields.Nested(SimulatedCycleOut))
    segments = fields.List(fields.Nested(SegmentFiguresOut))
    cost_per_employee_year = fields.Dict(
        metadata={"description": "{usd, parts, usage, prices}: AWS list prices"}
    )
    simulated_until = fields.String()
    seconds = fields.Float(metadata={"description": "wall time of the emulation"})
    notes = fields.List(fields.String())


class SimulationOut(Schema):
    simulation_id = fields.String()
    draft_id = fields.String()
    status = fields.String(metadata={"description": "pending, done or failed"})
    request = fields.Dict()
    definition_hash = fields.String()
    current = fields.Boolean(
        metadata={"description": "publishing: it ran on the draft as it is now"}
    )
    requested_by = fields.String()
    requested_at = fields.String()
    finished_at = fields.String(allow_none=True)
    report = fields.Nested(SimulationReportOut, allow_none=True)
    error = fields.String(allow_none=True)


class VersionOut(Schema):
    version = fields.Integer()
    hash = fields.String()
    author = fields.String()
    note = fields.String()
    created_at = fields.String()
    source = fields.String(allow_none=True)
    state_machine = fields.String()
    stages = fields.List(fields.String())
    current = fields.Boolean()
    definition = fields.Dict()
    settings = fields.Dict(
        allow_none=True,
        metadata={"description": "the workflow settings in force with it; a rollback restores "
                  "them (null: published before versions recorded them)"},
    )  # fmt: skip
    simulation = fields.Nested(
        SimulationOut, allow_none=True,
        metadata={"description": "publishing: the draft's last dry run (none: never run)"},
    )  # fmt: skip


class RollbackIn(Schema):
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    note = fields.String(required=True, validate=validate.Length(min=3, max=2000))


class AliasOut(Schema):
    version = fields.Integer()
    history = fields.List(fields.Dict())


class DiffQuery(Schema):
    base = fields.Integer(required=True, validate=validate.Range(min=1))
    other = fields.Integer(required=True, validate=validate.Range(min=1))


class MigrationFilter(Schema):
    """Which cycles of the year (not finished) to move; ``all`` alone: every one."""

    all = fields.Boolean(load_default=False)
    unit_id = fields.String(load_default=None, metadata={"description": "and the units below"})
    stage = fields.String(load_default=None, validate=validate.OneOf(STAGES))
    from_version = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1))

    @validates_schema
    def _names_something(self, data, **kwargs):
        named = data["unit_id"] or data["stage"] or data["from_version"] is not None
        if not named and not data["all"]:
            raise ValidationError("name unit_id, stage or from_version, or all: true", "all")


class MigrateIn(Schema):
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    to_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    nips = fields.List(nip(), load_default=None, validate=validate.Length(min=1, max=1000))
    filter = fields.Nested(MigrationFilter, load_default=None)
    dry_run = fields.Boolean(load_default=True)
    repair = fields.Boolean(
        load_default=False,
        metadata={
            "description": "resume cycles stuck between segments (failed, execution lost) at "
            "once on the new version, as POST /cycles/{nip}/{year}/repair would"
        },
    )

    @validates_schema
    def _one_choice(self, data, **kwargs):
        if (data["nips"] is None) == (data["filter"] is None):
            raise ValidationError("give either nips or filter", "nips")


class ExecutionQuery(Schema):
    year = fields.Integer(required=True, validate=YEAR)
    nip = nip(load_default=None)
    stage = fields.String(load_default=None, validate=validate.OneOf(STAGES))
    status = fields.String(
        load_default=None, validate=validate.OneOf(("running", "failed", "done"))
    )


class CatalogStepOut(Schema):
    name = fields.String()
    title = fields.String()
    function = fields.String()
    logical_id = fields.String()
    resource = fields.Raw(metadata={"description": "an ARN, or a reference ({Fn::GetAtt: …})"})
    function_name = fields.Raw(
        allow_none=True, metadata={"description": "a waiting step's function (as resource)"}
    )
    waits_for_task_token = fields.Boolean()
    input = fields.Dict(metadata={"description": "JSON Schema"})
    output = fields.Dict(metadata={"description": "JSON Schema"})
    outcomes = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        metadata={"description": "task kind → JSON Schema"},
    )


class CatalogOut(Schema):
    execution_input = fields.Dict(metadata={"description": "JSON Schema"})
    stages = fields.List(fields.String())
    steps = fields.List(fields.Nested(CatalogStepOut))


class SettingChangeOut(Schema):
    setting = fields.String(metadata={"description": "policy.<field> or task_days.<kind>"})
    base = fields.Raw(allow_none=True)
    other = fields.Raw(allow_none=True)


class DiffOut(Schema):
    base = fields.Integer()
    other = fields.Integer()
    diff = fields.String(metadata={"description": "a unified diff of the pretty-printed JSON"})
    settings = fields.List(
        fields.Nested(SettingChangeOut),
        metadata={"description": "the workflow settings the versions differ in"},
    )


class MoveOut(Schema):
    nip = fields.String()
    can_move = fields.Boolean()
    reason = fields.String()
    from_version = fields.Integer(allow_none=True)
    resumes_at = fields.String(allow_none=True, metadata={"description": "the stored stage"})
    when = fields.String(allow_none=True, metadata={"description": "now, next_boundary, on_resume"})
    to_version = fields.Integer(allow_none=True)
    repair = fields.String(
        allow_none=True, metadata={"description": "resume: stuck, resumed now on the new version"}
    )


class MigrationOut(Schema):
    dry_run = fields.Boolean()
    to_version = fields.Integer()
    cycles = fields.List(fields.Nested(MoveOut))


class ExecutionFailureOut(FailureShown):
    stage = fields.String(allow_none=True)


class ExecutionOut(Schema):
    """A cycle as executions; ``history``, ``failures`` and ``execution_status`` only when the
    query names one employee (null otherwise)."""

    nip = fields.String()
    unit_id = fields.String()
    stage = fields.String()
    period = fields.Integer()
    status = fields.String()
    segment = fields.Integer()
    execution_arn = fields.String(allow_none=True)
    execution_status = fields.String(allow_none=True)
    workflow_version = fields.Integer(allow_none=True)
    pending_version = fields.Integer(allow_none=True)
    versions = fields.List(fields.Dict())
    failure = fields.Dict(allow_none=True)
    failure_reason = fields.String(allow_none=True)
    history = fields.List(fields.Dict(), allow_none=True)
    failures = fields.List(fields.Nested(ExecutionFailureOut), allow_none=True)
