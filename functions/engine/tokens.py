"""Complete the Step Functions wait behind a human task (the callback pattern)."""

from __future__ import annotations

import json

from functions.engine.clients import client
from functions.errors import Conflict


def _no_longer_waiting(error: Exception) -> Conflict:
    return Conflict(
        "the workflow is no longer waiting for this task (it timed out or was escalated)",
        details={"reason": str(error)},
    )


def check_live(token: str) -> None:
    """Conflict unless the workflow still waits on ``token``. SendTaskHeartbeat is accepted for
    any task still waiting (with or without HeartbeatSeconds) and refused with TaskTimedOut or
    InvalidToken otherwise, so it asks without answering."""
    sfn = client("stepfunctions")
    try:
        sfn.send_task_heartbeat(taskToken=token)
    except (
        sfn.exceptions.TaskTimedOut,
        sfn.exceptions.InvalidToken,
        sfn.exceptions.TaskDoesNotExist,
    ) as error:
        raise _no_longer_waiting(error) from error


def send_success(token: str, output: dict) -> None:
    sfn = client("stepfunctions")
    try:
        sfn.send_task_success(taskToken=token, output=json.dumps(output))
    except (
        sfn.exceptions.TaskTimedOut,
        sfn.exceptions.InvalidToken,
        sfn.exceptions.TaskDoesNotExist,
    ) as error:
        raise _no_longer_waiting(error) from error


def send_failure(token: str, error: str, cause: str) -> None:
    sfn = client("stepfunctions")
    try:
        sfn.send_task_failure(taskToken=token, error=error, cause=cause)
    except (
        sfn.exceptions.TaskTimedOut,
        sfn.exceptions.InvalidToken,
        sfn.exceptions.TaskDoesNotExist,
    ) as failure:
        raise _no_longer_waiting(failure) from failure
