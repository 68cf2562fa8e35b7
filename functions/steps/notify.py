"""Notify: a signed outbound event (a known type or custom.<name>) to the regency's e-office
subscriptions, where a workflow definition says so (e.g. an e-office notification on
approval). It never fails the workflow: a notification that cannot be stored is logged."""

from functions.services.notifications import workflow_event
from functions.steps.step import step
from schemas.steps import NotifyInput, NotifyOutput


@step(NotifyInput, NotifyOutput)
def handler(event, repo):
    entered = (event["execution"], event["state"], event["entered_at"])
    return workflow_event(
        repo,
        event["event"],
        event["nip"],
        event["year"],
        event["period"],
        event["note"],
        entered if all(entered) else None,
    )
