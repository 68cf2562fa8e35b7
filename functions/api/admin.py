"""BKPSDM's operations: start a year's cycles, resume a failed one, the year's summary, and the
clock (moved only in the embedded runtime: functions/local/clock_api.py)."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.jobs import accepted
from functions.api.people import IF_MATCH, etag, if_match
from functions.api.roles import roles
from functions.engine import clock
from functions.services import cycles, jobs, repair, reports, settings, summaries
from functions.services.auth import ADMIN, AUDITOR, INTEGRATION, PEGAWAI, ROLES
from functions.store.records import as_dict
from schemas.clock import ClockOut
from schemas.cycles import (
    CloseCyclesIn,
    ClosedOut,
    CycleListOut,
    DiagnosisOut,
    RepairIn,
    ResumedOut,
    StartCyclesIn,
    StartedOut,
    SummaryRebuildIn,
    SummaryRebuildOut,
    YearQuery,
    YearSummaryOut,
)
from schemas.jobs import JobOut
from schemas.tenants import SettingsOut, SettingsPatch

blp = Blueprint("admin", __name__, description="BKPSDM operations")


@blp.route("/cycles", methods=["POST"])
@roles(ADMIN)
@blp.arguments(StartCyclesIn, example={"year": 2026, "nips": ["198503152010012003"]})
@blp.doc(
    responses={
        "202": {
            "description": "up to 100 NIPs: each one's outcome; no NIPs, or more: the job "
            "starting them (GET /jobs/{id})",
            "content": {
                "application/json": {
                    "schema": {"oneOf": [{"type": "array", "items": StartedOut}, JobOut]}
                }
            },
        }
    }
)
def start_cycles(body):
    """Open the year's cycles (every employee with a penilai, or the NIPs given). Up to 100
    NIPs are started in the request, answered with each one's outcome; the whole regency (no
    NIPs) or a longer list is a job, answered at once with it (``Location: /jobs/{id}``)."""
    who, repo = tenant()
    started = jobs.start_year(repo, who.label, body["year"], body["nips"])
    if not isinstance(started, list):
        return accepted(repo, started)
    return StartedOut(many=True).dump([s.__dict__ for s in started]), 202


@blp.route("/cycles/closures", methods=["POST"])
@roles(ADMIN)
@blp.arguments(
    CloseCyclesIn,
    example={"year": 2026, "nips": ["198503152010012003"], "reason": "pensiun"},
)
@blp.response(200, ClosedOut(many=True))
@blp.alt_response(
    202,
    schema=JobOut,
    success=True,
    description="a filter, or more than 100 NIPs: the job (GET /jobs/{id}?cycles=true)",
)
def close_cycles(body):
    """End cycles before their end, with a reason (pensiun, pindah_keluar, meninggal,
    tutup_tahun, or lainnya with a note): the running execution is stopped, the open task
    cancelled (it leaves the inbox), the next segment's schedule and reminders deleted, the
    cycle marked closed (audited). A closed cycle is not resumed nor migrated; closing it
    again changes nothing. Up to 100 NIPs are closed in the request; a filter (unit and the
    units below, stage, or all unfinished) or more NIPs is a job."""
    who, repo = tenant()
    closed = jobs.close(
        repo, who.label, body["year"], body["nips"], body["filter"], body["reason"], body["note"]
    )
    if not isinstance(closed, list):
        return accepted(repo, closed)
    return closed


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
def get_settings():
    """The tenant's policy and task deadlines; the ETag is their version."""
    _, repo = tenant()
    shown = settings.current(repo)
    return shown, etag(shown["version"])


@blp.route("/settings", methods=["PATCH"])
@roles(ADMIN)
@blp.doc(**IF_MATCH)
@blp.arguments(SettingsPatch)
@blp.response(200, SettingsOut)
def patch_settings(body):
    """Change some settings (null: back to the default), on the version read (If-Match).
    Audited; when each change applies is in docs/policies.md."""
    who, repo = tenant()
    shown = settings.update(repo, who.label, if_match(), body)
    return shown, etag(shown["version"])


@blp.route("/cycles/<nip>/<int:year>/resume", methods=["POST"])
@roles(ADMIN)
@blp.response(202, ResumedOut)
def resume(nip, year):
    """Start the next segment of a failed or lost cycle at its stored stage."""
    _, repo = tenant()
    return {"execution_arn": cycles.resume(repo, nip, year)}


@blp.route("/cycles/<nip>/<int:year>/diagnosis")
@roles(ADMIN, AUDITOR)
@blp.response(200, DiagnosisOut)
def diagnosis(nip, year):
    """Why a cycle is stuck: its stage, the execution, the facts of the table, the open task
    (and whether the workflow still waits on it), the problems and the repairs that fit."""
    _, repo = tenant()
    return repair.diagnose(repo, nip, year)


@blp.route("/cycles/<nip>/<int:year>/repair", methods=["POST"])
@roles(ADMIN)
@blp.arguments(RepairIn)
@blp.response(202, DiagnosisOut)
def repair_cycle(body, nip, year):
    """Move a stuck cycle on: ``resume`` at the stored stage; ``reopen_task``: resume a cycle
    whose open task nobody waits on, the same task reopened with a new token; ``set_stage``
    with a ``reason`` (audited; refused where the stage's facts are missing) and resume there."""
    who, repo = tenant()
    return repair.repair(repo, who, nip, year, **body)


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


@blp.route("/reports/summary/rebuild", methods=["POST"])
@roles(ADMIN)
@blp.arguments(SummaryRebuildIn)
@blp.response(200, SummaryRebuildOut)
def rebuild_summary(body):
    """Count the year's cycles again into the per-unit counters the summary reads (a repair
    when they drifted, or the first count of cycles written before them); idempotent, audited."""
    who, repo = tenant()
    return summaries.rebuild(repo, who.label, body["year"])
