"""The penilai's tasks in the console, as POST /tasks/{id}/complete does them (the schema of the
task's kind, the same completion service): rating perilaku for a period or the year (the seven
BerAKHLAK values, the overall rating with the majority shown as a suggestion, feedback), and the
record of a bimbingan or konseling (findings, actions with due dates)."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError

from functions.console import review
from functions.console.blueprint import blp, signed
from functions.domain import BERAKHLAK
from functions.domain.berakhlak import CORE_VALUES
from functions.domain.stages import FOLLOW_UP_KIND, REVIEW_TASK_KINDS
from functions.engine import clock
from functions.errors import Forbidden, InvalidInput
from functions.services import assessment, completion, inbox, tasks
from functions.services.auth import ADMIN, PEGAWAI
from functions.store.records import plain
from schemas.assessments import PerilakuIn
from schemas.coaching import OUTCOMES, CoachingFollowUpIn, CoachingIn

RATINGS = ("di_atas", "sesuai", "di_bawah")
RATE_KINDS = ("rate_perilaku", "rate_annual")
MAX_ACTIONS = 10

# what each field must hold, in words
PERILAKU_RULES = {
    "value": lazy_gettext("pilih satu rating untuk nilai ini"),
    "rating_perilaku": lazy_gettext(
        "pilih rating perilaku kerja keseluruhan (kebijakan instansi: ditetapkan penilai)"
    ),
    "feedback": lazy_gettext("umpan balik paling banyak 4.000 karakter"),
}
COACHING_RULES = {
    "coaching_kind": lazy_gettext("pilih bimbingan atau konseling kinerja"),
    "held_on": lazy_gettext("isi tanggal pelaksanaan yang sah"),
    "findings": lazy_gettext("tuliskan temuan (3 sampai 4.000 karakter)"),
    "action": lazy_gettext("tuliskan tindakan yang disepakati (3 sampai 1.000 karakter)"),
    "due": lazy_gettext("isi tanggal batas tindakan yang sah"),
    "outcome": lazy_gettext("pilih hasil tindak lanjut"),
    "notes": lazy_gettext("tuliskan catatan tindak lanjut (3 sampai 4.000 karakter)"),
    "actions_done": lazy_gettext("pilih tindakan dari daftar yang disepakati"),
}


def _task(who, repo, task_id: str, kinds: tuple[str, ...]):
    """The open task of one of ``kinds`` that is this person's to do (as the API checks)."""
    task = repo.task(task_id)
    if task.task_kind not in kinds:
        raise Forbidden(f"task {task_id} is not one of {', '.join(kinds)}")
    tasks.check_assignee(who, task)
    return task


def _context(repo, task) -> dict:
    """What the assignee sees beside the form: the employee, the period's capaian per IKI."""
    shown = inbox.details(repo, [task])[task.task_id]
    skp = repo.find_skp(task.subject_nip, int(task.year))
    names = {
        i["id"]: i["indikator"]
        for r in (plain(skp.content).get("rhk", []) if skp else [])
        for i in r.get("iki", [])
    }
    capaian = [(names.get(k, k), v) for k, v in (shown["capaian"] or {}).items()]
    return {
        "task": task,
        "title": tasks.title_of(task),
        "employee": repo.employee(task.subject_nip),
        "capaian": capaian,
        "overdue": shown["overdue"],
    }


@blp.route("/tasks/<task_id>")
@signed(ADMIN, PEGAWAI)
def task_page(who, repo, task_id):
    """A task's page: its form when the console has one, else the cycle it belongs to."""
    task = repo.task(task_id)
    tasks.check_assignee(who, task)
    if task.task_kind in REVIEW_TASK_KINDS:  # a talent review round's: no cycle behind it
        return (
            review.form(repo, task)
            if task.status == "open"
            else redirect(url_for("console.tasks_page"))
        )
    if task.status != "open":
        return redirect(url_for("console.cycle_page", nip=task.subject_nip, year=task.year))
    if task.task_kind in RATE_KINDS:
        return _perilaku_form(repo, task)
    if task.task_kind == "coaching":
        return _coaching_form(repo, task)
    if task.task_kind == FOLLOW_UP_KIND:
        return _follow_up_form(repo, task)
    if task.task_kind == "draft_skp":
        return redirect(url_for("console.skp_page", nip=task.subject_nip, year=task.year))
    return redirect(url_for("console.cycle_page", nip=task.subject_nip, year=task.year))


# --- perilaku ----------------------------------------------------------------------------------
def _perilaku_form(repo, task, sent=None, errors=None, status=200):
    sent = sent or {}
    values = {k: v for k, v in (sent.get("perilaku") or {}).items() if v}
    return render_template(
        "perilaku.html",
        **_context(repo, task),
        core_values=CORE_VALUES,
        ratings=RATINGS,
        sent=sent,
        suggested=assessment.suggestion(repo, values),
        rule=assessment.perilaku_rule(repo),
        errors=errors or {},
    ), status


def _perilaku_sent() -> dict:
    form = request.form
    return {
        "perilaku": {key: form.get(f"perilaku-{key}", "") for key in BERAKHLAK},
        "rating_perilaku": form.get("rating_perilaku", ""),
        "feedback": form.get("feedback", "").strip(),
    }


@blp.route("/tasks/<task_id>/perilaku", methods=["POST"])
@signed(ADMIN, PEGAWAI)
def rate_perilaku(who, repo, task_id):
    """Rate perilaku (``action=suggest``: only show the majority of the values chosen)."""
    task = _task(who, repo, task_id, RATE_KINDS)
    sent = _perilaku_sent()
    if request.form.get("action") == "suggest":
        return _perilaku_form(repo, task, sent)
    errors = {
        f"perilaku-{key}": [PERILAKU_RULES["value"]]
        for key, value in sent["perilaku"].items()
        if value not in RATINGS
    }
    if errors:
        return _perilaku_form(repo, task, sent, errors, 422)
    raw = {"perilaku": sent["perilaku"], "rating_perilaku": sent["rating_perilaku"] or None}
    raw |= {"feedback": sent["feedback"]} if sent["feedback"] else {}
    try:
        body = PerilakuIn().load(raw)
        completion.complete_task(repo, who, task_id, body)
    except (ValidationError, InvalidInput) as error:
        found = error.messages if isinstance(error, ValidationError) else error.details
        return _perilaku_form(repo, task, sent, _perilaku_errors(found), 422)
    session["done"] = gettext("Penilaian perilaku %(name)s tersimpan.", name=_name(repo, task))
    return redirect(url_for("console.tasks_page"), 303)


def _perilaku_errors(messages) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key in messages or {}:
        head, _, value = str(key).partition(".")
        if head == "perilaku" and value in BERAKHLAK:
            found[f"perilaku-{value}"] = [PERILAKU_RULES["value"]]
        elif head in PERILAKU_RULES:
            found[head] = [PERILAKU_RULES[head]]
        else:
            found.setdefault("", []).append(gettext("periksa kembali isian penilaian"))
    return found


def _name(repo, task) -> str:
    person = repo.find_employee(task.subject_nip)
    return person.name if person else task.subject_nip


# --- coaching ----------------------------------------------------------------------------------
def _coaching_form(repo, task, sent=None, errors=None, status=200):
    advice = plain(task.advice or {})
    if sent is None:
        sent = {
            "coaching_kind": advice.get("coaching_kind", "bimbingan"),
            "held_on": clock.now().date().isoformat(),
            "findings": "",
            "actions": [{"action": "", "due": ""} for _ in range(2)],
        }
    return render_template(
        "coaching.html",
        **_context(repo, task),
        advice=advice,
        sent=sent,
        errors=errors or {},
    ), status


def _coaching_sent() -> dict:
    form = request.form
    count = min(_int(form.get("action_count")), MAX_ACTIONS)
    actions = [
        {"action": form.get(f"action-{n}", "").strip(), "due": form.get(f"due-{n}", "").strip()}
        for n in range(count)
    ]
    return {
        "coaching_kind": form.get("coaching_kind", ""),
        "held_on": form.get("held_on", "").strip(),
        "findings": form.get("findings", "").strip(),
        "actions": actions,
    }


def _int(text: str | None) -> int:
    try:
        return max(0, int(text or "0"))
    except ValueError:
        return 0


@blp.route("/tasks/<task_id>/coaching", methods=["POST"])
@signed(ADMIN, PEGAWAI)
def record_coaching(who, repo, task_id):
    """Record the bimbingan or konseling (``action=add_action``: one more action row)."""
    task = _task(who, repo, task_id, ("coaching",))
    sent = _coaching_sent()
    if request.form.get("action") == "add_action":
        if len(sent["actions"]) < MAX_ACTIONS:
            sent["actions"].append({"action": "", "due": ""})
        return _coaching_form(repo, task, sent)
    rows = [n for n, a in enumerate(sent["actions"]) if a["action"] or a["due"]]
    raw = {
        "coaching_kind": sent["coaching_kind"] or None,
        "held_on": sent["held_on"],
        "findings": sent["findings"],
        "actions": [sent["actions"][n] for n in rows],
    }
    try:
        body = CoachingIn().load(raw)
        completion.complete_task(repo, who, task_id, body)
    except (ValidationError, InvalidInput) as error:
        found = error.messages if isinstance(error, ValidationError) else error.details
        return _coaching_form(repo, task, sent, _coaching_errors(found, rows), 422)
    kind = body.get("coaching_kind") or "bimbingan"
    done = (
        gettext("Konseling kinerja %(name)s tercatat.", name=_name(repo, task))
        if kind == "konseling"
        else gettext("Bimbingan kinerja %(name)s tercatat.", name=_name(repo, task))
    )
    session["done"] = done
    return redirect(url_for("console.tasks_page"), 303)


def _coaching_errors(messages, rows: list[int]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in (messages or {}).items():
        if key == "actions" and isinstance(value, dict):
            for n, inner in value.items():
                fields = inner if isinstance(inner, dict) else {"action": inner}
                for field in fields:
                    if isinstance(n, int) and n < len(rows) and field in ("action", "due"):
                        found[f"{field}-{rows[n]}"] = [COACHING_RULES[field]]
        elif key in COACHING_RULES:
            found[key] = [COACHING_RULES[key]]
        else:
            found.setdefault("", []).append(gettext("periksa kembali isian bimbingan"))
    return found


# --- the follow-up of a coaching's action ------------------------------------------------------
def _coaching_of(repo, task):
    """The coaching record whose agreed action the follow-up task is about."""
    found = repo.coachings(task.subject_nip, int(task.year))
    return next((c for c in found if c.task_id == task.coaching_id), None)


def _follow_up_form(repo, task, sent=None, errors=None, status=200):
    record = _coaching_of(repo, task)
    if sent is None:
        sent = {"held_on": clock.now().date().isoformat(), "outcome": "", "notes": "",
                "actions_done": [int(task.action_index or 0)]}  # fmt: skip
    return render_template(
        "follow_up.html",
        **_context(repo, task),
        coaching=record,
        actions=plain(record.actions) if record else [],
        outcomes=OUTCOMES,
        sent=sent,
        errors=errors or {},
    ), status


@blp.route("/tasks/<task_id>/follow-up", methods=["POST"])
@signed(ADMIN, PEGAWAI)
def record_follow_up(who, repo, task_id):
    """How the agreed actions went, as POST /tasks/{id}/complete does for a follow-up task."""
    task = _task(who, repo, task_id, (FOLLOW_UP_KIND,))
    form = request.form
    sent = {
        "held_on": form.get("held_on", "").strip(),
        "outcome": form.get("outcome", ""),
        "notes": form.get("notes", "").strip(),
        "actions_done": sorted({n for n in map(_int, form.getlist("actions_done"))}),
    }
    try:
        body = CoachingFollowUpIn().load(sent)
        completion.complete_task(repo, who, task_id, body)
    except (ValidationError, InvalidInput) as error:
        found = error.messages if isinstance(error, ValidationError) else error.details
        return _follow_up_form(repo, task, sent, _coaching_errors(found, []), 422)
    session["done"] = gettext("Tindak lanjut bimbingan %(name)s tercatat.", name=_name(repo, task))
    return redirect(url_for("console.tasks_page"), 303)
