"""Results after the annual assessment: a unit's organisation predikat and distribution check,
corrections of ratings with reasons, and keberatan."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.errors import Forbidden
from functions.services import decisions, distribution, keberatan
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from schemas.cycles import YearQuery
from schemas.outcomes import (
    DistributionOut,
    KeberatanDecisionIn,
    KeberatanDecisionOut,
    KeberatanIn,
    KeberatanOut,
    OrgPredikatIn,
    OrgPredikatOut,
    RevisionIn,
    RevisionOut,
    RevisionsOut,
)

blp = Blueprint("outcomes", __name__, description="Distribution, corrections and keberatan")
CYCLE = "/cycles/<nip>/<int:year>"


@blp.route("/units/<unit_id>/predikat/<int:year>", methods=["PUT"])
@roles(ADMIN)
@blp.arguments(OrgPredikatIn)
@blp.response(200, OrgPredikatOut)
def put_org_predikat(body, unit_id, year):
    """Set the unit's organisation predikat of the year (BKPSDM)."""
    who, repo = tenant()
    return distribution.set_org_predikat(repo, unit_id, year, body["org_predikat"], who.label)


@blp.route("/units/<unit_id>/distribution")
@roles(ADMIN, AUDITOR)
@blp.arguments(YearQuery, location="query")
@blp.response(200, DistributionOut)
def get_distribution(query, unit_id):
    """The unit's employee predikat against its organisation predikat: broken bounds, by how
    many people, and who sits closest to each."""
    _, repo = tenant()
    return distribution.unit_distribution(repo, unit_id, query["year"])


@blp.route(f"{CYCLE}/revisions", methods=["POST"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(RevisionIn)
@blp.response(200, RevisionOut)
def post_revision(body, nip, year):
    """Correct the annual ratings with a reason (the penilai, or BKPSDM)."""
    who, repo = tenant()
    penilai = repo.employee(nip).penilai_nip  # 404 for anyone not of this tenant
    if who.role != ADMIN and penilai != who.nip:
        raise Forbidden(f"only the penilai of {nip} or BKPSDM may correct the result")
    ratings = {k: body[k] for k in decisions.RATINGS if body[k]}
    return distribution.revise_checked(
        repo, nip, year, ratings=ratings, reason=body["reason"], by=who.label,
        kind="distribution",
    )  # fmt: skip


@blp.route(f"{CYCLE}/revisions")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, RevisionsOut)
def get_revisions(nip, year):
    """Every change of the annual result: who, when, why, before and after."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return {"revisions": decisions.revisions(repo, nip, year)}


@blp.route(f"{CYCLE}/keberatan", methods=["POST"])
@roles(PEGAWAI)
@blp.arguments(KeberatanIn)
@blp.response(201, KeberatanOut)
def post_keberatan(body, nip, year):
    """The employee objects to their annual result, within the policy's days."""
    who, repo = tenant()
    return keberatan.file(repo, who, nip, year, body)


@blp.route(f"{CYCLE}/keberatan")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, KeberatanOut)
def get_keberatan(nip, year):
    """The employee's keberatan (objection) of the year and its decision, if any."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return keberatan.get(repo, nip, year)


@blp.route(f"{CYCLE}/keberatan/decision", methods=["POST"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(KeberatanDecisionIn)
@blp.response(200, KeberatanDecisionOut)
def decide_keberatan(body, nip, year):
    """The penilai's superior accepts (revising the ratings) or rejects the objection."""
    who, repo = tenant()
    return keberatan.decide(repo, who, nip, year, body)
