"""Closing cycles before their end (POST /cycles/closures): BKPSDM names the NIPs, or a unit
(and the units below) or a stage, and the reason; the page asks for a confirmation first,
since a closed cycle is not resumed. Up to 100 NIPs are answered on the page, more or a unit as
a job whose progress the Beranda shows."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext
from marshmallow import ValidationError

from functions.console.blueprint import blp, signed, year_asked
from functions.console.workflow import field_errors, form_int, nip_list
from functions.domain.stages import CLOSE_REASONS, CYCLE_STAGES
from functions.errors import KinerjaError
from functions.services import jobs
from functions.services.auth import ADMIN
from schemas.cycles import CloseCyclesIn

RULES = {
    "year": lazy_gettext("Tahun 2000 sampai 2100."),
    "nips": lazy_gettext(
        "Isi NIP (satu sampai 1.000, dipisah spasi, koma atau baris baru) atau pilih unit "
        "kerja, tidak keduanya."
    ),
    "all": lazy_gettext("Isi NIP atau pilih unit kerja."),
    "reason": lazy_gettext("Pilih alasan penutupan."),
    "note": lazy_gettext("Untuk alasan lainnya, tulis alasannya (3 sampai 500 karakter)."),
    "confirm": lazy_gettext("Centang konfirmasi: siklus yang ditutup tidak dapat dilanjutkan."),
}


def _body(typed: dict) -> dict:
    nips = nip_list(typed.get("nips", ""))
    unit, stage = typed.get("unit_id") or None, typed.get("stage") or None
    chosen = {"unit_id": unit, "stage": stage} if unit or stage else None
    return {
        "year": form_int(typed.get("year")),
        "nips": nips or None,
        "filter": chosen if chosen or nips else {},
        "reason": typed.get("reason") or None,
        "note": (typed.get("note") or "").strip() or None,
    }


@blp.route("/cycles/closures", methods=["GET", "POST"])
@signed(ADMIN)
def close_cycles(who, repo):
    """The form (a NIP given in the address fills it); posted and confirmed, the closure."""
    typed = request.form.to_dict() if request.method == "POST" else dict(request.args)
    closed, job, errors, status = None, None, {}, 200
    if request.method == "POST":
        try:
            body = CloseCyclesIn().load(_body(typed))
            if typed.get("confirm") != "1":
                raise ValidationError({"confirm": ["required"]})
            done = jobs.close(
                repo, who.label, body["year"], body["nips"], body["filter"], body["reason"],
                body["note"],
            )  # fmt: skip
            closed, job = (done, None) if isinstance(done, list) else (None, done)
        except ValidationError as error:
            errors, status = field_errors(error, RULES), 422
        except KinerjaError as error:
            errors, status = {"": [error.message]}, error.status
    names = {}
    if closed:
        names = {n: e.name for n, e in repo.employees_of(c["nip"] for c in closed).items()}
    return render_template(
        "closures.html",
        year=year_asked(typed.get("year")),
        typed=typed,
        units=sorted(repo.units(), key=lambda u: u.name),
        stages=CYCLE_STAGES[:-1],
        reasons=CLOSE_REASONS,
        closed=closed,
        job=job,
        names=names,
        errors=errors,
    ), status
