"""Competency development (docs/development.md): an employee's yearly plan, the activities
done with their certificates, and the hours (JP) reached against the yearly target, per
employee and per unit."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.openapi import if_match as if_match_doc
from functions.api.people import etag, if_match
from functions.api.roles import roles
from functions.services import development, development_needs, development_report, spreadsheet
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from schemas.development import (
    DevelopmentOut,
    NeedsOut,
    PlanIn,
    PolicyIn,
    PolicyOut,
    RecordIn,
    RecordOut,
    RecordShownOut,
    ReportOut,
    ReportQuery,
    UnitDevelopmentOut,
    UnitQuery,
    UseIn,
)

XLSX = spreadsheet.MEDIA_TYPES[spreadsheet.XLSX]

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


@blp.route("/employees/<nip>/development/<int:year>/needs")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, NeedsOut)
def get_needs(nip, year):
    """What the year's plan should answer: the development among the latest 9-box's actions,
    the coaching of this year and the year before, the competencies assessed below the upper
    band; each with the activity kinds answering it and whether the plan has one."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return development_needs.needs(repo, nip, year)


@blp.route("/employees/<nip>/development/<int:year>/records/<record_id>/use", methods=["PUT"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(UseIn)
@blp.response(200, RecordShownOut)
def put_use(body, nip, year, record_id):
    """The penilai confirms whether the competency of an activity done is used in the work
    (optionally naming the RHK it was meant for); the answer shows that RHK's capaian before
    and after the activity."""
    who, repo = tenant()
    return development.confirm_use(repo, who, nip, year, record_id, body)


@blp.route("/development/policies")
@roles(ADMIN, AUDITOR)
@blp.response(200, PolicyOut(many=True))
def list_policies():
    """The regency's policy documents on (digital) competency development, by date."""
    _, repo = tenant()
    return development_report.policies(repo)


@blp.route("/development/policies", methods=["POST"])
@roles(ADMIN)
@blp.arguments(PolicyIn)
@blp.response(201, PolicyOut)
def add_policy(body):
    """Record a policy document (title, number, date, link)."""
    who, repo = tenant()
    return development_report.add_policy(repo, who.label, body)


@blp.route("/development/policies/<policy_id>", methods=["PUT"])
@roles(ADMIN)
@blp.arguments(PolicyIn)
@blp.response(200, PolicyOut)
def put_policy(body, policy_id):
    """Replace a policy document's fields."""
    who, repo = tenant()
    return development_report.set_policy(repo, who.label, policy_id, body)


@blp.route("/development/policies/<policy_id>", methods=["DELETE"])
@roles(ADMIN)
@blp.response(204)
def delete_policy(policy_id):
    """Remove a policy document (audited with what it was)."""
    who, repo = tenant()
    development_report.delete_policy(repo, who.label, policy_id)
    return ""


@blp.route("/development/report")
@roles(ADMIN, AUDITOR)
@blp.arguments(ReportQuery, location="query")
@blp.response(200, ReportOut)
@blp.doc(responses={200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
def get_report(query):
    """The year along the ASN Achievement Award's four indicators: policy documents, activities
    and hours per unit, budget planned and spent, utilisation (confirmed used / done). As a
    workbook with `format=xlsx` or `Accept: ` the XLSX media type."""
    _, repo = tenant()
    found = development_report.report(repo, query["year"])
    wanted = query["format"]
    if wanted is None:
        best = request.accept_mimetypes.best_match(["application/json", XLSX])
        wanted = "xlsx" if best == XLSX else "json"
    if wanted == "json":
        return found
    name = development_report.filename(query["year"])
    return Response(development_report.workbook(found), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
