"""A tenant's API keys: list, issue, rotate, revoke (auth.py creates and checks them).

Keys are listed under their tenant (GSI1, by the visible prefix) and never shown again after
they are issued: the listing has the prefix, role, label, NIP and dates, never the hash. Rotating
issues a new key for the same holder and revokes the old one *at once*, in one transaction with
its audit entry: the new key is in the answer, so there is no moment with neither, and a key
believed leaked stops working immediately. Revocation forgets this process's cached lookup;
other processes stop accepting the key within auth.KEY_TTL seconds.
"""

from __future__ import annotations

from functions.engine import clock
from functions.errors import Conflict, InvalidInput, NotFound
from functions.services import audit, auth
from functions.store.records import ApiKeyRecord
from functions.store.repository import TenantRepository

TENANT_ROLES = (auth.ADMIN, auth.PEGAWAI, auth.AUDITOR, auth.INTEGRATION)
SHOWN = ("prefix", "role", "label", "nip", "created_at", "revoked", "revoked_at", "revoked_by")


def shown(record: ApiKeyRecord) -> dict:
    return {name: getattr(record, name) for name in SHOWN}


def listing(
    repo: TenantRepository, limit: int, cursor: str | None, revoked: bool | None = None
) -> tuple[list[dict], str | None]:
    found, after = repo.api_keys_page(limit, cursor, revoked)
    return [shown(r) for r in found], after


def find(repo: TenantRepository, prefix: str) -> ApiKeyRecord:
    """The tenant's key with this prefix; another tenant's key is simply not found."""
    record = repo.api_key(prefix)
    if record is not None:
        return record
    raise NotFound(f"key kin_{prefix}_… not found")


def _holder(repo: TenantRepository, role: str, nip: str | None) -> None:
    if role not in TENANT_ROLES:
        raise InvalidInput("not a tenant role", details={"role": [f"one of {TENANT_ROLES}"]})
    if role == auth.PEGAWAI and not nip:
        raise InvalidInput("a pegawai key names its holder", details={"nip": ["required"]})
    if nip and repo.find_employee(nip) is None:
        raise InvalidInput("no such employee", details={"nip": [f"{nip} is not an employee"]})


def _new(repo: TenantRepository, role: str, nip: str | None, label: str):
    """A new key whose prefix is not yet listed in the tenant (32 bits: a clash is rare)."""
    while True:
        key, record = auth.new_key(role, repo.tenant_id, nip, label)
        if repo.api_key(record.prefix) is None:
            return key, record


def _write(repo: TenantRepository, *records, what: str, keep: ApiKeyRecord | None = None) -> None:
    """``records`` in one transaction; with ``keep``, only while that key is still working."""
    with repo.all_or_none(Conflict(f"{what} changed meanwhile; read it again")) as writes:
        for record in records:
            writes.put(record)
        if keep is not None:  # revoked meanwhile (two admins revoking each other's key)
            writes.check(keep, ApiKeyRecord.revoked == False)  # noqa: E712


def issue(repo: TenantRepository, actor: str, role: str, nip: str | None, label: str) -> dict:
    _holder(repo, role, nip)
    key, record = _new(repo, role, nip, label)
    trail = audit.entry(
        repo, actor, "key.issue", f"key/{record.prefix}", after=shown(record), subject_nip=nip
    )
    _write(repo, record, trail, what="the key")
    return {**shown(record), "key": key, "replaces": None}


def _revoked(record: ApiKeyRecord, actor: str) -> None:
    record.revoked = True
    record.revoked_at = clock.now().isoformat()
    record.revoked_by = actor


def revoke(repo: TenantRepository, actor: str, prefix: str) -> dict:
    """Revoke a key (again: no change). A tenant keeps at least one working admin key."""
    record = find(repo, prefix)
    if record.revoked:
        return shown(record)
    other = _keep_an_admin(repo, record)
    before = shown(record)
    _revoked(record, actor)
    trail = audit.entry(
        repo, actor, "key.revoke", f"key/{prefix}", before=before, after=shown(record),
        subject_nip=record.nip,
    )  # fmt: skip
    _write(repo, record, trail, what=f"key {prefix}", keep=other)
    auth.forget_key(record.pk)
    return shown(record)


def rotate(repo: TenantRepository, actor: str, prefix: str) -> dict:
    """A new key for the same holder, role and label; the old one revoked at once. Not the
    tenant's last working admin key: its replacement would exist only in this answer, and an
    answer lost on the way would lock the regency out (as revoking it would)."""
    old = find(repo, prefix)
    if old.revoked:
        raise Conflict(f"key kin_{prefix}_… is revoked; issue a new one instead")
    other = _keep_an_admin(repo, old)
    key, new = _new(repo, old.role, old.nip, old.label)
    before = shown(old)
    _revoked(old, actor)
    trail = audit.entry(
        repo, actor, "key.rotate", f"key/{prefix}", before=before,
        after={"revoked": shown(old), "issued": shown(new)}, subject_nip=old.nip,
    )  # fmt: skip
    _write(repo, old, new, trail, what=f"key {prefix}", keep=other)
    auth.forget_key(old.pk)
    return {**shown(new), "key": key, "replaces": prefix}


def _keep_an_admin(repo: TenantRepository, record: ApiKeyRecord) -> ApiKeyRecord | None:
    """Another working admin key of the tenant, when ``record`` is an admin key: the write
    that revokes ``record`` is conditional on it still working, so two admins revoking each
    other's key at once cannot both succeed."""
    if record.role != auth.ADMIN:
        return None
    others = [a for a in repo.working_keys(auth.ADMIN) if a.prefix != record.prefix]
    if others:
        return others[0]
    raise Conflict(
        "this is the tenant's last working admin key: issue another admin key first, "
        "then revoke or rotate this one",
        details={"prefix": ["the last working tenant_admin key"]},
    )
