"""The audit trail page (admins and auditors, as GET /audit): a month's changes, oldest first,
kept to those by or about one NIP when asked; the query checked by the API's schema so a bad
NIP or month is refused next to its field."""

from __future__ import annotations

import calendar
import json
import re

from flask import render_template, request
from flask_babel import lazy_gettext
from marshmallow import ValidationError

from functions.console.blueprint import blp, signed
from functions.engine import clock
from functions.services import audit
from functions.services.auth import ADMIN, AUDITOR
from schemas.audit import AuditQuery

MAX_SHOWN = 500
MONTH_RULE = lazy_gettext("isi bulan sebagai TTTT-BB, misalnya 2026-03")
NIP_RULE = lazy_gettext("isi NIP 18 angka, atau kosongkan")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@blp.route("/audit")
@signed(ADMIN, AUDITOR)
def audit_page(who, repo):
    today = clock.now().date()
    month = request.args.get("bulan", "").strip() or f"{today:%Y-%m}"
    person = request.args.get("nip", "").strip()
    errors: dict[str, str] = {}
    found = MONTH.match(month)
    if not found or not 1 <= int(found.group(2)) <= 12:
        errors["bulan"] = MONTH_RULE
        entries = []
    else:
        year, number = int(found.group(1)), int(found.group(2))
        last = calendar.monthrange(year, number)[1]
        asked = {"from": f"{month}-01", "to": f"{month}-{last:02d}", "person": person or None}
        try:
            query = AuditQuery().load(asked)
        except ValidationError as error:
            errors = {"nip": NIP_RULE} if "person" in error.messages else {"bulan": MONTH_RULE}
            entries = []
        else:
            entries = audit.entries(repo, query["since"], query["until"], query["person"])
    shown = [{**e, "change": _change(e)} for e in entries[:MAX_SHOWN]]
    return render_template(
        "audit.html",
        month=month,
        person=person,
        errors=errors,
        entries=shown,
        more=len(entries) - len(shown),
    ), (422 if errors else 200)


def _change(entry: dict) -> str:
    """Before and after as compact JSON, for the page's details."""
    parts = {k: entry.get(k) for k in ("before", "after") if entry.get(k)}
    return json.dumps(parts, ensure_ascii=False, default=str, sort_keys=True) if parts else ""
