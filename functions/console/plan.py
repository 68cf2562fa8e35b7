"""The plan step in the console: the employee drafts the SKP (RHK cascaded from the superior's
approved RHK, IKI with aspek, target, satuan and agregasi), saves it as a draft and submits it,
as PUT /cycles/{nip}/{year}/skp and POST …/skp/submit do: the same schema, the same services."""

from __future__ import annotations

from flask import g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from marshmallow import ValidationError

from functions.console import skpform
from functions.console.blueprint import blp, signed
from functions.errors import Forbidden, InvalidInput, NotFound, StageForbids
from functions.services import cascade, completion, skp
from functions.services.auth import ADMIN, PEGAWAI, may_read
from functions.services.settings import TenantSettings
from functions.store.records import plain
from schemas.skp import SkpContentSchema


@blp.route("/cycles/<nip>/<int:year>/skp", methods=["GET", "POST"])
@signed(PEGAWAI, ADMIN)
def skp_page(who, repo, nip, year):
    """The SKP form, for whoever writes it now (the employee; the holder of the escalated
    drafting task: the penilai, BKPSDM's admins). Buttons: save the draft, save and submit it,
    or add a row (nothing is saved then). A refused form comes back as typed, each rule next
    to its field."""
    may_read(who, repo, nip)
    if not skp.may_draft(repo, who, nip, year):
        raise Forbidden(f"the SKP {nip}/{year} is not yours to draft now")
    record = repo.skp(nip, year)
    stored = plain(record.content)
    if request.method == "GET":
        return _form(repo, nip, year, record, skpform.rows_of(stored))
    rows = skpform.rows_from(request.form)
    action = request.form.get("action", "save")
    if action.startswith("add_"):
        return _form(repo, nip, year, record, skpform.with_row_added(rows, action))
    built = skpform.Built(rows, stored)
    try:
        content = SkpContentSchema().load(built.content)
    except ValidationError as error:
        errors = skpform.errors_of(error.messages, built)
        return _form(repo, nip, year, record, rows, errors, status=422)
    skp.save_draft(repo, who, nip, year, content)
    if action != "submit":
        session["saved"] = gettext("Draf SKP tersimpan. Ajukan bila sudah lengkap.")
        return redirect(url_for("console.skp_page", nip=nip, year=year), 303)
    task = skp.draft_task(repo, nip, year)
    if task is None:
        raise StageForbids("the SKP is not awaiting submission")
    try:
        completion.complete_task(repo, who, task.task_id, {})
    except InvalidInput as error:
        errors = skpform.errors_of(error.details or {"": error.message}, built)
        record = repo.skp(nip, year)
        return _form(repo, nip, year, record, rows, errors, status=422, kept=True)
    except StageForbids:  # the superior's SKP not approved yet, or the cycle moved on
        errors = {"": [_stage_words(repo, who, nip, year)]}
        return _form(repo, nip, year, repo.skp(nip, year), rows, errors, status=409, kept=True)
    session["saved"] = gettext("SKP diajukan kepada pejabat penilai.")
    return redirect(url_for("console.cycle_page", nip=nip, year=year), 303)


def _stage_words(repo, who, nip: str, year: int) -> str:
    if _superior(repo, who, nip, year)[1] == "pending":
        return gettext(
            "SKP atasan belum disetujui; RHK atasan baru dapat dipilih setelah disetujui. "
            "Setelah batas waktu penyusunan lewat, penilai lalu BKPSDM dapat mengajukannya "
            "lebih dahulu."
        )
    return gettext("Tahap siklus saat ini tidak mengizinkan pengajuan SKP.")


def _superior(repo, who, nip: str, year: int) -> tuple[dict | None, str | None]:
    """The superior's approved RHK to cascade from (GET /cycles/{penilai}/{year}/rhk), or None
    with why: nobody above is evaluated here (no cascade), or their SKP is not approved yet."""
    penilai = repo.employee(nip).penilai_nip
    if not penilai or repo.find_skp(penilai, year) is None:
        return None, None
    try:
        return cascade.approved_rhk(repo, who, penilai, year), None
    except StageForbids:
        return None, "pending"
    except NotFound:
        return None, None


def _form(repo, nip, year, record, rows, errors=None, status=200, kept=False):
    employee = repo.employee(nip)
    superior, why = _superior(repo, g.who, nip, year)
    policy = TenantSettings.of(repo.profile()).policy
    return render_template(
        "skp.html",
        employee=employee,
        year=year,
        record=record,
        rows=rows,
        errors=errors or {},
        kept=kept,
        superior=superior,
        superior_pending=why == "pending",
        jpt=employee.position_kind == "jpt",
        perspektif=policy.perspektif,
        aspek=skpform.ASPEK,
        agregasi=skpform.AGREGASI,
        default_agregasi=skpform.default_agregasi_label,
        may_submit=(task := skp.draft_task(repo, nip, year)) is not None,
        ahead=task is not None and bool(task.level),
        saved=session.pop("saved", None),
    ), status
