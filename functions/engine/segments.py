"""Start the executions that drive a cycle: one segment per run, each starting at the stage
stored in the table ("continue as new"; DESIGN principle 3).

Execution names carry the cycle's opaque reference, never the NIP: a NIP encodes birth date and
sex, and Step Functions keeps execution names (and the ARNs and correlation ids made of them)
beyond any deletion (UU 27/2022). Only the input names the employee.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from functions import config
from functions.engine.clients import client


@dataclass(frozen=True)
class CycleRef:
    """The cycle an execution or a schedule drives: who (in the input) and its opaque name."""

    tenant_id: str
    nip: str
    year: int
    ref: str
    # where the segment resumes (schemas.steps.LoadOutput): the input carries it as "cycle", so a
    # definition resumes on it with no load step (a schedule made without it still loads)
    resume: dict | None = None

    def input(self) -> dict:
        given = {"tenant_id": self.tenant_id, "nip": self.nip, "year": self.year}
        return given if self.resume is None else {**given, "cycle": self.resume}

    def name(self, suffix: str) -> str:
        return f"{self.tenant_id}-{self.ref}-{suffix}"


def state_machine_arn() -> str:
    return config.current().state_machine_arn


def start_segment(cycle: CycleRef, segment: int, machine: str) -> str:
    """Start segment number ``segment`` on ``machine`` (the state machine or version the
    services chose for the cycle); the name makes a second start of it a no-op."""
    sfn = client("stepfunctions")
    name = cycle.name(f"{segment:03d}")
    try:
        response = sfn.start_execution(
            stateMachineArn=machine, name=name, input=json.dumps(cycle.input())
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        unqualified = ":".join(machine.split(":")[:7])  # without a version number
        return f"{unqualified.replace(':stateMachine:', ':execution:')}:{name}"
    return response["executionArn"]


def status(execution_arn: str) -> str:
    """RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED; LOST when the execution is gone."""
    sfn = client("stepfunctions")
    try:
        return sfn.describe_execution(executionArn=execution_arn)["status"]
    except sfn.exceptions.ExecutionDoesNotExist:
        return "LOST"


def stop(execution_arn: str, cause: str) -> bool:
    """Stop a running execution (a closed cycle's): the wait it stands in ends, its token is
    refused from then on. False when it is not running (finished, or gone)."""
    sfn = client("stepfunctions")
    try:
        sfn.stop_execution(executionArn=execution_arn, error="CycleClosed", cause=cause[:256])
    except sfn.exceptions.ExecutionDoesNotExist:
        return False
    return True
