"""Tenant workflow definitions: drafts, validation, published versions, the tenant's current
version (its alias), rollback and diffs. Which version running cycles run on, and moving them to
a newer one, is functions/services/workflow_runs.py.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import secrets

from functions.engine import catalog, clock, segments, validation
from functions.engine import definitions as machines
from functions.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    StorageUnavailable,
    TransientError,
)
from functions.services import audit, settings
from functions.store import keys
from functions.store.records import (
    WorkflowAliasRecord,
    WorkflowDraftRecord,
    WorkflowVersionRecord,
    plain,
)
from functions.store.repository import TenantRepository

DEFAULT_VERSION = 1


def canonical(definition: dict) -> str:
    return json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(definition: dict) -> str:
    return hashlib.sha256(canonical(definition).encode()).hexdigest()


def _pk(repo: TenantRepository) -> str:
    return keys.workflows(repo.tenant_id)


# --- the default version and the alias ---------------------------------------------------------
def install_default(repo: TenantRepository, actor: str = "system:tenants") -> None:
    """Version 1 = the deployed default (workflows/evaluation.asl.json, on STATE_MACHINE_ARN),
    and the tenant's alias on it. Idempotent."""
    if repo.workflow_alias() is not None:
        return
    definition = machines.default_definition()
    report = validation.validate(definition, catalog.described())
    in_force = settings.workflow_part(settings.TenantSettings.of(repo.profile()))
    at = clock.now().isoformat()
    version = WorkflowVersionRecord(
        _pk(repo),
        keys.workflow_version(DEFAULT_VERSION),
        number=DEFAULT_VERSION,
        content_hash=content_hash(definition),
        definition=canonical(definition),
        author=actor,
        note="the default workflow (workflows/evaluation.asl.json)",
        created_at=at,
        source="default",
        state_machine=segments.state_machine_arn(),
        stages=sorted(report.stages),
        settings=in_force,
    )
    alias = WorkflowAliasRecord(
        _pk(repo),
        keys.WORKFLOW_ALIAS,
        current=DEFAULT_VERSION,
        latest=DEFAULT_VERSION,
        history=[{"at": at, "version": DEFAULT_VERSION, "by": actor, "action": "default"}],
    )
    try:  # another request installing it at the same time is no failure
        with repo.all_or_none(StorageUnavailable()) as writes:
            writes.put_new(version)
            writes.put_new(alias)
    except StorageUnavailable:
        if repo.workflow_alias() is None:
            raise


def alias(repo: TenantRepository) -> WorkflowAliasRecord:
    found = repo.workflow_alias()
    if found is None:  # a tenant created before definitions existed
        install_default(repo)
        found = repo.workflow_alias()
        if found is None:  # an eventually consistent read may miss the alias just written
            raise TransientError("the workflow definitions were just installed; try again")
    return found


def version(repo: TenantRepository, number: int) -> WorkflowVersionRecord:
    found = repo.workflow_version(number)
    if found is None:
        if number == DEFAULT_VERSION:
            install_default(repo)
            return version(repo, number)
        raise NotFound(f"workflow version {number} not found")
    return found


def versions(repo: TenantRepository) -> list[WorkflowVersionRecord]:
    alias(repo)
    return repo.workflow_versions()


def version_out(record: WorkflowVersionRecord, current: int, full: bool = True) -> dict:
    shown = {
        "version": record.number,
        "hash": record.content_hash,
        "author": record.author,
        "note": record.note,
        "created_at": record.created_at,
        "source": record.source,
        "state_machine": record.state_machine,
        "stages": list(record.stages),
        "current": record.number == current,
        "settings": plain(record.settings),
    }
    if full:
        shown["definition"] = json.loads(record.definition)
    return shown


# --- drafts --------------------------------------------------------------------------------------
def etag(draft: WorkflowDraftRecord) -> str:
    return f'"{draft.draft_id}.{draft.version}"'


def draft_out(draft: WorkflowDraftRecord) -> dict:
    return {
        "draft_id": draft.draft_id,
        "name": draft.name,
        "note": draft.note,
        "definition": json.loads(draft.definition),
        "settings": plain(draft.settings) or {},
        "base_version": draft.base_version,
        "created_by": draft.created_by,
        "updated_by": draft.updated_by,
        "updated_at": draft.updated_at.isoformat(),
        "etag": etag(draft),
    }


def _summary(draft: WorkflowDraftRecord) -> dict:
    """What an audit entry keeps of a draft (the definition by its hash: versions keep it)."""
    return {
        "name": draft.name,
        "note": draft.note,
        "hash": hashlib.sha256(draft.definition.encode()).hexdigest(),
        "settings": plain(draft.settings) or {},
        "etag": etag(draft),
    }


def draft(repo: TenantRepository, draft_id: str) -> WorkflowDraftRecord:
    found = repo.workflow_draft(draft_id)
    if found is None:
        raise NotFound(f"draft {draft_id} not found")
    return found


def drafts(repo: TenantRepository) -> list[WorkflowDraftRecord]:
    return repo.workflow_drafts()


def _check_size(definition: dict) -> str:
    text = canonical(definition)
    if len(text.encode()) > validation.MAX_DEFINITION:
        raise InvalidInput(
            "the definition is too large",
            details={"definition": [f"at most {validation.MAX_DEFINITION:,} bytes"]},
        )
    return text


def create_draft(repo: TenantRepository, actor: str, body: dict) -> WorkflowDraftRecord:
    """A new draft from a definition, or a copy of a published version (the current one)."""
    base = None
    definition = body.get("definition")
    if definition is None:
        base = body.get("from_version") or alias(repo).current
        definition = json.loads(version(repo, base).definition)
    elif body.get("from_version") is not None:
        raise InvalidInput(
            "give a definition or from_version, not both",
            details={"from_version": ["not with definition"]},
        )
    draft_id = secrets.token_hex(6)
    record = WorkflowDraftRecord(
        _pk(repo),
        keys.workflow_draft(draft_id),
        draft_id=draft_id,
        name=body["name"],
        note=body.get("note"),
        definition=_check_size(definition),
        settings=settings.carried(body.get("settings")) or None,
        base_version=base,
        created_by=actor,
        updated_by=actor,
    )
    with repo.transaction() as writes:
        writes.put_new(record)
        writes.put(
            audit.entry(
                repo,
                actor,
                "workflow.draft.create",
                f"workflow/draft/{draft_id}",
                after={**_summary(record), "etag": f'"{draft_id}.1"'},
            )
        )
    return draft(repo, draft_id)


def _matching(repo: TenantRepository, draft_id: str, if_match: str | None):
    if not if_match:
        raise PreconditionRequired(
            "send If-Match with the ETag of the draft you read",
            details={"If-Match": ["required"]},
        )
    record = draft(repo, draft_id)
    wanted = {tag.strip() for tag in if_match.split(",")}
    if etag(record) not in wanted and "*" not in wanted:
        raise PreconditionFailed(
            "the draft changed since you read it; read it again",
            details={"If-Match": [f"stale; the draft is now {etag(record)}"]},
        )
    return record


def _stale_draft() -> PreconditionFailed:
    return PreconditionFailed(
        "the draft changed meanwhile; read it again", details={"If-Match": ["stale"]}
    )


def update_draft(repo, actor: str, draft_id: str, if_match: str | None, body: dict):
    record = _matching(repo, draft_id, if_match)
    before, read = _summary(record), int(record.version)
    record.name = body["name"]
    record.note = body.get("note")
    record.definition = _check_size(body["definition"])
    record.settings = settings.carried(body.get("settings")) or None
    record.updated_by = actor
    record.updated_at = clock.now()
    with repo.all_or_none(_stale_draft()) as writes:
        writes.put(record)  # conditional on the version read: a concurrent edit loses
        after = {**_summary(record), "etag": f'"{draft_id}.{read + 1}"'}
        writes.put(
            audit.entry(
                repo,
                actor,
                "workflow.draft.update",
                f"workflow/draft/{draft_id}",
                before=before,
                after=after,
            )
        )
    return draft(repo, draft_id)


def delete_draft(repo, actor: str, draft_id: str, if_match: str | None) -> None:
    record = _matching(repo, draft_id, if_match)
    with repo.all_or_none(_stale_draft()) as writes:
        writes.delete(record)
        writes.put(
            audit.entry(
                repo,
                actor,
                "workflow.draft.delete",
                f"workflow/draft/{draft_id}",
                before=_summary(record),
            )
        )


# --- validation and publishing ---------------------------------------------------------------
def check(definition: object, aws: bool = True, runs_with: dict | None = None) -> dict:
    """Our validation; where the definition passes it, Step Functions' own where it exists.
    ``runs_with``: the workflow settings it runs with (a draft's: settings.workflow_part),
    bounding its SKP-return loop by their max_skp_returns (the catalog's bound without)."""
    described = catalog.described()
    if runs_with is not None:  # a copy: described() is cached for every caller
        described = {**described, "max_skp_returns": runs_with["policy"]["max_skp_returns"]}
    report = validation.validate(definition, described).to_dict()
    report["settings"] = runs_with
    if report["valid"] and aws and isinstance(definition, dict):  # valid: a JSON object
        report["aws"] = machines.aws_check(definition)
        if report["aws"].get("checked") and report["aws"]["result"] != "OK":
            report["valid"] = False
            for item in report["aws"]["diagnostics"]:
                report["faults"].append(
                    {
                        "code": f"aws_{item.get('code', 'diagnostic')}",
                        "message": item.get("message", ""),
                        "state": None,
                        "path": item.get("location", ""),
                    }
                )
    else:
        report["aws"] = {"checked": False, "reason": "our validation found faults first"}
    return report


def runs_with(repo: TenantRepository, record: WorkflowDraftRecord) -> dict:
    """The workflow settings the draft runs with: the tenant's, the draft's own over them."""
    return settings.workflow_part(settings.effective(repo, plain(record.settings)))


def validate_draft(repo: TenantRepository, draft_id: str) -> dict:
    record = draft(repo, draft_id)
    return check(json.loads(record.definition), runs_with=runs_with(repo, record))


def publish(
    repo: TenantRepository,
    actor: str,
    draft_id: str,
    note: str,
    if_match: str | None = None,
    acknowledge: list[str] | tuple[str, ...] = (),
) -> dict:
    """An immutable version from a valid draft; the tenant's new cycles start on it. With
    ``if_match``, only the draft as the admin last read it is published. Warnings that need it
    (coaching left out) must be in ``acknowledge``. The settings the draft carries become the
    tenant's in the same transaction as the version (a refused publish writes neither); the
    version records the workflow settings in force with it."""
    record = _matching(repo, draft_id, if_match) if if_match else draft(repo, draft_id)
    definition = json.loads(record.definition)
    in_force = runs_with(repo, record)
    report = check(definition, runs_with=in_force)
    if not report["valid"]:
        raise InvalidInput(
            "the draft is not valid; nothing was published",
            details={
                "definition": [
                    f"{f['code']} at {f['path'] or '/'}: {f['message']}" for f in report["faults"]
                ]
            },
        )
    unacknowledged = [w for w in report["warnings"] if w["code"] in report["acknowledge"]]
    unacknowledged = [w for w in unacknowledged if w["code"] not in acknowledge]
    if unacknowledged:
        raise InvalidInput(
            "the draft has warnings to acknowledge; nothing was published",
            details={
                "acknowledge": [f"{w['code']}: {w['message']}" for w in unacknowledged],
            },
        )
    current = alias(repo)
    digest = content_hash(definition)
    same = next(
        (
            v
            for v in versions(repo)
            if v.content_hash == digest and plain(v.settings) in (None, in_force)
        ),
        None,
    )
    if same is not None:
        raise Conflict(
            f"this definition, with these settings, is version {same.number} already",
            details={"version": same.number, "hash": digest},
        )
    number = int(current.latest) + 1
    _, applied = settings.changing(repo, actor, plain(record.settings) or {})
    arn = machines.publish(repo.tenant_id, number, digest, definition, note)
    at = clock.now().isoformat()
    published = WorkflowVersionRecord(
        _pk(repo),
        keys.workflow_version(number),
        number=number,
        content_hash=digest,
        definition=canonical(definition),
        author=actor,
        note=note,
        created_at=at,
        source=draft_id,
        state_machine=arn,
        stages=sorted(report["stages"]),
        settings=in_force,
    )
    before = {"version": current.current}
    current.current, current.latest = number, number
    current.history = [
        *plain(current.history),
        {"at": at, "version": number, "by": actor, "action": "publish", "note": note},
    ]
    trail = audit.entry(
        repo,
        actor,
        "workflow.publish",
        f"workflow/version/{number}",
        before=before,
        after={"version": number, "hash": digest, "note": note, "draft": draft_id},
    )
    settings.store(
        repo,
        Conflict("another version or the settings changed meanwhile; publish again"),
        [current, trail, *applied],
        new=[published],
    )
    machines.point_alias(repo.tenant_id, arn)
    return version_out(published, number)


def rollback(repo: TenantRepository, actor: str, number: int, note: str) -> dict:
    """Point the tenant back at an earlier version, and its workflow settings back at those it
    recorded (together, or neither); running cycles keep theirs."""
    target = version(repo, number)
    current = alias(repo)
    if current.current == number:
        raise Conflict(f"version {number} is the current one already")
    _, restored = settings.changing(repo, actor, plain(target.settings) or {})
    at = clock.now().isoformat()
    before = {"version": current.current}
    current.current = number
    current.history = [
        *plain(current.history),
        {"at": at, "version": number, "by": actor, "action": "rollback", "note": note},
    ]
    trail = audit.entry(
        repo,
        actor,
        "workflow.rollback",
        f"workflow/version/{number}",
        before=before,
        after={"version": number, "note": note},
    )
    settings.store(
        repo,
        Conflict("the current version or the settings changed meanwhile; try again"),
        [current, trail, *restored],
    )
    machines.point_alias(repo.tenant_id, target.state_machine)
    return {"version": number, "history": plain(current.history)}


def diff(repo: TenantRepository, base: int, other: int) -> dict:
    """A unified diff of two versions' pretty-printed definitions, and the workflow settings
    they differ in."""
    a, b = version(repo, base), version(repo, other)

    def lines(record: WorkflowVersionRecord) -> list[str]:
        return json.dumps(json.loads(record.definition), indent=2, sort_keys=True).splitlines(True)

    text = "".join(difflib.unified_diff(lines(a), lines(b), f"version {base}", f"version {other}"))
    return {
        "base": base,
        "other": other,
        "diff": text,
        "settings": settings.differences(plain(a.settings), plain(b.settings)),
    }
