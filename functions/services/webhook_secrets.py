"""The ``whsec_`` secrets of each tenant and source. Several may be active at once, so a sender
rotates without downtime: add a new secret, move the sender to it, revoke the old one. A secret
is shown once, when it is created; listings show its id, label and dates only.

At rest a secret is sealed (KMS envelope encryption, functions/engine/envelope.py) under a
context naming its tenant, kind and id; :func:`sealed` and :func:`revealed` are the one place
that seals and opens them, for these secrets and for outbound subscriptions' alike."""

from __future__ import annotations

import base64
import re
import secrets as random
import threading
import time

from functions.engine import clock, envelope
from functions.errors import Conflict, InvalidInput, NotFound
from functions.services import audit
from functions.store.records import WebhookSecretRecord
from functions.store.repository import TenantRepository
from functions.store.webhooks import WebhookStore

DEFAULT_SOURCE = "eoffice"
SOURCE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
MAX_ACTIVE = 5
SECRET_BYTES = 32  # Standard Webhooks: 24 to 64 random bytes


def check_source(source: str) -> str:
    if not SOURCE.match(source):
        raise InvalidInput(
            "not a source name",
            details={"source": ["1-32 lower-case letters, digits, _ or -, starting alphanumeric"]},
        )
    return source


def new_secret() -> str:
    return "whsec_" + base64.b64encode(random.token_bytes(SECRET_BYTES)).decode()


def _context(tenant_id: str, record) -> dict[str, str]:
    if isinstance(record, WebhookSecretRecord):
        return {"tenant_id": tenant_id, "kind": "webhook_secret",
                "id": f"{record.source}/{record.secret_id}"}  # fmt: skip
    return {"tenant_id": tenant_id, "kind": "webhook_outbound", "id": record.subscription_id}


def sealed(tenant_id: str, record, secret: str) -> None:
    """Store ``secret`` on ``record`` (a source's secret or an outbound subscription) sealed:
    the item holds no plain secret."""
    record.sealed_secret = envelope.seal(secret, _context(tenant_id, record))
    record.secret = None


def revealed(tenant_id: str, record) -> str:
    """The plain secret of ``record``, to verify or sign with (an item written before secrets
    were sealed holds it plain, and is read as it is)."""
    if record.sealed_secret:
        return envelope.unseal(record.sealed_secret, _context(tenant_id, record))
    if record.secret:
        return record.secret
    raise ValueError("the record holds no secret")


def active(store: WebhookStore, source: str) -> list[WebhookSecretRecord]:
    """The secrets a delivery may be signed with, newest first."""
    found = [s for s in store.secrets(source) if s.revoked_at is None]
    return sorted(found, key=lambda s: s.created_at, reverse=True)


# The plain secrets a delivery is verified with, kept briefly per process: the acknowledgement's
# request path is then the signature check, one conditional write and the hand-off (issue 14),
# not a query and an unsealing as well. Adding or revoking a secret in this process applies at
# once (:func:`forget`); other processes notice within SECRETS_TTL, as with API keys.
SECRETS_TTL = 5.0
_verifying: dict[tuple[str, str], tuple[float, list[str]]] = {}
_verifying_lock = threading.Lock()


def verifying(store: WebhookStore, source: str) -> list[str]:
    """The plain secrets of the source's active secrets, newest first (read and unsealed at
    most every SECRETS_TTL seconds)."""
    key = (store.tenant_id, source)
    cached = _verifying.get(key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    found = [revealed(store.tenant_id, s) for s in active(store, source)]
    with _verifying_lock:
        _verifying[key] = (time.monotonic() + SECRETS_TTL, found)
    return found


def forget(tenant_id: str, source: str) -> None:
    """Drop this process's copy of the source's secrets (one was added or revoked)."""
    with _verifying_lock:
        _verifying.pop((tenant_id, source), None)


def shown(record: WebhookSecretRecord, secret: str | None = None) -> dict:
    out = {
        "secret_id": record.secret_id,
        "source": record.source,
        "label": record.label,
        "created_at": record.created_at,
        "created_by": record.created_by,
        "revoked_at": record.revoked_at,
    }
    if secret is not None:
        out["secret"] = secret
    return out


def create(repo: TenantRepository, source: str, actor: str, label: str | None = None) -> dict:
    """Add an active secret; returns it with the secret itself (shown this once)."""
    store = WebhookStore(repo)
    check_source(source)
    if len(active(store, source)) >= MAX_ACTIVE:
        raise Conflict(
            f"source {source} has {MAX_ACTIVE} active secrets; revoke one first",
            details={"source": [f"at most {MAX_ACTIVE} active secrets"]},
        )
    secret = new_secret()
    record = store.new_secret(
        source,
        "ws_" + random.token_hex(6),
        label=label,
        created_at=clock.now().isoformat(),
        created_by=actor,
    )
    sealed(repo.tenant_id, record, secret)
    item = f"webhook_secret/{source}/{record.secret_id}"
    with repo.transaction() as writes:
        writes.put_new(record)
        writes.put(audit.entry(repo, actor, "webhook_secret.create", item, after=shown(record)))
    forget(repo.tenant_id, source)
    return shown(record, secret)


def revoke(repo: TenantRepository, source: str, secret_id: str, actor: str) -> dict:
    """Stop accepting deliveries signed with this secret (the record is kept for the trail)."""
    store = WebhookStore(repo)
    record = store.secret(check_source(source), secret_id)
    if record is None:
        raise NotFound(f"secret {secret_id} of source {source} not found")
    if record.revoked_at is not None:
        return shown(record)
    before = shown(record)
    record.revoked_at = clock.now().isoformat()
    item = f"webhook_secret/{source}/{secret_id}"
    with repo.transaction() as writes:
        writes.put(record)
        after = shown(record)
        entry = audit.entry(repo, actor, "webhook_secret.revoke", item, before=before, after=after)
        writes.put(entry)
    forget(repo.tenant_id, source)
    return shown(record)


def listing(repo: TenantRepository, source: str) -> list[dict]:
    store = WebhookStore(repo)
    records = sorted(store.secrets(check_source(source)), key=lambda s: s.created_at)
    return [shown(r) for r in records]
