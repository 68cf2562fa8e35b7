"""Isolation that cannot be broken: EVERY operation of the OpenAPI document, called with another
regency's credentials and with each role that should not reach it, refuses (401/403/404) and
leaks nothing; a pegawai cannot reach a stranger's records; and nothing of the sample regency
changes while the walk runs.

Nothing here names an operation: the walk reads /openapi.json at test time and each
operation's ``x-roles`` (written by functions/api/roles.py, which also enforces them). A new
endpoint is walked the day it exists; one that does not declare its roles fails
``test_every_operation_declares_who_may_call_it``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest

from functions.local.demo import wait_for
from tests.functional.raw_http import Answer, call

YEAR = 2026
REFUSED = {401, 403, 404}
METHODS = ("get", "post", "put", "patch", "delete")
# Path parameters that name one regency's own records (a unit id may exist in both).
OWN_NAMES = ("nip", "task_id", "tenant_id", "prefix")
OWN = re.compile("{(" + "|".join(OWN_NAMES) + ")}")
EMPTY = (None, [], {}, {"items": [], "cursor": None})


@dataclass
class World:
    url: str
    spec: dict
    a_keys: dict[str, str]  # the sample regency: role -> key
    b_keys: dict[str, str]  # a second regency, onboarded through the API: role -> key
    stranger_key: str  # a pegawai of the sample regency: neither the subject nor their penilai
    params: dict[str, str]  # path parameters naming the sample regency's records
    secrets: set[str] = field(default_factory=set)  # text that must never reach regency B

    def operations(self):
        for path, item in self.spec["paths"].items():
            for method in METHODS:
                if method in item:
                    yield path, method, item[method]


def _issue(url: str, admin_key: str, role: str, nip: str | None = None) -> str:
    body = {"role": role, "label": f"isolation {role}", **({"nip": nip} if nip else {})}
    answer = call(url, "POST", "/keys", admin_key, body)
    assert answer.status == 201, answer.json
    return answer.json["key"]


@pytest.fixture
def world(stack, api) -> World:
    sample, url = stack.sample, stack.url
    people = sample.people
    subject = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    me = api.as_(people[subject]["key"])
    api.as_(sample.admin_key).post("/cycles", {"year": YEAR, "nips": [subject]})
    task = wait_for(lambda: me.get("/tasks"), "the drafting task", 30)[0]
    # no relation to the subject: not them, their penilai or atasan, a subordinate, or a peer
    # under the same penilai (peers may give feedback)
    boss = people[subject]["penilai"]
    related = {subject, boss, people[boss]["penilai"] if boss else None}
    stranger = next(
        n for n, p in people.items()
        if n not in related and p["penilai"] not in (subject, boss)
    )  # fmt: skip
    a_keys = {
        "platform": sample.platform_key,
        "tenant_admin": sample.admin_key,
        "auditor": sample.auditor_key,
        "pegawai": people[subject]["key"],
        "integration": _issue(url, sample.admin_key, "integration"),
    }
    created = call(url, "POST", "/tenants", sample.platform_key,
                   {"name": "Kabupaten Lain", "region_code": "33.01"}).json  # fmt: skip
    b_admin = created["admin_key"]
    call(url, "POST", "/units", b_admin, {"unit_id": "dinkes", "name": "Dinkes Lain"})
    b_nip = "198001012005011001"
    b_employee = {"nip": b_nip, "name": "Pegawai Lain", "unit_id": "dinkes", "asn_kind": "pns",
                  "position_kind": "pelaksana", "position": "Pengadministrasi"}  # fmt: skip
    assert call(url, "POST", "/employees", b_admin, b_employee).status == 201
    b_keys = {
        "tenant_admin": b_admin,
        "auditor": _issue(url, b_admin, "auditor"),
        "pegawai": _issue(url, b_admin, "pegawai", b_nip),
        "integration": _issue(url, b_admin, "integration"),
    }
    spec = call(url, "GET", "/openapi.json").json
    params = {
        "nip": subject,
        "year": str(YEAR),
        "unit_id": people[subject]["unit"],
        "task_id": task["task_id"],
        "tenant_id": sample.tenant_id,
        "prefix": sample.auditor_key.split("_")[1],
        "kind": "employees",
        "source": "eoffice",
        "period": "1",
    }
    secrets = {sample.tenant_id, task["task_id"], *people}
    secrets |= {k.split("_")[1] for r, k in a_keys.items() if r != "platform"}
    secrets |= {"Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan"}  # the sample's units
    return World(url, spec, a_keys, b_keys, people[stranger]["key"], params, secrets)


# --- requests built from the document ----------------------------------------------------------
def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _value(spec: dict, schema: dict, name: str, world: World, depth: int = 0):
    """A plausible value, so that a refusal comes from who asks, not from a malformed body."""
    schema = _resolve(spec, schema)
    for alternatives in ("oneOf", "anyOf", "allOf"):  # the first alternative (allOf: of one)
        if schema.get(alternatives):
            return _value(spec, schema[alternatives][0], name, world, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})  # every field: some rules want one of several
        return {
            key: _value(spec, prop, key, world, depth + 1)
            for key, prop in props.items()
            if depth < 10 and not prop.get("readOnly")
        }
    if kind == "array":
        return [_value(spec, schema.get("items", {}), name, world, depth + 1)]
    if kind == "integer":
        return YEAR if name == "year" else max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date":
        return f"{YEAR}-01-01"
    if fmt == "date-time":
        return f"{YEAR}-01-01T00:00:00+00:00"  # never moves the embedded clock forward
    if fmt in ("url", "uri"):
        return "https://example.org/bukti"
    if "nip" in name:  # a valid NIP of nobody: a body never names the sample's people
        return "197001011995031001"
    if name in world.params and name not in OWN_NAMES:
        return world.params[name]
    low, high = schema.get("minLength", 0), schema.get("maxLength", 40)
    return ("isolasi" * 30)[: max(min(12, high), low, 1)]


def _request(world: World, path: str, operation: dict) -> tuple[str, dict | None]:
    filled = re.sub(r"{(\w+)}", lambda m: world.params.get(m.group(1), "x1"), path)
    query = []
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("required"):
            value = _value(world.spec, parameter.get("schema", {}), parameter["name"], world)
            query.append(f"{parameter['name']}={value}")
    if query:
        filled += "?" + "&".join(query)
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    body = _value(world.spec, schema, "body", world) if schema else None
    if body is None and operation.get("requestBody"):
        body = {}
    return filled, body


def _send(world: World, method: str, path: str, body, key: str | None) -> Answer:
    # If-Match is sent so that an edit is refused for who asks, not for a missing version.
    return call(world.url, method.upper(), path, key, body, If_Match='"1"')


def _leaks(world: World, answer: Answer, asked: str) -> set[str]:
    """The sample's identifiers in an answer, other than those the request itself sent (an
    error may repeat what it refuses)."""
    text = answer.raw.decode(errors="replace")
    return {secret for secret in world.secrets if secret in text and secret not in asked}


# --- the tests --------------------------------------------------------------------------------
def test_every_operation_declares_who_may_call_it(world):
    undeclared = [f"{m.upper()} {p}" for p, m, op in world.operations() if "x-roles" not in op]
    assert undeclared == [], "add @roles(...) under @blp.route (functions/api/roles.py)"


def test_no_operation_reaches_across_tenants_or_roles(world, stack):
    before = _snapshot(world)
    problems: list[str] = []
    walked = 0
    for path, method, operation in world.operations():
        roles = operation.get("x-roles")
        if roles is None:
            continue  # reported by test_every_operation_declares_who_may_call_it
        walked += 1
        target, body = _request(world, path, operation)
        name = f"{method.upper()} {path}"
        probes: list[tuple[str, str | None, bool]] = []  # (who, key, must be refused)
        if "public" not in roles:
            probes.append(("no credential", None, True))
        for role, key in world.a_keys.items():
            if role not in roles and "public" not in roles:
                probes.append((f"own {role}", key, True))
        for role, key in world.b_keys.items():
            # regency B's keys: refused by role, or (allowed) never shown A's records
            refuse = "public" not in roles and role not in roles
            probes.append((f"other tenant's {role}", key, refuse))
        if "pegawai" in roles and re.search(r"{(nip|task_id)}", path):
            probes.append(("a stranger pegawai", world.stranger_key, True))
        for who, key, must_refuse in probes:
            answer = _send(world, method, target, body, key)
            if answer.status >= 500:
                problems.append(f"{name} as {who}: {answer.status} {answer.raw[:200]!r}")
            elif leaked := _leaks(world, answer, target + json.dumps(body)):
                problems.append(f"{name} as {who}: {answer.status} shows {sorted(leaked)[:3]}")
            elif must_refuse and answer.status not in REFUSED:
                problems.append(f"{name} as {who}: {answer.status}, not refused")
            elif (
                who.startswith("other")
                and OWN.search(path)
                and answer.status not in REFUSED
                and not (answer.status < 300 and _json(answer) in EMPTY)
            ):
                # a path naming A's own records: B's allowed roles find nothing there
                problems.append(f"{name} as {who}: {answer.status} {answer.raw[:200]!r}")
    assert walked >= 40, f"only {walked} operations walked: is /openapi.json complete?"
    assert problems == [], "\n".join(problems)
    assert _snapshot(world) == before, "a refused request changed the sample regency"


def _json(answer: Answer):
    try:
        return answer.json
    except ValueError:
        return "not JSON"


def _snapshot(world: World) -> list[str]:
    """The sample regency's items (its export), less the export's own audit entries."""
    answer = call(world.url, "GET", "/tenant/export", world.a_keys["tenant_admin"])
    assert answer.status == 200
    kept = [
        item for item in answer.lines()
        if not (item.get("kind") == "audit" and item.get("action") == "tenant.export")
    ]  # fmt: skip
    return sorted(json.dumps(item, sort_keys=True) for item in kept)


def test_a_view_leaves_the_role_check_to_its_roles_decorator():
    """``@roles`` refuses every other role; a view repeats no ``require_role`` of its own (a
    narrower check inside, e.g. admins only among several roles, compares ``who.role``)."""
    from pathlib import Path

    api = Path(__file__).resolve().parents[2] / "functions" / "api"
    repeated = [
        f"{path.name}:{number}"
        for path in sorted(api.glob("*.py"))
        if path.name != "roles.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "require_role" in line
    ]
    assert repeated == []
