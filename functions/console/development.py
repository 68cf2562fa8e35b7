"""BKPSDM's page of the year's competency development along the ASN Achievement Award's four
indicators (GET /development/report, docs/development.md): the policy documents, activities
and hours per unit, budget planned and spent, and the use made of it, each drawn beside its
table, with the API's XLSX to download."""

from __future__ import annotations

from flask import Response, render_template, request

from functions.console.blueprint import blp, signed, year_asked
from functions.services import development_report, spreadsheet
from functions.services.auth import ADMIN, AUDITOR


@blp.route("/development")
@signed(ADMIN, AUDITOR)
def development_page(who, repo):
    """The four indicators; per unit with any plan or activity, a chart beside each table."""
    year = year_asked(request.args.get("year"))
    found = development_report.report(repo, year)
    units = [u for u in found["units"] if u["planned_activities"] or u["activities"]]
    return render_template(
        "development.html", year=year, report=found, units=units,
        charts=charts(units, found["target"]),
    )  # fmt: skip


@blp.route("/development.xlsx")
@signed(ADMIN, AUDITOR)
def development_workbook(who, repo):
    """The same report as the API's XLSX."""
    year = year_asked(request.args.get("year"))
    name = development_report.filename(year)
    return Response(
        development_report.workbook(development_report.report(repo, year)),
        mimetype=spreadsheet.MEDIA_TYPES[spreadsheet.XLSX],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def charts(units: list[dict], target: int) -> list[dict]:
    """For Chart.js (static/development.js): per unit, the JP per employee against the target
    (a mark across each bar), the budget planned and spent, and the activities by their use."""
    names = [u["name"] for u in units]
    per_head = [round(u["hours"] / u["employees"], 1) if u["employees"] else 0 for u in units]
    return [
        {"id": "hours-chart", "labels": names, "y": "JP per pegawai", "datasets": [
            {"label": "JP rata-rata per pegawai", "data": per_head, "colour": "#2e86c1"},
            {"label": f"Target {target} JP", "data": [target] * len(units), "colour": "#c0392b",
             "line": True},
        ]},
        {"id": "budget-chart", "labels": names, "y": "Rupiah", "datasets": [
            {"label": "Direncanakan", "data": [u["planned_cost"] for u in units],
             "colour": "#7d3c98"},
            {"label": "Terealisasi", "data": [u["spent"] for u in units], "colour": "#117a65"},
        ]},
        {"id": "use-chart", "labels": names, "y": "Kegiatan", "stacked": True, "datasets": [
            {"label": "Dimanfaatkan", "data": [u["used"] for u in units], "colour": "#1a5d1a"},
            {"label": "Tidak dimanfaatkan", "data": [u["not_used"] for u in units],
             "colour": "#c0392b"},
            {"label": "Belum dikonfirmasi", "data": [u["unconfirmed"] for u in units],
             "colour": "#a6acaf"},
        ]},
    ]  # fmt: skip
