"""BKPSDM's talent review rounds (docs/talent-review.md) as GET/POST /talent-reviews do them: the
rounds, a new round defined and started from a form, one round's waves with their officials; and
the succession of key positions (GET /succession) of the regency or a unit."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError

from functions.console.blueprint import blp, signed, whole, year_asked
from functions.domain.talent_review import DEFAULT_CRITERIA, WAVES
from functions.errors import InvalidInput
from functions.services import succession, talent_reviews
from functions.services.auth import ADMIN, AUDITOR
from schemas.talent_reviews import TalentReviewIn

CRITERIA_ROWS = 6
RULES = {
    "name": lazy_gettext("isi nama putaran"),
    "year": lazy_gettext("isi tahun yang sah"),
    "criteria": lazy_gettext(
        "kriteria huruf kecil, angka atau _; bobot bilangan bulat yang berjumlah 100"
    ),
    "panel": lazy_gettext(
        "NIP pegawai instansi, satu per baris (ketua di baris pertama, paling banyak 15); "
        "pejabat yang dinilai tidak boleh menjadi satu-satunya penilai dirinya"
    ),
    "ppk_nip": lazy_gettext("NIP pegawai instansi, atau kosong (BKPSDM mencatat pengesahan)"),
    "waves": lazy_gettext("pilih gelombang yang jabatannya mempunyai pejabat definitif"),
    "unit_ids": lazy_gettext("pilih unit kerja dari daftar"),
}


def _page(repo, year: int, sent: dict | None = None, errors=None, status=200):
    if sent is None:
        rows = [{"name": c, "weight": str(w)} for c, w in DEFAULT_CRITERIA.items()]
        sent = {"name": "", "year": str(year), "panel": "", "ppk_nip": "", "waves": list(WAVES),
                "unit_ids": [], "criteria": rows}  # fmt: skip
    sent["criteria"] += [{"name": "", "weight": ""}] * (CRITERIA_ROWS - len(sent["criteria"]))
    return render_template(
        "rounds.html",
        year=year,
        rounds=talent_reviews.listing(repo, None),
        units=repo.units(),
        waves=WAVES,
        sent=sent,
        errors=errors or {},
    ), status


@blp.route("/talent-reviews")
@signed(ADMIN, AUDITOR)
def rounds_page(who, repo):
    """The rounds, latest year first; BKPSDM's form to define and start one."""
    return _page(repo, year_asked(request.args.get("year")))


@blp.route("/talent-reviews", methods=["POST"])
@signed(ADMIN)
def define_round(who, repo):
    """Define a round and start it, as POST /talent-reviews does."""
    form = request.form
    rows = [
        {"name": form.get(f"criterion-{n}", "").strip(), "weight": form.get(f"weight-{n}", "")}
        for n in range(CRITERIA_ROWS)
    ]
    sent = {k: form.get(k, "").strip() for k in ("name", "year", "panel", "ppk_nip")}
    sent |= {"waves": form.getlist("waves"), "unit_ids": form.getlist("unit_ids"), "criteria": rows}
    raw = {
        "name": sent["name"],
        "year": whole(sent["year"]),
        "criteria": {r["name"]: whole(r["weight"].strip()) for r in rows if r["name"]},
        "panel": sent["panel"].split(),
        "ppk_nip": sent["ppk_nip"] or None,
        "waves": sent["waves"],
        "unit_ids": sent["unit_ids"] or None,
    }
    try:
        review = talent_reviews.define(repo, who, TalentReviewIn().load(raw))
    except (ValidationError, InvalidInput) as error:
        found = error.messages if isinstance(error, ValidationError) else error.details
        errors = {k: [RULES.get(k, gettext("periksa kembali isian"))] for k in found or {"": 0}}
        weights = [w for w in raw["criteria"].values() if isinstance(w, int)]
        if "criteria" in errors and len(weights) == len(raw["criteria"]):
            total = gettext("bobot berjumlah %(total)s; harus 100", total=sum(weights))
            errors["criteria"].append(total)
        return _page(repo, year_asked(sent["year"]), sent, errors, 422)
    session["done"] = gettext("Putaran %(name)s dimulai.", name=review["name"])
    return redirect(url_for("console.round_page", review_id=review["review_id"]), 303)


@blp.route("/talent-reviews/<review_id>")
@signed(ADMIN, AUDITOR)
def round_page(who, repo, review_id):
    """A round: its waves in order, each official's presentation, scores, recommendation and
    ratified decision; the ratification."""
    review = talent_reviews.view(repo, review_id)
    people = [*review["panel"], *([review["ppk_nip"]] if review["ppk_nip"] else [])]
    names = {e.nip: e.name for e in repo.employees_of(people).values()}
    return render_template("round.html", review=review, names=names, done=session.pop("done", None))


@blp.route("/succession")
@signed(ADMIN, AUDITOR)
def succession_page(who, repo):
    """The key positions of the regency (or of ``unit_id``): the coverage, each position's
    candidates with their readiness."""
    year = year_asked(request.args.get("year"))
    unit_id = request.args.get("unit_id") or None
    plan = succession.succession(repo, unit_id, year)
    units = {u.unit_id: u.name for u in repo.units()}
    return render_template("succession.html", plan=plan, units=units, year=year, unit_id=unit_id)
