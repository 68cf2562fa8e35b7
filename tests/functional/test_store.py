"""The store translates PynamoDB's errors: a taken key, a lost version race, a failed
transaction condition and a storage failure each arrive as our own answer."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pynamodb.exceptions import DoesNotExist, PutError

from functions.errors import Conflict, StorageUnavailable, TransientError
from functions.store import keys
from functions.store.repository import TenantRepository


def test_create_is_false_when_the_key_is_taken(stack):
    repo = TenantRepository(stack.sample.tenant_id)
    assert repo.create(repo.new_unit("store-test", name="Store test")) is True
    assert repo.create(repo.new_unit("store-test", name="Another")) is False
    assert [u.name for u in repo.units() if u.unit_id == "store-test"] == ["Store test"]


def test_a_lost_version_race_raises_the_callers_conflict(stack):
    repo = TenantRepository(stack.sample.tenant_id)
    repo.create(repo.new_unit("store-race", name="Before"))
    mine, theirs = (next(u for u in repo.units() if u.unit_id == "store-race") for _ in "ab")
    theirs.name = "Theirs"
    repo.put(theirs)
    mine.name = "Mine"
    lost = Conflict("the unit changed meanwhile")
    with pytest.raises(Conflict) as raised:
        repo.put(mine, lost)
    assert raised.value is lost
    assert next(u.name for u in repo.units() if u.unit_id == "store-race") == "Theirs"


def test_a_failed_transaction_condition_is_the_conflict_not_busy(stack):
    repo = TenantRepository(stack.sample.tenant_id)
    repo.create(repo.new_unit("store-tx", name="Exists"))
    changed, busy = Conflict("changed"), TransientError("busy")
    with pytest.raises(Conflict) as raised, repo.all_or_none(changed, busy) as writes:
        writes.put(repo.new_unit("store-tx", name="Again"))  # new: on not existing
    assert raised.value is changed


def test_any_other_storage_failure_is_storage_unavailable(stack, monkeypatch):
    repo = TenantRepository(stack.sample.tenant_id)
    unit = repo.new_unit("store-busy", name="Busy")
    throttled = ClientError(
        {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
        "PutItem",
    )

    def save(*args, **kwargs):
        raise PutError("throttled", cause=throttled)

    monkeypatch.setattr(type(unit), "save", save)
    with pytest.raises(StorageUnavailable) as raised:
        repo.create(unit)
    assert (raised.value.status, raised.value.body()["error"]["code"]) == (503, "transient")
    assert raised.value.message == "storage is busy; try again"


def test_nip_of_reads_a_cycle_key():
    nip = "198501012010011001"
    assert keys.nip_of(keys.cycle("tabcdefghij", nip, 2026)) == nip


def test_a_tenants_writes_refuse_another_tenants_records(stack):
    """Isolation by construction: a repository bound to one tenant cannot save, delete or
    transact an item under another tenant's keys, whatever its caller builds."""
    mine = TenantRepository(stack.sample.tenant_id)
    theirs = TenantRepository(keys.new_tenant_id())
    stray = theirs.new_unit("stray", name="Not mine")
    with pytest.raises(PermissionError):
        mine.put(stray)
    with pytest.raises(PermissionError):
        mine.create(stray)
    with pytest.raises(PermissionError):
        mine.delete(stray)
    with pytest.raises(PermissionError), mine.transaction() as writes:
        writes.put(mine.new_unit("own", name="Mine"))
        writes.put(stray)
    assert mine.find_unit("own") is None  # the refused transaction wrote nothing
    assert theirs.find_unit("stray") is None


def test_storage_errors_are_classified_by_what_they_are():
    from functions.errors import InvalidInput, ItemTooLarge, StorageFailed
    from functions.store.writes import storage_error

    def failed(code: str, message: str) -> PutError:
        return PutError("failed", cause=ClientError({"Error": {"Code": code, "Message": message}},
                                                     "PutItem"))  # fmt: skip

    cases = {
        ("ValidationException", "Item size has exceeded the maximum allowed size"): ItemTooLarge,
        (
            "ValidationException",
            "Number overflow. Attempting to store a number with magnitude "
            "larger than supported range",
        ): InvalidInput,
        ("ValidationException", "Nesting Levels have exceeded supported limits"): InvalidInput,
        ("ThrottlingException", "Rate exceeded"): StorageUnavailable,
        ("TransactionConflictException", "conflict"): StorageUnavailable,
        ("ConditionalCheckFailedException", "The conditional request failed"): Conflict,
        ("ValidationException", "One or more parameter values were invalid"): StorageFailed,
        ("AccessDeniedException", "no"): StorageFailed,
    }
    for (code, message), kind in cases.items():
        assert type(storage_error(failed(code, message))) is kind, (code, message)
    assert isinstance(storage_error(PutError("no answer")), StorageUnavailable)
    assert storage_error(DoesNotExist()).status == 404


def test_finished_items_expire_and_the_table_expires_them_as_deployed(stack):
    """Retention (docs/retention.md): a task gets ``expires_at`` (the table's TTL attribute,
    in infra/table.yml and on the embedded table alike) when it finishes, 400 days on; an open
    or reopened one has none. Deliveries and notifications get theirs by status."""
    from datetime import UTC, datetime, timedelta

    from functions.engine.clients import client
    from functions.local.project import time_to_live
    from functions.store import retention

    described = client("dynamodb").describe_time_to_live(TableName="kinerja")
    ttl = described["TimeToLiveDescription"]
    assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", retention.ATTRIBUTE)
    assert time_to_live() == {"AttributeName": "expires_at", "Enabled": True}

    repo = TenantRepository(stack.sample.tenant_id)
    due = datetime(2026, 3, 1, tzinfo=UTC)
    task = repo.new_task("t-retention", assignee_nip=None, status="open", due=due,
                         task_kind="draft_skp", subject_nip="1", year=2026, token="-")  # fmt: skip
    repo.index_task(task)
    assert task.expires_at is None
    task.status, task.completed_at = "done", due + timedelta(days=2)
    repo.index_task(task)
    assert task.expires_at == int((due + timedelta(days=402)).timestamp())
    task.status, task.completed_at = "timed_out", None  # expires counted from its deadline
    repo.index_task(task)
    assert task.expires_at == int((due + timedelta(days=400)).timestamp())
    task.status = "open"  # reopened for BKPSDM
    repo.index_task(task)
    assert task.expires_at is None
    at = "2026-01-02T08:00:00+00:00"
    thirty = int(datetime(2026, 2, 1, 8, tzinfo=UTC).timestamp())
    assert retention.of_status(retention.DELIVERY_DAYS, "applied", at) == thirty
    assert retention.of_status(retention.DELIVERY_DAYS, "received", at) is None
    assert retention.of_status(retention.NOTIFICATION_DAYS, "pending", at) is None
