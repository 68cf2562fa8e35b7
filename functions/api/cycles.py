"""A cycle's documents: the SKP, realisations, and the cycle as a whole."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.api.tasks import task_out
from functions.errors import StageForbids
from functions.services import completion, monitoring, replan, reports, skp
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from functions.store.records import as_dict
from schemas.cycles import CycleOut
from schemas.realisasi import RealisasiBatchIn, RealisasiIn, RealisasiOut
from schemas.skp import ReplanDecisionIn, ReplanIn, ReplanOut, SkpContentSchema, SkpOut
from schemas.tasks import TaskOut

blp = Blueprint("cycles", __name__, url_prefix="/cycles", description="Evaluation cycles")
CYCLE = "/<nip>/<int:year>"


@blp.route(CYCLE)
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, CycleOut)
def get_cycle(nip, year):
    """The cycle: stage, SKP status, assessments, coaching, decision, failures, history."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return reports.cycle_view(repo, nip, year)


@blp.route(f"{CYCLE}/skp")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, SkpOut)
def get_skp(nip, year):
    """The employee's SKP of the year: its status, content and history."""
    who, repo = tenant()
    may_read(who, repo, nip)
    record = repo.skp(nip, year)
    return {**as_dict(record), "cascade": skp.cascade_state(repo, record)}


@blp.route(f"{CYCLE}/skp", methods=["PUT"])
@roles(PEGAWAI, ADMIN)
@blp.arguments(SkpContentSchema)
@blp.response(200, SkpOut)
def put_skp(content, nip, year):
    """Write the SKP draft (results, indicators, targets, behaviour expectations): the
    employee, or whoever holds the escalated drafting task (the penilai; BKPSDM's admins)."""
    who, repo = tenant()
    return as_dict(skp.save_draft(repo, who, nip, year, content))


@blp.route(f"{CYCLE}/skp/submit", methods=["POST"])
@roles(PEGAWAI, ADMIN)
@blp.response(200, TaskOut)
def submit_skp(nip, year):
    """Submit the draft to the pejabat penilai (completes the open drafting task). Before the
    superior's SKP is approved only once the task escalated: it is then marked ``ahead`` and
    its links reconciled when that SKP is approved (``cascade`` on GET .../skp)."""
    who, repo = tenant()
    cycle = repo.cycle(nip, year)
    task = repo.find_task(cycle.open_task) if cycle.open_task else None
    if task is None or task.task_kind != "draft_skp" or task.status != "open":
        raise StageForbids("the SKP is not awaiting submission", details={"stage": cycle.stage})
    return task_out(completion.complete_task(repo, who, task.task_id, {}))


@blp.route(f"{CYCLE}/realisasi", methods=["POST"])
@roles(PEGAWAI)
@blp.arguments(RealisasiIn)
@blp.response(201, RealisasiOut)
def add_realisasi(body, nip, year):
    """Report the realisation of an indicator for a period, with links to its evidence."""
    who, repo = tenant()
    return as_dict(monitoring.add_realisasi(repo, who, nip, year, body))


@blp.route(f"{CYCLE}/realisasi/batch", methods=["POST"])
@roles(PEGAWAI)
@blp.arguments(RealisasiBatchIn)
@blp.response(200, RealisasiOut(many=True))
def add_realisasi_batch(body, nip, year):
    """Report a period's realisations at once (up to 50 IKI): all are written or none, and an
    error names the item (``items.<n>.iki_id``)."""
    who, repo = tenant()
    written = monitoring.report_realisasi(repo, who, nip, year, body["period"], body["items"])
    return [as_dict(record) for record in written]


@blp.route(f"{CYCLE}/realisasi")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, RealisasiOut(many=True))
def list_realisasi(nip, year):
    """The realisations recorded against the SKP's IKI, by period."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return [as_dict(r) for r in repo.realisasi(nip, year)]


@blp.route(f"{CYCLE}/skp/replan", methods=["POST"])
@roles(PEGAWAI)
@blp.arguments(ReplanIn)
@blp.response(200, ReplanOut)
def replan_skp(body, nip, year):
    """Propose a revised plan of the approved SKP with the reason (e.g. after a transfer); it is
    checked as a submitted SKP is, and waits for the current penilai. The approved SKP stays in
    force until then."""
    who, repo = tenant()
    return replan.propose(repo, who, nip, year, body["content"], body["reason"])


@blp.route(f"{CYCLE}/skp/replan/decision", methods=["POST"])
@roles(PEGAWAI, ADMIN)
@blp.arguments(ReplanDecisionIn)
@blp.response(200, ReplanOut)
def decide_replan(body, nip, year):
    """The current penilai (BKPSDM for someone without one) approves the revised plan, which
    becomes the SKP, or returns it with the reason."""
    who, repo = tenant()
    return replan.decide(repo, who, nip, year, body["decision"], body["reason"])
