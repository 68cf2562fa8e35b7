"""Idempotency-Key records: Powertools' Idempotency utility with its DynamoDB persistence layer,
on the project's one table, keyed by :func:`functions.store.keys.idempotency`.

:func:`once` runs a call once per (scope, Idempotency-Key): the first request stores an
``INPROGRESS`` item (a conditional put), runs the call and stores its result (``COMPLETED``); a
retry with the same key and request gets that result back without running the call; the same key
with another request is refused. A call that raises stores nothing (the item is deleted), so a
refused or failed request can be retried with its key. Items expire after :data:`EXPIRES_AFTER`
(the table's TTL attribute ``expires_at``, infra/table.yml; Powertools also ignores an expired
item itself). What is stored is what the caller hands in: functions/services/idempotency.py
seals the answer first.

Powertools talks to DynamoDB through a boto3 client of its own (not PynamoDB); it is created here,
once per table and region, so the table is still reached from functions/store only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)

from functions import config
from functions.errors import Conflict, IdempotencyKeyReused, StorageUnavailable
from functions.store import keys

EXPIRES_AFTER = 24 * 3600  # seconds a key is remembered
HEADER = "Idempotency-Key"

_lock = threading.Lock()
_clients: dict[tuple[str, str], Any] = {}


class _Remaining:
    """What Powertools asks of a Lambda context: the time left, so that an ``INPROGRESS`` item
    left by a request that died (a timeout) stops blocking its key when that time is over."""

    def __init__(self, millis: int) -> None:
        self.millis = millis

    def get_remaining_time_in_millis(self) -> int:
        return self.millis


def _client() -> Any:
    where = config.current()
    with _lock:
        found = _clients.get((where.table, where.region))
        if found is None:
            found = boto3.session.Session().client("dynamodb", region_name=where.region)
            _clients[(where.table, where.region)] = found
    return found


def _layer(scope: str) -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(
        table_name=config.current().table,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=keys.idempotency(scope),
        expiry_attr="expires_at",
        in_progress_expiry_attr="in_progress_expires_at",
        status_attr="idempotency_status",
        data_attr="answer",
        validation_key_attr="request_hash",
        boto3_client=_client(),
    )


def once(
    scope: str, key: str, request: dict, call: Callable[[], dict], remaining_millis: int
) -> tuple[dict, bool]:
    """``call()``'s result (a JSON object), run at most once for ``key`` in ``scope``; and
    whether it is a replay. ``request`` (e.g. method, path, body) must be the same on a retry:
    another one is :class:`IdempotencyKeyReused` (422). A retry while the first request still
    runs is :class:`Conflict` (409)."""
    replayed: list[bool] = []

    def mark(response: Any, idempotent_data: Any) -> Any:
        replayed.append(True)
        return response

    settings = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="request",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=EXPIRES_AFTER,
        hash_function="sha256",
        lambda_context=_Remaining(remaining_millis),  # type: ignore[arg-type]
        response_hook=mark,
    )

    def run(data: dict) -> dict:
        return call()

    guarded = idempotent_function(
        run,
        data_keyword_argument="data",
        persistence_store=_layer(scope),
        config=settings,
        key_prefix=keys.IDEMPOTENCY,
    )
    try:
        answer = guarded(data={"key": key, "request": request})
    except IdempotencyValidationError:
        raise IdempotencyKeyReused(
            f"this {HEADER} was used for another request; send a new key with a new request",
            details={HEADER: ["used with another method, path or body"]},
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict(
            f"the first request with this {HEADER} is still running; retry in a moment",
            details={HEADER: ["in progress"]},
        ) from None
    except IdempotencyPersistenceLayerError as error:
        raise StorageUnavailable() from error
    return answer, bool(replayed)
