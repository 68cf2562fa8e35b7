"""Alur kerja: the tenant's workflow for its admins (auditors read): the current version as a
diagram, the versions with every move of the alias, rollback, diffs, and the draft editor
(save with the draft's ETag, validate with each message on its state, publish with the warnings
acknowledged). Through functions/services/definitions.py, as /workflow does, with its schemas.

The diagram: :func:`functions.engine.definitions_diagram.graph` gives the nodes and edges as
JSON, static/workflow.js lays them out with dagre (static/vendor, from npm); the server's own SVG
is what a browser without scripts shows."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from flask import g, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError

from functions.console import faults
from functions.console.blueprint import blp, refusals, signed
from functions.console.tenant import setting_value
from functions.domain.policy import WORKFLOW_POLICY
from functions.engine.definitions_diagram import graph, render
from functions.errors import Conflict, InvalidInput, KinerjaError, NotFound, PreconditionFailed
from functions.services import definitions, settings
from functions.services.auth import ADMIN, AUDITOR
from functions.store.records import plain
from schemas.workflow import DiffQuery, DraftIn, DraftNewIn, PublishIn, RollbackIn

# the rule of each form field, as the schemas of /workflow check it
RULES = {
    "name": lazy_gettext("Nama draf wajib diisi, paling banyak 80 huruf."),
    "note": lazy_gettext("Catatan wajib diisi, 3 sampai 2.000 huruf."),
    "definition": lazy_gettext("Definisi harus berupa objek JSON (paling besar 1 MB)."),
    "version": lazy_gettext("Pilih versi yang sudah diterbitkan."),
    "from_version": lazy_gettext("Pilih versi yang sudah diterbitkan."),
    "base": lazy_gettext("Pilih versi yang sudah diterbitkan."),
    "other": lazy_gettext("Pilih versi yang sudah diterbitkan."),
}
ACTIONS = {
    "default": lazy_gettext("Versi bawaan"),
    "publish": lazy_gettext("Diterbitkan"),
    "rollback": lazy_gettext("Dikembalikan"),
}
KINDS = {
    "Task": lazy_gettext("Langkah"),
    "Wait for a person": lazy_gettext("Tugas orang (menunggu)"),
    "Choice": lazy_gettext("Pilihan"),
    "Succeed": lazy_gettext("Akhir: berhasil"),
    "Fail": lazy_gettext("Akhir: gagal"),
}
STALE = lazy_gettext(
    "Draf ini sudah diubah orang lain sejak Anda membukanya; perubahan Anda belum disimpan. "
    "Salin teks Anda, muat ulang draf, lalu terapkan lagi."
)


def field_errors(error: ValidationError, rules: Mapping = RULES) -> dict[str, list[str]]:
    """{form field: [its rule in words, from ``rules``]} from a schema's refusal."""
    messages = error.messages if isinstance(error.messages, dict) else {"": error.messages}
    return {field: [str(rules.get(field, lazy_gettext("Isian tidak sah.")))] for field in messages}


def diagram(definition: object, report: dict | None = None) -> dict:
    """What the page draws: the graph (laid out by the browser), the server's SVG fallback,
    and the validation's messages by state."""
    rows, marks = faults.placed(report or {}, definition)
    shown = definition if isinstance(definition, dict) else {}
    return {
        "graph": {
            **graph(shown),
            "marks": {
                s: [{"number": r["number"], "words": r["words"]} for r in m]
                for s, m in marks.items()
            },
            "kinds": {kind: str(words) for kind, words in KINDS.items()},
            "errors_from": gettext("galat dari %(n)s state", n="{n}"),
            "title": gettext("Diagram alur kerja"),
        },
        "svg": render(shown, marked=frozenset(marks)),
        "rows": rows,
        "marks": marks,
    }


def _history(repo) -> list[dict]:
    return list(reversed(plain(definitions.alias(repo).history)))


# --- the current version, versions, rollback, drafts ------------------------------------------
@blp.route("/workflow")
@signed(ADMIN, AUDITOR)
def workflow_page(who, repo):
    """The version new cycles start on (or ``?version=``) as a diagram, the versions and the
    alias' moves, the drafts."""
    return _overview(repo)


def _overview(repo, errors=None, typed=None, status=200):
    current = definitions.alias(repo).current
    versions = definitions.versions(repo)
    try:
        shown = int(request.args.get("version") or current)
    except ValueError:
        shown = current
    record = next((v for v in versions if v.number == shown), None) or definitions.version(
        repo, current
    )
    return render_template(
        "workflow.html",
        current=current,
        shown=record,
        versions=list(reversed(versions)),
        history=_history(repo),
        drafts=definitions.drafts(repo),
        picture=diagram(json.loads(record.definition)),
        errors=errors or {},
        typed=typed or {},
        actions=ACTIONS,
        done=session.pop("workflow_done", None),
    ), status


@blp.route("/workflow/rollback", methods=["POST"])
@signed(ADMIN)
def workflow_rollback(who, repo):
    """New cycles start on an earlier version again (POST /workflow/rollback)."""
    typed = request.form.to_dict()
    try:
        body = RollbackIn().load(
            {"version": form_int(typed.get("version")), "note": typed.get("note")}
        )
        definitions.rollback(repo, who.label, body["version"], body["note"])
    except ValidationError as error:
        return _overview(repo, field_errors(error), typed, 422)
    except NotFound:
        return _overview(repo, {"version": [str(RULES["version"])]}, typed, 404)
    except Conflict:
        words = gettext("Versi ini sudah menjadi versi yang berlaku.")
        return _overview(repo, {"version": [words]}, typed, 409)
    session["workflow_done"] = gettext(
        "Siklus baru kini dimulai pada versi %(n)s.", n=body["version"]
    )
    return redirect(url_for("console.workflow_page"), 303)


@blp.route("/workflow/drafts", methods=["POST"])
@signed(ADMIN)
def workflow_new_draft(who, repo):
    """A draft copied from a version (POST /workflow/drafts with from_version)."""
    typed = request.form.to_dict()
    try:
        body = DraftNewIn().load(
            {"name": typed.get("name", ""), "from_version": form_int(typed.get("from_version"))}
        )
        record = definitions.create_draft(repo, who.label, body)
    except ValidationError as error:
        return _overview(repo, field_errors(error), typed, 422)
    return redirect(url_for("console.workflow_draft", draft_id=record.draft_id), 303)


@blp.route("/workflow/diff")
@signed(ADMIN, AUDITOR)
def workflow_diff(who, repo):
    """Two versions' definitions as a unified diff and the settings they differ in (GET
    /workflow/diff)."""
    try:
        asked = {key: form_int(request.args.get(key)) for key in ("base", "other")}
        query = DiffQuery().load(asked)
    except ValidationError as error:
        raise InvalidInput("choose two published versions", details=error.messages) from error
    found = definitions.diff(repo, query["base"], query["other"])
    return render_template(
        "workflow_diff.html",
        base=query["base"],
        other=query["other"],
        lines=found["diff"].splitlines(),
        settings=found["settings"],
        versions=list(reversed(definitions.versions(repo))),
    )


# --- the draft editor ---------------------------------------------------------------------------
@blp.route("/workflow/drafts/<draft_id>")
@signed(ADMIN, AUDITOR)
def workflow_draft(who, repo, draft_id):
    """The draft's definition to edit, validated, its messages on its states."""
    return _editor(repo, definitions.draft(repo, draft_id))


@blp.route("/workflow/drafts/<draft_id>", methods=["POST"])
@signed(ADMIN)
def workflow_save(who, repo, draft_id):
    """Save the typed definition with the ETag read (PUT /workflow/drafts/{id}: a stale one is
    refused and nothing is saved), or only check it (``action=check``: nothing is saved)."""
    record = definitions.draft(repo, draft_id)
    typed = request.form.to_dict()
    try:
        definition = json.loads(typed.get("definition", ""))
    except ValueError as error:
        report = faults.unparsable(error)
        return _editor(repo, record, typed, report, {"definition": [str(RULES["definition"])]}, 422)
    carried, refused = _carried(repo, typed)
    if refused:
        return _editor(repo, record, typed, None, refused, 422)
    if request.form.get("action") == "check":  # with the settings as typed
        try:
            runs_with = settings.workflow_part(settings.effective(repo, carried))
        except InvalidInput as error:
            return _editor(repo, record, typed, None, _by_field(error), 422)
        return _editor(repo, record, typed, definitions.check(definition, runs_with=runs_with))
    try:
        body = DraftIn().load(
            {
                "name": typed.get("name", ""),
                "note": typed.get("note") or None,
                "definition": definition,
                "settings": carried,
            }
        )
        record = definitions.update_draft(repo, who.label, draft_id, typed.get("etag"), body)
    except ValidationError as error:
        return _editor(repo, record, typed, None, field_errors(error), 422)
    except PreconditionFailed:
        return _editor(repo, record, typed, None, {"": [str(STALE)]}, 412)
    except InvalidInput as error:  # too large, or a setting the policy refuses
        found = _by_field(error)
        return _editor(
            repo,
            record,
            typed,
            None,
            found if error.details else {"definition": [error.message]},
            422,
        )
    session["workflow_done"] = gettext("Draf tersimpan.")
    return redirect(url_for("console.workflow_draft", draft_id=draft_id), 303)


@blp.route("/workflow/drafts/<draft_id>/publish", methods=["POST"])
@signed(ADMIN)
def workflow_publish(who, repo, draft_id):
    """Publish the draft as read (its ETag), with a note and the warnings acknowledged."""
    record = definitions.draft(repo, draft_id)
    typed = {"publish_note": request.form.get("note", "")}
    acknowledged = request.form.getlist("acknowledge")
    try:
        body = PublishIn().load({"note": typed["publish_note"], "acknowledge": acknowledged})
        published = definitions.publish(
            repo, who.label, draft_id, body["note"], request.form.get("etag"),
            acknowledge=body["acknowledge"],
        )  # fmt: skip
    except ValidationError as error:
        found = field_errors(error)
        return _editor(repo, record, typed, None, {"publish_note": found.get("note", [])}, 422)
    except PreconditionFailed:
        return _editor(repo, record, typed, None, {"": [str(STALE)]}, 412)
    except InvalidInput as error:  # faults left, or a warning not acknowledged
        missing = (error.details or {}).get("acknowledge")
        words = gettext("Centang peringatan yang sudah Anda periksa sebelum menerbitkan.")
        problem = {"acknowledge": [words]} if missing else {"": [_not_valid()]}
        return _editor(repo, record, typed, None, problem, 422)
    except Conflict as error:
        return _editor(repo, record, typed, None, {"": [_same_as(error)]}, 409)
    session["workflow_done"] = gettext(
        "Versi %(n)s diterbitkan; siklus baru dimulai padanya.", n=published["version"]
    )
    return redirect(url_for("console.workflow_page"), 303)


@blp.route("/workflow/drafts/<draft_id>/delete", methods=["POST"])
@signed(ADMIN)
def workflow_delete(who, repo, draft_id):
    """Delete the draft as read (DELETE /workflow/drafts/{id} with its ETag)."""
    record = definitions.draft(repo, draft_id)
    try:
        definitions.delete_draft(repo, who.label, draft_id, request.form.get("etag"))
    except PreconditionFailed:
        return _editor(repo, record, None, None, {"": [str(STALE)]}, 412)
    session["workflow_done"] = gettext("Draf %(nama)s dihapus.", nama=record.name)
    return redirect(url_for("console.workflow_page"), 303)


def _by_field(error: InvalidInput) -> dict[str, list[str]]:
    return {field: [rule] for field, rule in refusals(error).items()}


def _not_valid() -> str:
    return gettext("Draf belum sah; tidak ada yang diterbitkan. Perbaiki pesan di bawah.")


def _same_as(error: KinerjaError) -> str:
    number = (error.details or {}).get("version")
    if number is None:
        return gettext("Versi lain baru saja diterbitkan; terbitkan lagi.")
    return gettext("Definisi ini sama dengan versi %(n)s; tidak ada yang diterbitkan.", n=number)


SETTING = "settings.{}.{}"  # an editor field of a setting the draft carries


def _carried(repo, typed: dict) -> tuple[dict, dict]:
    """The settings the draft carries from the editor's fields (blank: the regency's value),
    and the fields refused with their rule."""
    current = settings.current(repo)
    carried: dict[str, dict] = {"policy": {}, "task_days": {}}
    refused: dict[str, list[str]] = {}
    for part, name in _setting_fields(current):
        key = SETTING.format(part, name)
        value, rule = setting_value(part, typed.get(key, "").strip(), current[part][name])
        if rule:
            refused[key] = [rule]
        elif value is not None:
            carried[part][name] = value
    return carried, refused


def _setting_fields(current: dict) -> list[tuple[str, str]]:
    return [("policy", n) for n in WORKFLOW_POLICY] + [
        ("task_days", n) for n in current["task_days"]
    ]


def _editor(repo, record, typed=None, report=None, errors=None, status=200):
    """The editor: the typed text when a form came back (else the stored one), validated with
    the settings the draft runs with."""
    typed = typed or {}
    text = typed.get("definition")
    if text is None:
        definition: object = json.loads(record.definition)
        text = json.dumps(definition, indent=2, ensure_ascii=False)
    else:
        try:
            definition = json.loads(text)
        except ValueError as error:
            definition, report = None, report or faults.unparsable(error)
    if report is None:
        report = definitions.check(definition, runs_with=definitions.runs_with(repo, record))
    current = settings.current(repo)
    own = plain(record.settings) or {}
    return render_template(
        "workflow_draft.html",
        draft=record,
        etag=definitions.etag(record),
        text=text,
        typed=typed,
        report=report,
        picture=diagram(definition, report),
        errors=errors or {},
        writer=g.who.role == ADMIN,
        words=faults.words,
        done=session.pop("workflow_done", None),
        setting_fields=[
            (
                SETTING.format(part, name),
                part,
                name,
                current[part][name],
                own.get(part, {}).get(name),
            )
            for part, name in _setting_fields(current)
        ],
    ), status


def nip_list(text: str) -> list[str]:
    """The NIPs typed in a form's box, separated by spaces, commas, semicolons or lines."""
    return [n for n in re.split(r"[\s,;]+", text) if n]


def form_int(text: object) -> object:
    """A form's number as the schema's strict Integer wants it; the text itself when it is not
    one (the schema then refuses it, naming the field)."""
    try:
        return int(str(text))
    except ValueError:
        return text
