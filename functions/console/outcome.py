"""The employee's side of the year's result on the cycle page: the feedback they received (the
colleague who gave it is not named to them, as in GET /cycles/{nip}/{year}/feedback) and the
keberatan — filed by the employee within the policy's days of receiving the result, decided by
the penilai's own superior (BKPSDM when there is none) — through the same services and schemas
as POST /cycles/{nip}/{year}/keberatan and .../keberatan/decision."""

from __future__ import annotations

from flask import redirect, request, session, url_for
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError

from functions.console.blueprint import blp, signed
from functions.errors import Forbidden, NotFound
from functions.services import feedback, keberatan
from functions.services.auth import ADMIN, PEGAWAI, may_read
from schemas.outcomes import KeberatanDecisionIn, KeberatanIn

RULES = {  # the schemas' rules, in the words shown beside the fields
    "reason": lazy_gettext("Tuliskan alasannya (sedikitnya 3 karakter)."),
    "accepted": lazy_gettext("Pilih diterima atau ditolak."),
    "rating_hasil_kerja": lazy_gettext("Pilih salah satu rating."),
    "rating_perilaku": lazy_gettext("Pilih salah satu rating."),
}
OTHER = lazy_gettext("Isian ini tidak dapat diterima.")


def filed(repo, nip: str, year: int) -> dict | None:
    try:
        return keberatan.get(repo, nip, year)
    except NotFound:
        return None


def may_see(who, repo, nip: str, year: int) -> None:
    """Who reads the cycle (may_read), and the keberatan's decider, who is the penilai's
    superior and so not otherwise a reader of it."""
    try:
        may_read(who, repo, nip)
    except Forbidden:
        found = filed(repo, nip, year)
        if found is None or who.nip is None or found["decider_nip"] != who.nip:
            raise


def context(who, repo, nip: str, year: int) -> dict:
    """What the cycle page shows of the result's feedback and keberatan, and which form."""
    found = filed(repo, nip, year)
    own = who.role == PEGAWAI and who.nip == nip
    return {
        "feedback_received": feedback.shown_to(who, nip, feedback.of(repo, nip, year)),
        "keberatan": found,
        "keberatan_last_day": (
            keberatan.open_until(repo, nip, year) if own and found is None else None
        ),
        "keberatan_deciding": (
            found is not None and found["status"] == "filed" and keberatan.decides(who, found)
        ),
        "keberatan_errors": session.pop("keberatan_errors", {}),
        "keberatan_sent": session.pop("keberatan_sent", {}),
    }


@blp.route("/cycles/<nip>/<int:year>/keberatan", methods=["POST"])
@signed(PEGAWAI)
def file_keberatan(who, repo, nip, year):
    """The employee objects, as POST /cycles/{nip}/{year}/keberatan does."""
    return _submit(
        KeberatanIn(), nip, year, lambda body: keberatan.file(repo, who, nip, year, body)
    )


@blp.route("/cycles/<nip>/<int:year>/keberatan/keputusan", methods=["POST"])
@signed(ADMIN, PEGAWAI)
def decide_keberatan(who, repo, nip, year):
    """The decider accepts (revising the ratings) or rejects, as .../keberatan/decision does."""
    return _submit(
        KeberatanDecisionIn(), nip, year, lambda body: keberatan.decide(repo, who, nip, year, body)
    )


def _submit(schema, nip: str, year: int, act):
    raw: dict = {k: v.strip() for k, v in request.form.items() if k != "csrf_token" and v.strip()}
    if "accepted" in raw:
        raw["accepted"] = raw["accepted"] == "ya"
    back = url_for("console.cycle_page", nip=nip, year=year) + "#keberatan"
    try:
        body = schema.load(raw)
    except ValidationError as error:
        session["keberatan_errors"] = {f: str(RULES.get(f, OTHER)) for f in error.messages}
        session["keberatan_sent"] = raw
        return redirect(back, 303)
    act(body)
    session["saved"] = gettext("Keberatan tercatat.")
    return redirect(back, 303)
