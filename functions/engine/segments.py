"""Start the executions that drive a cycle: one segment per run, each starting at the stage
stored in the table ("continue as new"; DESIGN principle 3)."""

from __future__ import annotations

import json
import os

from functions.engine.clients import client


def state_machine_arn() -> str:
    return os.environ["STATE_MACHINE_ARN"]


def segment_input(tenant_id: str, nip: str, year: int) -> dict:
    return {"tenant_id": tenant_id, "nip": nip, "year": year}


def execution_name(tenant_id: str, nip: str, year: int, segment: int) -> str:
    return f"{tenant_id}-{nip}-{year}-{segment:03d}"


def machine_for(tenant_id: str, nip: str, year: int) -> str:
    """The state machine (or version) of the workflow version the cycle's next segment runs
    on: the one it started with, or the one a migration moved it to."""
    from functions.services.workflow_runs import machine_for_next_segment

    return machine_for_next_segment(tenant_id, nip, year)


def start_segment(tenant_id: str, nip: str, year: int, segment: int) -> str:
    """Start segment number ``segment``; the name makes a second start of it a no-op."""
    sfn = client("stepfunctions")
    name = execution_name(tenant_id, nip, year, segment)
    machine = machine_for(tenant_id, nip, year)
    try:
        response = sfn.start_execution(
            stateMachineArn=machine,
            name=name,
            input=json.dumps(segment_input(tenant_id, nip, year)),
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
