"""Plan: the year's SKP exists as a draft for the employee to fill in."""

from functions.services.skp import ensure_draft
from functions.steps.step import step
from schemas.steps import CycleRef, PlanOutput


@step(CycleRef, PlanOutput)
def handler(event, repo):
    return {"skp_status": ensure_draft(repo, event["nip"], event["year"]).status}
