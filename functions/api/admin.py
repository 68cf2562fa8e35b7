"""BKPSDM's operations: start a year's cycles, resume a failed one, the year's summary, and the
clock (moved only in the embedded runtime: functions/local/clock_api.py)."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.engine import clock
from functions.services import cycles, reports
from functions.services.auth import ADMIN, AUDITOR, INTEGRATION, PEGAWAI, ROLES
from functions.services.settings import TenantSettings
from functions.store.records import as_dict
from schemas.clock import ClockOut
from schemas.cycles import (
    CycleListOut,
    ResumedOut,
    StartCyclesIn,
    StartedOut,
    YearQuery,
    YearSummaryOut,
)
from schemas.tenants import SettingsOut

blp = Blueprint("admin", __name__, description="BKPSDM operations")


@blp.route("/cycles", methods=["POST"])
@roles(ADMIN)
@blp.arguments(StartCyclesIn, example={"year": 2026, "nips": ["198503152010012003"]})
@blp.response(202, StartedOut(many=True))
def start_cycles(body):
    """Open the year's cycles (every employee with a penilai, or the NIPs given)."""
    _, repo = tenant()
    return [s.__dict__ for s in cycles.start_cycles(repo, body["year"], body["nips"])]


@blp.route("/cycles")
@roles(ADMIN, AUDITOR)
@blp.arguments(YearQuery, location="query")
@blp.response(200, CycleListOut(many=True))
def list_cycles(query):
    """The year's cycles: stage, period, status and predikat of each employee."""
    _, repo = tenant()
    return [as_dict(c) for c in repo.cycles(query["year"])]


@blp.route("/settings")
@roles(ADMIN, AUDITOR, PEGAWAI, INTEGRATION)
@blp.response(200, SettingsOut)
def settings():
    """The tenant's policy and task deadlines."""
    _, repo = tenant()
    return TenantSettings.of(repo.profile()).to_dict()


@blp.route("/cycles/<nip>/<int:year>/resume", methods=["POST"])
@roles(ADMIN)
@blp.response(202, ResumedOut)
def resume(nip, year):
    """Start the next segment of a failed or lost cycle at its stored stage."""
    _, repo = tenant()
    return {"execution_arn": cycles.resume(repo, nip, year)}


@blp.route("/reports/summary")
@roles(ADMIN, AUDITOR)
@blp.arguments(YearQuery, location="query")
@blp.response(200, YearSummaryOut)
def summary(query):
    """Predikat per unit, stages, and open tasks of the year."""
    _, repo = tenant()
    return reports.year_summary(repo, query["year"])


@blp.route("/clock")
@roles(*ROLES)
@blp.response(200, ClockOut)
def get_clock():
    """The workflow's clock (real time on AWS; the manual clock in the embedded runtime)."""
    return {"now": clock.now(), "fired": [], "timed_out": []}
