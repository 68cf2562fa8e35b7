"""Competency development (docs/development.md): an employee's yearly plan, the activities
done with their certificates, and the hours (JP) reached against the yearly target, per
employee and per unit."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.openapi import if_match as if_match_doc
from functions.api.people import etag, if_match
from functions.api.roles import roles
from functions.services import development
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from schemas.development import (
    DevelopmentOut,
    PlanIn,
    RecordIn,
    RecordOut,
    UnitDevelopmentOut,
    UnitQuery,
)

blp = Blueprint("development", __name__, description="Competency development of employees")


def _plan_etag(shown: dict) -> dict:
    return etag(shown["plan"]["version"]) if shown["plan"] else {}


@blp.route("/employees/<nip>/development/<int:year>")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, DevelopmentOut)
def get_development(nip, year):
    """The year's plan, the activities done and the hours reached against the target (a
    pegawai: themselves and their subordinates). The ETag is the plan's."""
    who, repo = tenant()
    may_read(who, repo, nip)
    shown = development.of_employee(repo, nip, year)
    return shown, _plan_etag(shown)


@blp.route("/employees/<nip>/development/<int:year>/plan", methods=["PUT"])
@roles(ADMIN)
@blp.doc(**if_match_doc(required=False))
@blp.arguments(PlanIn)
@blp.response(200, DevelopmentOut)
def put_plan(body, nip, year):
    """Set the year's individual development plan (its activities replace the ones before);
    changing an existing plan needs its ETag in If-Match."""
    who, repo = tenant()
    version = if_match() if request.headers.get("If-Match") else None
    shown = development.set_plan(repo, who.label, nip, year, version, body)
    return shown, _plan_etag(shown)


@blp.route("/employees/<nip>/development/<int:year>/records", methods=["POST"])
@roles(ADMIN)
@blp.arguments(RecordIn)
@blp.response(201, RecordOut)
def add_record(body, nip, year):
    """Record an activity done, with its certificate's link; its date in the path's year."""
    who, repo = tenant()
    return development.add_record(repo, who.label, nip, year, body)


@blp.route("/employees/<nip>/development/<int:year>/records/<record_id>", methods=["DELETE"])
@roles(ADMIN)
@blp.response(204)
def delete_record(nip, year, record_id):
    """Remove an activity recorded by mistake (audited with what it was)."""
    who, repo = tenant()
    development.delete_record(repo, who.label, nip, year, record_id)
    return ""


@blp.route("/units/<unit_id>/development")
@roles(ADMIN, AUDITOR)
@blp.arguments(UnitQuery, location="query")
@blp.response(200, UnitDevelopmentOut)
def unit_development(query, unit_id):
    """The hours each employee of the unit reached in the year against the target."""
    _, repo = tenant()
    return development.of_unit(repo, unit_id, query["year"])
