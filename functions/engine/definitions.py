"""Published workflow definitions on Step Functions.

Version 1 of every tenant is the deployed default (``STATE_MACHINE_ARN``, from
workflows/evaluation.asl.json). A version a tenant publishes runs on:

- on AWS (``KINERJA_WORKFLOW_VERSIONS=versions``, the default): the tenant's own state machine
  ``<default name>-<tenant id>``, updated with ``publish=True`` so each published definition is
  a Step Functions version; executions start on that version's ARN and the alias ``live``
  points at the tenant's current version;
- on the embedded stack (``machines``): moto cannot start executions on a version or alias
  (reference/local-aws.md), so each published version is a state machine of its own,
  ``<default name>-<tenant id>-v<n>``; the alias is only the tenant's record.

The Lambda ARNs that ``Fn::GetAtt`` references resolve to are read from the deployed default:
its definition is workflows/evaluation.asl.json with those references resolved, so aligning the
two gives every catalog function's ARN, on AWS and in the emulation alike. A catalog step the
default does not use (notify) is named like its siblings (``<service>-<stage>-<function key>``,
serverless' naming), so its ARN is a sibling's with the function key swapped.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from functions import config
from functions.engine.clients import client
from functions.engine.segments import state_machine_arn

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "workflows" / "evaluation.asl.json"
ALIAS = "live"


def mode() -> str:
    return config.current().workflow_versions


def default_definition() -> dict:
    return json.loads(DEFAULT_FILE.read_text())


def _deployed() -> tuple[dict[str, str], str]:
    return _deployed_at(state_machine_arn())


@cache
def _deployed_at(arn: str) -> tuple[dict[str, str], str]:
    """Logical id → Lambda ARN, and the role, of the deployed default state machine."""
    described = client("stepfunctions").describe_state_machine(stateMachineArn=arn)
    arns: dict[str, str] = {}
    _align(default_definition(), json.loads(described["definition"]), arns)
    _siblings(arns)
    return arns, described["roleArn"]


def _siblings(arns: dict[str, str]) -> None:
    """The ARNs of catalog steps the default does not use, from one it does."""
    from functions.engine.catalog import STEPS  # apispec and the schemas only when publishing

    known = next(
        (arns[s.logical_id], s.function)
        for s in STEPS
        if s.logical_id in arns and arns[s.logical_id].endswith(f"-{s.function}")
    )
    prefix = known[0][: -len(known[1])]
    for s in STEPS:
        arns.setdefault(s.logical_id, prefix + s.function)


def _align(raw: Any, deployed: Any, arns: dict[str, str]) -> None:
    if isinstance(raw, dict):
        if set(raw) == {"Fn::GetAtt"} and isinstance(deployed, str):
            arns[raw["Fn::GetAtt"][0]] = deployed
            return
        if isinstance(deployed, dict):
            for key, value in raw.items():
                if key in deployed:
                    _align(value, deployed[key], arns)
    elif isinstance(raw, list) and isinstance(deployed, list):
        for a, b in zip(raw, deployed, strict=False):
            _align(a, b, arns)


def resolve(definition: Any) -> Any:
    """``{"Fn::GetAtt": [logical id, "Arn"]}`` → the deployed function's ARN."""
    arns = _deployed()[0]
    if isinstance(definition, dict):
        if set(definition) == {"Fn::GetAtt"}:
            logical = definition["Fn::GetAtt"][0]
            if logical not in arns:
                raise KeyError(f"no deployed function for {logical}")
            return arns[logical]
        return {k: resolve(v) for k, v in definition.items()}
    if isinstance(definition, list):
        return [resolve(v) for v in definition]
    return definition


def _name(tenant_id: str, number: int | None = None) -> str:
    base = state_machine_arn().rsplit(":", 1)[1]
    return f"{base}-{tenant_id}" + (f"-v{number}" if number is not None else "")


def _arn_of(name: str) -> str:
    return state_machine_arn().rsplit(":", 1)[0] + f":{name}"


def publish(tenant_id: str, number: int, digest: str, definition: dict, note: str) -> str:
    """Make ``definition`` (of sha256 ``digest``) runnable as the tenant's version ``number``;
    return the ARN its executions start on. Publishing it again returns the same machine; two
    concurrent publishes of different definitions under one number get different machines
    (the name holds the hash), and only one of them is recorded."""
    sfn = client("stepfunctions")
    resolved = json.dumps(resolve(definition))
    role = _deployed()[1]
    if mode() == "machines":
        name = f"{_name(tenant_id, number)}-{digest[:8]}"
        try:
            return sfn.create_state_machine(name=name, definition=resolved, roleArn=role)[
                "stateMachineArn"
            ]
        except sfn.exceptions.StateMachineAlreadyExists:
            return _arn_of(name)
    name = _name(tenant_id)
    try:
        return sfn.update_state_machine(
            stateMachineArn=_arn_of(name),
            definition=resolved,
            publish=True,
            versionDescription=note[:256],
        )["stateMachineVersionArn"]
    except sfn.exceptions.StateMachineDoesNotExist:
        return sfn.create_state_machine(
            name=name,
            definition=resolved,
            roleArn=role,
            publish=True,
            versionDescription=note[:256],
        )["stateMachineVersionArn"]


def exists(machine_arn: str) -> bool:
    """Whether the state machine of a recorded version is there (the embedded runtime's are
    gone after a restart: functions/services/recovery.py publishes them again)."""
    sfn = client("stepfunctions")
    try:
        sfn.describe_state_machine(stateMachineArn=machine_arn)
    except sfn.exceptions.StateMachineDoesNotExist:
        return False
    return True


def point_alias(tenant_id: str, machine_arn: str) -> None:
    """On AWS, the tenant's alias ``live`` → ``machine_arn`` (a version ARN)."""
    if mode() == "machines" or machine_arn == state_machine_arn():
        return
    sfn = client("stepfunctions")
    routing = [{"stateMachineVersionArn": machine_arn, "weight": 100}]
    alias_arn = f"{_arn_of(_name(tenant_id))}:{ALIAS}"
    try:
        sfn.update_state_machine_alias(stateMachineAliasArn=alias_arn, routingConfiguration=routing)
    except sfn.exceptions.ResourceNotFound:
        sfn.create_state_machine_alias(name=ALIAS, routingConfiguration=routing)


def aws_check(definition: dict) -> dict:
    """Step Functions' own ValidateStateMachineDefinition, where it exists (not in moto 5.2.5:
    reference/local-aws.md)."""
    if mode() == "machines":
        return {
            "checked": False,
            "reason": "the embedded Step Functions (moto) does not "
            "implement ValidateStateMachineDefinition",
        }
    result = client("stepfunctions").validate_state_machine_definition(
        definition=json.dumps(resolve(definition)), type="STANDARD"
    )
    return {
        "checked": True,
        "result": result["result"],
        "diagnostics": result.get("diagnostics", []),
    }
