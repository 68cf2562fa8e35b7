"""Idempotency-Key on the creating calls: a retry answers the first answer and creates nothing
more; another body with the same key is refused; the stored answer (which holds secrets shown
once) is not readable from the table."""

from __future__ import annotations

import json

import pytest

from functions.errors import Conflict
from functions.services import idempotency
from functions.services.idempotency import UnreadableAnswer
from tests.functional.raw_http import Answer, call

NEW = {"name": "Kabupaten Ulang", "region_code": "33.02"}


def send(stack, method: str, path: str, key: str, body=None, idem: str | None = None) -> Answer:
    headers = {"Idempotency_Key": idem} if idem is not None else {}
    return call(stack.url, method, path, key, body, **headers)


def tenants_named(stack, name: str) -> list[dict]:
    page = send(stack, "GET", "/tenants?limit=200", stack.sample.platform_key).json
    return [t for t in page["items"] if t["name"] == name]


def test_a_retried_onboarding_answers_the_first_answer_and_creates_one_tenant(stack):
    platform = stack.sample.platform_key
    first = send(stack, "POST", "/tenants", platform, NEW, idem="onboard-ulang-0001")
    again = send(stack, "POST", "/tenants", platform, NEW, idem="onboard-ulang-0001")
    assert first.status == again.status == 201
    assert again.json == first.json  # the same tenant id, admin key and webhook secret
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(tenants_named(stack, NEW["name"])) == 1
    # the key answered twice is the one that works
    assert send(stack, "GET", "/keys", first.json["admin_key"]).status == 200


def test_the_same_key_with_another_body_is_refused_naming_the_header(stack):
    platform = stack.sample.platform_key
    assert send(stack, "POST", "/tenants", platform, NEW, idem="onboard-ulang-0002").status == 201
    other = {**NEW, "name": "Kabupaten Lain Lagi"}
    refused = send(stack, "POST", "/tenants", platform, other, idem="onboard-ulang-0002")
    assert refused.status == 422
    assert refused.json["error"]["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in refused.json["error"]["details"]
    assert tenants_named(stack, other["name"]) == []


def test_without_the_header_nothing_changes_and_a_malformed_key_is_422(stack):
    admin = stack.sample.admin_key
    body = {"role": "auditor", "label": "pemeriksa"}
    made = [send(stack, "POST", "/keys", admin, body).json["prefix"] for _ in range(2)]
    assert made[0] != made[1]
    refused = send(stack, "POST", "/keys", admin, body, idem="short")
    assert refused.status == 422 and "Idempotency-Key" in refused.json["error"]["details"]


def test_an_issued_key_is_issued_once_and_a_refused_request_can_be_fixed_with_its_key(stack):
    admin = stack.sample.admin_key

    def prefixes() -> set[str]:
        return {k["prefix"] for k in send(stack, "GET", "/keys?limit=200", admin).json["items"]}

    before = prefixes()
    wrong = send(stack, "POST", "/keys", admin, {"role": "raja", "label": "x y"}, idem="key-0003x")
    assert wrong.status == 422 and "role" in wrong.json["error"]["details"]  # not remembered
    body = {"role": "auditor", "label": "pemeriksa"}
    first = send(stack, "POST", "/keys", admin, body, idem="key-0003x")
    again = send(stack, "POST", "/keys", admin, body, idem="key-0003x")
    assert first.status == again.status == 201 and again.json == first.json
    assert prefixes() - before == {first.json["prefix"]}


def test_a_retried_rotation_rotates_once(stack):
    admin = stack.sample.admin_key
    issued = send(stack, "POST", "/keys", admin, {"role": "auditor", "label": "pemeriksa"}).json
    path = f"/keys/{issued['prefix']}/rotate"
    first = send(stack, "POST", path, admin, idem="rotate-0004")
    again = send(stack, "POST", path, admin, idem="rotate-0004")
    assert first.status == again.status == 201 and again.json == first.json
    assert send(stack, "GET", "/tasks", first.json["key"]).status != 401  # not rotated again


def test_webhook_secrets_and_subscriptions_are_created_once(stack):
    admin = stack.sample.admin_key
    path = "/webhooks/sources/eoffice/secrets"
    first = send(stack, "POST", path, admin, {"label": "kedua"}, idem="secret-0005")
    again = send(stack, "POST", path, admin, {"label": "kedua"}, idem="secret-0005")
    assert first.status == again.status == 201 and again.json == first.json
    labels = [s["label"] for s in send(stack, "GET", path, admin).json]
    assert labels.count("kedua") == 1
    body = {"url": "http://127.0.0.1:9/x", "event_types": ["skp.approved"]}
    made = [send(stack, "POST", "/webhooks/outbound", admin, body, idem="out-0005") for _ in "ab"]
    assert made[0].status == made[1].status == 201 and made[0].json == made[1].json
    assert len(send(stack, "GET", "/webhooks/outbound", admin).json) == 1


def test_another_api_key_has_its_own_idempotency_keys(stack, api):
    platform = stack.sample.platform_key
    other = json.loads(
        send(stack, "POST", "/tenants", platform, {**NEW, "name": "Kabupaten Kunci"}).raw
    )
    admins = (stack.sample.admin_key, other["admin_key"])
    body = {"role": "auditor", "label": "pemeriksa"}
    made = [send(stack, "POST", "/keys", a, body, idem="shared-0006").json for a in admins]
    assert made[0]["prefix"] != made[1]["prefix"]


def test_no_answer_is_stored_in_the_clear(stack):
    from functions.store.idempotency import _client

    platform = stack.sample.platform_key
    created = send(stack, "POST", "/tenants", platform, NEW, idem="onboard-ulang-0007").json
    items = _client().scan(TableName=stack_table(), ScanFilter=idem_items())["Items"]
    assert items, "the record is in the table"
    stored = json.dumps(items)
    secret = created["webhook_secret"]["secret"]
    for plain in (created["admin_key"], secret, created["tenant_id"], NEW["name"], platform):
        assert plain not in stored
    assert items[0]["expires_at"]  # the table's TTL removes it


def stack_table() -> str:
    from functions import config

    return config.current().table


def idem_items() -> dict:
    return {"pk": {"AttributeValueList": [{"S": "IDEM#"}], "ComparisonOperator": "BEGINS_WITH"}}


def test_a_sealed_answer_opens_only_with_the_caller_s_key():
    sealed = idempotency.seal("kin_a_secret", "key-0008", {"status": 201, "body": "kin_new"})
    assert "kin_new" not in sealed
    assert idempotency.unseal("kin_a_secret", "key-0008", sealed)["body"] == "kin_new"
    for api_key, key in (("kin_b_secret", "key-0008"), ("kin_a_secret", "key-0009")):
        with pytest.raises(UnreadableAnswer):
            idempotency.unseal(api_key, key, sealed)


def test_a_retry_while_the_first_request_runs_is_409(stack):
    asked = {"method": "POST", "path": "/keys", "body": {}}

    def meanwhile() -> dict:  # the retry arrives while the first call is still running
        return idempotency.once("kin_c_secret", "key-0010", asked, lambda: {"n": 2})[0]

    with pytest.raises(Conflict) as caught:
        idempotency.once("kin_c_secret", "key-0010", asked, meanwhile)
    assert "Idempotency-Key" in caught.value.details
    # the first failed (it raised): nothing is remembered, the key works again
    assert idempotency.once("kin_c_secret", "key-0010", asked, lambda: {"n": 3}) == (
        {"n": 3},
        False,
    )
