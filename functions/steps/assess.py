"""Assess: ratings and predikat, for the period (periodic) or the year (annual)."""

from functions.services.assessment import assess
from functions.steps.step import step
from schemas.steps import AssessInput, AssessOutput


@step(AssessInput, AssessOutput)
def handler(event, repo):
    return assess(repo, event["nip"], event["year"], event["period"], event["scope"])
