"""BKPSDM's worksheet and downloads: a unit's data-quality worksheet as a page (GET
/units/{id}/quality, drawn) and the unit's worksheet, distribution and talent, and the regency's
SIASN export of a period, as CSV or XLSX files (services/downloads.py)."""

from __future__ import annotations

from flask import Response, render_template, request
from marshmallow import ValidationError

from functions.console.blueprint import attachment, blp, signed, year_asked
from functions.errors import InvalidInput
from functions.services import downloads, quality
from functions.services.auth import ADMIN, AUDITOR
from functions.services.distribution import unit_tree
from schemas.reviews import PeriodQuery

FORMATS = "any(csv, xlsx)"


def _sent(table: downloads.Table, file_format: str) -> Response:
    return attachment(*downloads.as_file(table, file_format))


@blp.route("/units/<unit_id>/kualitas")
@signed(ADMIN, AUDITOR)
def worksheet_page(who, repo, unit_id):
    """The unit's worksheet: how many break each check, and the rows to fix."""
    year = year_asked(request.args.get("year"))
    unit, _ = unit_tree(repo, unit_id)
    sheet = quality.unit_worksheet(repo, unit_id, year)
    return render_template("worksheet.html", unit=unit, year=year, sheet=sheet)


@blp.route(f"/units/<unit_id>/unduh/<any(kualitas, distribusi, talenta):what>.<{FORMATS}:fmt>")
@signed(ADMIN, AUDITOR)
def unit_download(who, repo, unit_id, what, fmt):
    year = year_asked(request.args.get("year"))
    return _sent(downloads.unit_table(repo, what, unit_id, year), fmt)


@blp.route(f"/unduh/siasn.<{FORMATS}:fmt>")
@signed(ADMIN, AUDITOR)
def siasn_download(who, repo, fmt):
    """A period's SIASN records (``period=annual``: the year's), as GET /exports/siasn."""
    try:
        period = PeriodQuery().load({"period": request.args.get("period", "annual")})["period"]
    except ValidationError as error:
        rule = "a period from 1 to 12, or annual"
        raise InvalidInput(f"period: {rule}", details=error.messages) from None
    year = year_asked(request.args.get("year"))
    return _sent(downloads.siasn_export(repo, year, period), fmt)
