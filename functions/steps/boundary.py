"""Boundary: end the segment; the next one starts when the next period has ended (after the
period's rating, the boundary assesses the period first)."""

from functions.services.assessment import close_period
from functions.services.cycles import close_segment, taken_over
from functions.steps.step import step
from schemas.steps import BoundaryInput, BoundaryOutput


@step(BoundaryInput, BoundaryOutput)
def handler(event, repo):
    nip, year, period = event["nip"], event["year"], event["period"]
    if (done := taken_over(repo, nip, year, event["execution"])) is not None:
        return done
    if event["after"] == "rating":
        return close_period(repo, nip, year, period)
    return close_segment(repo, nip, year, event["after"], period)
