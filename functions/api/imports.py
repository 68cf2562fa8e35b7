"""Bulk import of employees, units, competency results and positions from CSV or XLSX
(docs/import.md)."""

from flask import Response, request
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.errors import PayloadTooLarge, UnsupportedMediaType
from functions.services import imports, spreadsheet
from functions.services.auth import ADMIN
from schemas.imports import ImportJobOut, ImportQuery

blp = Blueprint("imports", __name__, description="Bulk import from BKPSDM spreadsheets")

FORMATS = {
    "text/csv": spreadsheet.CSV,
    "application/csv": spreadsheet.CSV,
    spreadsheet.MEDIA_TYPES[spreadsheet.XLSX]: spreadsheet.XLSX,
}
_FILE = {"schema": {"type": "string", "format": "binary"}}


@blp.route(
    "/imports/<any(employees, units, competencies, positions, development):kind>", methods=["POST"]
)
@roles(ADMIN)
@blp.arguments(ImportQuery, location="query")
@blp.response(200, ImportJobOut)
@blp.doc(
    requestBody={"required": True, "content": {m: _FILE for m in spreadsheet.MEDIA_TYPES.values()}}
)
def upload(query, kind):
    """Import a spreadsheet: every row is checked first, and one broken rule writes nothing
    (422, with the error report at `/imports/{job_id}/report`); one import at a time per
    regency (409 naming the running job, nothing written). Rows equal to what is stored are
    not written; the summary counts created, updated and unchanged rows."""
    who, repo = tenant()
    media = request.mimetype
    if media not in FORMATS:
        raise UnsupportedMediaType(
            f"send the file as {' or '.join(spreadsheet.MEDIA_TYPES.values())}",
            details={"Content-Type": [f"{media or 'none'} is not CSV or XLSX"]},
        )
    if (request.content_length or 0) > imports.MAX_BYTES:
        raise PayloadTooLarge(
            f"a file of at most {imports.MAX_BYTES} bytes",
            details={"file": [f"at most {imports.MAX_BYTES} bytes; split the file"]},
        )
    data = request.get_data(cache=False)
    if len(data) > imports.MAX_BYTES:
        raise PayloadTooLarge(f"a file of at most {imports.MAX_BYTES} bytes")
    return imports.import_file(repo, who.label, kind, data, FORMATS[media], job_id=query["job_id"])


@blp.route("/imports")
@roles(ADMIN)
@blp.response(200, ImportJobOut(many=True))
def list_jobs():
    """The tenant's imports, with their status (`interrupted`: it stopped midway)."""
    _, repo = tenant()
    return [imports.summary(j) for j in imports.jobs(repo)]


@blp.route("/imports/<job_id>")
@roles(ADMIN)
@blp.response(200, ImportJobOut)
def get_job(job_id):
    """One import: status, rows validated and written, counts."""
    _, repo = tenant()
    return imports.summary(imports.find_job(repo, job_id))


@blp.route("/imports/<job_id>/report")
@roles(ADMIN)
@blp.doc(
    responses={
        200: {
            "description": "the file",
            "content": {m: _FILE for m in spreadsheet.MEDIA_TYPES.values()},
        }
    }
)
def get_report(job_id):
    """The error report of a rejected import: the file's rows in its own format, with an
    `error` column naming the column and the rule for each row that broke one."""
    _, repo = tenant()
    data, media = imports.report(repo, job_id)
    extension = "csv" if media == "text/csv" else "xlsx"
    disposition = f'attachment; filename="import-{job_id}-report.{extension}"'
    return Response(data, mimetype=media, headers={"Content-Disposition": disposition})
