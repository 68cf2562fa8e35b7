"""BKPSDM's pages: the regency's year at a glance (progress per unit, the overdue tasks and who
holds them, as GET /tasks?overdue=true lists them for an admin), a unit's talent 9-box with
its succession list (GET /units/{id}/talent) and the year's competency development along the
ASN Achievement Award's four indicators (GET /development/report): the same services, drawn."""

from __future__ import annotations

from flask import Response, render_template, request

from functions.console.blueprint import blp, signed, year_asked
from functions.services import development_report, inbox, reports, spreadsheet, talent
from functions.services.auth import ADMIN, AUDITOR
from functions.services.distribution import unit_tree

MAX_OVERDUE = 100
# the 9-box as drawn: potensi rows (tinggi first) × kinerja columns (di bawah first)
GRID = (("tinggi", (6, 8, 9)), ("menengah", (3, 5, 7)), ("rendah", (1, 2, 4)))
STAGES = ("plan", "approval", "monitor", "coach", "assess", "annual", "decide", "done", "failed")


@signed(ADMIN, AUDITOR)
def home_page(who, repo):
    """/console/ for BKPSDM: every unit's cycles of the year per stage, the overdue tasks."""
    year = year_asked(request.args.get("year"))
    units = reports.unit_progress(repo, year)
    shown = [s for s in STAGES if any(u["stages"].get(s) for u in units)]
    shown += sorted({s for u in units for s in u["stages"]} - set(shown))
    filters = inbox.Filters(overdue=True)
    late, more = inbox.of_regency(repo, year, filters, MAX_OVERDUE, None)
    details = inbox.details(repo, late)
    holders = repo.employees_of(t.assignee_nip for t in late if t.assignee_nip)
    names = {nip: e.name for nip, e in holders.items()}  # just the holders, not the roster
    overdue = [
        {
            "task": t,
            "subject": details[t.task_id]["employee_name"] or t.subject_nip,
            "unit_id": details[t.task_id]["unit_id"],
            "unit": details[t.task_id]["unit_name"],
            "holder": names.get(t.assignee_nip, t.assignee_nip) if t.assignee_nip else None,
        }
        for t in sorted(late, key=lambda t: t.due)
    ]
    return render_template(
        "home.html",
        year=year,
        units=units,
        stages=shown,
        totals={s: sum(u["stages"].get(s, 0) for u in units) for s in shown},
        overdue=overdue,
        more=more is not None,
    )


@blp.route("/units/<unit_id>/talent")
@signed(ADMIN, AUDITOR)
def talent_page(who, repo, unit_id):
    """The unit's 9-box with the names in each box, the succession list and the flags."""
    year = year_asked(request.args.get("year"))
    unit, _ = unit_tree(repo, unit_id)
    found = talent.unit_talent(repo, unit_id, year)
    names = {r["nip"]: r["name"] or r["nip"] for r in found["ranking"]}
    boxes = {int(box): [(nip, names.get(nip, nip)) for nip in nips]
             for box, nips in found["nine_box"].items()}  # fmt: skip
    return render_template(
        "talent.html",
        unit=unit,
        year=year,
        talent=found,
        grid=GRID,
        boxes=boxes,
        placed=sum(len(v) for v in boxes.values()),
        names=names,
    )


@blp.route("/development")
@signed(ADMIN, AUDITOR)
def development_page(who, repo):
    """The year's competency development: the policy documents, activities and hours per unit,
    budget planned and spent, and the use made of it, each drawn as a chart beside its table."""
    year = year_asked(request.args.get("year"))
    found = development_report.report(repo, year)
    units = [u for u in found["units"] if u["planned_activities"] or u["activities"]]
    return render_template(
        "development.html", year=year, report=found, units=units,
        charts=development_charts(units, found["target"]),
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


def development_charts(units: list[dict], target: int) -> list[dict]:
    """For Chart.js (static/development.js): per unit with any development, the JP per employee
    against the target, the budget planned and spent, and the activities by their use."""
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
