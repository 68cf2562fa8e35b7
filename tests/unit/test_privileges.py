"""Least privilege as deployed (infra/iam.yml, infra/table.yml, serverless.yml): which partitions
of the table each role may name (``dynamodb:LeadingKeys``), who may open which webhook secrets,
and a table that cannot be deleted. Read from the source files with their ``${file(...)}``
fragments resolved; when infra/package.sh has built the template, checked there too."""

from __future__ import annotations

import json
import re

import pytest

from functions.local.project import ROOT, load_yaml
from functions.store import keys

IAM = load_yaml(ROOT / "infra" / "iam.yml")
SERVERLESS = load_yaml(ROOT / "serverless.yml")
TABLE = load_yaml(ROOT / "infra" / "table.yml")["Resources"]["KinerjaTable"]
TEMPLATE = ROOT / ".serverless" / "cloudformation-template-update-stack.json"
FRAGMENT = re.compile(r"^\$\{file\(infra/iam\.yml\):Fragments\.(\w+)\}$")
TABLE_ARN = {"Fn::GetAtt": ["KinerjaTable", "Arn"]}
ITEM_ACTIONS = {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"}  # fmt: skip
TENANT_DATA = (frozenset(ITEM_ACTIONS), "ForAllValues:StringLike", ("T#*",))
API_KEYS = (frozenset({"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"}),
            "ForAllValues:StringLike", ("KEY#*",))  # fmt: skip
LISTINGS = (frozenset({"dynamodb:Query"}), "ForAllValues:StringEquals",
            ("TENANTS", "PLATFORM#KEYS"))  # fmt: skip
IDEM_ACTIONS = {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem"}  # fmt: skip
IDEMPOTENCY = (frozenset(IDEM_ACTIONS), "ForAllValues:StringLike", ("IDEM#*",))
# role → the (actions, condition operator, leading keys) of each of its DynamoDB statements
EXPECTED = {
    "StepsRole": {TENANT_DATA},
    "BoundaryRole": {TENANT_DATA},
    "WebhookWorkerRole": {TENANT_DATA},
    "JobsRole": {TENANT_DATA},
    "SimulateRole": {TENANT_DATA},  # a draft's dry run: the draft, settings, employees
    "ApiRole": {TENANT_DATA, API_KEYS, LISTINGS, IDEMPOTENCY},
}


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value)


def _resolved(value):
    """``value`` with every ``${file(infra/iam.yml):Fragments.x}`` replaced by the fragment."""
    if isinstance(value, str) and (match := FRAGMENT.match(value)):
        return _resolved(IAM["Fragments"][match.group(1)])
    if isinstance(value, dict):
        return {k: _resolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolved(v) for v in value]
    return value


def statements(resources: dict, role: str) -> list[dict]:
    return [
        statement
        for policy in resources[role]["Properties"]["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def table_grants(resources: dict, role: str) -> set[tuple]:
    """The role's DynamoDB statements as (actions, operator, leading keys); each must carry a
    LeadingKeys condition and name only the table and its indexes."""
    found = set()
    for statement in statements(resources, role):
        actions = _as_list(statement["Action"])
        if not any(a.startswith("dynamodb:") for a in actions):
            continue
        assert all(a in ITEM_ACTIONS for a in actions), (role, actions)  # no Scan, no *
        assert statement["Effect"] == "Allow"
        named = statement["Resource"]
        for resource in named if isinstance(named, list) else [named]:
            assert resource == TABLE_ARN or "KinerjaTable" in json.dumps(resource), resource
        ((operator, condition),) = statement["Condition"].items()
        ((name, leading),) = condition.items()
        assert name == "dynamodb:LeadingKeys", (role, statement)
        found.add((frozenset(actions), operator, tuple(_as_list(leading))))
    return found


def source_resources() -> dict:
    return _resolved(IAM["Resources"])


def test_every_role_reaching_the_table_names_the_partitions_it_may_reach():
    resources = source_resources()
    reaching = {
        role
        for role, resource in resources.items()
        if resource["Type"] == "AWS::IAM::Role"
        and any("dynamodb:" in json.dumps(s.get("Action")) for s in statements(resources, role))
    }
    assert reaching == set(EXPECTED)
    for role, expected in EXPECTED.items():
        assert table_grants(resources, role) == expected, role


def test_the_functions_run_as_these_roles():
    roles = {name: f["role"] for name, f in SERVERLESS["functions"].items()}
    assert roles["api"] == "ApiRole" and roles["webhookWorker"] == "WebhookWorkerRole"
    assert roles["boundary"] == "BoundaryRole" and roles["cycleJobs"] == "JobsRole"
    assert roles["simulate"] == "SimulateRole"
    own = ("api", "webhookWorker", "boundary", "cycleJobs", "simulate")
    assert {r for n, r in roles.items() if n not in own} == {"StepsRole"}
    assert "iam" not in SERVERLESS["provider"]  # no shared role with statements of its own


def test_the_key_formats_lie_where_the_roles_expect_them():
    """Tenant data under ``T#``; the platform items the API alone reaches, under their own."""
    tenant = keys.new_tenant_id()
    for key in (keys.tenant(tenant), keys.cycle(tenant, "198001012005011001", 2026),
                keys.task(tenant, "x"), keys.keys_of(tenant), keys.audit_month(tenant, "2026-01"),
                keys.webhook_delivery(tenant, "m"), keys.workflows(tenant)):  # fmt: skip
        assert key.startswith("T#")
    assert keys.api_key("0" * 64).startswith("KEY#")
    assert (keys.TENANTS, keys.keys_of(None)) == ("TENANTS", "PLATFORM#KEYS")
    if hasattr(keys, "idempotency"):  # Idempotency-Key records (issue 9)
        assert keys.idempotency("scope").startswith("IDEM#")


def test_webhook_secrets_open_only_in_the_function_that_uses_them():
    """The API seals both kinds and opens a source's secret to verify a delivery; the worker
    opens an outbound subscription's secret to sign. Nobody else touches the key."""
    resources = source_resources()
    granted: dict[str, set] = {}
    for role, resource in resources.items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        for statement in statements(resources, role):
            actions = _as_list(statement["Action"])
            if any(a.startswith("kms:") for a in actions):
                assert statement["Resource"] == {"Fn::GetAtt": ["SecretsKey", "Arn"]}
                condition = statement["Condition"]
                assert condition["StringLike"] == {"kms:EncryptionContext:tenant_id": "t*"}
                kinds = _as_list(condition["StringEquals"]["kms:EncryptionContext:kind"])
                granted.setdefault(role, set()).update((a, k) for a in actions for k in kinds)
    assert granted == {
        "ApiRole": {
            ("kms:GenerateDataKey", "webhook_secret"),
            ("kms:GenerateDataKey", "webhook_outbound"),
            ("kms:Decrypt", "webhook_secret"),
        },
        "WebhookWorkerRole": {("kms:Decrypt", "webhook_outbound")},
    }


def test_the_table_cannot_be_deleted_or_lost():
    assert TABLE["DeletionPolicy"] == "Retain" and TABLE["UpdateReplacePolicy"] == "Retain"
    properties = TABLE["Properties"]
    assert properties["DeletionProtectionEnabled"] is True
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


@pytest.mark.skipif(not TEMPLATE.exists(), reason="infra/package.sh has not built the template")
def test_the_generated_template_carries_the_same_conditions():
    resources = json.loads(TEMPLATE.read_text())["Resources"]
    for role, expected in EXPECTED.items():
        assert table_grants(resources, role) == expected, role
    functions = {
        name: resource["Properties"]["Role"]
        for name, resource in resources.items()
        if resource["Type"] == "AWS::Lambda::Function"
    }
    assert functions["ApiLambdaFunction"] == {"Fn::GetAtt": ["ApiRole", "Arn"]}
    assert functions["WebhookWorkerLambdaFunction"] == {"Fn::GetAtt": ["WebhookWorkerRole", "Arn"]}
    assert resources["KinerjaTable"]["Properties"]["DeletionProtectionEnabled"] is True
