"""Tenant admins edit their workflow: the step catalog, drafts (ETag / If-Match), validation,
published versions, rollback, diffs, diagrams, migrating running cycles, executions."""

from __future__ import annotations

import json

from flask import Response, request
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.jobs import accepted
from functions.api.openapi import if_match as if_match_doc
from functions.api.roles import roles
from functions.engine import catalog
from functions.engine.definitions_diagram import render
from functions.services import definitions, jobs, simulations, workflow_runs
from functions.services.auth import ADMIN, AUDITOR, ROLES
from functions.store.records import plain
from schemas.jobs import JobOut
from schemas.workflow import (
    AliasOut,
    CatalogOut,
    DiffOut,
    DiffQuery,
    DraftIn,
    DraftNewIn,
    DraftOut,
    ExecutionOut,
    ExecutionQuery,
    MigrateIn,
    MigrationOut,
    PublishIn,
    RollbackIn,
    SimulateIn,
    SimulationOut,
    ValidationOut,
    VersionOut,
)

blp = Blueprint("workflow", __name__, url_prefix="/workflow", description="Workflow definitions")
DRAFT = "/drafts/<draft_id>"
SVG = {
    "responses": {
        200: {"description": "SVG", "content": {"image/svg+xml": {"schema": {"type": "string"}}}}
    }
}


def _with_etag(record, status: int = 200):
    return definitions.draft_out(record), status, {"ETag": definitions.etag(record)}


@blp.route("/catalog")
@roles(*ROLES)
@blp.response(200, CatalogOut)
def get_catalog():
    """Every step a definition may use: its resource and its input and output JSON Schemas."""
    return catalog.described()


@blp.route("/drafts")
@roles(ADMIN, AUDITOR)
@blp.response(200, DraftOut(many=True))
def list_drafts():
    """The tenant's workflow drafts being edited."""
    _, repo = tenant()
    return [definitions.draft_out(d) for d in definitions.drafts(repo)]


@blp.route("/drafts", methods=["POST"])
@roles(ADMIN)
@blp.arguments(DraftNewIn)
@blp.response(201, DraftOut)
def create_draft(body):
    """A new draft: the definition given, or a copy of a published version (the current)."""
    who, repo = tenant()
    return _with_etag(definitions.create_draft(repo, who.label, body), 201)


@blp.route(DRAFT)
@roles(ADMIN, AUDITOR)
@blp.response(200, DraftOut)
def get_draft(draft_id):
    """The draft, with its ETag: send it back in If-Match to change or delete the draft."""
    _, repo = tenant()
    return _with_etag(definitions.draft(repo, draft_id))


@blp.route(DRAFT, methods=["PUT"])
@roles(ADMIN)
@blp.doc(**if_match_doc())
@blp.arguments(DraftIn)
@blp.response(200, DraftOut)
def put_draft(body, draft_id):
    """Replace the draft. If-Match is required (428 without, 412 when stale)."""
    who, repo = tenant()
    record = definitions.update_draft(
        repo, who.label, draft_id, request.headers.get("If-Match"), body
    )
    return _with_etag(record)


@blp.route(DRAFT, methods=["DELETE"])
@roles(ADMIN)
@blp.doc(**if_match_doc())
@blp.response(204)
def delete_draft(draft_id):
    """Delete the draft. If-Match is required (428 without, 412 when stale)."""
    who, repo = tenant()
    definitions.delete_draft(repo, who.label, draft_id, request.headers.get("If-Match"))


@blp.route(f"{DRAFT}/validate", methods=["POST"])
@roles(ADMIN, AUDITOR)
@blp.response(200, ValidationOut)
def validate_draft(draft_id):
    """Every fault of the draft, each with its own message (and Step Functions' own check
    where it exists)."""
    _, repo = tenant()
    return definitions.validate_draft(repo, draft_id)


@blp.route("/validate", methods=["POST"])
@roles(ADMIN, AUDITOR)
@blp.response(200, ValidationOut)
def validate_definition():
    """Validate a definition sent as the body, without storing it."""
    tenant()
    body = request.get_json(silent=True)
    if body is None:
        from functions.errors import MalformedRequest

        raise MalformedRequest("the body is not valid JSON")
    return definitions.check(body)


@blp.route(f"{DRAFT}/publish", methods=["POST"])
@roles(ADMIN)
@blp.doc(**if_match_doc(required=False))
@blp.arguments(PublishIn)
@blp.response(201, VersionOut)
def publish(body, draft_id):
    """Publish a valid draft as the next immutable version; new cycles start on it. With
    If-Match, only the draft as you read it (412 when it changed since)."""
    who, repo = tenant()
    if_match = request.headers.get("If-Match")
    published = definitions.publish(
        repo, who.label, draft_id, body["note"], if_match, acknowledge=body["acknowledge"]
    )
    return {**published, "simulation": simulations.last(repo, draft_id, published["definition"])}


@blp.route(f"{DRAFT}/simulate", methods=["POST"])
@roles(ADMIN)
@blp.arguments(SimulateIn)
@blp.response(202, SimulationOut)
def simulate(body, draft_id):
    """A dry run of the draft: a synthetic year (generated employees, or a sample of the
    regency's own copied into a throw-away space) on an emulation of its own, every human task
    answered as ``policy`` says. Answers at once (202) with the run's id: read the report at
    ``GET .../simulations/{simulation_id}`` (a minute or so). A draft that is not valid: 422."""
    who, repo = tenant()
    return simulations.request(repo, who.label, draft_id, body)


@blp.route(f"{DRAFT}/simulations/<simulation_id>")
@roles(ADMIN, AUDITOR)
@blp.response(200, SimulationOut)
def get_simulation(draft_id, simulation_id):
    """A dry run of the draft: pending, or its report (cycles finished, stuck or failed with
    the state and reason, transitions and history events per segment, the estimated AWS cost
    per employee-year)."""
    _, repo = tenant()
    return simulations.out(simulations.simulation(repo, draft_id, simulation_id))


@blp.route("/versions")
@roles(ADMIN, AUDITOR)
@blp.response(200, VersionOut(many=True))
def list_versions():
    """The published versions, oldest first."""
    _, repo = tenant()
    current = definitions.alias(repo).current
    return [definitions.version_out(v, current, full=False) for v in definitions.versions(repo)]


@blp.route("/versions/<int:number>")
@roles(ADMIN, AUDITOR)
@blp.response(200, VersionOut)
def get_version(number):
    """One published version, its definition included."""
    _, repo = tenant()
    return definitions.version_out(
        definitions.version(repo, number), definitions.alias(repo).current
    )


@blp.route("/alias")
@roles(ADMIN, AUDITOR)
@blp.response(200, AliasOut)
def get_alias():
    """The version new cycles start on, and every move of it."""
    _, repo = tenant()
    record = definitions.alias(repo)
    return {"version": record.current, "history": plain(record.history)}


@blp.route("/rollback", methods=["POST"])
@roles(ADMIN)
@blp.arguments(RollbackIn)
@blp.response(200, AliasOut)
def rollback(body):
    """Point the tenant back at an earlier version; running cycles keep theirs."""
    who, repo = tenant()
    return definitions.rollback(repo, who.label, body["version"], body["note"])


@blp.route("/diff")
@roles(ADMIN, AUDITOR)
@blp.arguments(DiffQuery, location="query")
@blp.response(200, DiffOut)
def diff(query):
    """A unified diff of two versions (pretty-printed JSON), and the workflow settings they
    differ in."""
    _, repo = tenant()
    return definitions.diff(repo, query["base"], query["other"])


@blp.route("/versions/<int:number>/diagram.svg")
@roles(ADMIN, AUDITOR)
@blp.doc(**SVG)
def version_diagram(number):
    """The version as an SVG diagram."""
    _, repo = tenant()
    record = definitions.version(repo, number)
    svg = render(json.loads(record.definition), f"version {number}: {record.note}")
    return Response(svg, mimetype="image/svg+xml")


@blp.route(f"{DRAFT}/diagram.svg")
@roles(ADMIN, AUDITOR)
@blp.doc(**SVG)
def draft_diagram(draft_id):
    """The draft as an SVG diagram."""
    _, repo = tenant()
    record = definitions.draft(repo, draft_id)
    return Response(
        render(json.loads(record.definition), f"draft {record.name}"), mimetype="image/svg+xml"
    )


@blp.route("/migrations", methods=["POST"])
@roles(ADMIN)
@blp.arguments(MigrateIn)
@blp.response(200, MigrationOut)
@blp.alt_response(
    202,
    schema=JobOut,
    success=True,
    description="a filter, or more than 100 NIPs: the job (GET /jobs/{id}?cycles=true)",
)
def migrate(body):
    """Move running cycles to a newer version at their next segment boundary. ``dry_run``
    (the default) only says which can move, what changes (version, the stage it resumes at,
    when) and why the others cannot. Cycles are chosen by ``nips`` or by a ``filter`` (unit
    and the units below, stage, version, or all); up to 100 NIPs are answered in the request,
    anything more is a job whose result lists each cycle. ``repair`` also resumes cycles stuck
    between segments (failed, or their execution lost) on the new version at once."""
    who, repo = tenant()
    moved = jobs.migrate(
        repo,
        who.label,
        body["year"],
        body["to_version"],
        body["nips"],
        body["filter"],
        body["dry_run"],
        body["repair"],
    )
    if not isinstance(moved, dict):
        return accepted(repo, moved)
    return moved


@blp.route("/executions")
@roles(ADMIN, AUDITOR)
@blp.arguments(ExecutionQuery, location="query")
@blp.response(200, ExecutionOut(many=True))
def executions(query):
    """The year's cycles as executions, by employee, stage and status, with the versions
    they ran on and why they failed."""
    _, repo = tenant()
    return workflow_runs.executions(
        repo, query["year"], query["nip"], query["stage"], query["status"]
    )
