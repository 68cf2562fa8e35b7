"""Hardening (issue 16): storage errors mapped to what they are, plausible names and NIPs, a
clock that refuses absurd moves, evidence links capped out loud, imports all or nothing."""

from __future__ import annotations

import logging

from botocore.exceptions import ClientError
from pynamodb.connection.base import Connection

from tests.functional.raw_http import call


def failing(monkeypatch, operation: str, code: str, message: str) -> None:
    """DynamoDB answers ``operation`` with the error ``code`` from now on."""
    real = Connection.dispatch

    def dispatch(self, operation_name, operation_kwargs):
        if operation_name == operation:
            raise ClientError({"Error": {"Code": code, "Message": message}}, operation_name)
        return real(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "dispatch", dispatch)


# --- storage errors ------------------------------------------------------------------------------
def test_a_record_over_dynamodb_s_item_size_is_413_naming_the_limit_not_try_again(stack):
    fields = {"nip": "data.nip", "text": "data.t" + "x" * 8000, "date": "data.d"}
    events = {f"ev{i}": {"action": "feedback", "fields": fields} for i in range(100)}
    mapping = {"event_type_path": "type", "events": events}
    answer = call(stack.url, "PUT", "/webhooks/sources/eoffice/mapping", stack.sample.admin_key,
                  body=mapping)  # fmt: skip
    assert answer.status == 413, answer.raw
    error = answer.json["error"]
    assert error["code"] == "payload_too_large" and error["details"]["limit"] == "item_size"
    assert "400 KB" in error["message"] and "Retry-After" not in answer.headers


def test_throttled_storage_is_503_with_retry_after(stack, monkeypatch):
    failing(monkeypatch, "Query", "ProvisionedThroughputExceededException", "slow down")
    answer = call(stack.url, "GET", "/units", stack.sample.admin_key)
    assert answer.status == 503 and answer.json["error"]["code"] == "transient"
    assert answer.headers["Retry-After"] == "1"


def test_any_other_storage_refusal_is_500_with_an_error_id_that_is_logged(
    stack, monkeypatch, caplog
):
    failing(monkeypatch, "Query", "ValidationException", "One or more parameter values were bad")
    with caplog.at_level(logging.ERROR, logger="functions.store.repository"):
        answer = call(stack.url, "GET", "/units", stack.sample.admin_key)
    assert answer.status == 500, answer.raw
    error = answer.json["error"]
    assert error["code"] == "storage_error" and "Retry-After" not in answer.headers
    assert error["details"]["error_id"] in error["message"]
    assert error["details"]["error_id"] in caplog.text
