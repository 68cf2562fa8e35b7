"""The console's pages: thin like the API's routes. Each finds who is signed in, calls the
services the API calls (with the same principal, so the same roles and relationships apply) and
renders a template in Bahasa Indonesia."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import (
    Blueprint,
    Flask,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import BadRequest

from functions import config
from functions.console import assets, figures, signin
from functions.console.labels import label, number, period_name
from functions.engine import clock
from functions.errors import Forbidden, KinerjaError
from functions.services import cycles, distribution, reports, tasks
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read, require_role
from functions.services.settings import TenantSettings
from functions.store.records import plain

blp = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
)
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


@blp.context_processor
def _context() -> dict:
    return {
        "label": label,
        "period_name": period_name,
        "number": number,
        "asset": assets.available,
        "who": g.get("who"),
        "today": clock.now().date(),
    }


def signed(*roles: str):
    """The view needs a signed-in person of one of ``roles``; it gets (who, repo)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            found = signin.signed_in()
            if found is None:
                return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
            g.who, g.repo = found
            require_role(g.who, *roles)
            return view(g.who, g.repo, *args, **kwargs)

        return guarded

    return decorate


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
    return redirect(url_for("console.tasks_page" if signin.signed_in() else "console.login"))


@blp.route("/login", methods=["GET", "POST"])
def login():
    problem = None
    if request.method == "POST":
        try:
            signin.sign_in(request.form.get("key", ""))
        except (KinerjaError, ValueError) as error:
            problem = (
                "Kunci ini tidak dapat dipakai di konsol (peran tanpa halaman konsol, atau "
                "instansinya dinonaktifkan); gunakan API."
                if isinstance(error, Forbidden)
                else "Kunci API tidak dikenal atau sudah dicabut."
            )
        else:
            target = request.args.get("next", "")
            # only a path of this console: never an address elsewhere
            safe = target.startswith("/console/") and not target.startswith("//")
            return redirect(target if safe else url_for("console.tasks_page"))
    status = 401 if problem else 200
    return render_template("login.html", problem=problem), status


@blp.route("/logout", methods=["POST"])
def logout():
    signin.sign_out()
    return redirect(url_for("console.login"))


# --- tasks -----------------------------------------------------------------------------------
def _task_rows(repo, tasks_found) -> list[dict]:
    names = {e.nip: e.name for e in repo.employees()}
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
        names |= {e.nip: e.name for e in repo.employees() if e.nip in {r[1] for r in results}}
        results = [
            {"ok": ok, "subject": names.get(subject, subject), "task_id": task_id,
             "error": error}
            for ok, subject, task_id, error in results
        ]  # fmt: skip
    return render_template("tasks.html", rows=rows, results=results)


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
            tasks.complete_task(repo, who, task_id, {"decision": "approve"})
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
    """The cycle as GET /cycles/{nip}/{year} shows it, with the SKP and its realisations."""
    may_read(who, repo, nip)
    employee = repo.employee(nip)
    view = reports.cycle_view(repo, nip, year)
    skp = repo.find_skp(nip, year)
    realised: dict[str, dict[int, float]] = {}
    for r in repo.realisasi(nip, year):
        realised.setdefault(r.iki_id, {})[int(r.period)] = float(r.value)
    return render_template(
        "cycle.html",
        employee=employee,
        cycle=view,
        skp=plain(skp.content) if skp else {},
        skp_record=skp,
        realised=realised,
    )


@blp.route("/me")
@signed(ADMIN, AUDITOR, PEGAWAI)
def my_cycle(who, repo):
    if who.nip is None:
        return redirect(url_for("console.units_page"))
    return redirect(url_for("console.cycle_page", nip=who.nip, year=clock.now().year))


# --- BKPSDM ----------------------------------------------------------------------------------
def _year() -> int:
    return _year_from(request.args.get("year"))


def _year_from(text: str | None) -> int:
    """The year asked for, or the clock's."""
    try:
        year = int(text or "")
    except ValueError:
        return clock.now().year
    return year if 2000 <= year <= 2100 else clock.now().year


@blp.route("/units")
@signed(ADMIN, AUDITOR)
def units_page(who, repo):
    units = sorted(repo.units(), key=lambda u: u.unit_id)
    return render_template("units.html", units=units, year=_year())


@blp.route("/cycles/start", methods=["POST"])
@signed(ADMIN)
def start_cycles(who, repo):
    """Open the year's cycles of every employee with a penilai, as POST /cycles does."""
    year = _year_from(request.form.get("year"))
    started = cycles.start_cycles(repo, year)
    units = sorted(repo.units(), key=lambda u: u.unit_id)
    opened = sum(1 for s in started if s.execution_arn)
    return render_template("units.html", units=units, year=year, opened=opened)


@blp.route("/units/<unit_id>")
@signed(ADMIN, AUDITOR)
def unit_page(who, repo, unit_id):
    """The unit's progress (cycles per stage) and its distribution check, as
    GET /units/{id}/distribution gives it, drawn."""
    year = _year()
    unit, inside = distribution.unit_tree(repo, unit_id)
    cycles = [c for c in repo.cycles(year) if c.unit_id in inside]
    report = distribution.unit_distribution(repo, unit_id, year)
    policy = TenantSettings.of(repo.profile()).policy
    rows = figures.bound_rows(report, policy)
    counts = report.get("counts") or figures.rated_counts(cycles)
    if not report.get("checked") and report.get("org_predikat"):
        counts = figures.rated_counts(cycles)
    names = {e.nip: e.name for e in repo.employees() if e.unit_id in inside}
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
        names=names,
    )
