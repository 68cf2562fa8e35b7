"""A person's human tasks: list, complete (SendTaskSuccess), reject (SendTaskFailure)."""

from flask import request
from flask_smorest import Blueprint
from marshmallow import ValidationError

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.errors import Forbidden, InvalidInput, KinerjaError
from functions.services import completion, inbox, tasks
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


def completion_body() -> dict:
    """The request body of a completion, documented as ``oneOf`` the COMPLETIONS schemas: the
    body carries no kind (the stored task's kind picks the schema), so each alternative names
    the kinds it is for instead of a discriminator; ``x-task-kinds`` maps every kind to its
    schema for generated clients."""
    kinds_of: dict[type, list[str]] = {}
    for kind, schema in COMPLETIONS.items():
        kinds_of.setdefault(schema, []).append(kind)
    alternatives = [
        {
            "title": " / ".join(kinds),
            "description": "the body for a task of kind "
            + " or ".join(f"``{k}`` ({tasks.KINDS[k].title})" for k in kinds),
            "allOf": [schema],
        }
        for schema, kinds in kinds_of.items()
    ]
    document = {
        "oneOf": alternatives,
        "x-task-kinds": {kind: schema.__name__ for kind, schema in COMPLETIONS.items()},
    }
    examples = {
        "approve_skp": {"summary": "approve an SKP", "value": {"decision": "approve"}},
        "return_skp": {
            "summary": "return an SKP",
            "value": {"decision": "return", "reason": "Target IKI belum terukur"},
        },
        "rate_perilaku": {
            "summary": "rate behaviour (rate_perilaku, rate_annual)",
            "value": {
                "perilaku": {
                    "berorientasi_pelayanan": "sesuai",
                    "akuntabel": "sesuai",
                    "kompeten": "di_atas",
                    "harmonis": "sesuai",
                    "loyal": "sesuai",
                    "adaptif": "sesuai",
                    "kolaboratif": "sesuai",
                },
                "feedback": "Konsisten melayani dengan baik",
            },
        },
        "draft_skp": {"summary": "draft_skp: nothing (submit the SKP instead)", "value": {}},
    }
    content = {"application/json": {"schema": document, "examples": examples}}
    return {"requestBody": {"required": True, "content": content}}


def task_out(task, shown: dict | None = None) -> dict:
    data = as_dict(task)
    data["title"] = tasks.title_of(task)
    data["level"], data["reopened"] = int(task.level or 0), int(task.reopened or 0)
    data["assignee"] = task.assignee or tasks.default_assignee(task.task_kind)
    return {**data, **(shown or {})}


@blp.route("")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.arguments(TaskQuery, location="query")
@blp.response(
    200,
    TaskOut(many=True),
    headers={
        "X-Next-Cursor": {
            "description": "the next page's cursor; absent on the last",
            "schema": {"type": "string"},
        }
    },
)
def list_tasks(query):
    """Tasks, soonest due first, with the employee's name and unit and the period's capaian.
    A person lists their own; admins and auditors anyone's (``assignee``: a NIP, or ``bkpsdm``
    for the tasks waiting on BKPSDM admins), and without ``assignee`` every open task of the
    regency's cycles of ``year`` (by unit and NIP). Filters: ``unit``, ``kind``, ``overdue``.
    A page holds at most ``limit`` tasks; the ``X-Next-Cursor`` header gives the next one."""
    who, repo = tenant()
    assignee = query["assignee"] or who.nip
    if assignee != who.nip and who.role not in (ADMIN, AUDITOR):
        raise Forbidden("you may list only your own tasks")
    filters = inbox.Filters(
        query["status"], query["unit"], query["kind"], query["assignee"], query["overdue"]
    )
    page = query["limit"], query["cursor"]
    if assignee is None:  # admins and auditors: the regency
        found, after = inbox.of_regency(repo, query["year"], filters, *page)
    else:
        found, after = inbox.of_assignee(repo, assignee, filters, *page)
    shown = inbox.details(repo, found)
    headers = {"X-Next-Cursor": after} if after else {}
    return [task_out(t, shown[t.task_id]) for t in found], 200, headers


@blp.route("/<task_id>")
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, TaskOut)
def get_task(task_id):
    """One task (assignees see their own; admins and auditors any)."""
    who, repo = tenant()
    task = repo.task(task_id)
    if who.role not in (ADMIN, AUDITOR):
        tasks.check_assignee(who, task)
    return task_out(task, inbox.details(repo, [task])[task.task_id])


@blp.route("/<task_id>/complete", methods=["POST"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(CompletionIn)
@blp.doc(**completion_body())
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
    return completion.complete_task(repo, who, task_id, data)


@blp.route("/<task_id>/reject", methods=["POST"])
@roles(ADMIN, PEGAWAI)
@blp.arguments(RejectIn)
@blp.response(200, TaskOut)
def reject(body, task_id):
    """Decline a task with a reason; the cycle records it and stops for BKPSDM to resolve."""
    who, repo = tenant()
    return task_out(completion.reject_task(repo, who, task_id, body["reason"]))
