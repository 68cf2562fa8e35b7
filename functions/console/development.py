"""BKPSDM's page of the year's competency development along the ASN Achievement Award's four
indicators (GET /development/report, docs/development.md): the policy documents, activities
and hours per unit, budget planned and spent, and the use made of it, each drawn beside its
table, with the API's XLSX to download."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext

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


def _bars(label: str, data: list, colour: str, **more) -> dict:
    return {"label": label, "data": data, "colour": colour, **more}


def charts(units: list[dict], target: int) -> list[dict]:
    """For Chart.js (static/development.js): per unit, the JP per employee against the target
    (a mark across each bar), the budget planned and spent, and the activities by their use."""
    names = [u["name"] for u in units]
    per_head = [round(u["hours"] / u["employees"], 1) if u["employees"] else 0 for u in units]

    def of(key: str) -> list:
        return [u[key] for u in units]

    hours = [
        _bars(gettext("JP rata-rata per pegawai"), per_head, "#2e86c1"),
        _bars(gettext("Target %(target)s JP", target=target), [target] * len(units), "#c0392b",
              line=True),
    ]  # fmt: skip
    budget = [
        _bars(gettext("Direncanakan"), of("planned_cost"), "#7d3c98"),
        _bars(gettext("Terealisasi"), of("spent"), "#117a65"),
    ]
    use = [
        _bars(gettext("Dimanfaatkan"), of("used"), "#1a5d1a"),
        _bars(gettext("Tidak dimanfaatkan"), of("not_used"), "#c0392b"),
        _bars(gettext("Belum dikonfirmasi"), of("unconfirmed"), "#a6acaf"),
    ]
    return [
        {"id": "hours-chart", "labels": names, "y": gettext("JP per pegawai"), "datasets": hours},
        {"id": "budget-chart", "labels": names, "y": gettext("Rupiah"), "datasets": budget},
        {"id": "use-chart", "labels": names, "y": gettext("Kegiatan"), "stacked": True,
         "datasets": use},
    ]  # fmt: skip
