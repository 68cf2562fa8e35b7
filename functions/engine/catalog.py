"""The step catalog: every step a workflow definition may use, with its resource (the Lambda
function of serverless.yml, referenced in ASL as ``{"Fn::GetAtt": [<logical id>, "Arn"]}``) and
its input and output schemas (schemas/steps.py), exported as JSON Schema for editors and for the
validator (functions/engine/validation/, which sees only these plain dicts).

A human task is invoked with ``arn:aws:states:::lambda:invoke.waitForTaskToken``: its Lambda
opens the task; what the wait returns is the task's outcome, which depends on the task's kind.

Each step also declares the facts of the table it needs and the facts it establishes (or uses
up), by its kind, scope or boundary: the validator follows them along every way through a
definition (validation/facts.py) and refuses one where a step is reached without its facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from marshmallow import Schema

from functions.domain.policy import MAX_SKP_RETURNS
from schemas import steps, workflow

WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken"
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"


def logical_id(function_key: str) -> str:
    """The CloudFormation logical id serverless gives a function (as functions.local.project)."""
    name = function_key[0].upper() + function_key[1:]
    return name.replace("-", "Dash").replace("_", "Underscore") + "LambdaFunction"


# The facts of the table a cycle's steps need and establish (what functions/services/repair.py
# checks before it sets a stage), each with the words a refusal names it by.
FACTS: dict[str, str] = {
    "skp_editable": "an SKP drafted and still editable (plan, or returned)",
    # the plan step makes a new or still editable SKP a draft; an approved one stays approved
    "skp_unapproved": "an SKP not approved yet (new, drafted, submitted or returned)",
    "skp_submitted": "an SKP submitted for approval (diajukan)",
    "skp_approved": "an approved SKP (disetujui)",
    "skp_approved_first": "an SKP approved by the penilai, not yet by a second approval",
    # the approval boundary closes the planning segment: not a segment that resumed at monitor
    "skp_approved_in_segment": "an SKP approved in this segment (an approval task)",
    "capaian": "the period's capaian (monitor)",
    "perilaku_rated": "the period's perilaku rating (rate_perilaku)",
    "period_assessed": "the period's assessment (assess, periodic)",
    "all_periods_assessed": "every period assessed (the last period's assessment)",
    "period_not_last": "a period assessed that is not the year's last (a next period to start)",
    "annual_rated": "the annual review (rate_annual)",
    "midyear_reviewed": "the mid-year review (review_midyear)",
    "annual_predikat": "the annual assessment and predikat (assess, annual)",
    "decided": "the decision on the year (decide)",
    "segment_done": "the segment closed at a boundary, or the cycle decided",
}


@dataclass(frozen=True)
class Facts:
    """What a step needs in the table and what it leaves there. ``when``: facts that hold only
    on the ways where the step's output field has a value (a Choice on it tells them apart)."""

    needs: tuple[str, ...] = ()
    establishes: tuple[str, ...] = ()
    consumes: tuple[str, ...] = ()  # true before the step, no longer after it
    when: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def described(self) -> dict:
        return {
            "needs": list(self.needs),
            "establishes": list(self.establishes),
            "consumes": list(self.consumes),
            "when": {k: {v: list(f) for v, f in c.items()} for k, c in self.when.items()},
        }


_PERIOD = ("skp_approved", "capaian")
HUMAN_TASK_FACTS: dict[str, Facts] = {
    "draft_skp": Facts(("skp_editable", "skp_unapproved"), ("skp_submitted",), ("skp_editable",)),
    "approve_skp": Facts(
        ("skp_submitted", "skp_unapproved"),
        (),
        ("skp_submitted", "skp_unapproved"),
        {
            "decision": {
                "approved": ("skp_approved", "skp_approved_first", "skp_approved_in_segment"),
                "returned": ("skp_editable", "skp_unapproved"),
            }
        },
    ),
    # the atasan penilai's second approval: only after a first one, which it uses up; approved,
    # the SKP is approved again; returned, it is editable (and both approvals come again)
    "approve_skp_second": Facts(
        ("skp_approved", "skp_approved_first"),
        (),
        ("skp_approved", "skp_approved_first"),
        {
            "decision": {
                "approved": ("skp_approved", "skp_approved_in_segment"),
                "returned": ("skp_editable", "skp_unapproved"),
            }
        },
    ),
    "coaching": Facts(_PERIOD),
    "rate_perilaku": Facts(_PERIOD, ("perilaku_rated",)),
    "rate_annual": Facts(
        ("skp_approved", "period_assessed", "all_periods_assessed"), ("annual_rated",)
    ),
    # the mid-year review: where the period is measured (after a monitor step), and it leaves
    # the review in the table
    "review_midyear": Facts(_PERIOD, ("midyear_reviewed",)),
}

# Where a segment starts at a stored stage, the facts the table holds there: every step that
# stores the stage needs them (tests/unit/test_definitions_facts.py checks it).
STAGE_FACTS: dict[str, tuple[str, ...]] = {
    "plan": ("skp_unapproved",),
    "approval": ("skp_submitted", "skp_unapproved"),
    "monitor": ("skp_approved",),
    "coach": _PERIOD,
    "assess": _PERIOD,
    "annual": ("skp_approved", "period_assessed", "all_periods_assessed"),
    "decide": (
        "skp_approved",
        "period_assessed",
        "all_periods_assessed",
        "annual_rated",
        "annual_predikat",
    ),
    "done": (
        "skp_approved",
        "period_assessed",
        "all_periods_assessed",
        "annual_rated",
        "annual_predikat",
        "decided",
        "segment_done",
    ),
}


# The boundary step by its ``after``: where the next segment resumes (after the last period's
# rating the annual review's segment starts at once, after any other the next period's), and
# whether it assesses the period itself (the validator counts it as an assess step).
BOUNDARIES: dict[str, dict] = {
    "approval": {"resumes": ["monitor"], "assesses": False},
    "period": {"resumes": ["monitor"], "assesses": False},
    "rating": {"resumes": ["monitor", "annual"], "assesses": True},
}


@dataclass(frozen=True)
class Step:
    name: str
    function: str  # the key in serverless.yml
    title: str
    input: type[Schema]
    output: type[Schema]
    waits: bool = False  # a human task: invoked with .waitForTaskToken
    outcomes: dict[str, type[Schema]] = field(default_factory=dict)  # by task kind
    facts: Facts = Facts()
    facts_by: str | None = None  # the input field the facts depend on (kind, scope, after)
    facts_cases: dict[str, Facts] = field(default_factory=dict)

    def described_facts(self) -> dict:
        return {
            "by": self.facts_by,
            "default": self.facts.described(),
            "cases": {v: f.described() for v, f in self.facts_cases.items()},
        }

    @property
    def logical_id(self) -> str:
        return logical_id(self.function)

    @property
    def resource(self) -> dict:
        return {"Fn::GetAtt": [self.logical_id, "Arn"]}


STEPS: tuple[Step, ...] = (
    Step("load", "loadCycle", "Load: where the segment resumes", steps.LoadInput, steps.LoadOutput),
    Step(
        "plan",
        "plan",
        "Plan: the year's SKP draft exists",
        steps.CycleRef,
        steps.PlanOutput,
        facts=Facts(needs=("skp_unapproved",), establishes=("skp_editable",)),
    ),
    Step(
        "human_task",
        "humanTask",
        "Human task: wait for a person (draft, approve, coach, rate)",
        steps.HumanTaskInput,
        steps.HumanTaskOutput,
        waits=True,
        outcomes={
            "draft_skp": workflow.DraftOutcome,
            "approve_skp": workflow.ReviewOutcome,
            "approve_skp_second": workflow.ReviewOutcome,
            "coaching": workflow.CoachingOutcome,
            "rate_perilaku": workflow.RatedOutcome,
            "rate_annual": workflow.RatedOutcome,
            "review_midyear": workflow.MidyearOutcome,
        },
        facts_by="kind",
        facts_cases=HUMAN_TASK_FACTS,
    ),
    Step(
        "monitor",
        "monitor",
        "Monitor: capaian of a period",
        steps.MonitorInput,
        steps.MonitorOutput,
        facts=Facts(("skp_approved",), ("capaian",)),
    ),
    Step(
        "coach",
        "coach",
        "Coach: coaching on record",
        steps.PeriodRef,
        steps.CoachOutput,
        facts=Facts(_PERIOD),
    ),
    Step(
        "assess",
        "assess",
        "Assess: ratings and predikat",
        steps.AssessInput,
        steps.AssessOutput,
        facts_by="scope",
        facts_cases={
            "periodic": Facts(
                (*_PERIOD, "perilaku_rated"),
                ("period_assessed",),
                when={
                    "last_period": {
                        "true": ("all_periods_assessed",),
                        "false": ("period_not_last",),
                    }
                },
            ),
            "annual": Facts(("skp_approved", "annual_rated"), ("annual_predikat",)),
        },
    ),
    Step(
        "decide",
        "decide",
        "Decide: follow-up of the year",
        steps.CycleRef,
        steps.DecideOutput,
        facts=Facts(("annual_predikat",), ("decided", "segment_done")),
    ),
    Step(
        "boundary",
        "boundary",
        "Boundary: end the segment; the next starts after the period",
        steps.BoundaryInput,
        steps.BoundaryOutput,
        facts_by="after",
        facts_cases={
            "approval": Facts(("skp_approved", "skp_approved_in_segment"), ("segment_done",)),
            "period": Facts(
                ("skp_approved", "period_assessed", "period_not_last"), ("segment_done",)
            ),
            # it assesses the period itself (assess, periodic), then closes the segment
            "rating": Facts((*_PERIOD, "perilaku_rated"), ("period_assessed", "segment_done")),
        },
    ),
    Step(
        "notify",
        "notify",
        "Notify: a signed event to the regency's e-office (a known type or custom.<name>)",
        steps.NotifyInput,
        steps.NotifyOutput,
    ),
    Step(
        "failure",
        "recordFailure",
        "Record failure: keep why a step failed",
        steps.FailureInput,
        steps.FailureOutput,
    ),
)
BY_NAME = {s.name: s for s in STEPS}
BY_LOGICAL_ID = {s.logical_id: s for s in STEPS}


@cache
def _converter():
    from apispec import APISpec
    from apispec.ext.marshmallow import MarshmallowPlugin
    from apispec.ext.marshmallow.openapi import OpenAPIConverter

    spec = APISpec("kinerja-steps", "1", "3.1.0", plugins=[MarshmallowPlugin()])
    # no name for a nested schema: it is inlined (the validator reads no $ref)
    return OpenAPIConverter("3.1.0", lambda schema: None, spec)


def json_schema(schema: type[Schema]) -> dict:
    """A marshmallow schema as JSON Schema (OpenAPI 3.1's dialect), by apispec's converter."""
    return _converter().schema2jsonschema(schema)


@cache
def described() -> dict:
    """The catalog as plain data: what GET /workflow/catalog returns and the validator reads."""
    return {
        "execution_input": json_schema(workflow.SegmentInput),
        "stages": list(steps.STAGES),
        "max_skp_returns": MAX_SKP_RETURNS,
        "facts": dict(FACTS),
        "stage_facts": {stage: list(f) for stage, f in STAGE_FACTS.items()},
        "boundaries": BOUNDARIES,
        "steps": [
            {
                "name": s.name,
                "title": s.title,
                "function": s.function,
                "logical_id": s.logical_id,
                "resource": WAIT_FOR_TOKEN if s.waits else s.resource,
                "function_name": s.resource if s.waits else None,
                "waits_for_task_token": s.waits,
                "input": json_schema(s.input),
                "output": json_schema(s.output),
                "outcomes": {kind: json_schema(o) for kind, o in s.outcomes.items()},
                "facts": s.described_facts(),
            }
            for s in STEPS
        ],
    }
