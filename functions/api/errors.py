"""Errors as JSON: ``{"error": {"code", "message", "details"}}``, never an HTML page or a 500
for bad input."""

from __future__ import annotations

from flask import Flask, jsonify
from pynamodb.exceptions import PynamoDBException

from functions.domain.errors import DomainError
from functions.errors import KinerjaError, TransientError


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

    @app.errorhandler(PynamoDBException)
    def storage_error(error: PynamoDBException):
        transient = TransientError("storage is busy; try again")
        app.logger.warning("storage error: %s", error)
        return jsonify(transient.body()), transient.status
