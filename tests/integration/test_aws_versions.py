"""The AWS way of publishing (``KINERJA_WORKFLOW_VERSIONS=versions``): one state machine per
tenant, a Step Functions version per published definition, the alias ``live`` on the current
one. moto stores versions and aliases (it cannot start executions on them, so the embedded
runtime runs ``machines``): the calls and their parameters are checked here against its model of
the API; ValidateStateMachineDefinition, which moto lacks, against botocore's with a Stubber."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from botocore.stub import Stubber

from functions import config
from functions.engine import definitions
from functions.engine.clients import client
from functions.services import definitions as service


@pytest.fixture
def versions(stack):
    previous = config.use(replace(config.current(), workflow_versions="versions"))
    yield stack.sample.tenant_id
    config.use(previous)


def test_each_publish_is_a_version_of_the_tenants_machine_and_the_alias_follows(versions):
    sfn = client("stepfunctions")
    first = definitions.default_definition()
    second = {**first, "Comment": "quarterly, with public feedback"}
    v1 = definitions.publish(versions, 2, "a" * 64, first, "first")
    v2 = definitions.publish(versions, 3, "b" * 64, second, "second")
    assert v1 != v2 and v1.rsplit(":", 1)[0] == v2.rsplit(":", 1)[0]  # one machine, two versions
    machine = v1.rsplit(":", 1)[0]
    assert machine.endswith(f"-{versions}")
    assert "quarterly" in sfn.describe_state_machine(stateMachineArn=v2)["definition"]
    assert "Fn::GetAtt" not in sfn.describe_state_machine(stateMachineArn=v1)["definition"]

    definitions.point_alias(versions, v2)  # created
    definitions.point_alias(versions, v1)  # a rollback: updated
    alias = sfn.describe_state_machine_alias(stateMachineAliasArn=f"{machine}:live")
    assert alias["routingConfiguration"] == [{"stateMachineVersionArn": v1, "weight": 100}]


def test_step_functions_own_check_is_asked_and_its_diagnostics_returned(versions):
    sfn = client("stepfunctions")
    diagnostic = {"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                  "message": "bad", "location": "/States/Plan"}  # fmt: skip
    resolved = json.dumps(definitions.resolve(definitions.default_definition()))
    with Stubber(sfn) as stub:
        stub.add_response(
            "validate_state_machine_definition",
            {"result": "FAIL", "diagnostics": [diagnostic]},
            {"definition": resolved, "type": "STANDARD"},
        )
        report = service.check(definitions.default_definition())
    assert report["aws"] == {"checked": True, "result": "FAIL", "diagnostics": [diagnostic]}
    assert not report["valid"]
    assert report["faults"] == [{"code": "aws_SCHEMA_VALIDATION_FAILED", "message": "bad",
                                 "state": None, "path": "/States/Plan"}]  # fmt: skip
