"""Regencies as tenants (the onboarding issue extends this)."""

from __future__ import annotations

from functions.services import auth
from functions.services.settings import TenantSettings
from functions.store import keys
from functions.store.records import TenantRecord
from functions.store.repository import TenantRepository


def create_tenant(name: str, region_code: str, settings: dict | None = None) -> tuple[str, str]:
    """Create a regency; return its opaque id and its first tenant-admin key (shown once)."""
    tenant_id = keys.new_tenant_id()
    repo = TenantRepository(tenant_id)
    profile = repo.new_profile(name=name, region_code=region_code, settings=settings or {})
    TenantSettings.of(profile)  # refuses a bad policy before anything is stored
    profile.save(TenantRecord.pk.does_not_exist())
    admin_key = auth.issue_key(auth.ADMIN, tenant_id, None, "first tenant admin")
    return tenant_id, admin_key
