"""Pages of a query: ``limit`` items and an opaque cursor for the next page.

The cursor is the key of the last item returned (DynamoDB's ExclusiveStartKey), as URL-safe
base64 of JSON. It is not secret, but it is checked: a cursor must name the partition being
listed, so a crafted one cannot start a query anywhere else (and a bad one is a 422 naming
``cursor``, not a storage error).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from itertools import islice
from typing import TypeVar

from functions.errors import InvalidInput
from functions.store.records import Record

R = TypeVar("R", bound=Record)
KEY_ATTRIBUTES = ("pk", "sk", "gsi1pk", "gsi1sk")


def _bad_cursor() -> InvalidInput:
    return InvalidInput("the cursor is not one this listing gave", details={"cursor": ["invalid"]})


def decode(
    cursor: str | None, partition: dict[str, str], prefixes: dict[str, str] | None = None
) -> dict | None:
    """The start key of a cursor, checked to lie in ``partition`` ({attribute: value}) and
    within the query's sort-key condition (``prefixes``: {attribute: prefix})."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _bad_cursor() from None
    if not isinstance(key, dict) or not set(key) <= set(KEY_ATTRIBUTES):
        raise _bad_cursor()
    for value in key.values():
        if not isinstance(value, dict) or set(value) != {"S"} or not isinstance(value["S"], str):
            raise _bad_cursor()
    if any(key.get(name, {}).get("S") != value for name, value in partition.items()):
        raise _bad_cursor()
    for name, prefix in (prefixes or {}).items():
        if not key.get(name, {}).get("S", "").startswith(prefix):
            raise _bad_cursor()
    return key


def encode(record: Record, attributes: Iterable[str]) -> str:
    key = {name: {"S": getattr(record, name)} for name in attributes}
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def page(
    query: Callable[[dict | None, int], Iterable[R]],
    *,
    limit: int,
    cursor: str | None,
    partition: dict[str, str],
    attributes: tuple[str, ...],
    prefixes: dict[str, str] | None = None,
) -> tuple[list[R], str | None]:
    """Run ``query(start_key, page_size)`` and return at most ``limit`` items and the cursor of
    the next page (``None`` when this is the last). One item more is read to know."""
    start = decode(cursor, partition, prefixes)
    found = list(islice(query(start, limit + 1), limit + 1))
    if len(found) <= limit:
        return found, None
    found = found[:limit]
    return found, encode(found[-1], attributes)
