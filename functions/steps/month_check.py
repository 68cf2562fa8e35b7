"""Month check: a detached month's schedule fired (monthly periods, the months inside a
quarter): open the month's tasks, or escalate one whose deadline passed."""

from functions.services.months import check, escalate
from functions.steps.step import step
from schemas.steps import MonthCheckInput, MonthCheckOutput


@step(MonthCheckInput, MonthCheckOutput)
def handler(event, repo):
    if event["task_id"] is not None:
        return escalate(repo, event["task_id"], event["due"])
    return check(repo, event["nip"], event["year"], event["period"])
