"""Start the executions that drive a cycle: one segment per run, each starting at the stage
stored in the table ("continue as new"; DESIGN principle 3)."""

from __future__ import annotations

import json

from functions import config
from functions.engine.clients import client


def state_machine_arn() -> str:
    return config.current().state_machine_arn


def segment_input(tenant_id: str, nip: str, year: int) -> dict:
    return {"tenant_id": tenant_id, "nip": nip, "year": year}


def execution_name(tenant_id: str, nip: str, year: int, segment: int) -> str:
    return f"{tenant_id}-{nip}-{year}-{segment:03d}"


def start_segment(tenant_id: str, nip: str, year: int, segment: int, machine: str) -> str:
    """Start segment number ``segment`` on ``machine`` (the state machine or version the
    services chose for the cycle); the name makes a second start of it a no-op."""
    sfn = client("stepfunctions")
    name = execution_name(tenant_id, nip, year, segment)
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
