"""The one logger: JSON lines (Powertools Logger) with the service, and the tenant and
correlation id as keys where known. Lines name things by their ids (tenant, delivery, task,
message) and errors by their type: never NIPs, names, secrets or evidence.

The logger is made on first use, as clients are: its level comes from ``POWERTOOLS_LOG_LEVEL``
(serverless.yml on AWS; the embedded runtime's own, WARNING, once it runs). Keys added here hold
in the current thread only, so handlers running side by side (the embedded runtime's threads)
never lend each other their tenant; a Lambda invocation (a step, a worker job) starts and ends
with none (:func:`invocation`), so a tenant never carries over to the next invocation of a warm
container, whatever the last one left.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from aws_lambda_powertools import Logger

SERVICE = "kinerja"


@cache
def logger() -> Logger:
    return Logger(service=SERVICE)


def add_keys(**values: object) -> None:
    """Put ``values`` (those not None) on every later line of this thread."""
    known = {name: value for name, value in values.items() if value is not None}
    if known:
        logger().thread_safe_append_keys(**known)


def drop_keys(*names: str) -> None:
    logger().thread_safe_remove_keys(names)


@contextmanager
def keys(**values: object) -> Iterator[None]:
    """``values`` on every line logged inside; afterwards the keys are as they were."""
    before = dict(logger().thread_safe_get_current_keys())
    add_keys(**values)
    try:
        yield
    finally:
        drop_keys(*values)
        add_keys(**{name: before[name] for name in values if name in before})


@contextmanager
def invocation(**values: object) -> Iterator[None]:
    """One invocation of a handler: only ``values`` on its lines (whatever an earlier invocation
    of this thread left is cleared first), and nothing left afterwards."""
    begin(**values)
    try:
        yield
    finally:
        end()


def begin(**values: object) -> None:
    """An invocation that starts in one hook and ends in another (a Flask request): only
    ``values`` from now on, whatever an earlier one of this thread left."""
    logger().thread_safe_clear_keys()
    add_keys(**values)


def end() -> None:
    logger().thread_safe_clear_keys()
