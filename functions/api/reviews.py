"""What BKPSDM and supervisors review: the cascade of results (Matriks Peran Hasil), the data
quality of SKP and realisations, and periodic results in SIASN's shape."""

import csv
import io

from flask import Response
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.services import cascade, downloads, quality, siasn, talent
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from schemas.cycles import YearQuery
from schemas.reviews import (
    ApprovedRhkOut,
    MatriksOut,
    PeriodQuery,
    QualityOut,
    SiasnPeriodOut,
    SiasnRecordOut,
    TalentOut,
    UnitCascadeOut,
    WorksheetOut,
    WorksheetQuery,
    YearPeriodQuery,
)

blp = Blueprint("reviews", __name__, description="Cascade, data quality, SIASN export")
CYCLE = "/cycles/<nip>/<int:year>"


@blp.route(f"{CYCLE}/matriks")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, MatriksOut)
def cycle_matriks(nip, year):
    """The superior's RHK, each with the subordinate RHK that support it; those nobody
    supports; subordinate RHK naming none of them."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return cascade.matriks(repo, nip, year)


@blp.route(f"{CYCLE}/rhk")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, ApprovedRhkOut)
def cycle_rhk(nip, year):
    """The RHK of the approved SKP of ``nip`` (id, text, utama; nothing else of the cycle), so
    their direct subordinates name them when drafting (``rhk_atasan_id``); 409 until approved."""
    who, repo = tenant()
    return cascade.approved_rhk(repo, who, nip, year)


@blp.route("/units/<unit_id>/matriks")
@roles(ADMIN, AUDITOR)
@blp.arguments(YearQuery, location="query")
@blp.response(200, UnitCascadeOut)
def unit_matriks(query, unit_id):
    """The unit's whole cascade, from its leader down, level by level."""
    _, repo = tenant()
    return cascade.unit_cascade(repo, unit_id, query["year"])


@blp.route(f"{CYCLE}/quality")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, QualityOut)
def cycle_quality(nip, year):
    """The SKP's data-quality findings: cascade, evidence, weights, stages on time."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return quality.cycle_quality(repo, nip, year)


@blp.route("/units/<unit_id>/quality")
@roles(ADMIN, AUDITOR)
@blp.arguments(WorksheetQuery, location="query")
@blp.response(200, WorksheetOut)
@blp.doc(responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def unit_quality(query, unit_id):
    """The unit's worksheet: counts per check and one row per employee and finding
    (`format=csv` for a spreadsheet)."""
    _, repo = tenant()
    sheet = quality.unit_worksheet(repo, unit_id, query["year"])
    if query["format"] == "json":
        return sheet
    table = downloads.worksheet_table(sheet)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    filename = f"{table.name}.csv"
    attachment = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(out.getvalue(), mimetype="text/csv", headers=attachment)


@blp.route(f"{CYCLE}/siasn")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, SiasnRecordOut)
def cycle_siasn(query, nip, year):
    """One period's result as SIASN's kinerjaperiodik record (``period=annual``: the year's,
    as an skp22 record); 422 naming every item still missing."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return siasn.cycle_record(repo, nip, year, query["period"])


@blp.route("/exports/siasn")
@roles(ADMIN, AUDITOR)
@blp.arguments(YearPeriodQuery, location="query")
@blp.response(200, SiasnPeriodOut)
def period_siasn(query):
    """Every employee's kinerjaperiodik record of a period (``period=annual``: the year's result
    after revisions and keberatan, as skp22 records), and for those not ready every item still
    missing (``left_out[].missing``)."""
    _, repo = tenant()
    return siasn.period_records(repo, query["year"], query["period"])


@blp.route("/units/<unit_id>/talent")
@roles(ADMIN, AUDITOR)
@blp.arguments(YearQuery, location="query")
@blp.response(200, TalentOut)
def unit_talent(query, unit_id):
    """The unit's ranking by predikat and standing, its 9-box, succession candidates (boxes
    7-9) and the follow-up flags (improvement path, PPPK contract review, rewards)."""
    _, repo = tenant()
    return talent.unit_talent(repo, unit_id, query["year"])
