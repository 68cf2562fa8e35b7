"""BKPSDM's pages: the regency's year at a glance (progress per unit, the overdue tasks and who
holds them, as GET /tasks?overdue=true lists them for an admin) and a unit's talent 9-box with
its succession list (GET /units/{id}/talent): the same services, drawn."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext

from functions.console.blueprint import blp, signed, year_asked
from functions.services import inbox, jobs, reports, summaries, talent
from functions.services.auth import ADMIN, AUDITOR
from functions.services.distribution import unit_tree

MAX_OVERDUE = 100
LISTING_PAGE = 1000  # cycles per page of the listing the overdue tasks are found in
# the 9-box as drawn: potensi rows (tinggi first) × kinerja columns (di bawah first)
GRID = (("tinggi", (6, 8, 9)), ("menengah", (3, 5, 7)), ("rendah", (1, 2, 4)))
STAGES = (
    "plan",
    "approval",
    "monitor",
    "coach",
    "assess",
    "annual",
    "decide",
    "done",
    "failed",
    "closed",
)


@signed(ADMIN, AUDITOR)
def home_page(who, repo):
    """/console/ for BKPSDM: every unit's cycles of the year per stage, the overdue tasks."""
    year = year_asked(request.args.get("year"))
    units = reports.unit_progress(repo, year)  # the per-unit counters, not the cycles
    cycles = repo.cycle_listing(year, "", None, LISTING_PAGE)  # read until 101 are overdue
    shown = [s for s in STAGES if any(u["stages"].get(s) for u in units)]
    shown += sorted({s for u in units for s in u["stages"]} - set(shown))
    late, more = inbox.overdue_among(repo, cycles, MAX_OVERDUE)
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
        jobs=jobs.listed(repo, year, limit=3),  # the latest: a year opened, cycles migrated
        units=units,
        stages=shown,
        totals={s: sum(u["stages"].get(s, 0) for u in units) for s in shown},
        overdue=overdue,
        more=more,
        saved=session.pop("saved", None),
    )


@blp.route("/summary/rebuild", methods=["POST"])
@signed(ADMIN)
def rebuild_summary(who, repo):
    """Count the year's cycles again into the counters the progress per unit reads (as
    POST /reports/summary/rebuild): a repair when the figures look wrong."""
    year = year_asked(request.form.get("year"))
    done = summaries.rebuild(repo, who.label, year)
    session["saved"] = gettext(
        "Ringkasan %(year)s dihitung ulang dari %(cycles)s siklus.", year=year,
        cycles=done["cycles"],
    )  # fmt: skip
    return redirect(url_for("console.home", year=year))


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
