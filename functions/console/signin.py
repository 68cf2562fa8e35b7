"""Who is signed in to the console, and the CSRF token of its forms.

A person signs in with their API key. The session cookie (Flask's: signed, HttpOnly,
SameSite=Lax, Secure outside the embedded runtime) holds the key's reference — where its record
is stored, derived from its hash — never the key itself; every request looks the record up again,
so a revoked key signs its sessions out within the key cache's seconds. The principal is the
API's own (functions/services/auth.py): the same roles and relationships apply.

Every POST carries ``csrf_token``, a random value kept in the session and compared in constant
time; a form without it (or from another site, where the cookie is not even sent) is refused.
"""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

from functions import logs
from functions.errors import Forbidden, Unauthorized
from functions.services.auth import (
    ADMIN,
    AUDITOR,
    PEGAWAI,
    PLATFORM,
    Principal,
    authenticate,
    authenticate_reference,
    key_reference,
    require_tenant,
)
from functions.store.repository import TenantRepository

# The roles that have pages; integrations use the API. The platform operator has the platform
# pages only (regencies), never a tenant's: it signs in without a tenant's repository.
CONSOLE_ROLES = (PEGAWAI, ADMIN, AUDITOR, PLATFORM)
_KEY, _CSRF = "key_ref", "csrf"


def sign_in(key: str) -> Principal:
    """Check ``key`` as the API would and start a session for it (a fresh one: nothing of the
    anonymous session carries over but a new CSRF token)."""
    who = authenticate(key.strip() or None)
    if who.role not in CONSOLE_ROLES:
        raise Forbidden(f"the role {who.role} has no console pages; use the API")
    _repository(who)
    session.clear()
    session.permanent = True
    session[_KEY] = key_reference(key.strip())
    session[_CSRF] = secrets.token_urlsafe(32)
    return who


def sign_out() -> None:
    session.clear()


def _repository(who: Principal) -> TenantRepository | None:
    """The person's tenant (refused when disabled); none for the platform operator."""
    return None if who.role == PLATFORM else require_tenant(who)


def signed_in() -> tuple[Principal, TenantRepository | None] | None:
    """The person of this session and their tenant's repository (None for the platform
    operator); None when nobody is signed in or their key no longer works."""
    reference = session.get(_KEY)
    if not reference:
        return None
    try:
        who = authenticate_reference(reference)
        logs.add_keys(tenant_id=who.tenant_id)  # the request's log line, as the API's
        return who, _repository(who)
    except (Unauthorized, Forbidden):
        session.pop(_KEY, None)
        return None


def csrf_token() -> str:
    """The session's token, for the forms' hidden ``csrf_token`` field."""
    if _CSRF not in session:
        session[_CSRF] = secrets.token_urlsafe(32)
    return session[_CSRF]


def check_csrf() -> None:
    """Refuse (400) a state-changing request without the session's token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = session.get(_CSRF)
    sent = request.form.get("csrf_token", "")
    if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
        abort(400, "csrf")
