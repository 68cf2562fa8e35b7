"""What the OpenAPI document (/openapi.json) says beyond what flask-smorest derives from the
schemas: the real error body on every operation and the 4xx answers each can give, operation
ids, the outbound events in the OpenAPI 3.1 ``webhooks`` section, and the headers used by
If-Match, Idempotency-Key and Standard Webhooks.

The 4xx answers are derived from what the operation declares, by :class:`ErrorResponses` (an
apispec plugin, run as each route is registered), so a new route documents them the day it is
added:

- 401 and 403 on every operation that needs a key (``x-roles`` without ``public``);
- 404 where the path names something (a path parameter) that is looked up;
- 409 on every write (the stage forbids it, a duplicate, a lost race);
- 412 and 428 where ``If-Match`` is a parameter; 409 and 422 where ``Idempotency-Key`` is;
- 400 and 422 where there is a body, 422 where there is a query.
"""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin

from schemas.errors import ErrorOut

ROLES_EXTENSION = "x-roles"  # functions/api/roles.py writes it
WRITES = ("post", "put", "patch", "delete")


def _error(code: str, message: str, details: Any = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details}}


# name -> (status, description, example body)
ERRORS: dict[str, tuple[int, str, dict]] = {
    "MalformedRequest": (
        400,
        "The body is not JSON (or not UTF-8).",
        _error("malformed_request", "the body is not valid JSON"),
    ),
    "Unauthorized": (
        401,
        "No key, or a key that is unknown, revoked or of a disabled regency.",
        _error("unauthorized", "a valid API key is required"),
    ),
    "Forbidden": (
        403,
        "The key's role may not call this operation, or the record is not the caller's.",
        _error("forbidden", "this operation needs one of: tenant_admin"),
    ),
    "NotFound": (
        404,
        "Nothing of the caller's regency is named so.",
        _error("not_found", "no such task"),
    ),
    "Conflict": (
        409,
        "The request does not fit the current state: the cycle's stage forbids it, the thing "
        "exists already, or another writer came first (read again). An Idempotency-Key still in "
        "use by its first request is also a 409.",
        _error("stage_forbids", "the SKP is approved: it can no longer be edited"),
    ),
    "PreconditionFailed": (
        412,
        "If-Match names a version that is no longer the stored one: read it again.",
        _error("precondition_failed", "changed meanwhile", {"If-Match": ["stale"]}),
    ),
    "InvalidInput": (
        422,
        "The body, query or headers break a rule; ``details`` names each field and its rules. "
        "An Idempotency-Key already used with another body is refused here too "
        "(``idempotency_key_reused``, details naming the header).",
        _error("invalid_input", "the request body is invalid", {"year": ["Not a valid integer."]}),
    ),
    "PayloadTooLarge": (
        413,
        "The body is larger than the operation accepts.",
        _error("payload_too_large", "the body is over 64 KiB"),
    ),
    "UnsupportedMediaType": (
        415,
        "The Content-Type is not one the operation reads (application/json).",
        _error("unsupported_media_type", "send Content-Type: application/json"),
    ),
    "PreconditionRequired": (
        428,
        "If-Match is missing: send the ETag of the version you read, so no change is lost.",
        _error(
            "precondition_required",
            "send If-Match with the ETag you read",
            {"If-Match": ["required"]},
        ),
    ),
}

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "The ETag of the version read (from its GET): the change applies only to "
    "that version (412 when it changed since, 428 when missing).",
    "example": '"3"',
}

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "pattern": "^[!-~]{8,255}$"},
    "description": "Any unique value (e.g. a UUID) naming this request: a retry with the same "
    "key and body answers the first answer again and creates nothing more; the same key with "
    "another body is refused (422). Kept 24 hours, per API key (docs/tenancy.md).",
    "example": "5b2e9f1c-2f7a-4c8e-9a55-3f0f6d2b1e47",
}

# Standard Webhooks (https://www.standardwebhooks.com/): the e-office's deliveries to kinerja
# and kinerja's notifications to the e-office carry the same three headers.
STANDARD_WEBHOOKS = [
    {
        "in": "header",
        "name": "webhook-id",
        "required": True,
        "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_.:-]{1,128}$"},
        "description": "The message's unique id; the same on every retry (the idempotency key).",
        "example": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
    },
    {
        "in": "header",
        "name": "webhook-timestamp",
        "required": True,
        "schema": {"type": "string", "pattern": r"^\d+$"},
        "description": "Seconds since the epoch when it was signed; accepted within 5 minutes.",
        "example": "1767254400",
    },
    {
        "in": "header",
        "name": "webhook-signature",
        "required": True,
        "schema": {"type": "string"},
        "description": "Space-separated ``v1,<base64 HMAC-SHA256>`` signatures of "
        '``"{webhook-id}.{webhook-timestamp}.{body}"`` with the secret\'s bytes (the base64 '
        "after ``whsec_``); one matching signature of an active secret is enough.",
        "example": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
    },
]


REPLAYED = {
    "Idempotent-Replayed": {
        "description": "``true`` when this is the first answer to the same Idempotency-Key, "
        "given again (nothing was created this time)",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def _parameters(operation: dict) -> list[dict]:
    return [p for p in operation.get("parameters", []) if isinstance(p, dict)]


def if_match(required: bool = True) -> dict:
    """``@blp.doc(**if_match())`` on an operation that reads ``If-Match``."""
    return {"parameters": [{**IF_MATCH, "required": required}]}


def idempotency_key() -> dict:
    """``@blp.doc(**idempotency_key())`` on an operation that honours ``Idempotency-Key``."""
    return {"parameters": [IDEMPOTENCY_KEY]}


class ErrorResponses(BasePlugin):
    """Adds the error answers and the operation id of each operation as it is registered."""

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        rule = kwargs.get("rule")
        for method, operation in (operations or {}).items():
            if rule is not None and "operationId" not in operation:
                blueprint, _, view = rule.endpoint.rpartition(".")
                name = f"{blueprint}_{view}" if blueprint else view
                operation["operationId"] = name if len(operations) == 1 else f"{name}_{method}"
            responses = {str(code): r for code, r in operation.get("responses", {}).items()}
            operation["responses"] = responses  # flask-smorest's codes are ints
            for status, name in self._errors(path or "", method, operation):
                operation.setdefault("responses", {})[str(status)] = name
            if any(p.get("name") == IDEMPOTENCY_KEY["name"] for p in _parameters(operation)):
                for code, response in responses.items():
                    if code.startswith("2") and isinstance(response, dict):
                        response.setdefault("headers", {}).update(REPLAYED)

    @staticmethod
    def _errors(path: str, method: str, operation: dict) -> list[tuple[int, str]]:
        responses = operation.get("responses", {})
        authenticated = "public" not in operation.get(ROLES_EXTENSION, ["public"])
        headers = {p.get("name") for p in _parameters(operation)}
        generic = responses.get("422") == "UNPROCESSABLE_ENTITY"  # flask-smorest's (arguments)
        body = "requestBody" in operation
        found: list[tuple[int, str]] = []
        if authenticated:
            found += [(401, "Unauthorized"), (403, "Forbidden")]
            if "{" in path:
                found.append((404, "NotFound"))
            if method in WRITES:
                found += [(409, "Conflict"), (422, "InvalidInput")]
        if body:
            found += [(400, "MalformedRequest"), (422, "InvalidInput")]
        if generic:
            found.append((422, "InvalidInput"))
        if "If-Match" in headers:
            found += [(412, "PreconditionFailed"), (428, "PreconditionRequired")]
        if "Idempotency-Key" in headers:
            found += [(409, "Conflict"), (422, "InvalidInput")]
        existing = {str(code) for code in responses} - ({"422"} if generic else set())
        return [(code, name) for code, name in found if str(code) not in existing]


def register_errors(spec) -> None:
    """The error answers as response components (``#/components/responses/<name>``)."""
    for name, (_status, description, example) in ERRORS.items():
        content = {"application/json": {"schema": ErrorOut, "example": example}}
        spec.components.response(name, {"description": description, "content": content})


EVENT_EXAMPLES: dict[str, dict] = {
    "task.opened": {
        "task_id": "tk_01jd7x",
        "kind": "approve_skp",
        "assignee_nip": "197001011995031001",
        "subject_nip": "198503152010012003",
        "year": 2026,
        "period": None,
        "due": "2026-01-15T00:00:00+00:00",
        "level": 0,
    },
    "skp.approved": {
        "nip": "198503152010012003",
        "year": 2026,
        "task_id": "tk_01jd7x",
        "approved_by": "197001011995031001",
    },
    "predikat.set": {
        "nip": "198503152010012003",
        "year": 2026,
        "rating_hasil_kerja": "sesuai",
        "rating_perilaku": "di_atas",
        "predikat": "baik",
        "by": "assessment",
    },
}
EVENT_EXAMPLES["task.reopened"] = {**EVENT_EXAMPLES["task.opened"], "level": 2}
EVENT_EXAMPLES["task.reminder"] = EVENT_EXAMPLES["task.opened"]


def register_webhooks(spec) -> None:
    """The events kinerja sends (functions/services/notifications.py) as the OpenAPI 3.1
    ``webhooks``: what a subscribed e-office endpoint receives (docs/integrator.md, section 8)."""
    from schemas.notifications import EVENTS

    webhooks = {}
    for event_type, (schema, when) in EVENTS.items():
        spec.components.schema(schema.__name__, schema=schema)
        example = {
            "type": event_type,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "tenant_id": "t0a1b2c3d4e",
            "data": EVENT_EXAMPLES[event_type],
        }
        content = {"schema": {"$ref": f"#/components/schemas/{schema.__name__}"}}
        webhooks[event_type] = {
            "post": {
                "operationId": "notify_" + event_type.replace(".", "_"),
                "summary": when,
                "description": "POSTed to each outbound subscription of the tenant that asked "
                "for this event type (POST /webhooks/outbound), signed the Standard Webhooks way "
                "with the subscription's secret. Any 2xx answer is success; anything else (or "
                "no answer in 10 s) is a failed attempt: 3 attempts, then the notification is "
                "failed until an admin resends it under the same webhook-id. Deduplicate on "
                "webhook-id.",
                "tags": ["webhooks"],
                "security": [],
                "parameters": STANDARD_WEBHOOKS,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {**content, "example": example}},
                },
                "responses": {"2XX": {"description": "received; nothing is sent again"}},
            }
        }
    spec.options["webhooks"] = webhooks
