"""The imports page (admins, as the API's /imports): a template and an upload form per kind, the
past imports, and one import's report row by row — each row accepted, or refused with the
column and the rule (the error report services/imports.py keeps, read back)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext

from functions.console.blueprint import attachment, blp, signed
from functions.domain import roster
from functions.errors import Conflict, InvalidInput
from functions.services import downloads, imports, spreadsheet
from functions.services.auth import ADMIN

KINDS = "any(" + ", ".join(roster.IMPORT_KINDS) + ")"


def _page(repo, problems: dict | None = None, status: int = 200):
    past = sorted(imports.jobs(repo), key=lambda j: j.started_at, reverse=True)
    return render_template(
        "imports.html",
        kinds=roster.IMPORT_KINDS,
        columns=roster.COLUMNS,
        past=[imports.summary(j) for j in past[:50]],
        problems=problems or {},
    ), status


@blp.route("/imports")
@signed(ADMIN)
def imports_page(who, repo):
    return _page(repo)


@blp.route(f"/imports/template/<{KINDS}:kind>.<any(csv, xlsx):fmt>")
@signed(ADMIN)
def import_template(who, repo, kind, fmt):
    """An empty sheet with the kind's columns in their order."""
    return attachment(*downloads.as_file(downloads.import_template(kind), fmt))


def _format_of(filename: str) -> str | None:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return extension if extension in spreadsheet.MEDIA_TYPES else None


@blp.route(f"/imports/<{KINDS}:kind>", methods=["POST"])
@signed(ADMIN)
def upload(who, repo, kind):
    """The file, checked and written as POST /imports/{kind} does; then its report."""
    sent = request.files.get("file")
    file_format = _format_of(sent.filename or "") if sent else None
    if sent is None or not sent.filename:
        return _page(repo, {kind: [gettext("pilih berkas CSV atau XLSX")]}, 422)
    if file_format is None:
        return _page(repo, {kind: [gettext("berkas harus berakhiran .csv atau .xlsx")]}, 422)
    data = sent.read(imports.MAX_BYTES + 1)
    try:
        found = imports.import_file(repo, who.label, kind, data, file_format)
    except imports.ImportRejected as error:
        job_id = error.details["job_id"]
    except (InvalidInput, Conflict) as error:
        rules = [f"{k}: {r}" for k, v in (error.details or {}).items() for r in _listed(v)]
        return _page(repo, {kind: rules or [error.message]}, 422)
    else:
        job_id = found["job_id"]
    return redirect(url_for("console.import_job", job_id=job_id), 303)


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


@blp.route("/imports/<job_id>")
@signed(ADMIN)
def import_job(who, repo, job_id):
    """One import: its summary and, when refused, every row with the column and rule it broke."""
    job = imports.find_job(repo, job_id)
    rows = []
    if job.report_parts:
        data, _ = imports.report(repo, job_id)
        sheet = spreadsheet.read(data, job.file_format)
        error_at = len(sheet.headers) - 1  # the report's last column
        for number, row in zip(sheet.numbers, sheet.rows, strict=True):
            error = row[error_at] if len(row) > error_at else None
            rows.append({"row": number, "cells": row[:error_at], "problems": _problems(error)})
    return render_template("import_job.html", job=imports.summary(job), rows=rows)


def _problems(error: object) -> list[tuple[str, str]]:
    """``"Column: rule; Column: rule"`` as (column, rule) pairs."""
    text = "" if error is None else str(error)
    pairs = [p.partition(": ") for p in text.split("; ") if p.strip()]
    return [(column, rule) for column, _, rule in pairs]


@blp.route("/imports/<job_id>/laporan")
@signed(ADMIN)
def import_report(who, repo, job_id):
    data, media = imports.report(repo, job_id)
    extension = "csv" if media == spreadsheet.MEDIA_TYPES[spreadsheet.CSV] else "xlsx"
    return attachment(data, media, f"import-{job_id}-laporan.{extension}")
