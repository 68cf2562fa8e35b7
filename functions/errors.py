"""The one error hierarchy of the project.

Each error knows its HTTP status (for the API) and its ASL error name (its class name, which is
what Step Functions matches in ``Retry``/``Catch``), so nothing is handled by string matching.
"""

from __future__ import annotations

from typing import Any


class KinerjaError(Exception):
    status = 500
    code = "internal_error"
    retry_after: int | None = None  # seconds, sent as Retry-After

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        """The JSON error body of every API response: ``{"error": {code, message, details}}``."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InvalidInput(KinerjaError):
    """A payload broke a rule; ``details`` maps each field to the rules it broke."""

    status = 422
    code = "invalid_input"

    @classmethod
    def of(cls, error) -> InvalidInput:
        """From a domain error (``field``, ``rule``; ``details()`` when it names several, as
        an invalid SKP does), so the caller sees every problem at once."""
        details = error.details() if hasattr(error, "details") else {error.field: [error.rule]}
        return cls(str(error), details=details)


class IdempotencyKeyReused(InvalidInput):
    """An Idempotency-Key sent again with another request (method, path or body)."""

    code = "idempotency_key_reused"


class MalformedRequest(KinerjaError):
    status = 400
    code = "malformed_request"


class Unauthorized(KinerjaError):
    status = 401
    code = "unauthorized"


class Forbidden(KinerjaError):
    status = 403
    code = "forbidden"


class NotFound(KinerjaError):
    status = 404
    code = "not_found"


class Conflict(KinerjaError):
    """The request does not fit the current state (a stage that forbids it, a duplicate)."""

    status = 409
    code = "conflict"


class StageForbids(Conflict):
    code = "stage_forbids"


class TransientError(KinerjaError):
    """Worth retrying: throttling, a lost race. ``Retry`` in the ASL matches this name."""

    status = 503
    code = "transient"
    retry_after = 1


class StorageUnavailable(TransientError):
    """DynamoDB failed or refused a call (throttling, an outage), as functions/store reports it.
    Its own ASL name: the workflow's ``Retry`` on TransientError does not retry it."""

    def __init__(self, message: str = "storage is busy; try again", **kwargs: Any) -> None:
        super().__init__(message, **kwargs)


class StorageFailed(KinerjaError):
    """DynamoDB refused a call for a reason retrying will not cure (a bug of ours): logged under
    ``details.error_id``, which the message asks the caller to quote."""

    code = "storage_error"


class TaskRejected(KinerjaError):
    """A person declined a human task (SendTaskFailure); the workflow records why."""

    status = 409
    code = "task_rejected"


class PayloadTooLarge(KinerjaError):
    status = 413
    code = "payload_too_large"


class LimitExceeded(KinerjaError):
    """A request beyond a documented limit (nesting depth, a number's length, a list's length);
    ``details`` names the limit and its bound."""

    status = 400
    code = "limit_exceeded"


class ItemTooLarge(PayloadTooLarge):
    """What a request would store exceeds DynamoDB's 400 KB per item: smaller, not later."""


class UnsupportedMediaType(KinerjaError):
    status = 415
    code = "unsupported_media_type"


class PreconditionFailed(KinerjaError):
    """An edit named a version (If-Match) that is no longer the stored one: read it again."""

    status = 412
    code = "precondition_failed"


class PreconditionRequired(KinerjaError):
    """An edit without If-Match: send the ETag of the version you read, so no change is lost."""

    status = 428
    code = "precondition_required"
