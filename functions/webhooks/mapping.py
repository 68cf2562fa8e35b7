"""A source's mapping: which e-office event types do which workflow action, and where in the
payload (JMESPath) each field of the action is found.

    {"event_type_path": "type",
     "events": {"disposisi.selesai": {"action": "realisasi",
                                      "fields": {"nip": "data.penerima.nip", ...},
                                      "values": {"value": 1}}}}

``fields`` are JMESPath expressions; ``values`` are constants, used when a field has no path
or its path finds nothing. Saving validates everything and names each problem by its place
(``events.<type>.fields.<name>``)."""

from __future__ import annotations

from functools import lru_cache

import jmespath
from jmespath.exceptions import JMESPathError

from functions.errors import InvalidInput
from functions.services import audit
from functions.store.records import WebhookMappingRecord, plain
from functions.store.repository import TenantRepository
from functions.store.webhooks import WebhookStore
from functions.webhooks.actions import (
    ACTIONS,
    CHOICES,
    INVALID_PAYLOAD,
    RELATION_ALIASES,
    UNMAPPED,
    DeadLetter,
)

DEFAULT_EVENT_TYPE_PATH = "type"


@lru_cache(maxsize=512)
def compiled(expression: str):
    return jmespath.compile(expression)


def _path_problem(expression) -> str | None:
    if not isinstance(expression, str) or not expression.strip():
        return "must be a JMESPath expression (text)"
    try:
        compiled(expression)
    except JMESPathError as error:
        return f"not a JMESPath expression: {str(error).splitlines()[0]}"
    return None


def _chosen(name: str, value) -> bool:
    """Whether a constant of a closed-vocabulary field is one of its words."""
    return isinstance(value, str) and RELATION_ALIASES.get(value, value) in CHOICES[name]


def problems(mapping: dict) -> dict[str, list[str]]:
    """Every problem of a mapping, by field name; empty when it is valid."""
    found: dict[str, list[str]] = {}
    problem = _path_problem(mapping.get("event_type_path", DEFAULT_EVENT_TYPE_PATH))
    if problem:
        found["event_type_path"] = [problem]
    events = mapping.get("events")
    if not isinstance(events, dict) or not events:
        found["events"] = ["map at least one event type to an action"]
        return found
    for event_type, spec in events.items():
        at = f"events.{event_type}"
        if not isinstance(spec, dict):
            found[at] = ["must be an object with action, fields and values"]
            continue
        action = ACTIONS.get(spec.get("action") or "")
        if action is None:
            found[f"{at}.action"] = [f"unknown action; one of {', '.join(sorted(ACTIONS))}"]
            continue
        fields, values = spec.get("fields") or {}, spec.get("values") or {}
        if not isinstance(fields, dict) or not isinstance(values, dict):
            found[at] = ["fields and values must be objects"]
            continue
        known = set(action.required) | set(action.optional)
        for name, expression in fields.items():
            if name not in known:
                found[f"{at}.fields.{name}"] = [f"not a field of {action.name}: {sorted(known)}"]
            elif problem := _path_problem(expression):
                found[f"{at}.fields.{name}"] = [problem]
        for name, value in values.items():
            if name not in known:
                found[f"{at}.values.{name}"] = [f"not a field of {action.name}: {sorted(known)}"]
            elif name in CHOICES and not _chosen(name, value):
                found[f"{at}.values.{name}"] = [f"one of {', '.join(CHOICES[name])}"]
        for name in action.required:
            if name not in fields and name not in values:
                rule = f"required by {action.name}: give a path or a value"
                found[f"{at}.fields.{name}"] = [rule]
    return found


def validate(mapping: dict) -> dict:
    found = problems(mapping)
    if found:
        raise InvalidInput("the mapping is invalid", details=found)
    return {
        "event_type_path": mapping.get("event_type_path", DEFAULT_EVENT_TYPE_PATH),
        "events": {
            event_type: {
                "action": spec["action"],
                "fields": dict(spec.get("fields") or {}),
                "values": dict(spec.get("values") or {}),
            }
            for event_type, spec in mapping["events"].items()
        },
    }


def save(repo: TenantRepository, source: str, mapping: dict, actor: str) -> dict:
    """Validate and store a source's mapping (replacing the previous one), audited."""
    from functions.services.webhook_secrets import check_source

    check_source(source)
    clean = validate(mapping)
    store = WebhookStore(repo)
    record = store.mapping(source)
    before = plain(record.mapping) if record else None
    if record is None:
        record = store.new_mapping(source, mapping=clean, saved_by=actor)
        condition = WebhookMappingRecord.pk.does_not_exist()
    else:
        record.mapping, record.saved_by, condition = clean, actor, None
    with repo.transaction() as writes:
        writes.put(record, condition=condition)
        writes.put(
            audit.entry(
                repo, actor, "webhook_mapping.save", f"webhook_mapping/{source}",
                before=before, after=clean,
            )
        )  # fmt: skip
    return clean


def stored(repo: TenantRepository, source: str) -> dict | None:
    record = WebhookStore(repo).mapping(source)
    return plain(record.mapping) if record else None


def resolve(mapping: dict | None, payload) -> tuple[str, str, dict]:
    """The event type, the action and the action's fields of a payload, or a DeadLetter."""
    if not mapping:
        raise DeadLetter(UNMAPPED, "this source has no mapping")
    event_type = compiled(mapping.get("event_type_path", DEFAULT_EVENT_TYPE_PATH)).search(payload)
    if not isinstance(event_type, str) or not event_type:
        path = mapping.get("event_type_path", DEFAULT_EVENT_TYPE_PATH)
        raise DeadLetter(UNMAPPED, f"no event type at {path!r}")
    spec = mapping["events"].get(event_type)
    if spec is None:
        raise DeadLetter(UNMAPPED, f"event type {event_type!r} is not mapped")
    action = ACTIONS[spec["action"]]
    values: dict = {}
    missing = []
    for name in (*action.required, *action.optional):
        found = None
        if name in spec["fields"]:
            found = compiled(spec["fields"][name]).search(payload)
        if found is None and name in spec["values"]:
            found = spec["values"][name]
        if found is None:
            if name in action.required:
                where = spec["fields"].get(name)
                missing.append(f"{name} (path {where!r} found nothing)" if where else name)
            continue
        if isinstance(found, dict | list):
            raise DeadLetter(INVALID_PAYLOAD, f"{name}: the path finds a {type(found).__name__}")
        values[name] = found
    if missing:
        raise DeadLetter(INVALID_PAYLOAD, f"{event_type}: missing {', '.join(missing)}")
    return event_type, action.name, values
