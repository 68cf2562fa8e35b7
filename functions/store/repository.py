"""The tenant-scoped repository: the only way steps, services and the API reach the table.

A repository is bound to one tenant id; every key it builds starts with that tenant's prefix
(``keys``), so code holding it cannot read or write another tenant's items. PynamoDB's errors
stop here: the writes below turn a failed condition into the caller's own error (Conflict,
False) and any other failure into what :func:`storage_error` says it is; the rest of the code
never imports PynamoDB and names its exceptions only as :data:`StorageError`.
"""

from __future__ import annotations

from pynamodb.exceptions import PynamoDBException

from functions.store import keys, pages
from functions.store.administration import Administration
from functions.store.base import _find
from functions.store.cycles import Cycles
from functions.store.jobs import Jobs
from functions.store.people import People
from functions.store.records import (
    ApiKeyRecord,
    TenantRecord,
)
from functions.store.reviews import Reviews
from functions.store.tasks import Tasks

# What a raw storage call (a record's save, a query) raises when DynamoDB fails it; the API
# answers it as :func:`storage_error` classifies it (functions/api/errors.py).
StorageError = PynamoDBException


def find_api_key(key_pk: str) -> ApiKeyRecord | None:
    """A credential, looked up before the tenant is known (platform level)."""
    return _find(ApiKeyRecord, key_pk, keys.API_KEY)


def platform_keys() -> list[ApiKeyRecord]:
    """The platform operators' keys (listed outside every tenant)."""
    return list(ApiKeyRecord.by_gsi1.query(keys.keys_of(None)))


def tenants_page(limit: int, cursor: str | None) -> tuple[list[TenantRecord], str | None]:
    """The platform's tenants, a page at a time (platform level)."""
    return pages.page(
        lambda start, size: TenantRecord.by_gsi1.query(
            keys.TENANTS, limit=size, last_evaluated_key=start
        ),
        limit=limit,
        cursor=cursor,
        partition={"gsi1pk": keys.TENANTS},
        attributes=pages.KEY_ATTRIBUTES,
    )


class TenantRepository(People, Cycles, Tasks, Reviews, Administration, Jobs):
    """A tenant's repository: one part per aggregate (functions/store/people.py, cycles.py,
    tasks.py, reviews.py, administration.py, jobs.py), the writes and their tenant check in
    base.py."""
