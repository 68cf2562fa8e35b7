"""Decide: the follow-up of the year's predikat."""

from functions.services.decisions import decide
from functions.steps.step import step
from schemas.steps import CycleRef, DecideOutput


@step(CycleRef, DecideOutput)
def handler(event, repo):
    return decide(repo, event["nip"], event["year"])
