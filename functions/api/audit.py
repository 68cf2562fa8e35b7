"""The audit trail, for tenant admins and auditors."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.services import audit
from functions.services.auth import ADMIN, AUDITOR
from schemas.audit import AuditEntryOut, AuditQuery

blp = Blueprint("audit", __name__, description="Who changed what, when, before and after")


@blp.route("/audit")
@roles(ADMIN, AUDITOR)
@blp.arguments(AuditQuery, location="query")
@blp.response(200, AuditEntryOut(many=True))
def list_entries(query):
    """Changes between two dates (inclusive), oldest first; `person` keeps those by or about
    that NIP."""
    _, repo = tenant()
    return audit.entries(repo, query["since"], query["until"], query["person"])
