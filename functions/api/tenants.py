"""Onboarding (platform operators) and a tenant's export (its admins)."""

from flask import Response
from flask_smorest import Blueprint

from functions.api.auth import principal, tenant
from functions.api.idempotency import idempotent
from functions.api.roles import roles
from functions.services import audit, credentials, export, tenancy
from functions.services.auth import ADMIN, PLATFORM
from functions.store.repository import TenantRepository
from schemas.tenants import (
    KeyIn,
    KeyIssuedOut,
    PageQuery,
    TenantCreatedOut,
    TenantIn,
    TenantOut,
    TenantPageOut,
)

blp = Blueprint("tenants", __name__, description="Regencies: onboarding and export")
NEW_TENANT = {"name": "Kabupaten Sukamaju", "region_code": "32.04", "settings": {}}
CREATED = {
    "tenant_id": "t0a1b2c3d4e",
    "name": "Kabupaten Sukamaju",
    "region_code": "32.04",
    "enabled": True,
    "created_at": "2026-01-01T00:00:00+00:00",
    "settings": {},
    "admin_key": "kin_1a2b3c4d_…",
    "webhook_secret": {
        "source": "eoffice",
        "secret_id": "ws_049202323fee",
        "secret": "whsec_…",
        "label": None,
        "created_at": "2026-01-01T00:00:00+00:00",
        "created_by": "system:create_tenant",
        "revoked_at": None,
    },
}


@blp.route("/tenants", methods=["POST"])
@roles(PLATFORM)
@idempotent
@blp.arguments(TenantIn, example=NEW_TENANT)
@blp.response(201, TenantCreatedOut, example=CREATED)
def create(body):
    """Create a regency: its opaque id and its first tenant-admin key (shown only here)."""
    return tenancy.onboard(principal().label, body["name"], body["region_code"], body["settings"])


@blp.route("/tenants")
@roles(PLATFORM)
@blp.arguments(PageQuery, location="query")
@blp.response(200, TenantPageOut)
def list_tenants(query):
    """Every regency, a page at a time (``cursor`` from the previous page)."""
    items, cursor = tenancy.tenants(query["limit"], query["cursor"])
    return {"items": items, "cursor": cursor}


@blp.route("/tenants/<tenant_id>")
@roles(PLATFORM)
@blp.response(200, TenantOut)
def get_tenant(tenant_id):
    """One regency: name, region code, whether it is enabled, its settings."""
    return tenancy.tenant(tenant_id)


@blp.route("/tenants/<tenant_id>/disable", methods=["POST"])
@roles(PLATFORM)
@blp.response(200, TenantOut)
def disable(tenant_id):
    """Refuse every credential of the regency from now on; its data stays."""
    return tenancy.set_enabled(principal().label, tenant_id, False)


@blp.route("/tenants/<tenant_id>/enable", methods=["POST"])
@roles(PLATFORM)
@blp.response(200, TenantOut)
def enable(tenant_id):
    """Accept the credentials of a disabled regency again."""
    return tenancy.set_enabled(principal().label, tenant_id, True)


@blp.route("/tenants/<tenant_id>/keys", methods=["POST"])
@roles(PLATFORM)
@idempotent
@blp.arguments(KeyIn)
@blp.response(201, KeyIssuedOut)
def issue_key(body, tenant_id):
    """Issue a key inside a regency (e.g. a new tenant admin when theirs is lost)."""
    tenancy.tenant(tenant_id)  # 404 for an unknown tenant
    repo = TenantRepository(tenant_id)
    return credentials.issue(repo, principal().label, body["role"], body["nip"], body["label"])


@blp.route("/tenant/export")
@roles(ADMIN)
@blp.doc(responses={200: {"description": "JSON lines", "content": {"application/x-ndjson": {}}}})
def export_all():
    """Everything the regency holds, one JSON object per line, streamed."""
    who, repo = tenant()
    audit.log(repo, who.label, "tenant.export", f"tenant/{repo.tenant_id}")
    filename = f"kinerja-{repo.tenant_id}.jsonl"
    return Response(
        export.lines(repo),
        mimetype="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
