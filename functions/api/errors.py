"""Errors as JSON: ``{"error": {"code", "message", "details"}}``, never an HTML page or a 500
for bad input. The message (and the rules in ``details``) in the caller's language
(functions/api/languages.py); the code never changes."""

from __future__ import annotations

from flask import Flask, jsonify

from functions.api.languages import language, translated
from functions.domain.errors import DomainError
from functions.errors import KinerjaError
from functions.store.repository import StorageError
from functions.store.writes import storage_error


def error_response(status: int, code: str, message: str, details=None, headers=None):
    body = {"error": {"code": code, "message": translated(message), "details": translated(details)}}
    return jsonify(body), status, {**(headers or {}), "Content-Language": language()}


def register_errors(app: Flask) -> None:
    @app.errorhandler(KinerjaError)
    def kinerja_error(error: KinerjaError):
        headers = {"Retry-After": str(error.retry_after)} if error.retry_after else {}
        body = error.body()["error"]
        return error_response(error.status, body["code"], body["message"], body["details"], headers)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(422, "invalid_input", str(error), {error.field: [error.rule]})

    @app.errorhandler(StorageError)
    def raw_storage_error(error: StorageError):
        """A raw storage call (a record's save, a query) that failed: as the store's own."""
        return kinerja_error(storage_error(error))
