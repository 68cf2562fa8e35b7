"""The tenant's own settings and API keys, for its admins (auditors read the settings): the form
of GET/PATCH /settings, each refused value named next to its field, and the keys of /keys —
list, issue, rotate, revoke — a new key shown once, in the answer to the form only (never in
the session cookie, which is signed but readable)."""

from __future__ import annotations

import json

from flask import render_template, request
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError

from functions.console.blueprint import blp, refusals, signed
from functions.errors import Conflict, InvalidInput, PreconditionFailed
from functions.services import credentials, settings
from functions.services.auth import ADMIN, AUDITOR
from functions.services.credentials import TENANT_ROLES
from schemas.tenants import KeyIn

TASK_DAYS_RULE = lazy_gettext(
    "isi jumlah hari lebih dari 0 sampai 365, atau kosongkan untuk bawaan"
)
MAX_KEYS = 200


# --- settings --------------------------------------------------------------------------------
def _text(value: object) -> str:
    """A setting as its field shows it: lists comma-separated, maps as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def setting_value(part: str, text: str, current: object) -> tuple[object, str | None]:
    """A settings field's value (None: blank, the default) and, for task days out of range,
    the rule it breaks; the policy's own rules are the service's."""
    value = _typed(text, current)
    days = value is None or (isinstance(value, float | int) and 0 < value <= 365)
    return value, (str(TASK_DAYS_RULE) if part == "task_days" and not days else None)


def _typed(text: str, current: object) -> object:
    """What the field holds, in the type of the current value; left as typed when it does not
    read as one, so the policy refuses it with its own rule. Empty: back to the default."""
    if not text:
        return None
    try:
        if isinstance(current, bool):
            return {"true": True, "false": False}.get(text, text)
        if isinstance(current, int | float):
            number = float(text.replace(",", "."))
            return int(number) if number.is_integer() and isinstance(current, int) else number
        if isinstance(current, list):
            return [part.strip() for part in text.split(",") if part.strip()]
        if isinstance(current, dict):
            return json.loads(text)
    except ValueError:
        return text
    return text


def _settings_page(current: dict, sent=None, errors=None, saved=False, status=200):
    return render_template(
        "settings.html",
        current=current,
        shown={p: {n: _text(v) for n, v in current[p].items()} for p in ("policy", "task_days")},
        sent=sent or {},
        errors=errors or {},
        saved=saved,
    ), status


@blp.route("/settings")
@signed(ADMIN, AUDITOR)
def settings_page(who, repo):
    return _settings_page(settings.current(repo))


@blp.route("/settings", methods=["POST"])
@signed(ADMIN)
def save_settings(who, repo):
    """The fields that changed, as PATCH /settings on the version the form was read at."""
    current = settings.current(repo)
    sent = {k: v.strip() for k, v in request.form.items() if "." in k}
    changes: dict[str, dict] = {"policy": {}, "task_days": {}}
    errors: dict[str, str] = {}
    for key, text in sent.items():
        part, _, name = key.partition(".")
        if part not in changes or name not in current[part]:
            continue
        if text == _text(current[part][name]):
            continue
        value, rule = setting_value(part, text, current[part][name])
        if rule:
            errors[key] = rule
        changes[part][name] = value
    version = int(request.form.get("version", "0") or 0)
    if not errors:
        try:
            shown = settings.update(repo, who.label, version, changes)
        except InvalidInput as error:
            errors = refusals(error)
        except PreconditionFailed:
            errors = {
                "": gettext("pengaturan berubah sejak formulir dibuka; muat ulang halaman ini")
            }
        else:
            return _settings_page(shown, saved=True)
    return _settings_page(current, sent, errors, status=422)


# --- API keys --------------------------------------------------------------------------------
def _keys_page(repo, issued=None, sent=None, errors=None, status=200):
    items, _ = credentials.listing(repo, MAX_KEYS, None)
    return render_template(
        "keys.html",
        keys=sorted(items, key=lambda k: (k["revoked"], k["created_at"] or "")),
        roles=TENANT_ROLES,
        issued=issued,
        sent=sent or {},
        errors=errors or {},
    ), status


@blp.route("/keys")
@signed(ADMIN)
def keys_page(who, repo):
    return _keys_page(repo)


@blp.route("/keys", methods=["POST"])
@signed(ADMIN)
def issue_key(who, repo):
    sent = {f: request.form.get(f, "").strip() for f in ("role", "nip", "label")}
    try:
        body = KeyIn().load({k: v or None for k, v in sent.items()} | {"label": sent["label"]})
        issued = credentials.issue(repo, who.label, body["role"], body["nip"], body["label"])
    except (ValidationError, InvalidInput) as error:
        return _keys_page(repo, sent=sent, errors=refusals(error), status=422)
    return _keys_page(repo, issued=issued, status=201)


@blp.route("/keys/<prefix>/<any(rotate, revoke):action>", methods=["POST"])
@signed(ADMIN)
def change_key(who, repo, prefix, action):
    """Rotate (a new key shown once) or revoke, as POST /keys/{prefix}/{action}."""
    try:
        if action == "rotate":
            return _keys_page(repo, issued=credentials.rotate(repo, who.label, prefix))
        credentials.revoke(repo, who.label, prefix)
    except Conflict as error:
        return _keys_page(repo, errors={"": error.message}, status=409)
    return _keys_page(repo)
