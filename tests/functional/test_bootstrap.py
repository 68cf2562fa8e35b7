"""A fresh deployment gets its first platform-operator key from `kinerja bootstrap` (moto stands
in for the deployed table): shown once, stored hashed, able to onboard a regency."""

from __future__ import annotations

from dataclasses import replace

import boto3
import pytest
from moto import mock_aws

from functions import config
from functions.local import cli
from functions.local.project import table_properties
from functions.services import auth
from functions.store import keys
from functions.store.repository import find_api_key


@pytest.fixture
def deployed(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    previous = config.use(None)
    with mock_aws():
        boto3.client("dynamodb", region_name="ap-southeast-3").create_table(
            TableName="kinerja-prod", **table_properties()
        )
        kms = boto3.client("kms", region_name="ap-southeast-3")
        yield kms.create_key()["KeyMetadata"]["Arn"]  # the stack's key for webhook secrets
    config.use(previous)


def test_bootstrap_issues_the_first_operator_key_once(deployed, capsys):
    assert cli.main(["bootstrap", "--stage", "prod", "--region", "ap-southeast-3"]) == 0
    key = capsys.readouterr().out.splitlines()[-1]
    operator = auth.authenticate(key)
    assert (operator.role, operator.tenant_id) == (auth.PLATFORM, None)
    stored = find_api_key(keys.api_key(auth._hash(key)))
    assert key not in str(stored.attribute_values)  # only its hash is kept

    assert cli.main(["bootstrap", "--stage", "prod", "--region", "ap-southeast-3"]) == 2
    refused = capsys.readouterr()
    assert f"kin_{operator.key_prefix}_" in refused.err and refused.out == ""
    assert cli.main(["bootstrap", "--stage", "prod", "--region", "ap-southeast-3", "--again"]) == 0


def test_the_operator_key_onboards_a_regency(deployed, capsys):
    from functions.services import tenancy

    cli.main(["bootstrap", "--stage", "prod", "--region", "ap-southeast-3"])
    operator = auth.authenticate(capsys.readouterr().out.splitlines()[-1])
    config.use(replace(config.current(), secrets_key=deployed))  # as the API's environment has
    created = tenancy.onboard(f"key:{operator.key_prefix}", "Kabupaten Uji", "35.13", {})
    assert auth.authenticate(created["admin_key"]).tenant_id == created["tenant_id"]
