"""Regencies as tenants (the onboarding issue extends this)."""

from __future__ import annotations

from functions.engine import clock
from functions.services import auth
from functions.services.settings import TenantSettings
from functions.store import keys
from functions.store.repository import TenantRepository


class NewTenant(tuple):
    """``(tenant_id, admin_key)``, unpacked as before, plus ``webhook_secret``: the first
    e-office webhook secret of the default source (its ``secret`` is shown this once)."""

    webhook_secret: dict | None

    def __new__(cls, tenant_id: str, admin_key: str, webhook_secret: dict | None = None):
        created = super().__new__(cls, (tenant_id, admin_key))
        created.webhook_secret = webhook_secret
        return created


def create_tenant(name: str, region_code: str, settings: dict | None = None) -> tuple[str, str]:
    """Create a regency; return its opaque id and its first tenant-admin key (shown once)."""
    tenant_id = keys.new_tenant_id()
    repo = TenantRepository(tenant_id)
    profile = repo.new_profile(name=name, region_code=region_code, settings=settings or {})
    profile.gsi1pk, profile.gsi1sk = keys.TENANTS, tenant_id  # listed for platform operators
    profile.created_at = clock.now().isoformat()
    TenantSettings.of(profile)  # refuses a bad policy before anything is stored
    repo.put(profile)  # new: on its key being free
    admin_key = auth.issue_key(auth.ADMIN, tenant_id, None, "first tenant admin")
    from functions.services import definitions  # workflow version 1: the default (issue 6)

    definitions.install_default(repo, "system:create_tenant")
    from functions.services import webhook_secrets  # e-office webhooks (issue 5)

    first = webhook_secrets.create(repo, webhook_secrets.DEFAULT_SOURCE, "system:create_tenant")
    return NewTenant(tenant_id, admin_key, webhook_secret=first)
