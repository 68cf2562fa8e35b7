"""Smoke test of the in-process Lambda glue on moto: a moto upgrade that breaks it fails here."""

import json
import time

from functions.engine.clients import client
from functions.local.emulation import EmbeddedAws
from tests.integration import flaky


def run(aws: EmbeddedAws, definition: dict, handler: str) -> tuple[str, list[dict]]:
    lam, sfn = client("lambda"), client("stepfunctions")
    role = aws.role_arn
    arn = lam.create_function(
        FunctionName=handler.replace("/", "-").replace(".", "-"),
        Runtime="python3.11",
        Role=role,
        Handler=handler,
        Code={"ZipFile": b"x"},
    )["FunctionArn"]
    text = json.dumps(definition).replace("FUNCTION", arn)
    machine = sfn.create_state_machine(
        name=f"smoke-{len(flaky.calls)}-{time.time_ns()}", definition=text, roleArn=role
    )
    execution = sfn.start_execution(
        stateMachineArn=machine["stateMachineArn"], name="smoke", input="{}"
    )
    for _ in range(500):
        described = sfn.describe_execution(executionArn=execution["executionArn"])
        if described["status"] != "RUNNING":
            break
        time.sleep(0.01)
    history = sfn.get_execution_history(executionArn=execution["executionArn"])["events"]
    return described["status"], history


def test_python_exception_is_retried_by_its_class_name_then_succeeds():
    flaky.calls.clear()
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "FUNCTION",
                "Retry": [
                    {"ErrorEquals": ["TransientError"], "IntervalSeconds": 1, "MaxAttempts": 2}
                ],
                "End": True,
            }
        },
    }
    with EmbeddedAws() as aws:
        status, _ = run(aws, definition, "tests/integration/flaky.transient_once")
    assert status == "SUCCEEDED"
    assert len(flaky.calls) == 2


def test_uncaught_python_exception_fails_with_its_class_name_and_message():
    definition = {
        "StartAt": "Call",
        "States": {"Call": {"Type": "Task", "Resource": "FUNCTION", "End": True}},
    }
    with EmbeddedAws() as aws:
        status, history = run(aws, definition, "tests/integration/flaky.permanent")
    assert status == "FAILED"
    failed = next(e for e in history if e["type"] == "ExecutionFailed")[
        "executionFailedEventDetails"
    ]
    assert failed["error"] == "InvalidInput"
    assert "nope" in failed["cause"]
