"""Moving running cycles to another workflow version (POST /workflow/migrations {year,
to_version, nips, dry_run}): the dry run first, shown per cycle, then the move confirmed with
the same choice. Its own module and template (workflow_migrate.html), so a change of the
migration API touches only them."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext
from marshmallow import ValidationError

from functions.console.blueprint import blp, signed, year_asked
from functions.console.workflow import field_errors, form_int, nip_list
from functions.errors import KinerjaError
from functions.services import definitions, jobs
from functions.services.auth import ADMIN
from schemas.workflow import MigrateIn

RULES = {
    "year": lazy_gettext("Tahun 2000 sampai 2100."),
    "to_version": lazy_gettext("Pilih versi yang sudah diterbitkan."),
    "nips": lazy_gettext("Satu sampai 1.000 NIP (18 angka), dipisah spasi, koma atau baris baru."),
}
WHEN = {
    "now": lazy_gettext("segera (menunggu periodenya)"),
    "next_boundary": lazy_gettext("pada batas segmen berikutnya"),
    "on_resume": lazy_gettext("saat dilanjutkan kembali"),
}


@blp.route("/workflow/migrations", methods=["GET", "POST"])
@signed(ADMIN)
def workflow_migrations(who, repo):
    """The form; posted, the dry run per cycle (``confirm`` absent) or the move itself."""
    versions = list(reversed(definitions.versions(repo)))
    typed = request.form.to_dict() if request.method == "POST" else {}
    result, job, errors, status = None, None, {}, 200
    if request.method == "POST":
        nips = nip_list(typed.get("nips", ""))
        try:
            body = MigrateIn().load({
                "year": form_int(typed.get("year")),
                "to_version": form_int(typed.get("to_version")),
                "nips": nips,
                "dry_run": typed.get("confirm") != "1",
            })  # fmt: skip
            moved = jobs.migrate(
                repo, who.label, body["year"], body["to_version"], body["nips"], None,
                body["dry_run"], False,
            )  # fmt: skip
            # more NIPs than a request answers: a job, whose progress the Beranda shows
            result, job = (moved, None) if isinstance(moved, dict) else (None, moved)
        except ValidationError as error:
            found = field_errors(error)
            errors = {f: [str(RULES.get(f, found[f][0]))] for f in found}
            status = 422
        except KinerjaError as error:
            errors, status = {"": [error.message]}, error.status
    names = {}
    if result:
        names = {
            n: e.name for n, e in repo.employees_of(c["nip"] for c in result["cycles"]).items()
        }
    return render_template(
        "workflow_migrate.html",
        versions=versions,
        current=definitions.alias(repo).current,
        year=year_asked(typed.get("year")),
        typed=typed,
        result=result,
        job=job,
        names=names,
        when=WHEN,
        errors=errors,
    ), status
