"""e-Office webhooks: the signed receiving endpoint, and for tenant admins the secrets, the
event mapping (with a dry run), the deliveries and their dead letters, and replay."""

from flask import request
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.idempotency import idempotent
from functions.api.openapi import STANDARD_WEBHOOKS
from functions.api.roles import PUBLIC, roles
from functions.services import webhook_secrets as secrets
from functions.services.auth import ADMIN, AUDITOR, INTEGRATION
from functions.webhooks import mapping, process, receive, subscriptions
from functions.webhooks.actions import ACTIONS
from schemas.webhooks import (
    AckOut,
    ActionOut,
    DeliveryOut,
    DeliveryQuery,
    DryRunIn,
    DryRunOut,
    MappingIn,
    MappingOut,
    NotificationOut,
    NotificationQuery,
    OutboundIn,
    OutboundOut,
    ReplayIn,
    ReplayOut,
    ResendIn,
    ResendOut,
    SecretIn,
    SecretOut,
)

blp = Blueprint("webhooks", __name__, description="e-Office webhooks (Standard Webhooks)")


DELIVERY_DOC = {
    "security": [],
    "parameters": STANDARD_WEBHOOKS,
    "requestBody": {
        "required": True,
        "description": "The event as the e-office sends it (a JSON object, at most 64 KiB); "
        "the source's mapping picks the action (docs/integrator.md, section 4).",
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "example": {
                    "type": "disposisi.selesai",
                    "timestamp": "2026-01-01T08:00:00Z",
                    "data": {"penerima": {"nip": "198503152010012003"}, "kode_iki": "i1"},
                },
            }
        },
    },
    "responses": {
        "400": "MalformedRequest",
        "401": "Unauthorized",
        "403": "Forbidden",
        "409": "Conflict",
        "413": "PayloadTooLarge",
        "415": "UnsupportedMediaType",
    },
}


@blp.route("/webhooks/<tenant_id>/<source>", methods=["POST"])
@roles(PUBLIC)
@blp.doc(**DELIVERY_DOC)
@blp.response(202, AckOut)
@blp.alt_response(200, schema=AckOut, description="a redelivery: its stored status")
def deliver(tenant_id, source):
    """Receive a signed event (headers webhook-id, webhook-timestamp, webhook-signature).
    Stored before it is acknowledged (202); processed asynchronously. 401 names why the
    signature check failed; 409 a webhook-id reused for another body; 413 too large; 415 not
    JSON."""
    receive.check_request(request.headers, request.mimetype, request.content_length)
    body = request.get_data(cache=True)  # read (at most 1 MB) by the request limits' check
    ack = receive.receive(tenant_id, source, request.headers, body, request.mimetype)
    return ack.body, ack.status


# --- secrets ---------------------------------------------------------------------------------
@blp.route("/webhooks/sources/<source>/secrets")
@roles(ADMIN)
@blp.response(200, SecretOut(many=True))
def list_secrets(source):
    """A source's secrets (never the secret itself)."""
    _, repo = tenant()
    return secrets.listing(repo, source)


@blp.route("/webhooks/sources/<source>/secrets", methods=["POST"])
@roles(ADMIN)
@idempotent
@blp.arguments(SecretIn)
@blp.response(201, SecretOut)
def create_secret(body, source):
    """Add an active secret (rotation: add, move the sender, revoke the old one). The secret is
    in this response only."""
    who, repo = tenant()
    return secrets.create(repo, source, who.label, body["label"])


@blp.route("/webhooks/sources/<source>/secrets/<secret_id>", methods=["DELETE"])
@roles(ADMIN)
@blp.response(200, SecretOut)
def revoke_secret(source, secret_id):
    """Revoke a secret: deliveries signed with it are refused from now on."""
    who, repo = tenant()
    return secrets.revoke(repo, source, secret_id, who.label)


# --- mapping ---------------------------------------------------------------------------------
@blp.route("/webhooks/actions")
@roles(ADMIN, AUDITOR, INTEGRATION)
@blp.response(200, ActionOut(many=True))
def list_actions():
    """The workflow actions an event type can be mapped to, with their fields."""
    tenant()
    return [a.__dict__ for a in ACTIONS.values()]


@blp.route("/webhooks/sources/<source>/mapping")
@roles(ADMIN, AUDITOR)
@blp.response(200, MappingOut)
def get_mapping(source):
    """The source's saved event mapping (section 4 of docs/integrator.md)."""
    _, repo = tenant()
    empty = {"event_type_path": mapping.DEFAULT_EVENT_TYPE_PATH, "events": {}}
    return mapping.stored(repo, secrets.check_source(source)) or empty


@blp.route("/webhooks/sources/<source>/mapping", methods=["PUT"])
@roles(ADMIN)
@blp.arguments(MappingIn)
@blp.response(200, MappingOut)
def put_mapping(body, source):
    """Save the source's mapping; every problem is named by its place (events.<type>...)."""
    who, repo = tenant()
    return mapping.save(repo, source, body, who.label)


@blp.route("/webhooks/sources/<source>/dry-run", methods=["POST"])
@roles(ADMIN)
@blp.arguments(DryRunIn)
@blp.response(200, DryRunOut)
def dry_run(body, source):
    """What a sample payload would do (under the stored mapping or the one given), without
    doing it."""
    _, repo = tenant()
    return process.dry_run(repo, secrets.check_source(source), body["payload"], body["mapping"])


# --- deliveries ------------------------------------------------------------------------------
@blp.route("/webhooks/deliveries")
@roles(ADMIN, AUDITOR)
@blp.arguments(DeliveryQuery, location="query")
@blp.response(200, DeliveryOut(many=True))
def list_deliveries(query):
    """Deliveries in one status, oldest first (default: the dead letters)."""
    _, repo = tenant()
    return process.listing(repo, query["status"], query["source"], query["limit"])


@blp.route("/webhooks/deliveries/<delivery_id>")
@roles(ADMIN, AUDITOR, INTEGRATION)
@blp.response(200, DeliveryOut)
def get_delivery(delivery_id):
    """A delivery's status and reason (tenant admins also see its payload)."""
    who, repo = tenant()
    return process.delivery(repo, delivery_id, with_payload=who.role == ADMIN)


@blp.route("/webhooks/deliveries/replay", methods=["POST"])
@roles(ADMIN)
@blp.arguments(ReplayIn)
@blp.response(202, ReplayOut(many=True))
def replay(body):
    """Process dead (or unprocessed) deliveries again, after fixing the mapping or the data:
    by ids, or every delivery of a status (and source)."""
    who, repo = tenant()
    ids = body["ids"]
    if ids is None:
        found = process.listing(repo, body["status"], body["source"], body["limit"])
        ids = [d["id"] for d in found]
    return process.replay(repo, ids, who.label)


# --- outbound notifications ------------------------------------------------------------------
@blp.route("/webhooks/outbound")
@roles(ADMIN, AUDITOR)
@blp.response(200, OutboundOut(many=True))
def list_outbound():
    """The endpoints notified of task.opened, skp.approved or predikat.set (no secrets)."""
    _, repo = tenant()
    return subscriptions.listing(repo)


@blp.route("/webhooks/outbound", methods=["POST"])
@roles(ADMIN)
@idempotent
@blp.arguments(OutboundIn)
@blp.response(201, OutboundOut)
def create_outbound(body):
    """Notify an endpoint of some event types, signed with a new whsec_ secret (in this response
    only)."""
    who, repo = tenant()
    return subscriptions.create(repo, body, who.label)


@blp.route("/webhooks/outbound/<subscription_id>", methods=["DELETE"])
@roles(ADMIN)
@blp.response(200, OutboundOut)
def delete_outbound(subscription_id):
    """Stop notifying the endpoint (its notifications stay listed)."""
    who, repo = tenant()
    return subscriptions.delete(repo, subscription_id, who.label)


@blp.route("/webhooks/outbound/<subscription_id>/notifications")
@roles(ADMIN, AUDITOR)
@blp.arguments(NotificationQuery, location="query")
@blp.response(200, NotificationOut(many=True))
def list_notifications(query, subscription_id):
    """The endpoint's notifications, newest first: status, attempts (HTTP status or error), and
    for tenant admins the payload."""
    who, repo = tenant()
    return subscriptions.notifications(repo, subscription_id, who.role == ADMIN, query["limit"])


@blp.route("/webhooks/outbound/<subscription_id>/notifications/resend", methods=["POST"])
@roles(ADMIN)
@blp.arguments(ResendIn)
@blp.response(202, ResendOut(many=True))
def resend_notifications(body, subscription_id):
    """Send failed notifications again (after the endpoint is fixed), each with a new round of
    attempts under its same webhook-id: by ids, or every failed one. A pending notification
    untouched for five minutes (a lost hand-off) is resent too."""
    who, repo = tenant()
    ids = body["ids"] or subscriptions.failed_ids(repo, subscription_id, body["limit"])
    return subscriptions.resend(repo, subscription_id, ids, who.label)
