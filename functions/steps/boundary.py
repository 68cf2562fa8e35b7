"""Boundary: end the segment; the next one starts when the next period has ended (after the
period's rating, the boundary assesses the period first). With ``months: detached`` and
monthly periods the next segment is the next quarter's last month (services/months.py)."""

from functions.services.assessment import close_period
from functions.services.cycles import taken_over
from functions.services.months import close_segment
from functions.steps.step import step
from schemas.steps import BoundaryInput, BoundaryOutput


@step(BoundaryInput, BoundaryOutput)
def handler(event, repo):
    nip, year, period = event["nip"], event["year"], event["period"]
    if (done := taken_over(repo, nip, year, event["execution"])) is not None:
        return done
    detached = event["months"] == "detached"
    if event["after"] == "rating":
        return close_period(repo, nip, year, period, detached)
    return close_segment(repo, nip, year, event["after"], period, detached)
