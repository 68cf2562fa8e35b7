"""Errors as JSON: ``{"error": {"code", "message", "details"}}``, never an HTML page or a 500
for bad input."""

from __future__ import annotations

from flask import Flask, jsonify

from functions import logs
from functions.domain.errors import DomainError
from functions.errors import KinerjaError, StorageUnavailable
from functions.store.repository import StorageError


def error_response(status: int, code: str, message: str, details=None):
    body = {"error": {"code": code, "message": message, "details": details}}
    return jsonify(body), status


def register_errors(app: Flask) -> None:
    @app.errorhandler(KinerjaError)
    def kinerja_error(error: KinerjaError):
        return jsonify(error.body()), error.status

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(422, "invalid_input", str(error), {error.field: [error.rule]})

    @app.errorhandler(StorageError)
    def storage_error(error: Exception):
        """A raw storage call (a record's save, a query) that failed: as the store's own."""
        code = getattr(error, "cause_response_code", None)  # DynamoDB's, e.g. throttling
        logs.logger().warning("storage error", extra={"error": type(error).__name__, "code": code})
        busy = StorageUnavailable()
        return jsonify(busy.body()), busy.status
