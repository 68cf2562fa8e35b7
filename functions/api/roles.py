"""Who may call an operation, declared once on the view and enforced there.

``@roles(ADMIN, AUDITOR)`` (placed just under ``@blp.route``) refuses any other role with 403
before the body is parsed, and writes the roles into the operation of the OpenAPI document as
the ``x-roles`` extension. The isolation test (tests/functional/test_isolation.py) reads
``x-roles`` from /openapi.json, so an operation is tested the day it is added. Roles say who may
*try*; relationships (a penilai acts on their own subordinates, a pegawai on themselves) are
checked inside, by the services.

``PUBLIC`` marks the few operations that need no credential (``x-roles: ["public"]``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask_smorest import Blueprint

from functions.api.auth import principal
from functions.services.auth import ROLES, require_role

PUBLIC = "public"
EXTENSION = "x-roles"


def roles(*allowed: str) -> Callable:
    unknown = set(allowed) - {*ROLES, PUBLIC}
    if not allowed or unknown:
        raise ValueError(f"declare the roles of the operation (unknown: {sorted(unknown)})")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if PUBLIC not in allowed:
                require_role(principal(), *allowed)
            return view(*args, **kwargs)

        return Blueprint.doc(**{EXTENSION: list(allowed)})(guarded)

    return decorate
