"""The console's pages: thin like the API's routes. Each finds who is signed in, calls the
services the API calls (with the same principal, so the same roles and relationships apply) and
renders a template in Bahasa Indonesia."""

from __future__ import annotations

from datetime import date, timedelta

from flask import (
    Flask,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, get_locale, gettext, lazy_gettext, ngettext
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from functions import config
from functions.console import assets, figures, i18n, outcome, signin
from functions.console.blueprint import blp, signed, year_asked
from functions.console.labels import field_number, label, number, period_name
from functions.engine import clock
from functions.errors import Forbidden, InvalidInput, KinerjaError
from functions.services import completion, distribution, jobs, monitoring, reports, tasks
from functions.services import skp as skp_service
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, PLATFORM
from functions.services.settings import TenantSettings
from functions.store.records import plain
from schemas.realisasi import RealisasiBatchIn
from schemas.skp import ReviewIn

MAX_WORKLIST = 50  # as POST /tasks/complete


def init_app(app: Flask) -> None:
    """Register the console on the API's app: its pages, ``/`` sending people to them, and the
    session cookie's settings."""
    settings = config.current()
    app.config.update(
        SECRET_KEY=settings.console_secret or _process_secret(),
        SESSION_COOKIE_NAME="kinerja_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
    )
    i18n.init_app(app)
    # the pages of the other console modules register on ``blp`` when imported
    from functions.console import (  # noqa: F401
        assess,
        closures,
        development,
        migrations,
        plan,
        platform,
        printing,
        regency,
        review,
        rounds,
        sheets,
        tenant,
        trail,
        uploads,
        workflow,
    )

    app.register_blueprint(blp)
    app.add_url_rule("/", "root", lambda: redirect(url_for("console.home")))
    # browsers ask for it on every page (/docs too); no icon rather than a 404 in their console
    app.add_url_rule("/favicon.ico", "favicon", lambda: ("", 204))


_SECRET: list[str] = []


def _process_secret() -> str:
    """A random secret for this process when none is configured (see config.console_secret)."""
    import secrets

    if not _SECRET:
        _SECRET.append(secrets.token_urlsafe(32))
    return _SECRET[0]


@blp.before_request
def _guard():
    signin.check_csrf()


@blp.app_template_global()
def csrf_token() -> str:
    return signin.csrf_token()


@blp.app_template_filter("day")
def _day(value) -> str:
    """A date (or its ISO text, as records keep it) as the page's language writes it: 6 Des
    2026, Dec 6, 2026."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, "medium")


@blp.context_processor
def _context() -> dict:
    return {
        "label": label,
        "period_name": period_name,
        "number": number,
        "field_number": field_number,
        "asset": assets.available,
        "who": g.get("who"),
        "name": g.get("name"),
        "today": clock.now().date(),
        "languages": i18n.LANGUAGES,
        "language": get_locale().language,
    }


@blp.errorhandler(KinerjaError)
def _refused(error: KinerjaError):
    return render_template("error.html", error=error, expired=False), error.status


@blp.errorhandler(BadRequest)
def _bad_request(error: BadRequest):
    expired = error.description == "csrf"
    return render_template("error.html", error=None, expired=expired), 400


# --- signing in ------------------------------------------------------------------------------
@blp.route("/")
def home():
    """BKPSDM's overview of the regency for admins and auditors; a person's tasks otherwise."""
    found = signin.signed_in()
    if found is None:
        return redirect(url_for("console.login"))
    if found[0].role == PLATFORM:
        return redirect(url_for("console.platform_page"))
    if found[0].role in (ADMIN, AUDITOR):
        from functions.console.regency import home_page  # registered with the blueprint

        return home_page()
    return redirect(url_for("console.tasks_page"))


@blp.route("/bahasa/<code>")
def choose_language(code: str):
    """Keep the person's language (a cookie for a year) and go back to the page they were on."""
    target = request.args.get("next", "")
    back = redirect(target if _own_page(target) else url_for("console.home"))
    if code in i18n.LANGUAGES:
        back.set_cookie(i18n.COOKIE, code, max_age=365 * 86400, httponly=True, samesite="Lax")
    return back


def _own_page(target: str) -> bool:
    """Only a path of this console: never an address elsewhere."""
    return target.startswith("/console/") and not target.startswith("//")


@blp.route("/login", methods=["GET", "POST"])
def login():
    problem = None
    if request.method == "POST":
        try:
            signin.sign_in(request.form.get("key", ""))
        except (KinerjaError, ValueError) as error:
            problem = (
                gettext(
                    "Kunci ini tidak dapat dipakai di konsol (peran tanpa halaman konsol, atau "
                    "instansinya dinonaktifkan); gunakan API."
                )
                if isinstance(error, Forbidden)
                else gettext("Kunci API tidak dikenal atau sudah dicabut.")
            )
        else:
            target = request.args.get("next", "")
            return redirect(target if _own_page(target) else url_for("console.home"))
    status = 401 if problem else 200
    return render_template("login.html", problem=problem), status


@blp.route("/logout", methods=["POST"])
def logout():
    signin.sign_out()
    return redirect(url_for("console.login"))


# --- tasks -----------------------------------------------------------------------------------
def _task_rows(repo, tasks_found) -> list[dict]:
    # just the subjects, in one batch read, not the regency's whole roster
    names = {
        nip: e.name for nip, e in repo.employees_of(t.subject_nip for t in tasks_found).items()
    }
    return [
        {
            "task_id": t.task_id,
            "kind": t.task_kind,
            "due": t.due,
            "overdue": t.due.date() < clock.now().date(),
            "subject_nip": t.subject_nip,
            "subject_name": names.get(t.subject_nip, t.subject_nip),
            "year": t.year,
            "period": t.period,
            "escalated": bool(t.escalated_from),
        }
        for t in sorted(tasks_found, key=lambda t: t.due)
    ]


@blp.route("/tasks")
@signed(ADMIN, AUDITOR, PEGAWAI)
def tasks_page(who, repo):
    """The person's open tasks (admins: those waiting on BKPSDM), as GET /tasks lists them, and
    the results of the worklist just sent (kept in the session for this one page)."""
    rows = _task_rows(repo, repo.tasks_of(who.nip))
    results = session.pop("worklist", None)
    if results:
        names = {row["subject_nip"]: row["subject_name"] for row in rows}
        done = repo.employees_of(r[1] for r in results if r[1] and r[1] not in names)
        names |= {nip: e.name for nip, e in done.items()}
        results = [
            {"ok": ok, "subject": names.get(subject, subject), "task_id": task_id,
             "error": error}
            for ok, subject, task_id, error in results
        ]  # fmt: skip
    done = session.pop("done", None)
    return render_template("tasks.html", rows=rows, results=results, done=done)


@blp.route("/tasks/approve", methods=["POST"])
@signed(ADMIN, PEGAWAI)
def approve_tasks(who, repo):
    """Approve the chosen SKPs, each on its own as POST /tasks/complete does; the inbox then
    shows a result per task (post, redirect, get: reloading it sends nothing again)."""
    chosen = list(dict.fromkeys(request.form.getlist("task_id")))[:MAX_WORKLIST]
    results = []  # (ok, subject NIP, task id, error code), small: the session is a cookie
    for task_id in chosen:
        try:
            task = repo.task(task_id)
            if task.task_kind != "approve_skp":
                raise Forbidden("only SKP approvals can be done from the worklist")
            completion.complete_task(repo, who, task_id, {"decision": "approve"})
        except KinerjaError as error:
            results.append((False, None, task_id[:64], error.code))
        else:
            results.append((True, task.subject_nip, task_id, None))
    session["worklist"] = results or [(False, None, None, "none_chosen")]
    return redirect(url_for("console.tasks_page"), 303)


# --- an employee's year ----------------------------------------------------------------------
@blp.route("/cycles/<nip>/<int:year>")
@signed(ADMIN, AUDITOR, PEGAWAI)
def cycle_page(who, repo, nip, year):
    """The cycle as GET /cycles/{nip}/{year} shows it, with the SKP and its realisations; the
    employee also gets the form of the current period's realisations."""
    outcome.may_see(who, repo, nip, year)
    return _cycle(who, repo, nip, year)


def _cycle(
    who, repo, nip: str, year: int, errors=None, sent=None, status: int = 200, review_error=None
):
    employee = repo.employee(nip)
    view = reports.cycle_view(repo, nip, year)
    skp = repo.find_skp(nip, year)
    realised: dict[str, dict[int, object]] = {}
    reported: dict[str, object] = {}
    for r in repo.realisasi(nip, year):
        realised.setdefault(r.iki_id, {})[int(r.period)] = r.value
        if int(r.period) == view["period"]:
            reported[r.iki_id] = r
    may_report = (
        who.role == PEGAWAI
        and who.nip == nip
        and skp is not None
        and skp.status == "disetujui"
        and view["status"] == "running"
    )
    return render_template(
        "cycle.html",
        review=_review_task(who, repo, view["open_task"]),
        review_error=review_error,
        employee=employee,
        cycle=view,
        skp=plain(skp.content) if skp else {},
        skp_record=skp,
        realised=realised,
        reported=reported,
        may_report=may_report,
        may_draft=skp_service.may_draft(repo, who, nip, year),
        cascade=skp_service.cascade_state(repo, skp) if skp else None,
        errors=errors or {},
        sent=sent or {},
        saved=session.pop("saved", None),
        **outcome.context(who, repo, nip, year),
    ), status


def _review_task(who, repo, task_id: str | None):
    """The cycle's open SKP approval when it is this person's to do, else None."""
    task = repo.find_task(task_id) if task_id else None
    if task is None or task.status != "open" or task.task_kind != "approve_skp":
        return None
    try:
        tasks.check_assignee(who, task)
    except Forbidden:
        return None
    return task


@blp.route("/tasks/<task_id>/review", methods=["POST"])
@signed(ADMIN, PEGAWAI)
def review_skp(who, repo, task_id):
    """Approve the SKP, or return it with the reason, as POST /tasks/{id}/complete does for an
    approval: the same schema, the same service."""
    task = repo.task(task_id)
    if task.task_kind != "approve_skp":
        raise Forbidden("only SKP approvals are reviewed here")
    nip, year = task.subject_nip, int(task.year)
    raw = {"decision": request.form.get("decision", ""), "reason": request.form.get("reason")}
    try:
        body = ReviewIn().load({k: v.strip() for k, v in raw.items() if v and v.strip()})
    except ValidationError:
        problem = gettext("Tuliskan alasan pengembalian (sedikitnya 3 karakter).")
        return _cycle(who, repo, nip, year, status=422, review_error=problem)
    completion.complete_task(repo, who, task_id, body)
    returned = body["decision"] == "return"
    session["saved"] = (
        gettext("SKP dikembalikan dengan alasan.") if returned else gettext("SKP disetujui.")
    )
    return redirect(url_for("console.cycle_page", nip=nip, year=year), 303)


# what the realisation form's fields must hold, in words
_FIELD_RULES = {
    "value": lazy_gettext("isi angka 0 atau lebih"),
    "bukti": lazy_gettext("isi alamat tautan yang sah (http:// atau https://)"),
    "note": lazy_gettext("catatan paling banyak 2.000 karakter"),
}


@blp.route("/cycles/<nip>/<int:year>/realisasi", methods=["POST"])
@signed(PEGAWAI)
def report_realisasi(who, repo, nip, year):
    """The period's realisations from the form, all or none, as
    POST /cycles/{nip}/{year}/realisasi/batch: the same schema, the same service."""
    period = _int(request.form.get("period"))
    iki_ids = request.form.getlist("iki_id")
    sent = {i: {f: request.form.get(f"{f}-{i}", "").strip() for f in _FIELD_RULES} for i in iki_ids}
    items = [
        {
            "iki_id": iki_id,
            "value": fields["value"].replace(",", "."),
            "bukti": [fields["bukti"]] if fields["bukti"] else [],
            "note": fields["note"] or None,
        }
        for iki_id, fields in sent.items()
        if fields["value"]
    ]
    if not items:
        return _cycle(
            who, repo, nip, year, {"": [gettext("isi sedikitnya satu realisasi")]}, sent, 422
        )
    try:
        body = RealisasiBatchIn().load({"period": period, "items": items})
    except ValidationError as error:
        return _cycle(who, repo, nip, year, _form_errors(error.messages, items), sent, 422)
    try:
        written = monitoring.report_realisasi(repo, who, nip, year, body["period"], body["items"])
    except InvalidInput as error:
        return _cycle(who, repo, nip, year, _form_errors(error.details, items), sent, 422)
    session["saved"] = ngettext(
        "%(num)s realisasi %(period)s tersimpan.",
        "%(num)s realisasi %(period)s tersimpan.",
        len(written),
        period=period_name(period).lower(),
    )
    return redirect(url_for("console.cycle_page", nip=nip, year=year), 303)


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _form_errors(messages, items: list[dict]) -> dict[str, list[str]]:
    """The schema's or the service's refusals (``items.<n>.<field>`` or nested), per IKI id and
    in words: {iki_id: [rule, ...]}; "" for the form as a whole."""
    found: dict[str, list[str]] = {}
    flat: list[tuple[str, object]] = []
    for key, value in (messages or {}).items():
        if key == "items" and isinstance(value, dict):
            flat += [(f"items.{n}.{field}", v) for n, inner in value.items() for field, v in
                     (inner.items() if isinstance(inner, dict) else [("", inner)])]  # fmt: skip
        else:
            flat.append((str(key), value))
    for key, value in flat:
        parts = key.split(".")
        if parts[0] == "items" and len(parts) >= 3 and parts[1].isdigit():
            iki_id = items[int(parts[1])]["iki_id"]
            rule = _FIELD_RULES.get(parts[2], lazy_gettext("bukan indikator SKP ini"))
            found.setdefault(iki_id, []).append(rule)
        else:
            found.setdefault("", []).append(f"{key}: {value}")
    return found


@blp.route("/me")
@signed(ADMIN, AUDITOR, PEGAWAI)
def my_cycle(who, repo):
    if who.nip is None:
        return redirect(url_for("console.units_page"))
    return redirect(url_for("console.cycle_page", nip=who.nip, year=clock.now().year))


# --- BKPSDM ----------------------------------------------------------------------------------
def _year() -> int:
    return year_asked(request.args.get("year"))


@blp.route("/units")
@signed(ADMIN, AUDITOR)
def units_page(who, repo):
    units = sorted(repo.units(), key=lambda u: u.unit_id)
    return render_template("units.html", units=units, year=_year())


@blp.route("/cycles/start", methods=["POST"])
@signed(ADMIN)
def start_cycles(who, repo):
    """Open the year's cycles of every employee with a penilai as a job, as POST /cycles
    without NIPs does; its progress is on the Beranda."""
    year = year_asked(request.form.get("year"))
    job = jobs.create(repo, who.label, "start", year, {})
    units = sorted(repo.units(), key=lambda u: u.unit_id)
    return render_template("units.html", units=units, year=year, job=job)


@blp.route("/units/<unit_id>")
@signed(ADMIN, AUDITOR)
def unit_page(who, repo, unit_id):
    """The unit's progress (cycles per stage) and its distribution check, as
    GET /units/{id}/distribution gives it, drawn."""
    year = _year()
    unit, inside = distribution.unit_tree(repo, unit_id)
    cycles = repo.unit_cycles(year, inside)
    report = distribution.unit_distribution(repo, unit_id, year, cycles)  # read once
    policy = TenantSettings.of(repo.profile()).policy
    rows = figures.bound_rows(report, policy)
    counts = report.get("counts") or figures.rated_counts(cycles)
    if not report.get("checked") and report.get("org_predikat"):
        counts = figures.rated_counts(cycles)
    return render_template(
        "unit.html",
        unit=unit,
        year=year,
        stages=figures.stage_counts(cycles),
        total=len(cycles),
        report=report,
        rows=rows,
        counts=counts,
        chart=figures.chart_data(counts, rows),
    )
