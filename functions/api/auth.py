"""The caller of a request, from its API key; the tenant always comes from there."""

from __future__ import annotations

from flask import g, request

from functions import logs
from functions.services.auth import Principal, authenticate, require_tenant
from functions.store.repository import TenantRepository


def principal() -> Principal:
    if "principal" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        g.principal = authenticate(key.strip() if scheme.lower() == "bearer" else None)
        logs.add_keys(tenant_id=g.principal.tenant_id)
    return g.principal


def tenant() -> tuple[Principal, TenantRepository]:
    """The caller and the repository of their tenant."""
    who = principal()
    return who, require_tenant(who)
