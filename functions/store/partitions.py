"""The partitions a tenant's items live in, found by Query (for the export).

Why partitions are *enumerated* and not scanned: a Scan (even with a ``begins_with(pk, T#id)``
filter) reads the whole table — every tenant's items, paid for and seen by the function before
the filter drops them — and IAM cannot confine a Scan with ``dynamodb:LeadingKeys``. So the API
role has no Scan at all (infra/iam.yml), and the export walks the tenant's partitions by Query:
the tenant partition itself, then the partitions reachable from it through GSI1 and the key
formats beside this module (cycles by year, tasks by assignee, audit months, import reports,
workflow definitions, webhook deliveries).

Each kind of partition has a *finder* here, next to the key formats it follows. A kind of item
under ``T#<id>`` in a new partition needs a finder; tests/functional/test_tenants.py compares the
export with a (test-only) Scan of the tenant's prefix, so a partition nobody finds fails a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal

from functions.store import keys
from functions.store.records import CycleRecord, Record, TaskRecord
from functions.store.repository import TenantRepository

Finder = Callable[[TenantRepository, date], Iterable[str]]  # (repo, today): partition keys
FINDERS: list[Finder] = []
# Cycle years a request may name (schemas.fields.YEAR): each is one small GSI query.
FIRST_YEAR, LAST_YEAR = 2020, 2100
ID = ["pk", "sk", "kind"]  # enough to find a partition (the discriminator types the record)


def finder(find: Finder) -> Finder:
    """Register a finder of partitions."""
    FINDERS.append(find)
    return find


@finder
def _tenant_partition(repo: TenantRepository, today: date) -> Iterable[str]:
    yield repo.pk


@finder
def _cycles(repo: TenantRepository, today: date) -> Iterable[str]:
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for cycle in CycleRecord.by_gsi1.query(
            keys.cycles_of_year(repo.tenant_id, year), attributes_to_get=ID
        ):
            yield cycle.pk


@finder
def _tasks(repo: TenantRepository, today: date) -> Iterable[str]:
    employees = repo.employees()
    people = {e.nip for e in employees} | {e.penilai_nip for e in employees if e.penilai_nip}
    for assignee in [*sorted(people), "-"]:
        pk = keys.tasks_of(repo.tenant_id, assignee)
        for task in TaskRecord.by_gsi1.query(pk, attributes_to_get=ID):
            yield task.pk


@finder
def _audit_months(repo: TenantRepository, today: date) -> Iterable[str]:
    created = repo.profile().created_at or f"{FIRST_YEAR}-01"
    year, month = int(created[:4]), int(created[5:7])
    last = (today.year + (today.month == 12), today.month % 12 + 1)  # a month ahead: skew
    while (year, month) <= last:
        yield keys.audit_month(repo.tenant_id, f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@finder
def _import_reports(repo: TenantRepository, today: date) -> Iterable[str]:
    condition = Record.sk.startswith(keys.IMPORT_PREFIX)
    for job in Record.query(repo.pk, condition, attributes_to_get=ID):
        yield keys.import_report(repo.tenant_id, job.sk[len(keys.IMPORT_PREFIX) :])


@finder
def _workflows(repo: TenantRepository, today: date) -> Iterable[str]:
    yield keys.workflows(repo.tenant_id)  # drafts, versions and the alias: one partition


@finder
def _webhooks(repo: TenantRepository, today: date) -> Iterable[str]:
    yield keys.webhook_config(repo.tenant_id)
    for status in keys.DELIVERY_STATUSES:
        pk = keys.deliveries_by_status(repo.tenant_id, status)
        for delivery in Record.by_gsi1.query(pk, attributes_to_get=ID):
            yield delivery.pk


def partitions(repo: TenantRepository, today: date) -> Iterator[str]:
    """Every partition of the tenant's, each once."""
    seen: set[str] = set()
    for find in FINDERS:
        for pk in find(repo, today):
            if pk not in seen and pk.startswith(repo.pk):
                seen.add(pk)
                yield pk


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def items(pk: str) -> Iterator[dict]:
    """Every item of a partition as stored (plain attribute values), page by page."""
    connection = Record._get_connection()  # PynamoDB's table binding, as its models use it
    start = None
    while True:
        page = connection.query(pk, exclusive_start_key=start, consistent_read=True)
        for item in page.get("Items", []):
            yield {name: _plain(value) for name, value in item.items()}
        start = page.get("LastEvaluatedKey")
        if not start:
            return


def _plain(value: dict):
    """A DynamoDB attribute value ({"S": ...}) as plain JSON-able Python."""
    ((kind, inner),) = value.items()
    if kind == "N":
        return _number(Decimal(inner))
    if kind == "M":
        return {k: _plain(v) for k, v in inner.items()}
    if kind == "L":
        return [_plain(v) for v in inner]
    if kind == "NULL":
        return None
    if kind in ("SS", "NS", "BS"):
        return sorted(inner)
    return inner
