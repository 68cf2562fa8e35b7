"""X-Ray traces through Powertools Tracer, when ``config.tracing`` is on (serverless.yml turns
on Lambda active tracing and sets it; the embedded runtime leaves it off).

The Tracer, and the X-Ray SDK under it, are imported at the first traced invocation, never at
import: a step's import cost stays that of boto3 and PynamoDB (bench/cold_start.py). Created, the
Tracer patches botocore, so every DynamoDB, Step Functions, Lambda, SQS and KMS call becomes a
subsegment of the invocation's trace; :func:`traced` adds one subsegment per step or job,
annotated with ids (tenant, step), never personal data. Off, :func:`traced` costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from functions import config, logs


@cache
def tracer() -> Any:
    from aws_lambda_powertools import Tracer

    return Tracer(service=logs.SERVICE)


@contextmanager
def traced(name: str, **annotations: object) -> Iterator[None]:
    """A subsegment ``## name`` around the block, with ``annotations`` (indexed, searchable)."""
    if not config.current().tracing:
        yield
        return
    with tracer().provider.in_subsegment(f"## {name}") as subsegment:
        for key, value in annotations.items():
            if value is not None:
                subsegment.put_annotation(key, str(value))
        yield


def wsgi(app: Callable) -> Callable:
    """A WSGI app whose requests are traced (the API on Lambda; serverless-wsgi buffers the
    response anyway, so reading it inside the subsegment changes nothing)."""

    def call(environ: dict, start_response: Callable) -> list[bytes]:
        with traced("request", method=environ.get("REQUEST_METHOD")):
            return list(app(environ, start_response))

    return call
