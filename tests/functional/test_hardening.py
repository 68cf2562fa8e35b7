"""Hardening (issue 16): storage errors mapped to what they are, plausible names and NIPs, a
clock that refuses absurd moves, evidence links capped out loud, imports all or nothing."""

from __future__ import annotations

import json
import logging

from botocore.exceptions import ClientError
from pynamodb.connection.base import Connection

from tests.functional.raw_http import Answer, call
from tests.functional.test_limits import send


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


# --- names and NIPs ------------------------------------------------------------------------------
EMPLOYEE = {"nip": "198001012005011077", "name": "Budi Santoso", "unit_id": "setda",
            "asn_kind": "pns", "position_kind": "pelaksana", "position": "Staf Umum"}  # fmt: skip
UNBORN = "209901012120011001"  # born 1 January 2099, appointed January 2120: digits that parse


def test_a_lone_surrogate_in_a_name_is_refused_and_nothing_is_stored(stack):
    body = json.dumps({**EMPLOYEE, "name": "Budi \ud800"}).encode()  # the JSON escape \ud800
    assert b"\\ud800" in body
    answer = send(stack, "POST", "/employees", stack.sample.admin_key, body)
    assert answer.status == 400 and "surrogate" in answer.json["error"]["message"]
    assert (
        call(stack.url, "GET", f"/employees/{EMPLOYEE['nip']}", stack.sample.admin_key).status
        == 404
    )
    created = call(stack.url, "POST", "/employees", stack.sample.admin_key, body=EMPLOYEE)
    assert created.status == 201, created.raw  # the same employee, named properly, is new


def test_a_blank_or_invisible_name_is_422_naming_the_field(stack):
    for name in ("   ", "\u200b\u00a0", "Budi\x00"):
        for path, body in (("/employees", {**EMPLOYEE, "name": name}),
                           ("/units", {"unit_id": "u-blank", "name": name})):  # fmt: skip
            answer = call(stack.url, "POST", path, stack.sample.admin_key, body=body)
            assert answer.status == 422, (name, answer.raw)
            assert "name" in answer.json["error"]["details"]


def test_a_nip_born_after_today_is_422_through_the_api_and_the_import(stack):
    answer = call(stack.url, "POST", "/employees", stack.sample.admin_key,
                  body={**EMPLOYEE, "nip": UNBORN})  # fmt: skip
    assert answer.status == 422
    assert "after today (2026-01-01)" in answer.json["error"]["details"]["nip"][0]
    rows = [["NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan"],
            [UNBORN, "Bayi Masa Depan", "setda", "PNS", "Pelaksana", "Staf"]]  # fmt: skip
    data = "\n".join(",".join(row) for row in rows).encode()
    answer = send_file(stack, "/imports/employees", data)
    assert answer.status == 422, answer.raw
    report = call(stack.url, "GET", answer.json["error"]["details"]["report"],
                  stack.sample.admin_key)  # fmt: skip
    assert b"after today" in report.raw
    assert call(stack.url, "GET", f"/employees/{UNBORN}", stack.sample.admin_key).status == 404


def send_file(stack, path: str, data: bytes, key: str | None = None) -> Answer:
    import urllib.error
    import urllib.request

    headers = {
        "Content-Type": "text/csv",
        "Authorization": f"Bearer {key or stack.sample.admin_key}",
    }
    request = urllib.request.Request(stack.url + path, data, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


# --- the embedded clock --------------------------------------------------------------------------
def test_the_clock_refuses_absurd_moves_with_422_and_stays_put(stack):
    platform = stack.sample.platform_key
    for to in ("9999-01-01T00:00:00Z", "2032-01-01T00:00:00Z", "2025-12-31T00:00:00Z"):
        answer = call(stack.url, "POST", "/clock", platform, body={"to": to})
        assert answer.status == 422, (to, answer.raw)
        assert "to" in answer.json["error"]["details"]
    assert call(stack.url, "GET", "/clock", platform).json["now"].startswith("2026-01-01")
    moved = call(stack.url, "POST", "/clock", platform, body={"to": "2026-03-01T00:00:00Z"})
    assert moved.status == 200 and moved.json["now"].startswith("2026-03-01")
