"""The regency's organisation, kept by BKPSDM: units (a tree) and employees.

GET of one unit or employee answers its version as the ETag; PATCH needs it back in If-Match
(428 without, 412 when stale), so an edit made on an old copy never overwrites a newer one.
"""

from __future__ import annotations

import re

from flask import request
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.openapi import if_match as if_match_doc
from functions.api.roles import roles
from functions.errors import PreconditionFailed, PreconditionRequired
from functions.services import people
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from schemas.people import (
    EmployeeIn,
    EmployeeOut,
    EmployeePageOut,
    EmployeePatch,
    EmployeeQuery,
    UnitIn,
    UnitOut,
    UnitPageOut,
    UnitPatch,
)
from schemas.tenants import PageQuery

blp = Blueprint("people", __name__, description="Units and employees")
_ETAG = re.compile(r'^(?:W/)?"?(\d+)"?$')
IF_MATCH = if_match_doc()


def etag(version: int) -> dict:
    return {"ETag": f'"{version}"'}


def if_match() -> int:
    """The version the client read, from If-Match."""
    sent = request.headers.get("If-Match")
    if not sent:
        raise PreconditionRequired(
            "send If-Match with the ETag you read", details={"If-Match": ["required"]}
        )
    found = _ETAG.match(sent.strip())
    if found is None:
        raise PreconditionFailed(
            "If-Match names no version of this item", details={"If-Match": ["not an ETag we gave"]}
        )
    return int(found.group(1))


# --- units -----------------------------------------------------------------------------------
@blp.route("/units")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.arguments(PageQuery, location="query")
@blp.response(200, UnitPageOut)
def list_units(query):
    """The units, a page at a time; ``parent_id`` makes the tree."""
    _, repo = tenant()
    items, cursor = people.units(repo, query["limit"], query["cursor"])
    return {"items": items, "cursor": cursor}


@blp.route("/units", methods=["POST"])
@roles(ADMIN)
@blp.arguments(UnitIn)
@blp.response(201, UnitOut)
def create_unit(body):
    """Create a unit (an organisational unit of the regency); answers its ETag."""
    who, repo = tenant()
    shown = people.create_unit(repo, who.label, body)
    return shown, etag(shown["version"])


@blp.route("/units/<unit_id>")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, UnitOut)
def get_unit(unit_id):
    """One unit, with its ETag (send it back in If-Match to change it)."""
    _, repo = tenant()
    shown = people.unit_shown(people.unit(repo, unit_id))
    return shown, etag(shown["version"])


@blp.route("/units/<unit_id>", methods=["PATCH"])
@roles(ADMIN)
@blp.doc(**IF_MATCH)
@blp.arguments(UnitPatch)
@blp.response(200, UnitOut)
def patch_unit(body, unit_id):
    """Rename, move under another parent (never below itself), or change the head."""
    who, repo = tenant()
    shown = people.update_unit(repo, who.label, unit_id, if_match(), body)
    return shown, etag(shown["version"])


# --- employees -------------------------------------------------------------------------------
@blp.route("/employees")
@roles(ADMIN, AUDITOR)
@blp.arguments(EmployeeQuery, location="query")
@blp.response(200, EmployeePageOut)
def list_employees(query):
    """Employees in NIP order, a page at a time (``unit_id`` keeps one unit's)."""
    _, repo = tenant()
    items, cursor = people.employees(repo, query["limit"], query["cursor"], query["unit_id"])
    return {"items": items, "cursor": cursor}


@blp.route("/employees", methods=["POST"])
@roles(ADMIN)
@blp.arguments(EmployeeIn)
@blp.response(201, EmployeeOut)
def create_employee(body):
    """Register an employee (ASN) with their unit and pejabat penilai."""
    who, repo = tenant()
    shown = people.create_employee(repo, who.label, body)
    return shown, etag(shown["version"])


@blp.route("/employees/<nip>")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, EmployeeOut)
def get_employee(nip):
    """One employee (a pegawai: themselves and their subordinates)."""
    who, repo = tenant()
    may_read(who, repo, nip)
    shown = people.employee(repo, nip)
    return shown, etag(shown["version"])


@blp.route("/employees/<nip>", methods=["PATCH"])
@roles(ADMIN)
@blp.doc(**IF_MATCH)
@blp.arguments(EmployeePatch)
@blp.response(200, EmployeeOut)
def patch_employee(body, nip):
    """Edit an employee. A new unit or penilai moves their unfinished cycles and open tasks
    with them, in the same transaction (``moved`` says what moved)."""
    who, repo = tenant()
    shown = people.update_employee(repo, who.label, nip, if_match(), body)
    return shown, etag(shown["version"])
