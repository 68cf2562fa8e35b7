"""The store translates PynamoDB's errors: a taken key, a lost version race, a failed
transaction condition and a storage failure each arrive as our own answer."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pynamodb.exceptions import PutError

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
