"""The IAM statements of infra/iam.yml are enough, and no more than what the code does: every
DynamoDB request the functions make while the isolation walk runs (onboarding, keys, cycles,
steps, tasks, e-office deliveries, outbound notifications) is allowed by its function's role,
judged by a small evaluator of the actions, resources and ``dynamodb:LeadingKeys`` conditions
(moto does not evaluate IAM, so without this a too-narrow statement would pass every test)."""

from __future__ import annotations

import fnmatch
import re
import sys
import threading
from collections.abc import Iterator

import pytest
from botocore.client import BaseClient

from tests.functional import test_isolation
from tests.unit.test_privileges import source_resources, statements

# the isolation walk's fixtures: the sample regency with a record of every kind, two others
world, receiver = test_isolation.world, test_isolation.receiver

# The innermost of these modules on the stack of a request says whose request it is.
ENTRIES = (
    ("functions.webhooks.worker", "WebhookWorkerRole"),
    ("functions.steps.boundary", "BoundaryRole"),
    ("functions.steps.", "StepsRole"),
    ("functions.api.", "ApiRole"),
    ("functions.console.", "ApiRole"),
)
KEY_NAMES = {"": "pk", "gsi1": "gsi1pk"}


def _role_of_caller() -> str | None:
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        for prefix, role in ENTRIES:
            if module == prefix or module.startswith(prefix):
                return role
        frame = frame.f_back
    return None  # the embedded runtime's own setup, a test: no Lambda function


def _query_key(params: dict) -> str:
    names = params.get("ExpressionAttributeNames", {})
    wanted = KEY_NAMES[params.get("IndexName", "")]
    for name, value in re.findall(r"(#\w+)\s*=\s*(:\w+)", params["KeyConditionExpression"]):
        if names.get(name, name) == wanted:
            return params["ExpressionAttributeValues"][value]["S"]
    raise AssertionError(f"no partition key in {params}")


def requests_of(operation: str, params: dict) -> Iterator[tuple[str, str, str]]:
    """(action, resource: "table" or "index/<name>", leading key) of each item a call names."""
    if operation in ("GetItem", "DeleteItem", "UpdateItem"):
        yield f"dynamodb:{operation}", "table", params["Key"]["pk"]["S"]
    elif operation == "PutItem":
        yield "dynamodb:PutItem", "table", params["Item"]["pk"]["S"]
    elif operation == "Query":
        index = params.get("IndexName")
        yield "dynamodb:Query", f"index/{index}" if index else "table", _query_key(params)
    elif operation == "TransactWriteItems":
        actions = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                   "ConditionCheck": "ConditionCheckItem"}  # fmt: skip
        for item in params["TransactItems"]:
            ((kind, body),) = item.items()
            key = body.get("Item", body.get("Key"))
            yield f"dynamodb:{actions[kind]}", "table", key["pk"]["S"]
    elif operation == "TransactGetItems":
        for item in params["TransactItems"]:
            yield "dynamodb:GetItem", "table", item["Get"]["Key"]["pk"]["S"]
    elif operation == "BatchGetItem":
        for request in params["RequestItems"].values():
            for key in request["Keys"]:
                yield "dynamodb:BatchGetItem", "table", key["pk"]["S"]
    elif operation == "BatchWriteItem":
        for writes in params["RequestItems"].values():
            for write in writes:
                body = write.get("PutRequest", {}).get("Item") or write["DeleteRequest"]["Key"]
                yield "dynamodb:BatchWriteItem", "table", body["pk"]["S"]
    else:  # Scan, DescribeTable, table management: no role has them
        yield f"dynamodb:{operation}", "table", ""


def _resource_matches(resource, where: str) -> bool:
    if resource == {"Fn::GetAtt": ["KinerjaTable", "Arn"]}:
        return where == "table"
    suffix = resource["Fn::Join"][1][-1]  # [table arn, "index", "*" or a name]
    return where.startswith("index/") and fnmatch.fnmatchcase(where[6:], suffix)


def allowed(role_statements: list[dict], action: str, where: str, leading: str) -> bool:
    for statement in role_statements:
        actions = statement["Action"]
        if action not in ([actions] if isinstance(actions, str) else actions):
            continue
        named = statement["Resource"]
        if not any(_resource_matches(r, where) for r in named):
            continue
        ((operator, condition),) = statement["Condition"].items()
        patterns = condition["dynamodb:LeadingKeys"]
        if operator == "ForAllValues:StringLike":
            if leading and any(fnmatch.fnmatchcase(leading, p) for p in patterns):
                return True
        elif operator == "ForAllValues:StringEquals" and leading in patterns:
            return True
    return False


@pytest.fixture
def dynamodb_requests(monkeypatch) -> list[tuple[str, str, str, str]]:
    """(role, action, resource, leading key) of each DynamoDB request a function makes."""
    seen: list[tuple[str, str, str, str]] = []
    lock = threading.Lock()
    real = BaseClient._make_api_call

    def recorded(client, operation, params):
        if client.meta.service_model.service_name == "dynamodb":
            role = _role_of_caller()
            if role is not None:
                with lock:
                    seen.extend((role, *r) for r in requests_of(operation, params))
        return real(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", recorded)
    return seen


def test_every_dynamodb_request_of_the_walk_is_allowed_by_its_role(dynamodb_requests, world):
    assert test_isolation._walk(world) == []
    resources = source_resources()
    refused = sorted(
        {
            (role, action, where, re.sub(r"#[^#]*$", "#…", leading))
            for role, action, where, leading in dynamodb_requests
            if not allowed(
                [s for s in statements(resources, role) if "dynamodb:" in str(s["Action"])],
                action,
                where,
                leading,
            )
        }
    )
    assert refused == [], "\n".join(map(str, refused))
    roles = {role for role, *_ in dynamodb_requests}
    assert roles >= {"ApiRole", "StepsRole", "WebhookWorkerRole"}, roles
    leading = {(role, key.split("#")[0]) for role, _, _, key in dynamodb_requests}
    assert {("ApiRole", "KEY"), ("ApiRole", "TENANTS"), ("ApiRole", "T")} <= leading
