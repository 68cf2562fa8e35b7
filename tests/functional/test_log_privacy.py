"""What our logs may hold: never a whole API key, webhook signing secret or task token (a key's
visible prefix, ``kin_<prefix>_…``, is how a line names one), and on each request's line only
the tenant of that request's caller, whatever a former request on the same thread left."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest

from functions import logs
from functions.api.app import create_app
from functions.store.records import TaskRecord
from tests.functional import test_isolation

# the isolation walk's fixtures: the sample regency with a record of every kind, two others
world, receiver = test_isolation.world, test_isolation.receiver
WHOLE_KEY = re.compile(r"kin_[0-9a-f]{8}_[A-Za-z0-9_-]{8,}")
WHOLE_SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]{8,}")


class Kept(logging.Handler):
    """Every record, formatted as its logger formats it (JSON for ours, with its keys)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def kept() -> Iterator[Kept]:
    """Our loggers at DEBUG (the service's Powertools logger, functions.* modules' own)."""
    handler = Kept()
    handler.setFormatter(logs.logger().registered_formatter)
    touched = [logging.getLogger(logs.SERVICE), logging.getLogger("functions")]
    levels = [target.level for target in touched]
    for target in touched:
        target.addHandler(handler)
        target.setLevel(logging.DEBUG)
    yield handler
    for target, level in zip(touched, levels, strict=True):
        target.removeHandler(handler)
        target.setLevel(level)


def test_no_log_line_or_output_holds_a_whole_key_secret_or_token(
    stack, world, receiver, kept, capfd
):
    """The walk: onboarding, keys issued, refused and revoked credentials, cycles and their
    steps, tasks, a dead e-office delivery and an outbound notification, errors of every
    kind — with every logger of ours at DEBUG."""
    assert test_isolation._walk(world) == []
    printed = capfd.readouterr()
    sample = stack.sample
    keys = {sample.admin_key, sample.platform_key, sample.auditor_key, world.stranger_key}
    keys |= {p["key"] for p in sample.people.values()}
    keys |= {*world.a_keys.values(), *world.b_keys.values(), *world.disabled_keys.values()}
    secrets = {sample.webhook_secret, receiver.secret}
    tokens = {
        t.token
        for t in TaskRecord.scan(TaskRecord.pk.startswith(f"T#{sample.tenant_id}#TASK#"))
        if t.token and len(t.token) > 16
    }  # test only: the service never scans
    assert len(kept.lines) > 50 and tokens and None not in secrets
    text = "\n".join([*kept.lines, printed.out, printed.err])
    assert not [k for k in keys if k in text], "a whole API key is logged"
    assert not [s for s in secrets if s in text], "a whole webhook secret is logged"
    assert not [t for t in tokens if t in text], "a whole task token is logged"
    assert not WHOLE_KEY.search(text) and not WHOLE_SECRET.search(text)


def test_a_request_line_carries_only_its_caller_s_tenant_on_a_reused_thread(stack, world, kept):
    """As in a warm Lambda container: one thread serves request after request."""
    app = create_app()
    client = app.test_client()
    a_tenant = stack.sample.tenant_id
    b_admin = world.b_keys["tenant_admin"]
    b_tenant = world.b_tenant
    nip = world.params["nip"]
    kept.lines.clear()
    logs.add_keys(tenant_id=a_tenant, stray="left by a request that crashed")
    calls = [
        ("/health", None, None),
        ("/units", b_admin, b_tenant),
        ("/units", stack.sample.admin_key, a_tenant),
        (f"/employees/{nip}", b_admin, b_tenant),  # A's employee: 404 for B
        ("/units", "kin_00000000_notakey", None),  # 401
        ("/units", None, None),
    ]
    for path, key, _ in calls:
        client.get(path, headers=_bearer(key))
    requests = [json.loads(line) for line in kept.lines if '"message":"request"' in line]
    assert [line.get("tenant_id") for line in requests] == [t for *_, t in calls]
    assert not any("stray" in line for line in requests)
    assert dict(logs.logger().thread_safe_get_current_keys()) == {}  # nothing left behind


def _bearer(key: str | None) -> dict:
    return {"Authorization": f"Bearer {key}"} if key else {}
