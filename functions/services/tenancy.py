"""Onboarding by platform operators: create a regency, list them, disable and enable one.

Disabling keeps every item of the tenant; it only refuses its credentials (``require_tenant``
checks ``enabled`` on every request). Profiles are cached per process for PROFILE_TTL seconds,
so this process forgets the profile at once; another process notices within the TTL.
"""

from __future__ import annotations

from functions.domain.errors import DomainError
from functions.errors import Conflict, InvalidInput, NotFound
from functions.services import audit
from functions.services.tenants import create_tenant
from functions.store import keys
from functions.store.records import TenantRecord, plain
from functions.store.repository import TenantRepository, tenants_page


def shown(profile: TenantRecord) -> dict:
    return {
        "tenant_id": profile.tenant_id,
        "name": profile.name,
        "region_code": profile.region_code,
        "enabled": profile.enabled,
        "created_at": profile.created_at,
        "settings": plain(profile.settings) or {},
    }


def onboard(actor: str, name: str, region_code: str, settings: dict) -> dict:
    """A new regency, its first tenant-admin key and its first e-office webhook secret (both
    in the answer only)."""
    try:
        created = create_tenant(name, region_code, settings)
    except DomainError as error:  # the policy: name the field inside the body
        raise InvalidInput(str(error), details={f"settings.{error.field}": [error.rule]}) from None
    tenant_id, admin_key = created
    repo = TenantRepository(tenant_id)
    profile = repo.profile()
    audit.log(repo, actor, "tenant.create", f"tenant/{tenant_id}", after=shown(profile))
    webhook_secret = getattr(created, "webhook_secret", None)  # the e-office secret, shown once
    return {**shown(profile), "admin_key": admin_key, "webhook_secret": webhook_secret}


def tenants(limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    found, after = tenants_page(limit, cursor)
    return [shown(p) for p in found], after


def _profile(tenant_id: str) -> tuple[TenantRepository, TenantRecord]:
    if not keys.TENANT_ID.match(tenant_id):
        raise NotFound(f"tenant {tenant_id} not found")
    repo = TenantRepository(tenant_id)
    return repo, repo.fresh_profile()  # the copy edited here, not the one requests share


def tenant(tenant_id: str) -> dict:
    return shown(_profile(tenant_id)[1])


def set_enabled(actor: str, tenant_id: str, enabled: bool) -> dict:
    """Enable or disable a tenant's logins (its data stays). Doing it twice changes nothing."""
    repo, profile = _profile(tenant_id)
    if profile.enabled == enabled:
        return shown(profile)
    before = {"enabled": profile.enabled}
    profile.enabled = enabled
    trail = audit.entry(
        repo, actor, "tenant.enable" if enabled else "tenant.disable", f"tenant/{tenant_id}",
        before=before, after={"enabled": enabled},
    )  # fmt: skip
    try:
        with repo.all_or_none(
            Conflict(f"tenant {tenant_id} changed meanwhile; try again")
        ) as writes:
            writes.put(profile)  # conditional on the version read
            writes.put(trail)
    finally:
        repo.forget_profile()
    return shown(profile)
