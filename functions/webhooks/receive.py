"""Receive a delivery: check it, verify its Standard Webhooks signature, store it, acknowledge.

The order of checks: headers present (401), content type (415), size (413), tenant and source
(401, the same answer whether the tenant or the source is unknown), signature with every active
secret of the source (401 with the reason), tenant enabled (403), body a JSON object (400), then the
conditional put of the delivery under its ``webhook-id``: a new one is acknowledged with 202
after it is stored; a redelivery with the same body gets 200 and the stored status; the same id
with another body gets 409. The tenant id in the path is enough here because the signature,
made with that tenant's secret, proves the sender.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from functions import logs
from functions.engine import clock, dispatch
from functions.errors import (
    Conflict,
    Forbidden,
    MalformedRequest,
    NotFound,
    PayloadTooLarge,
    Unauthorized,
    UnsupportedMediaType,
)
from functions.services import webhook_secrets as secrets
from functions.store import keys
from functions.store.records import WebhookDeliveryRecord
from functions.store.repository import TenantRepository
from functions.store.webhooks import WebhookStore

MAX_BODY = 64 * 1024
TOLERANCE_SECONDS = 5 * 60  # the standardwebhooks library's own, fixed tolerance
HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")
DELIVERY_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
REASONS = {  # the library's messages → a stable code for clients
    "Missing required headers": "missing_headers",
    "Invalid Signature Headers": "bad_timestamp",
    "Message timestamp too old": "timestamp_too_old",
    "Message timestamp too new": "timestamp_too_new",
    "No matching signature found": "no_matching_signature",
}


@dataclass(frozen=True)
class Ack:
    status: int  # 202 stored now, 200 a redelivery
    body: dict


def check_request(headers: Mapping[str, str], mimetype: str, content_length: int | None) -> None:
    """What can be refused before the body is read: no Standard Webhooks headers (401, first:
    an unauthenticated request learns nothing else), not JSON (415), too large (413)."""
    present = {k.lower() for k, v in headers.items() if v}
    missing = [h for h in HEADERS if h not in present]
    if missing:
        raise Unauthorized(
            "Standard Webhooks headers are missing",
            details={"reason": "missing_headers", **{h: ["required"] for h in missing}},
        )
    check_envelope(mimetype, content_length)


def check_envelope(mimetype: str, content_length: int | None) -> None:
    if mimetype != "application/json":
        raise UnsupportedMediaType(
            "send the event as JSON",
            details={"Content-Type": ["must be application/json"]},
        )
    if content_length is not None and content_length > MAX_BODY:
        raise PayloadTooLarge(
            f"the body is larger than {MAX_BODY} bytes", details={"body": [f"at most {MAX_BODY}"]}
        )


def verify(body: bytes, headers: Mapping[str, str], candidates: list[str]) -> None:
    """Accept the body if any active secret's v1 signature matches (rotation); otherwise
    :class:`Unauthorized` naming the reason."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest("the body is not UTF-8 text") from None
    reason = "no_matching_signature"
    for secret in candidates:
        try:
            Webhook(secret).verify(text, dict(headers), json_parse=False)
            return
        except WebhookVerificationError as error:
            reason = REASONS.get(str(error), str(error))
        except (ValueError, binascii.Error):  # "v1sig" without a comma, bad base64
            reason = "malformed_signature_header"
        if reason != "no_matching_signature":
            break  # the timestamp or the header is wrong for every secret alike
    raise Unauthorized(
        f"the webhook signature check failed: {reason}",
        details={"reason": reason, "tolerance_seconds": TOLERANCE_SECONDS},
    )


def fingerprint(source: str, body: bytes) -> str:
    return hashlib.sha256(source.encode() + b"\n" + body).hexdigest()


def shown(record: WebhookDeliveryRecord, *, duplicate: bool = False) -> dict:
    out: dict = {"id": record.delivery_id, "status": record.status, "reason": record.reason}
    if duplicate:
        out["duplicate"] = True
    return out


def receive(
    tenant_id: str, source: str, headers: Mapping[str, str], body: bytes, mimetype: str
) -> Ack:
    headers = {k.lower(): v for k, v in headers.items()}
    check_request(headers, mimetype, len(body))
    unknown = Unauthorized(
        "no active webhook secret for this tenant and source",
        details={"reason": "unknown_tenant_or_source"},
    )
    if not keys.TENANT_ID.match(tenant_id) or not secrets.SOURCE.match(source):
        raise unknown
    repo = TenantRepository(tenant_id)
    try:
        profile = repo.profile()
    except NotFound:
        raise unknown from None
    store = WebhookStore(repo)
    candidates = secrets.verifying(store, source)  # cached briefly: no read on the request path
    if not candidates:
        raise unknown
    verify(body, headers, candidates)
    if not profile.enabled:
        raise Forbidden("this tenant is disabled; deliveries are refused")
    try:
        payload = json.loads(body)
    except ValueError:
        raise MalformedRequest("the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise MalformedRequest("the body must be a JSON object")
    delivery_id = headers["webhook-id"]
    if not DELIVERY_ID.match(delivery_id):
        raise MalformedRequest(
            "webhook-id is not usable as an id",
            details={"webhook-id": ["1-128 letters, digits, _ . : -"]},
        )
    return store_and_dispatch(store, source, delivery_id, body, payload)


def store_and_dispatch(
    store: WebhookStore, source: str, delivery_id: str, body: bytes, payload: dict
) -> Ack:
    now = clock.now().isoformat()
    event_type = payload.get("type")
    record = store.new_delivery(
        delivery_id,
        source=source,
        fingerprint=fingerprint(source, body),
        body=body.decode("utf-8"),
        event_type=event_type if isinstance(event_type, str) else None,
        status="received",
        received_at=now,
        history=[{"at": now, "status": "received"}],
    )
    if not store.repo.create(record):  # the webhook-id was stored before
        return _redelivery(store, source, delivery_id, body)
    try:
        dispatch.submit(store.tenant_id, delivery_id)
    except Exception:  # stored: a replay of "received" deliveries picks it up
        keys = {"tenant_id": store.tenant_id, "correlation_id": delivery_id}
        logs.logger().exception("webhook stored but not dispatched", extra=keys)
    return Ack(202, shown(record))


def _redelivery(store: WebhookStore, source: str, delivery_id: str, body: bytes) -> Ack:
    existing = store.delivery(delivery_id)
    if existing is None:  # pragma: no cover - a delivery is never deleted
        raise Conflict("the delivery changed meanwhile; send it again")
    if existing.fingerprint != fingerprint(source, body):
        raise Conflict(
            f"webhook-id {delivery_id} was already used for another payload",
            details={"webhook-id": ["already used with a different body or source"]},
        )
    return Ack(200, shown(existing, duplicate=True))
