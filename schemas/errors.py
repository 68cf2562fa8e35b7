"""The error body of every API answer that is not a success: ``{"error": {code, message,
details}}`` (functions/errors.py builds it; functions/api/errors.py and app.py send it). Used to
document the answers only: nothing is dumped with it."""

from marshmallow import Schema, fields


class ErrorDetail(Schema):
    code = fields.String(
        required=True,
        metadata={
            "description": "stable and machine-readable: unauthorized, forbidden, not_found, "
            "invalid_input, malformed_request, conflict, stage_forbids, task_rejected, "
            "precondition_failed, precondition_required, idempotency_key_reused, "
            "payload_too_large, unsupported_media_type, transient, internal_error, …",
            "example": "invalid_input",
        },
    )
    message = fields.String(
        required=True,
        metadata={"description": "for people", "example": "the request body is invalid"},
    )
    details = fields.Raw(
        required=True,
        allow_none=True,
        metadata={
            "description": "what exactly: mostly a map of each field (or header) to the rules it "
            "broke; null when there is nothing more to say",
            "example": {"year": ["Not a valid integer."]},
        },
    )


class ErrorOut(Schema):
    error = fields.Nested(ErrorDetail, required=True)
