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
from collections.abc import Iterator
from contextlib import contextmanager

from pynamodb.connection import Connection
from pynamodb.exceptions import (
    DeleteError,
    PutError,
    PynamoDBException,
    TransactWriteError,
    UpdateError,
)
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from functions.errors import Conflict, KinerjaError, StorageUnavailable
from functions.store import keys
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

    def put(self, record: Record, condition: Condition | None = None) -> None:
        check_owner(self._tenant_id, record)
        self._transaction.save(record, condition=condition)

    def put_new(self, record: Record) -> None:
        """Save a record on the condition that its key is free."""
        self.put(record, condition=type(record).pk.does_not_exist())

    def delete(self, record: Record) -> None:
        check_owner(self._tenant_id, record)
        self._transaction.delete(record)


@contextmanager
def transaction(tenant_id: str | None = None) -> Iterator[Writes]:
    """All-or-nothing writes; a failure leaves nothing written and is raised as is."""
    with TransactWrite(connection=_connection()) as writes:
        yield Writes(writes, tenant_id)


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
        if busy is not None and not _condition_failed(error):
            raise busy from error
        raise conflict from error


def _condition_failed(error: TransactWriteError) -> bool:
    return any(
        r is not None and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons
    )


def _unavailable(error: PynamoDBException) -> StorageUnavailable:
    log.warning("storage error: %s", error)
    return StorageUnavailable()


def create(record: Record, tenant_id: str | None = None) -> bool:
    """Save a new record on the condition that its key is free: False when it is taken."""
    check_owner(tenant_id, record)
    try:
        record.save(type(record).pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == CONDITION_FAILED:
            return False
        raise _unavailable(error) from error
    return True


def save_on_version(
    record: Record, conflict: KinerjaError | None = None, tenant_id: str | None = None
) -> None:
    """Save a record on the version read; ``conflict`` when another writer saved it first."""
    check_owner(tenant_id, record)
    try:
        record.save()
    except PutError as error:
        if error.cause_response_code == CONDITION_FAILED:
            raise (conflict or _changed(record)) from error
        raise _unavailable(error) from error


def delete(record: Record, tenant_id: str | None = None) -> None:
    check_owner(tenant_id, record)
    try:
        record.delete()
    except DeleteError as error:
        raise _unavailable(error) from error


def set_attribute(record: Record, tenant_id: str | None, name: str, value) -> None:
    """Set one attribute in place (no version condition: for fields only one writer sets)."""
    check_owner(tenant_id, record)
    try:
        record.update(actions=[getattr(type(record), name).set(value)])
    except UpdateError as error:
        raise _unavailable(error) from error


def _changed(record: Record) -> Conflict:
    return Conflict(f"the {record.kind} changed meanwhile; read it again")
