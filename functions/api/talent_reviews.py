"""Talent review rounds (evaluasi kinerja pejabat) and succession to key positions
(docs/talent-review.md). Not functions/api/reviews.py, which is the review of SKP cascades, data
quality and the SIASN export."""

from __future__ import annotations

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.services import succession, talent_reviews
from functions.services.auth import ADMIN, AUDITOR
from schemas.talent_reviews import (
    ReviewQuery,
    SuccessionPlanOut,
    SuccessionQuery,
    SuccessorsOut,
    TalentReviewIn,
    TalentReviewOut,
)

blp = Blueprint("talent_reviews", __name__, description="Talent review rounds and succession")


@blp.route("/talent-reviews", methods=["POST"])
@roles(ADMIN)
@blp.arguments(TalentReviewIn)
@blp.response(201, TalentReviewOut)
def define(body):
    """Define a round and start it: criteria with weights summing to 100, the panel (the first
    NIP chairs), the PPK who ratifies, the waves (officials: the incumbents of the positions of
    each eselon, or fungsional), each task's days."""
    who, repo = tenant()
    return talent_reviews.define(repo, who, body)


@blp.route("/talent-reviews")
@roles(ADMIN, AUDITOR)
@blp.arguments(ReviewQuery, location="query")
@blp.response(200, TalentReviewOut(many=True))
def listing(query):
    """The rounds (of ``year``), latest year first."""
    _, repo = tenant()
    return talent_reviews.listing(repo, query["year"])


@blp.route("/talent-reviews/<review_id>")
@roles(ADMIN, AUDITOR)
@blp.response(200, TalentReviewOut)
def view(review_id):
    """A round: its waves in order with their officials (presentation, scores per member and
    weighted, total, recommendation, ratified decision), status and ratification."""
    _, repo = tenant()
    return talent_reviews.view(repo, review_id)


@blp.route("/succession")
@roles(ADMIN, AUDITOR)
@blp.arguments(SuccessionQuery, location="query")
@blp.response(200, SuccessionPlanOut)
def regency_succession(query):
    """The key positions of a unit (``unit_id``) or of the regency, each with its candidates and
    their readiness, and the coverage: key positions with no successor ready now."""
    _, repo = tenant()
    return succession.succession(repo, query["unit_id"], query["year"])


@blp.route("/units/<unit_id>/positions/<position_id>/successors")
@roles(ADMIN, AUDITOR)
@blp.arguments(SuccessionQuery, location="query")
@blp.response(200, SuccessorsOut)
def successors(query, unit_id, position_id):
    """One position's candidates from the talent pool with their readiness; a vacancy's ready
    candidates are its ``ready_now``."""
    _, repo = tenant()
    return succession.successors(repo, unit_id, position_id, query["year"])
