"""API keys and who may act on whom.

A key is shown once (``kin_<prefix>_<secret>``) and stored only as its SHA-256. The tenant comes
from the key, never from a request body. Authorisation is by role and by relationship: a
pejabat penilai acts on their own subordinates, a pegawai on themselves.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from functions.engine import clock
from functions.errors import Conflict, Forbidden, Unauthorized
from functions.store import keys, writes
from functions.store.records import ApiKeyRecord
from functions.store.repository import TenantRepository, find_api_key, platform_keys

PLATFORM, ADMIN, PEGAWAI, AUDITOR, INTEGRATION = (
    "platform",
    "tenant_admin",
    "pegawai",
    "auditor",
    "integration",
)
ROLES = (PLATFORM, ADMIN, PEGAWAI, AUDITOR, INTEGRATION)


@dataclass(frozen=True)
class Principal:
    role: str
    tenant_id: str | None
    nip: str | None
    key_prefix: str

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def label(self) -> str:
        """Who acted, for audit entries and histories: the role and the NIP or key prefix."""
        return f"{self.role}:{self.nip or self.key_prefix}"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key(
    role: str, tenant_id: str | None, nip: str | None, label: str
) -> tuple[str, ApiKeyRecord]:
    """A new key and its unsaved record (for a transaction); only the hash is stored. The
    record is listed under its tenant (GSI1) by its visible prefix."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role}")
    prefix = secrets.token_hex(4)
    key = f"kin_{prefix}_{secrets.token_urlsafe(24)}"
    record = ApiKeyRecord(
        keys.api_key(_hash(key)),
        keys.API_KEY,
        prefix=prefix,
        tenant_id=tenant_id,
        role=role,
        nip=nip,
        label=label,
        gsi1pk=keys.keys_of(tenant_id),
        gsi1sk=keys.key_listing(prefix),
        created_at=clock.now().isoformat(),
    )
    return key, record


def issue_key(role: str, tenant_id: str | None, nip: str | None, label: str) -> str:
    """Create a key and return it; only its hash is stored."""
    key, record = new_key(role, tenant_id, nip, label)
    writes.save_on_version(record)  # new: on its key being free
    return key


def first_operator_key(label: str, again: bool = False) -> str:
    """The first platform-operator key of a new deployment (shown once, stored hashed), who
    then onboards regencies with ``POST /tenants``. Refused when a working one exists, unless
    ``again`` (the last one was lost)."""
    working = [k for k in platform_keys() if not k.revoked]
    if working and not again:
        prefixes = ", ".join(f"kin_{k.prefix}_…" for k in working)
        raise Conflict(f"this deployment has platform-operator keys already: {prefixes}")
    return issue_key(PLATFORM, None, None, label)


# Key lookups, cached briefly per process (every request needs one). A revocation in this
# process forgets the key at once (:func:`forget_key`); other processes notice within KEY_TTL.
KEY_TTL = 5.0
_keys: dict[str, tuple[float, ApiKeyRecord]] = {}


def forget_key(key_pk: str) -> None:
    _keys.pop(key_pk, None)


def key_reference(key: str) -> str:
    """Where a key's record is stored (derived from its hash): what the console's signed
    session cookie holds instead of the key itself."""
    return keys.api_key(_hash(key))


def authenticate(key: str | None) -> Principal:
    if not key:
        raise Unauthorized("send an API key: Authorization: Bearer <key>")
    return authenticate_reference(key_reference(key))


def authenticate_reference(pk: str) -> Principal:
    """The principal of the key stored at ``pk`` (see :func:`key_reference`), revocation
    included."""
    cached = _keys.get(pk)
    record: ApiKeyRecord | None
    if cached is not None and cached[0] > time.monotonic():
        record = cached[1]
    else:
        record = find_api_key(pk)
        if record is None:
            raise Unauthorized("unknown API key")
        _keys[pk] = (time.monotonic() + KEY_TTL, record)
    if record.revoked:
        raise Unauthorized(f"the API key kin_{record.prefix}_… is revoked")
    return Principal(record.role, record.tenant_id, record.nip, record.prefix)


def require_tenant(principal: Principal) -> TenantRepository:
    if principal.tenant_id is None:
        raise Forbidden("this operation acts inside a tenant; use a tenant credential")
    repo = TenantRepository(principal.tenant_id)
    if not repo.profile().enabled:
        raise Forbidden("this tenant is disabled")
    return repo


def require_role(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise Forbidden(f"the role {principal.role} may not do this", details={"roles": roles})


def may_read(principal: Principal, repo: TenantRepository, nip: str) -> None:
    """Admins and auditors read everyone; a person reads themselves and their subordinates."""
    if principal.role in (ADMIN, AUDITOR) or principal.nip == nip:
        return
    if principal.role == PEGAWAI and repo.employee(nip).penilai_nip == principal.nip:
        return
    raise Forbidden(f"you may not see employee {nip}")


def may_act_as_self(principal: Principal, nip: str) -> None:
    if principal.role != PEGAWAI or principal.nip != nip:
        raise Forbidden(f"only employee {nip} may do this")
