"""Human task: open a task for a person; the workflow waits on its token until the API, an
e-office webhook or an escalation completes it."""

from functions.services.tasks import open_task
from functions.steps.step import step
from schemas.steps import HumanTaskInput, HumanTaskOutput


@step(HumanTaskInput, HumanTaskOutput)
def handler(event, repo):
    fields = {k: v for k, v in event.items() if k != "tenant_id"}
    return {"task_id": open_task(repo, **fields).task_id}
