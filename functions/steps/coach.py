"""Coach: the coaching of the period is on record; advise konseling when bimbingan failed."""

from functions.services.coaching import review
from functions.steps.step import step
from schemas.steps import CoachOutput, PeriodRef


@step(PeriodRef, CoachOutput)
def handler(event, repo):
    return review(repo, event["nip"], event["year"], event["period"])
