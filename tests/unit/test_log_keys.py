"""Log keys per invocation: a warm container's next invocation never carries the last one's
tenant."""

from __future__ import annotations

from functions import logs
from functions.steps import failure


def current() -> dict:
    return dict(logs.logger().thread_safe_get_current_keys())


def test_an_invocation_starts_and_ends_without_the_keys_a_former_one_left():
    logs.add_keys(tenant_id="tleftover00", delivery_id="msg_old")  # e.g. a crash mid-request
    with logs.invocation(tenant_id="tnew0000000", correlation_id=None):
        assert current() == {"tenant_id": "tnew0000000"}
    assert current() == {}


def test_a_step_logs_only_its_own_tenant_and_execution(monkeypatch):
    seen = []
    monkeypatch.setattr(failure, "record_failure", lambda *args: seen.append(current()))
    logs.add_keys(tenant_id="tleftover00", correlation_id="arn:old", stray="x")
    event = {
        "tenant_id": "tabcdefghij",
        "nip": "198001012005011001",
        "year": 2026,
        "execution": "arn:aws:states:ap-southeast-3:1:execution:m:e",
        "error": {"Error": "X", "Cause": "y"},
    }
    assert failure.handler(event) == {"recorded": True}
    assert seen == [{"tenant_id": "tabcdefghij", "correlation_id": event["execution"]}]
    assert current() == {}
