"""Every write to the table, and the translation of what DynamoDB answers to our errors.

A write bound to a tenant (``TenantRepository.put`` and friends, or the :class:`Writes` of its
``all_or_none``/``transaction``) refuses a record whose keys are another tenant's, so isolation
holds by construction rather than by each caller's care. Platform-level writes (tenants,
credentials looked up before the tenant is known, webhook deliveries keyed by the path's tenant)
use the same functions with no tenant.

A failed condition becomes the caller's own error (``conflict``) or ``False`` for :func:`create`;
any other failure becomes StorageUnavailable. Nothing above the store imports PynamoDB.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from pynamodb.connection import Connection
from pynamodb.exceptions import (
    DeleteError,
    DoesNotExist,
    PutError,
    PynamoDBException,
    TransactWriteError,
    UpdateError,
)
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from functions.errors import (
    Conflict,
    InvalidInput,
    ItemTooLarge,
    KinerjaError,
    NotFound,
    StorageFailed,
    StorageUnavailable,
    TransientError,
)
from functions.store import counters, keys
from functions.store.records import Record

log = logging.getLogger(__name__)
CONDITION_FAILED = "ConditionalCheckFailedException"


def check_owner(tenant_id: str | None, record: Record) -> None:
    """A tenant's write may only touch that tenant's items: its partition key, or for an item
    kept in a platform partition (an API key), its listing key, starts with the tenant's."""
    if tenant_id is None:
        return
    key = record.pk if record.pk.startswith("T#") else (record.gsi1pk or "")
    if not keys.owns(tenant_id, key):
        raise PermissionError(f"a write of tenant {tenant_id} names {record.pk!r}")


def _connection() -> Connection:
    return Record._get_connection().connection  # the records' own: one botocore client


class Writes:
    """Saves and deletes in one transaction (each save conditional on the version read)."""

    def __init__(self, transaction: TransactWrite, tenant_id: str | None) -> None:
        self._transaction = transaction
        self._tenant_id = tenant_id
        self.written: list[tuple[Record, bool]] = []  # (record, deleted): for the counters

    def put(self, record: Record, condition: Condition | None = None) -> None:
        check_owner(self._tenant_id, record)
        self._transaction.save(record, condition=condition)
        self.written.append((record, False))

    def put_new(self, record: Record) -> None:
        """Save a record on the condition that its key is free."""
        self.put(record, condition=type(record).pk.does_not_exist())

    def delete(self, record: Record, condition: Condition | None = None) -> None:
        check_owner(self._tenant_id, record)
        self._transaction.delete(record, condition)
        self.written.append((record, True))

    def check(self, record: Record, condition: Condition) -> None:
        """``condition`` on another item, holding when the transaction commits (no write)."""
        check_owner(self._tenant_id, record)
        self._transaction.condition_check(type(record), record.pk, record.sk, condition=condition)


@contextmanager
def transaction(tenant_id: str | None = None) -> Iterator[Writes]:
    """All-or-nothing writes; a failure leaves nothing written and is raised as is. A cycle's
    change moves its unit's counters in the same transaction (store/counters.py)."""
    with TransactWrite(connection=_connection()) as transact:
        writes = Writes(transact, tenant_id)
        yield writes
        counters.apply(transact, counters.changes(writes.written))
    counters.counted(writes.written)


def _counted_alone(record: Record, condition: Condition | None, gone: bool = False) -> bool:
    """Write one record whose change moves the counters in a transaction with them; False
    when its condition failed. Records that move no counter: nothing (the caller writes)."""
    if not counters.changes([(record, gone)]):
        return False
    try:
        with transaction() as writes:
            if gone:
                writes.delete(record, condition)
            else:
                writes.put(record, condition)
    except TransactWriteError as error:
        if _condition_failed(error):
            raise _ConditionFailed from error
        raise storage_error(error) from error
    return True


class _ConditionFailed(Exception):
    """The condition of a write :func:`_counted_alone` made failed."""


@contextmanager
def all_or_none(
    conflict: KinerjaError, busy: KinerjaError | None = None, tenant_id: str | None = None
) -> Iterator[Writes]:
    """A transaction whose saves are conditional on the versions read (a new record's: on not
    existing yet); when it fails, nothing is written and ``conflict`` is raised. With ``busy``,
    that is raised instead when no condition failed (throttling, a concurrent transaction)."""
    try:
        with transaction(tenant_id) as writes:
            yield writes
    except TransactWriteError as error:
        if _condition_failed(error):
            raise conflict from error
        translated = storage_error(error)
        if isinstance(translated, TransientError):
            raise (busy or conflict) from error
        raise translated from error


def _condition_failed(error: TransactWriteError) -> bool:
    return any(
        r is not None and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons
    )


# DynamoDB's codes for "not now": throttling, its own trouble, a concurrent transaction.
_TRANSIENT_CODES = frozenset({
    "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
    "InternalServerError", "ServiceUnavailable", "TransactionConflict",
    "TransactionConflictException", "TransactionInProgressException",
})  # fmt: skip
# DynamoDB says "too large" only in a ValidationException's message; this is the one place that
# reads it (PutItem: "Item size has exceeded ...", UpdateItem: "Item size to update has ...").
_TOO_LARGE = ("Item size has exceeded", "Item size to update has exceeded")
# Values DynamoDB cannot hold: numbers beyond its range or 38 digits, maps nested over 32 deep.
_UNSTORABLE = ("Number overflow", "Number underflow", "Attempting to store more than 38",
               "Nesting Levels have exceeded")  # fmt: skip


def _saying(messages: list[str], phrases: tuple[str, ...]) -> str | None:
    """The first of ``phrases`` that one of ``messages`` holds (a transaction's reasons may
    wrap DynamoDB's message in more text)."""
    return next((p for p in phrases for m in messages if p in m), None)


def storage_error(error: PynamoDBException) -> KinerjaError:
    """What a failed storage call is, as our error: an item over DynamoDB's 400 KB (413, naming
    the limit); a value it cannot hold (422); throttling or a concurrent transaction
    (StorageUnavailable, 503 with Retry-After); a lost version race (Conflict); anything else a
    bug of ours (StorageFailed, 500, logged with an error id)."""
    if isinstance(error, DoesNotExist):  # a raw get of a key that holds nothing
        return NotFound("not found")
    reasons = [r for r in getattr(error, "cancellation_reasons", None) or [] if r is not None]
    codes = {error.cause_response_code, *(r.code for r in reasons)} - {None}
    messages = [error.cause_response_message or "", *(r.message or "" for r in reasons)]
    if _saying(messages, _TOO_LARGE):
        return ItemTooLarge(
            "what this request would store exceeds the storage limit of 400 KB per record",
            details={"body": ["the stored record would exceed 400 KB; send less"],
                     "limit": "item_size"},
        )  # fmt: skip
    if unstorable := _saying(messages, _UNSTORABLE):
        return InvalidInput(
            "a value of this request cannot be stored: numbers up to 38 digits and 1e125, "
            "objects nested up to 32 levels",
            details={"body": [unstorable], "limit": "storable_value"},
        )  # fmt: skip
    if "ConditionalCheckFailedException" in codes:  # a raw save lost a version race
        return Conflict("the record changed meanwhile; read it again")
    if codes & _TRANSIENT_CODES or error.cause is None or not codes:
        log.warning("storage busy: %s %s", sorted(codes), error)
        return StorageUnavailable()
    error_id = uuid.uuid4().hex[:12]
    log.error("storage error %s: %s %s %s", error_id, sorted(codes), error, messages)
    return StorageFailed(
        f"storage refused the request (error id {error_id}); report it with that id",
        details={"error_id": error_id},
    )


def create(record: Record, tenant_id: str | None = None) -> bool:
    """Save a new record on the condition that its key is free: False when it is taken."""
    check_owner(tenant_id, record)
    try:
        if _counted_alone(record, type(record).pk.does_not_exist()):
            return True
        record.save(type(record).pk.does_not_exist())
    except _ConditionFailed:
        return False
    except PutError as error:
        if error.cause_response_code == CONDITION_FAILED:
            return False
        raise storage_error(error) from error
    return True


def save_on_version(
    record: Record, conflict: KinerjaError | None = None, tenant_id: str | None = None
) -> None:
    """Save a record on the version read; ``conflict`` when another writer saved it first."""
    check_owner(tenant_id, record)
    try:
        if _counted_alone(record, None):
            return
        record.save()
    except _ConditionFailed as error:
        raise (conflict or _changed(record)) from error
    except PutError as error:
        if error.cause_response_code == CONDITION_FAILED:
            raise (conflict or _changed(record)) from error
        raise storage_error(error) from error


def delete(
    record: Record, tenant_id: str | None = None, condition: Condition | None = None
) -> bool:
    """Delete a record (on ``condition``): False when the condition failed."""
    check_owner(tenant_id, record)
    try:
        if _counted_alone(record, condition, gone=True):
            return True
        record.delete(condition)
    except _ConditionFailed:
        return False
    except DeleteError as error:
        if error.cause_response_code == CONDITION_FAILED:
            return False
        raise storage_error(error) from error
    return True


def set_attribute(record: Record, tenant_id: str | None, name: str, value) -> None:
    """Set one attribute in place (no version condition: for fields only one writer sets)."""
    check_owner(tenant_id, record)
    try:
        record.update(actions=[getattr(type(record), name).set(value)])
    except UpdateError as error:
        raise storage_error(error) from error


def _changed(record: Record) -> Conflict:
    return Conflict(f"the {record.kind} changed meanwhile; read it again")
