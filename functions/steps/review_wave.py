"""Talent review: open a wave (its officials, each with who scores and who recommends), or
close it once every official of it has been through."""

from functions.services import talent_reviews
from functions.steps.step import step
from schemas.talent_reviews import ReviewWaveInput, ReviewWaveOutput


@step(ReviewWaveInput, ReviewWaveOutput)
def handler(event, repo):
    review_id, wave = event["review_id"], event["wave"]
    if event["phase"] == "open":
        return {"officials": talent_reviews.open_wave(repo, review_id, wave)}
    talent_reviews.close_wave(repo, review_id, wave)
    return {"officials": []}
