"""Hardening at the HTTP edge (issue 16): no input gets a 500, every refusal names its limit."""

from __future__ import annotations

import json

import pytest

from functions.api.limits import MAX_DEPTH, MAX_JSON_BYTES, MAX_NUMBER_CHARS
from tests.functional.raw_http import Answer
from tests.functional.test_webhooks import deliver

YEAR = 2026


def send(stack, method: str, path: str, key: str | None, data: bytes) -> Answer:
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(stack.url + path, data, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.fixture
def employee(people):
    nip = sorted(people)[3]
    return nip, people[nip]["key"]


ROUTES = [
    ("POST", "/cycles"),
    ("PUT", "/cycles/{nip}/2026/skp"),
    ("POST", "/tasks/complete"),
    ("PUT", "/webhooks/sources/eoffice/mapping"),
    ("POST", "/employees"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_body_nested_1000_deep_is_400_naming_the_depth_limit_for_anyone(
    stack, employee, method, path
):
    nip, key = employee
    for who in (key, stack.sample.admin_key):
        answer = send(stack, method, path.format(nip=nip), who, nested(1000))
        assert answer.status == 400, answer.raw
        error = answer.json["error"]
        assert error["code"] == "limit_exceeded" and error["details"]["limit"] == "depth"
        assert str(MAX_DEPTH) in error["message"]


def test_a_5000_digit_number_is_400_naming_the_number_limit(stack, employee):
    nip, key = employee
    for data in (b'{"year": ' + b"1" * 5000 + b"}", b'{"year": 1e' + b"9" * 60 + b"}"):
        answer = send(stack, "POST", "/cycles", stack.sample.admin_key, data)
        assert answer.status == 400
        assert answer.json["error"]["details"]["limit"] == "number_length"
    answer = send(stack, "PUT", f"/cycles/{nip}/{YEAR}/skp", key, b'{"x": 9' + b"9" * 5000 + b"}")
    assert answer.status == 400 and str(MAX_NUMBER_CHARS) in answer.json["error"]["message"]


def test_nan_and_infinity_are_not_json(stack):
    for word in (b"NaN", b"Infinity", b"-Infinity"):
        answer = send(stack, "POST", "/cycles", stack.sample.admin_key, b'{"year": ' + word + b"}")
        assert answer.status == 400 and answer.json["error"]["code"] == "malformed_request"


def test_brackets_and_digits_inside_strings_do_not_count(admin):
    from functions.local.client import ApiError

    text = "[" * 100 + "9" * 100 + "NaN"
    with pytest.raises(ApiError) as caught:  # refused for the unknown field, not for a limit
        admin.post("/cycles", {"year": YEAR, "note": text})
    assert caught.value.status == 422 and "note" in caught.value.body["error"]["details"]


def test_nesting_up_to_the_limit_is_parsed(stack):
    answer = send(stack, "POST", "/cycles", stack.sample.admin_key, nested(MAX_DEPTH))
    assert answer.status == 422  # a parsed body with an unknown field


def test_a_json_body_over_the_size_limit_is_413(stack):
    data = json.dumps({"year": YEAR, "pad": "x" * MAX_JSON_BYTES}).encode()
    answer = send(stack, "POST", "/cycles", stack.sample.admin_key, data)
    assert answer.status == 413 and answer.json["error"]["details"]["limit"] == "size"


def test_the_webhook_route_refuses_deep_and_long_bodies_with_a_4xx(stack):
    status, body = deliver(stack, b'{"type": "form.feedback", "data":' + nested(1000) + b"}")
    assert status == 400 and body["error"]["details"]["limit"] == "depth"
    status, body = deliver(stack, b'{"type": "x", "n": ' + b"7" * 5000 + b"}")
    assert status == 400 and body["error"]["details"]["limit"] == "number_length"
