"""The tasks of a talent review round in the console (docs/talent-review.md), completed as
POST /tasks/{id}/complete does them (the kind's schema, the same completion service): the
official's presentation (the year's capaian shown from their cycle), a panel member's scores per
criterion, the chair's recommendation, the PPK's ratification with overrides."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError

from functions.console.blueprint import blp, signed, whole
from functions.domain.stages import REVIEW_TASK_KINDS
from functions.domain.talent_review import RECOMMENDATIONS
from functions.errors import Forbidden, InvalidInput
from functions.services import completion, review_tasks, talent_reviews, tasks
from functions.services.auth import ADMIN, PEGAWAI
from functions.store.records import plain
from schemas.tasks import COMPLETIONS

# what each field must hold, in words
RULES = {
    "work_plan": lazy_gettext("tuliskan rencana kerja (10 sampai 5.000 karakter)"),
    "attachments": lazy_gettext("tautan https, satu per baris, paling banyak 10"),
    "scores": lazy_gettext("isi nilai 1 sampai 100 untuk setiap kriteria"),
    "note": lazy_gettext("catatan paling banyak 2.000 karakter (pengesahan: 3 sampai 2.000)"),
    "recommendation": lazy_gettext("pilih rekomendasi"),
    "position": lazy_gettext("promosi menyebut jabatan tujuan: pilih dari jabatan kunci"),
    "reasons": lazy_gettext("tuliskan alasan (10 sampai 4.000 karakter)"),
    "reason": lazy_gettext("tuliskan alasan keputusan (10 sampai 4.000 karakter)"),
    "overrides": lazy_gettext("putuskan setiap pejabat yang belum mempunyai rekomendasi"),
}


def form(repo, task, sent=None, errors=None, status=200):
    """The page of a round's task: what the assignee needs to see beside its form."""
    review = talent_reviews.view(repo, task.review_id)
    officials = {o["nip"]: o for w in review["waves"] for o in w["officials"]}
    official = officials.get(task.subject_nip)
    capaian = None
    if task.task_kind == "present_review":
        capaian = review_tasks.cycle_capaian(repo, task.subject_nip, int(task.year))
    elif official and official["presentation"]:
        capaian = official["presentation"]["capaian"]
    keys = [p for p in repo.positions() if p.key_position]
    members = {e.nip: e.name for e in repo.employees_of(review["panel"]).values()}
    return render_template(
        "review_task.html",
        task=task,
        title=tasks.title_of(task),
        review=review,
        official=official,
        officials=list(officials.values()),
        capaian=capaian,
        iki=_iki_names(repo, task.subject_nip, int(task.year)),
        positions=keys,
        members=members,
        recommendations=RECOMMENDATIONS,
        sent=sent or {},
        errors=errors or {},
    ), status


def _iki_names(repo, nip: str, year: int) -> dict[str, str]:
    skp = repo.find_skp(nip, year)
    rhk = plain(skp.content).get("rhk", []) if skp else []
    return {i["id"]: i["indikator"] for r in rhk for i in r.get("iki", [])}


def _position(text: str) -> dict | None:
    unit_id, _, position_id = text.partition("/")
    return {"unit_id": unit_id, "position_id": position_id} if position_id else None


def _sent(task, review: dict) -> tuple[dict, dict]:
    """What the form holds (to show again) and the body it makes for the kind's schema."""
    form = request.form
    kind = task.task_kind
    if kind == "present_review":
        links = [line.strip() for line in form.get("attachments", "").splitlines()]
        sent: dict = {
            "work_plan": form.get("work_plan", "").strip(),
            "attachments": "\n".join(links),
        }
        return sent, {"work_plan": sent["work_plan"], "attachments": [x for x in links if x]}
    if kind == "score_review":
        scores = {c: form.get(f"score-{c}", "").strip() for c in review["criteria"]}
        sent = {"scores": scores, "note": form.get("note", "").strip()}
        body: dict = {"scores": {c: whole(v) for c, v in scores.items()}}
        return sent, body | ({"note": sent["note"]} if sent["note"] else {})
    if kind == "recommend_review":
        sent = {k: form.get(k, "").strip() for k in ("recommendation", "position", "reasons")}
        body = {"recommendation": sent["recommendation"] or None, "reasons": sent["reasons"]}
        return sent, body | {"position": _position(sent["position"])}
    sent = {"note": form.get("note", "").strip()}
    overrides = []
    for nip in form.getlist("official"):
        given = {k: form.get(f"{k}-{nip}", "").strip() for k in ("override", "position", "reason")}
        sent |= {f"{k}-{nip}": v for k, v in given.items()}
        if given["override"]:
            overrides.append({"nip": nip, "recommendation": given["override"],
                              "position": _position(given["position"]),
                              "reason": given["reason"]})  # fmt: skip
    return sent, {"note": sent["note"], "overrides": overrides}


def _errors(found: dict, body: dict) -> dict[str, list]:
    """The rule of each refused field, by the form's field names."""
    nips = [o["nip"] for o in body.get("overrides", [])]
    errors: dict[str, list] = {}
    for key, value in (found or {}).items():
        head, _, rest = str(key).partition(".")
        if head == "overrides" and isinstance(value, dict):
            for n, inner in value.items():
                for field in inner if isinstance(inner, dict) else {"reason": 0}:
                    if isinstance(n, int) and n < len(nips) and field in RULES:
                        name = "override" if field == "recommendation" else field
                        errors[f"{name}-{nips[n]}"] = [RULES[field]]
        elif head == "overrides" and rest:  # a service's "overrides.<nip>.position"
            errors[f"position-{rest.split('.')[0]}"] = [RULES["position"]]
        elif head == "scores" and isinstance(value, dict):
            for criterion in value:
                errors[f"score-{criterion}"] = [RULES["scores"]]
        elif head in RULES:
            errors[head] = [RULES[head]]
        else:
            errors.setdefault("", []).append(gettext("periksa kembali isian"))
    return errors


@blp.route("/tasks/<task_id>/talent-review", methods=["POST"])
@signed(ADMIN, PEGAWAI)
def complete_review_task(who, repo, task_id):
    """Complete a round's task from its form; refused, the form comes back as typed."""
    task = repo.task(task_id)
    if task.task_kind not in REVIEW_TASK_KINDS:
        raise Forbidden(f"task {task_id} is not a talent review task")
    tasks.check_assignee(who, task)
    sent, raw = _sent(task, talent_reviews.view(repo, task.review_id))
    try:
        body = COMPLETIONS[task.task_kind]().load(raw)
        completion.complete_task(repo, who, task_id, body)
    except (ValidationError, InvalidInput) as error:
        found = error.messages if isinstance(error, ValidationError) else error.details
        return form(repo, task, sent, _errors(found, raw), 422)
    session["done"] = gettext("%(task)s tersimpan.", task=tasks.title_of(task))
    return redirect(url_for("console.tasks_page"), 303)
