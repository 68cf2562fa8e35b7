"""A person's human tasks: list, complete (SendTaskSuccess), reject (SendTaskFailure)."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import ValidationError

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.errors import Forbidden, InvalidInput, KinerjaError
from functions.services import tasks
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI
from functions.store.records import as_dict
from schemas.tasks import (
    COMPLETIONS,
    BatchCompletionIn,
    BatchCompletionOut,
    CompletionIn,
    RejectIn,
    TaskOut,
    TaskQuery,
)

blp = Blueprint("tasks", __name__, url_prefix="/tasks", description="Human tasks")


def task_out(task) -> dict:
    data = as_dict(task)
    data["title"] = tasks.KINDS[task.task_kind].title
    return data


@blp.route("")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.arguments(TaskQuery, location="query")
@blp.response(200, TaskOut(many=True))
def list_tasks(query):
    """Open tasks of the caller (admins and auditors: of anyone, with ``assignee``)."""
    who, repo = tenant()
    assignee = query["assignee"] or who.nip
    if assignee != who.nip and who.role not in (ADMIN, AUDITOR):
        raise Forbidden("you may list only your own tasks")
    return [task_out(t) for t in repo.tasks_of(assignee, query["status"])]


@blp.route("/<task_id>")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, TaskOut)
def get_task(task_id):
    who, repo = tenant()
    task = repo.task(task_id)
    if who.role not in (ADMIN, AUDITOR):
        tasks.check_assignee(who, task)
    return task_out(task)


@blp.route("/<task_id>/complete", methods=["POST"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(CompletionIn)
@blp.response(200, TaskOut)
def complete(body, task_id):
    """Complete a task; the body depends on its kind (see the schemas named in COMPLETIONS)."""
    who, repo = tenant()
    return task_out(_complete(who, repo, task_id, request.get_json()))


@blp.route("/complete", methods=["POST"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(BatchCompletionIn)
@blp.response(200, BatchCompletionOut(many=True))
def complete_many(body):
    """Complete several tasks (up to 50), each on its own: per task, the task as completed or
    the error a single call would have given."""
    who, repo = tenant()
    results = []
    for item in body["items"]:
        try:
            task = _complete(who, repo, item["task_id"], item["body"])
        except KinerjaError as error:
            results.append({"task_id": item["task_id"], "completed": False, **error.body()})
            continue
        results.append({"task_id": item["task_id"], "completed": True, "task": task_out(task)})
    return results


def _complete(who, repo, task_id: str, raw: dict):
    """Check ``raw`` against the completion schema of the task's kind, then complete it."""
    task = repo.task(task_id)
    try:
        data = COMPLETIONS[task.task_kind]().load(raw)
    except ValidationError as error:
        raise InvalidInput("the completion body is invalid", details=error.messages) from None
    return tasks.complete_task(repo, who, task_id, data)


@blp.route("/<task_id>/reject", methods=["POST"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(RejectIn)
@blp.response(200, TaskOut)
def reject(body, task_id):
    """Decline a task with a reason; the cycle records it and stops for BKPSDM to resolve."""
    who, repo = tenant()
    return task_out(tasks.reject_task(repo, who, task_id, body["reason"]))
