"""Fixtures: the embedded stack (moto + in-process handlers + manual clock), the sample regency,
and API clients acting as its people."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import settings

from functions import logs
from functions.engine import clock
from functions.local import runtime
from functions.local.client import Client

# Speed is measured in bench/, not asserted here: no per-example deadline (Hypothesis' 200 ms
# failed property tests on a loaded machine).
settings.register_profile("kinerja", deadline=None)
settings.load_profile("kinerja")


@pytest.fixture
def stack() -> Iterator[runtime.Running]:
    """The whole system on loopback, clock at 2026-01-01, sample regency seeded."""
    previous = clock.current()
    running = runtime.start(starts_on=datetime(2026, 1, 1, tzinfo=UTC).date())
    yield running
    running.stop()
    clock.use(previous)


@pytest.fixture
def people(stack):
    return stack.sample.people


@pytest.fixture
def api(stack) -> Client:
    """An anonymous client; ``api.as_(key)`` acts as someone."""
    return Client(stack.url)


@pytest.fixture
def admin(api, stack) -> Client:
    return api.as_(stack.sample.admin_key)


@pytest.fixture
def log_lines(stack) -> Iterator[list[dict]]:
    """The lines the service logs meanwhile, at INFO and above, each formatted where it was
    logged (the keys of that thread) and read back as JSON."""
    lines: list[dict] = []

    class Kept(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(self.format(record)))

    kept, target = Kept(), logging.getLogger(logs.SERVICE)
    kept.setFormatter(logs.logger().registered_formatter)
    level = target.level
    target.addHandler(kept)
    target.setLevel(logging.INFO)
    yield lines
    target.removeHandler(kept)
    target.setLevel(level)
