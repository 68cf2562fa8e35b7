"""The step catalog: every step a workflow definition may use, with its resource (the Lambda
function of serverless.yml, referenced in ASL as ``{"Fn::GetAtt": [<logical id>, "Arn"]}``) and
its input and output schemas (schemas/steps.py), exported as JSON Schema for editors and for the
validator (functions/engine/validation/, which sees only these plain dicts).

A human task is invoked with ``arn:aws:states:::lambda:invoke.waitForTaskToken``: its Lambda
opens the task; what the wait returns is the task's outcome, which depends on the task's kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from marshmallow import Schema

from schemas import steps, workflow

WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken"
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"


def logical_id(function_key: str) -> str:
    """The CloudFormation logical id serverless gives a function (as functions.local.project)."""
    name = function_key[0].upper() + function_key[1:]
    return name.replace("-", "Dash").replace("_", "Underscore") + "LambdaFunction"


@dataclass(frozen=True)
class Step:
    name: str
    function: str  # the key in serverless.yml
    title: str
    input: type[Schema]
    output: type[Schema]
    waits: bool = False  # a human task: invoked with .waitForTaskToken
    outcomes: dict[str, type[Schema]] = field(default_factory=dict)  # by task kind

    @property
    def logical_id(self) -> str:
        return logical_id(self.function)

    @property
    def resource(self) -> dict:
        return {"Fn::GetAtt": [self.logical_id, "Arn"]}


STEPS: tuple[Step, ...] = (
    Step("load", "loadCycle", "Load: where the segment resumes", steps.LoadInput, steps.LoadOutput),
    Step("plan", "plan", "Plan: the year's SKP draft exists", steps.CycleRef, steps.PlanOutput),
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
            "coaching": workflow.CoachingOutcome,
            "rate_perilaku": workflow.RatedOutcome,
            "rate_annual": workflow.RatedOutcome,
        },
    ),
    Step(
        "monitor", "monitor", "Monitor: capaian of a period", steps.PeriodRef, steps.MonitorOutput
    ),
    Step("coach", "coach", "Coach: coaching on record", steps.PeriodRef, steps.CoachOutput),
    Step("assess", "assess", "Assess: ratings and predikat", steps.AssessInput, steps.AssessOutput),
    Step("decide", "decide", "Decide: follow-up of the year", steps.CycleRef, steps.DecideOutput),
    Step(
        "boundary",
        "boundary",
        "Boundary: end the segment; the next starts after the period",
        steps.BoundaryInput,
        steps.BoundaryOutput,
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
    return OpenAPIConverter("3.1.0", None, spec)


def json_schema(schema: type[Schema]) -> dict:
    """A marshmallow schema as JSON Schema (OpenAPI 3.1's dialect), by apispec's converter."""
    return _converter().schema2jsonschema(schema)


@cache
def described() -> dict:
    """The catalog as plain data: what GET /workflow/catalog returns and the validator reads."""
    return {
        "execution_input": json_schema(workflow.SegmentInput),
        "stages": list(steps.STAGES),
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
            }
            for s in STEPS
        ],
    }
