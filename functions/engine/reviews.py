"""Start the execution that drives a talent review round (workflows/talent_review.asl.json).
Its name carries the round's opaque id, never a NIP; the input names the round only."""

from __future__ import annotations

import contextlib
import json

from functions import config
from functions.engine.clients import client


def _name(tenant_id: str, review_id: str) -> str:
    return f"{tenant_id}-review-{review_id}"


def review_execution_arn(tenant_id: str, review_id: str) -> str:
    """The ARN the round's execution has (or will have once started): known before the start,
    so the round is stored with it before any step of the execution reads or writes it."""
    machine = config.current().review_state_machine_arn
    return f"{machine.replace(':stateMachine:', ':execution:')}:{_name(tenant_id, review_id)}"


def start_review(tenant_id: str, review_id: str, waves: list[str], timeouts: dict) -> None:
    """Start the round's one execution; a second start of it is a no-op (its name)."""
    sfn = client("stepfunctions")
    document = {"tenant_id": tenant_id, "review_id": review_id, "waves": waves,
                "timeouts": timeouts}  # fmt: skip
    with contextlib.suppress(sfn.exceptions.ExecutionAlreadyExists):
        sfn.start_execution(
            stateMachineArn=config.current().review_state_machine_arn,
            name=_name(tenant_id, review_id),
            input=json.dumps(document),
        )
