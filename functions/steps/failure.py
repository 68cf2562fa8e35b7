"""Record failure: a step failed for good; keep why on the cycle before the execution fails."""

from functions.services.cycles import record_failure
from functions.steps.step import step
from schemas.steps import FailureInput, FailureOutput


@step(FailureInput, FailureOutput)
def handler(event, repo):
    record_failure(repo, event["nip"], event["year"], event["error"], event["execution"])
    return {"recorded": True}
