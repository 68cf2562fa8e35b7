"""Reminder: a task's one-time schedule fires before its deadline; remind its assignee."""

from functions.services.tasks import remind
from functions.steps.step import step
from schemas.steps import ReminderInput, ReminderOutput


@step(ReminderInput, ReminderOutput)
def handler(event, repo):
    return remind(repo, event["task_id"], event["due"])
