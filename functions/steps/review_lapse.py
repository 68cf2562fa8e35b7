"""Talent review: a task's deadline passed (or it was declined); close it and go on."""

from functions.services.review_tasks import lapse
from functions.steps.step import step
from schemas.talent_reviews import ReviewLapseInput, ReviewLapseOutput


@step(ReviewLapseInput, ReviewLapseOutput)
def handler(event, repo):
    lapsed = lapse(repo, event["review_id"], event["kind"], event["nip"], event["member"])
    return {"lapsed": lapsed}
