"""Boundary: end the segment; the next one starts when the next period has ended."""

from functions.services.cycles import close_segment
from functions.steps.step import step
from schemas.steps import BoundaryInput, BoundaryOutput


@step(BoundaryInput, BoundaryOutput)
def handler(event, repo):
    return close_segment(repo, event["nip"], event["year"], event["after"], event["period"])
