"""Talent review: the round ends, ratified (results recorded) or failed (why, recorded)."""

from functions.services.talent_reviews import finish
from functions.steps.step import step
from schemas.talent_reviews import ReviewFinishInput, ReviewFinishOutput


@step(ReviewFinishInput, ReviewFinishOutput)
def handler(event, repo):
    return {"status": finish(repo, event["review_id"], event["error"])}
