"""``@idempotent``: the view honours an ``Idempotency-Key`` header (functions/services/
idempotency.py). Placed under ``@roles`` (the caller is known) and above ``@blp.arguments``: a
replay answers the first answer without parsing the body again or calling the view.

Without the header the view runs as before. With it, the first answer (its status, body and
``ETag``/``Location``) is remembered for 24 hours; a retry gets it again with
``Idempotent-Replayed: true``. An answer that is an error is not remembered: the same key can be
sent again once the request is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, make_response, request
from flask_smorest import Blueprint

from functions.api.openapi import idempotency_key
from functions.services import idempotency

KEPT_HEADERS = ("Content-Type", "ETag", "Location")
REPLAYED = "Idempotent-Replayed"


class _Refused(Exception):
    """An error answer the view returned (not raised): given back, never remembered."""

    def __init__(self, response) -> None:
        super().__init__(response.status)
        self.response = response


def _remaining_millis() -> int:
    context = request.environ.get("serverless.context")  # serverless-wsgi's, on AWS
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return int(remaining()) if remaining else 30_000


def _what_was_asked() -> dict:
    body = request.get_json(silent=True)
    if body is None and request.get_data(cache=True):
        body = request.get_data(as_text=True)
    return {"method": request.method, "path": request.path, "body": body}


def idempotent(view: Callable) -> Callable:
    @wraps(view)
    def guarded(*args, **kwargs):
        key = request.headers.get(idempotency.HEADER)
        if key is None:
            return view(*args, **kwargs)
        api_key = request.headers.get("Authorization", "").partition(" ")[2].strip()

        def call() -> dict:
            response = make_response(view(*args, **kwargs))
            if response.status_code >= 400:
                raise _Refused(response)
            headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
            body = response.get_data(as_text=True)
            return {"status": response.status_code, "headers": headers, "body": body}

        try:
            answer, replayed = idempotency.once(
                api_key, key, _what_was_asked(), call, _remaining_millis()
            )
        except _Refused as refused:
            return refused.response
        response = current_app.response_class(
            answer["body"], status=answer["status"], headers=answer["headers"]
        )
        if replayed:
            response.headers[REPLAYED] = "true"
        return response

    return Blueprint.doc(**idempotency_key())(guarded)
