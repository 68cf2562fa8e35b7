"""A tenant's API keys, managed by its admins: list, issue, rotate, revoke."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.idempotency import idempotent
from functions.api.roles import roles
from functions.services import credentials
from functions.services.auth import ADMIN
from schemas.tenants import KeyIn, KeyIssuedOut, KeyOut, KeyPageOut, KeyQuery

blp = Blueprint("credentials", __name__, url_prefix="/keys", description="API keys")


@blp.route("")
@roles(ADMIN)
@blp.arguments(KeyQuery, location="query")
@blp.response(200, KeyPageOut)
def list_keys(query):
    """The tenant's keys (prefix, role, holder, dates; never the key or its hash)."""
    _, repo = tenant()
    items, cursor = credentials.listing(repo, query["limit"], query["cursor"], query["revoked"])
    return {"items": items, "cursor": cursor}


@blp.route("", methods=["POST"])
@roles(ADMIN)
@idempotent
@blp.arguments(KeyIn, example={"role": "pegawai", "nip": "198503152010012003", "label": "Sari"})
@blp.response(201, KeyIssuedOut)
def issue(body):
    """Issue a key for a person or a system; the key is in this answer only."""
    who, repo = tenant()
    return credentials.issue(repo, who.label, body["role"], body["nip"], body["label"])


@blp.route("/<prefix>/rotate", methods=["POST"])
@roles(ADMIN)
@idempotent
@blp.response(201, KeyIssuedOut)
def rotate(prefix):
    """A new key for the same holder; the old one stops working at once."""
    who, repo = tenant()
    return credentials.rotate(repo, who.label, prefix)


@blp.route("/<prefix>/revoke", methods=["POST"])
@roles(ADMIN)
@blp.response(200, KeyOut)
def revoke(prefix):
    """Revoke a key: it stops working at once (its record stays listed)."""
    who, repo = tenant()
    return credentials.revoke(repo, who.label, prefix)
