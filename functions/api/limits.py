"""Request limits, checked on the raw bytes of every JSON body before anything parses it.

A JSON body nested 1,000 deep makes Python's parser raise ``RecursionError``, and a number of
5,000 digits ``ValueError`` (the interpreter's 4,300-digit limit): both used to be 500s on every
route. Here, before any view (the webhook receiver included) or webargs reads the body, it is
scanned without being parsed: its size (413), the depth of its nesting, the length of every
number, the ``NaN``/``Infinity`` words Python accepts but JSON does not and lone UTF-16 surrogate
escapes, which no storage can encode (400, naming the limit).
The scan strips the strings first, so text inside a string never counts. docs/limits.md lists
the limits.
"""

from __future__ import annotations

import re
from array import array
from itertools import accumulate

from flask import Flask, request
from flask_smorest import Api

from functions.errors import LimitExceeded, MalformedRequest, PayloadTooLarge

MAX_JSON_BYTES = 1024 * 1024  # a JSON body; file uploads (imports) have their own limit
MAX_DEPTH = 32  # objects and arrays inside one another (DynamoDB stores maps up to 32 deep)
MAX_NUMBER_CHARS = 40  # a number as written: sign, digits, point, exponent (DynamoDB: 38 digits)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_LONG_NUMBER = re.compile(rb"[-+.0-9eE]{%d,}" % (MAX_NUMBER_CHARS + 1))
_NOT_JSON_WORD = re.compile(rb"NaN|Infinity")
_ESCAPE = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_BRACKETS = b"[]{}"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in _BRACKETS)
_STEPS = bytes.maketrans(_BRACKETS, b"\x01\xff\x01\xff")  # open +1, close -1 (signed bytes)


def check(body: bytes) -> None:
    """Refuse a JSON text beyond the limits, without parsing it."""
    if len(body) > MAX_JSON_BYTES:
        raise _too_large()
    outside_strings = _STRING.sub(b'""', body)
    steps = array("b", outside_strings.translate(None, _NOT_BRACKETS).translate(_STEPS))
    depth = max(accumulate(steps), default=0)
    if depth > MAX_DEPTH:
        raise LimitExceeded(
            f"the body is nested {depth} levels deep; at most {MAX_DEPTH}",
            details={"body": [f"nesting at most {MAX_DEPTH} levels deep"], "limit": "depth"},
        )
    long = _LONG_NUMBER.search(outside_strings)
    if long is not None:
        raise LimitExceeded(
            f"a number of {len(long.group())} characters; at most {MAX_NUMBER_CHARS}",
            details={"body": [f"numbers of at most {MAX_NUMBER_CHARS} characters"],
                     "limit": "number_length"},
        )  # fmt: skip
    if _NOT_JSON_WORD.search(outside_strings):
        raise MalformedRequest(
            "the body is not valid JSON: NaN and Infinity are not JSON numbers",
            details={"body": ["finite numbers only"]},
        )
    if b"\\u" in body and _lone_surrogate(body):
        raise MalformedRequest(
            "the body holds a lone UTF-16 surrogate escape (half of a character), not text",
            details={"body": ["\\ud800-\\udfff only as a high-low pair"]},
        )


def _lone_surrogate(body: bytes) -> bool:
    """A ``\\uD800``-``\\uDBFF`` escape not followed at once by a ``\\uDC00``-``\\uDFFF`` one,
    or the latter alone: Python decodes either into a string nothing can store."""
    high_ends = -1  # where the escape of an unpaired high surrogate ends
    for escape in _ESCAPE.finditer(body):
        code = int(escape.group(1), 16) if escape.group(1) else None
        low = code is not None and 0xDC00 <= code <= 0xDFFF
        if high_ends >= 0:
            if not (low and escape.start() == high_ends):
                return True
            high_ends = -1
        elif low:
            return True
        elif code is not None and 0xD800 <= code <= 0xDBFF:
            high_ends = escape.end()
    return high_ends >= 0


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the body is larger than {MAX_JSON_BYTES} bytes",
        details={"body": [f"at most {MAX_JSON_BYTES} bytes"], "limit": "size"},
    )


def check_request() -> None:
    """The ``before_request`` hook: every JSON body, on every route."""
    if not request.is_json:
        return  # nothing parses it as JSON (webargs reads JSON media types only)
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise _too_large()
    request.max_content_length = MAX_JSON_BYTES  # a body without Content-Length stops there
    check(request.get_data(cache=True))


def register(app: Flask, api: Api, max_upload: int) -> None:
    """Every request is capped at ``max_upload`` bytes (a file import); JSON bodies are checked
    against the limits above before any view runs. The OpenAPI document says so: every
    operation with a JSON body may answer 400 (a limit) and 413 (too large)."""
    app.config["MAX_CONTENT_LENGTH"] = max_upload
    app.before_request(check_request)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    limit = f"beyond a limit: nesting over {MAX_DEPTH}, a number over {MAX_NUMBER_CHARS} chars"
    api.spec.components.response("LIMIT_EXCEEDED", {"description": limit, "content": error})
    large = f"a JSON body over {MAX_JSON_BYTES} bytes, or a record over the storage's 400 KB"
    api.spec.components.response("PAYLOAD_TOO_LARGE", {"description": large, "content": error})
    for path, operations in api.spec._paths.items():  # apispec keeps the paths there
        for method, operation in operations.items():
            if method not in ("post", "put", "patch"):
                continue
            content = (operation.get("requestBody") or {}).get("content", {})
            receiver = path.startswith("/webhooks/{tenant_id}/") and method == "post"
            if "application/json" in content or receiver:
                responses = operation.setdefault("responses", {})
                responses.setdefault("400", {"$ref": "#/components/responses/LIMIT_EXCEEDED"})
                responses.setdefault("413", {"$ref": "#/components/responses/PAYLOAD_TOO_LARGE"})
