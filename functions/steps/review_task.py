"""Talent review: open a human task of the round (presentation, scores, recommendation,
ratification); the workflow waits on its token until the API completes it."""

from functions.services.review_tasks import open_review_task
from functions.steps.step import step
from schemas.talent_reviews import ReviewTaskInput, ReviewTaskOutput


@step(ReviewTaskInput, ReviewTaskOutput)
def handler(event, repo):
    fields = {k: v for k, v in event.items() if k != "tenant_id"}
    return {"task_id": open_review_task(repo, **fields).task_id}
