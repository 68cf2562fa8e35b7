"""Isolation that cannot be broken: EVERY operation of the OpenAPI document, called with another
regency's credentials, with a disabled regency's and with each role that should not reach it,
refuses (401/403/404) and leaks nothing; a pegawai cannot reach a stranger's records; the other
regency's pagination cursors are refused; nobody completes a task that is not theirs (the
subject their penilai's, an admin a person's, a penilai someone else's subordinate's); and
nothing of the sample regency changes while the walk runs.

The walk reads /openapi.json at test time and each operation's ``x-roles`` (written by
functions/api/roles.py, which also enforces them). A new endpoint is walked the day it exists;
one that does not declare its roles fails ``test_every_operation_declares_who_may_call_it``, and
a path parameter naming a new kind of record fails the walk until the sample holds a real one.

The walk is proved to catch bugs: ``test_the_walk_catches_an_injected_authorisation_bug``
injects one authorisation bug at a time (monkeypatch) and expects the walk to report it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from functions.engine import simulations as engine_simulations
from functions.errors import Forbidden
from functions.local import workers as dispatch
from functions.local.demo import Demo, wait_for
from functions.services import auth, simulations, tasks
from functions.store import pages
from functions.store.repository import TenantRepository
from tests.functional.raw_http import Answer, call
from tests.functional.test_webhooks import deliver
from tests.functional.test_webhooks import settled as delivery_settled
from tests.integration.test_cycle import team
from tests.integration.test_outbound import Receiver, settled, subscribe

YEAR = 2026
REFUSED = {401, 403, 404}
METHODS = ("get", "post", "put", "patch", "delete")
CURSOR_REFUSED = REFUSED | {422}  # a cursor that is not this listing's: 422 naming it
# Path parameters that name one regency's own records (a unit id, a workflow version number and
# a source name may exist in both).
OWN_NAMES = ("nip", "task_id", "tenant_id", "prefix", "delivery_id", "draft_id", "job_id",
             "subscription_id", "secret_id", "coaching_id", "position_id", "record_id",
             "review_id", "policy_id",
             "simulation_id")  # fmt: skip
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
    b_tenant: str = ""  # regency B's tenant id
    disabled_keys: dict[str, str] = field(default_factory=dict)  # a disabled regency's keys
    cursors: dict[str, str] = field(default_factory=dict)  # "GET /path": a next-page cursor of A
    bodies: dict[str, dict] = field(default_factory=dict)  # bodies naming A's records by id
    # (who, method, path, key, body): someone completing a task that is not theirs
    self_dealing: list[tuple[str, str, str, str, dict]] = field(default_factory=list)

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
def receiver():
    started = Receiver()  # the sample's e-office endpoint for outbound notifications
    yield started
    started.stop()


@pytest.fixture
def world(stack, api, receiver) -> World:
    sample, url = stack.sample, stack.url
    people = sample.people
    admin = api.as_(sample.admin_key)
    subject = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    me = api.as_(people[subject]["key"])
    # a penilai and their subordinate in another unit, whose SKP waits on the penilai's approval
    other_unit = next(u for u in ("dinkes", "disdik", "bkpsdm") if u != people[subject]["unit"])
    head, member = team(people, other_unit)[:2]
    subscription = subscribe(admin, receiver, ("task.opened",))
    admin.post("/cycles", {"year": YEAR, "nips": [subject, member]})
    task = wait_for(lambda: me.get("/tasks"), "the drafting task", 30)[0]
    demo = Demo(api, sample.to_json(), only=[member])
    demo.year = YEAR
    demo.draft_and_submit(member)
    approval = wait_for(lambda: demo.open_task(head, "approve_skp", member), "the approval", 30)
    message = settled(admin, subscription["id"], 3)[0]["id"]  # one per task opened, sent
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
    # one real record of every kind a path names: a delivery (dead: no mapping), a signing
    # secret, an outbound subscription and a notification it sent, a workflow draft, an import
    # job (a file of no rows: nothing written) and a coaching record as the coaching step keeps it
    status, _ = deliver(stack, {"type": "surat.masuk", "data": {}}, msg_id="msg_isolasi_a1")
    assert status == 202
    delivery = delivery_settled(admin, "msg_isolasi_a1")["id"]
    secret = admin.get("/webhooks/sources/eoffice/secrets")[0]["secret_id"]
    draft = admin.post("/workflow/drafts", {"name": "isolasi"})["draft_id"]
    quiet = engine_simulations.use(lambda event: None)  # a dry run recorded, not run
    try:
        simulation = simulations.request(
            TenantRepository(sample.tenant_id), "tenant_admin:isolasi", draft, {"policy": "never"}
        )["simulation_id"]
    finally:
        engine_simulations.use(quiet)
    position = admin.post(f"/units/{people[subject]['unit']}/positions", {
        "position_id": "isolasi-pos", "name": "Kepala Dinas", "position_kind": "jpt_pratama",
        "eselon": "II.b", "incumbent_nip": subject, "key_position": True,
    })["position_id"]  # fmt: skip
    record = admin.post(f"/employees/{subject}/development/{YEAR}/records", {
        "kind": "e_learning", "title": "Isolasi", "hours": 2, "done_on": f"{YEAR}-01-01",
    })["record_id"]  # fmt: skip
    review = admin.post("/talent-reviews", {
        "name": "Isolasi", "year": YEAR, "panel": [stranger], "unit_ids": [people[subject]["unit"]],
    })["review_id"]  # fmt: skip
    policy = admin.post("/development/policies", {
        "title": "Isolasi", "number": "Perbup 1/2026", "issued_on": f"{YEAR}-01-01",
    })["policy_id"]  # fmt: skip
    imported = _upload(url, sample.admin_key, b"Kode Unit,Nama Unit,Kode Unit Induk\n,,\n")
    assert imported.status == 200 and imported.json["written"] == 0, imported.json
    job = imported.json["job_id"]
    repo = TenantRepository(sample.tenant_id)
    coaching = f"coach{task['task_id'][:10]}"
    repo.create(
        repo.new_coaching(
            subject, YEAR, 1, coaching, coaching_kind="bimbingan", held_on=f"{YEAR}-01-02",
            by_nip=boss or subject, findings="isolasi",
        )
    )  # fmt: skip

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
    # a third regency, disabled by the platform: its keys open nothing of a tenant's
    third = call(url, "POST", "/tenants", sample.platform_key,
                 {"name": "Kabupaten Nonaktif", "region_code": "33.02"}).json  # fmt: skip
    disabled_keys = {
        "tenant_admin": third["admin_key"],
        "auditor": _issue(url, third["admin_key"], "auditor"),
        "integration": _issue(url, third["admin_key"], "integration"),
    }
    disabling = f"/tenants/{third['tenant_id']}/disable"
    assert call(url, "POST", disabling, sample.platform_key).status == 200

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
        "delivery_id": delivery,
        "secret_id": secret,
        "subscription_id": subscription["id"],
        "draft_id": draft,
        "simulation_id": simulation,
        "job_id": job,
        "coaching_id": coaching,
        "position_id": position,
        "record_id": record,
        "review_id": review,
        "policy_id": policy,
        "number": "1",  # every regency has its version 1
    }
    # bodies a generated one cannot give: one of several selections, naming A's records
    bodies = {
        "POST /webhooks/deliveries/replay": {"ids": [delivery]},
        "POST /workflow/drafts/{draft_id}/simulate": {"employees": 2},  # one or the other
        "POST /webhooks/outbound/{subscription_id}/notifications/resend": {"ids": [message]},
    }
    world = World(url, spec, a_keys, b_keys, people[stranger]["key"], params,
                  disabled_keys=disabled_keys, bodies=bodies)  # fmt: skip
    world.b_tenant = created["tenant_id"]
    world.cursors = _cursors(world)
    decide = {"decision": "approve"}
    tasks_of = f"/tasks/{approval['task_id']}"
    world.self_dealing = [
        ("the subject, on their penilai's approval", "POST", f"{tasks_of}/complete",
         people[member]["key"], decide),
        ("the subject, on their penilai's approval (batch)", "POST", "/tasks/complete",
         people[member]["key"], {"items": [{"task_id": approval["task_id"], "body": decide}]}),
        ("the subject, rejecting their penilai's approval", "POST", f"{tasks_of}/reject",
         people[member]["key"], {"reason": "saya setujui sendiri"}),
        ("an admin, on a penilai's approval", "POST", f"{tasks_of}/complete",
         sample.admin_key, decide),
        ("an admin, on a person's own drafting", "POST", f"/tasks/{task['task_id']}/complete",
         sample.admin_key, {}),
        ("another penilai, on an approval not theirs", "POST", f"{tasks_of}/complete",
         people[subject]["key"], decide),
        ("a penilai, on the drafting of someone not theirs", "POST",
         f"/tasks/{task['task_id']}/complete", people[head]["key"], {}),
    ]  # fmt: skip
    world.secrets = {sample.tenant_id, task["task_id"], approval["task_id"], *people}
    world.secrets |= {k.split("_")[1] for r, k in a_keys.items() if r != "platform"}
    world.secrets |= {"Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan"}  # the sample's units
    world.secrets |= {delivery, secret, subscription["id"], message, draft, job, coaching}
    world.secrets |= {position, record, policy}
    assert dispatch.drain(30), "webhook workers still busy"
    return world


def _upload(url: str, key: str, data: bytes) -> Answer:
    import urllib.error
    import urllib.request

    headers = {"Authorization": f"Bearer {key}", "Content-Type": "text/csv"}
    request = urllib.request.Request(url + "/imports/units", data, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


def _cursors(world: World) -> dict[str, str]:
    """A next-page cursor of the sample regency for every listing that takes one, as its
    widest role reads it (the platform's list of regencies included)."""
    found = {}
    for path, method, operation in world.operations():
        names = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
        if method != "get" or "cursor" not in names:
            continue
        role = next(r for r in ("tenant_admin", "platform") if r in operation["x-roles"])
        query = f"?limit=1{f'&year={YEAR}' if 'year' in names else ''}"
        answer = call(world.url, "GET", path + query, world.a_keys[role])
        body = _json(answer)
        cursor = answer.headers.get("X-Next-Cursor") or (
            body.get("cursor") if isinstance(body, dict) else None
        )
        assert answer.status == 200 and cursor, f"GET {path}: no second page to point at"
        found[f"GET {path}"] = cursor
    assert len(found) >= 4, found
    return found


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
    if name in world.params and name not in ("nip", "tenant_id", "prefix"):
        return world.params[name]  # e.g. a task id in a batch: A's record, by id
    low, high = schema.get("minLength", 0), schema.get("maxLength", 40)
    return ("isolasi" * 30)[: max(min(12, high), low, 1)]


def _request(world: World, method: str, path: str, operation: dict) -> tuple[str, dict | None]:
    unknown = set(re.findall(r"{(\w+)}", path)) - set(world.params)
    assert not unknown, f"{path}: give the world a real record for {unknown}"
    filled = re.sub(r"{(\w+)}", lambda m: world.params[m.group(1)], path)
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
    body = world.bodies.get(f"{method.upper()} {path}", body)
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


def test_no_operation_reaches_across_tenants_or_roles(world):
    problems = _walk(world)
    assert problems == [], "\n".join(problems)


def _walk(world: World) -> list[str]:
    """Every operation as every caller who must not reach the sample regency's records, the
    other regency's cursors replayed, the self-dealing completions: what went wrong."""
    before = _snapshot(world)
    problems: list[str] = []
    walked = 0
    for path, method, operation in world.operations():
        roles = operation.get("x-roles")
        if roles is None:
            continue  # reported by test_every_operation_declares_who_may_call_it
        walked += 1
        target, body = _request(world, method, path, operation)
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
        if "public" not in roles and "platform" not in roles:  # a tenant's operation
            for role, key in world.disabled_keys.items():
                probes.append((f"disabled tenant's {role}", key, True))
        if "pegawai" in roles and re.search(r"{(nip|task_id)}", path):
            probes.append(("a stranger pegawai", world.stranger_key, True))
        for who, key, must_refuse in probes:
            answer = _send(world, method, target, body, key)
            if answer.status >= 500:
                problems.append(f"{name} as {who}: {answer.status} {answer.raw[:200]!r}")
            elif leaked := _leaks(world, answer, target + json.dumps(body)):
                problems.append(f"{name} as {who}: {answer.status} shows {sorted(leaked)[:3]}")
            elif (
                must_refuse
                and answer.status not in REFUSED
                and not (who.startswith("disabled") and _invalid_body(answer))
            ):
                problems.append(f"{name} as {who}: {answer.status}, not refused")
            elif (
                who.startswith("other")
                and OWN.search(path)
                and answer.status not in REFUSED
                and not (answer.status < 300 and _json(answer) in EMPTY)
            ):
                # a path naming A's own records: B's allowed roles find nothing there
                problems.append(f"{name} as {who}: {answer.status} {answer.raw[:200]!r}")
    problems += _replayed_cursors(world)
    problems += _self_dealing(world)
    assert walked >= 40, f"only {walked} operations walked: is /openapi.json complete?"
    if _snapshot(world) != before:
        problems.append("a refused request changed the sample regency")
    return problems


def _replayed_cursors(world: World) -> list[str]:
    """The sample's next-page cursors, sent by whoever else may list: refused (422 naming the
    cursor, or 401/403/404), never a page."""
    problems = []
    for name, cursor in world.cursors.items():
        path = name.split(" ", 1)[1]
        operation = next(op for p, m, op in world.operations() if p == path and m == "get")
        roles = operation["x-roles"]
        callers = [(f"other tenant's {r}", k) for r, k in world.b_keys.items() if r in roles]
        query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
        if "pegawai" in roles and "assignee" in query:  # a person lists only their own
            callers.append(("a stranger pegawai", world.stranger_key))
        for who, key in callers:
            year = f"&year={YEAR}" if "/tasks" in path else ""
            answer = call(world.url, "GET", f"{path}?limit=1&cursor={cursor}{year}", key)
            if answer.status not in CURSOR_REFUSED:
                problems.append(f"{name} with the sample's cursor as {who}: {answer.status}")
            elif leaked := _leaks(world, answer, cursor):
                problems.append(f"{name} with the sample's cursor as {who}: shows {leaked}")
    return problems


def _self_dealing(world: World) -> list[str]:
    """Completing a task that is someone else's: refused, also inside a batch."""
    problems = []
    for who, method, path, key, body in world.self_dealing:
        answer = call(world.url, method, path, key, body)
        items = _json(answer) if answer.status == 200 and path == "/tasks/complete" else None
        if isinstance(items, list):  # a batch answers 200 with each task's own result
            if any(item.get("completed") for item in items):
                problems.append(f"{method} {path} as {who}: completed")
        elif answer.status not in REFUSED:
            problems.append(f"{method} {path} as {who}: {answer.status}, not refused")
    return problems


# --- the walk catches bugs ------------------------------------------------------------------------
def _everywhere(monkeypatch, original: Callable, replacement: Callable) -> None:
    """``replacement`` wherever our modules hold ``original`` (imported by name, too)."""
    patched = 0
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("functions"):
            for attribute, value in list(vars(module).items()):
                if value is original:
                    monkeypatch.setattr(module, attribute, replacement)
                    patched += 1
    assert patched, original


def _bug_assignee_check_dropped(monkeypatch) -> None:
    _everywhere(monkeypatch, tasks.check_assignee, lambda principal, task: None)


def _bug_may_read_any_pegawai(monkeypatch) -> None:
    real = auth.may_read

    def may_read(principal, repo, nip):
        if principal.role != auth.PEGAWAI:
            real(principal, repo, nip)

    _everywhere(monkeypatch, real, may_read)


def _bug_cursor_of_any_partition(monkeypatch) -> None:
    real = pages.decode
    _everywhere(monkeypatch, real, lambda cursor, partition, prefixes=None: real(cursor, {}))


def _bug_admin_completes_any_task(monkeypatch) -> None:
    real = tasks.check_assignee

    def check_assignee(principal, task):
        if principal.role != auth.ADMIN:
            real(principal, task)

    _everywhere(monkeypatch, real, check_assignee)


def _bug_disabled_tenant_let_in(monkeypatch) -> None:
    def require_tenant(principal):
        if principal.tenant_id is None:
            raise Forbidden("this operation acts inside a tenant; use a tenant credential")
        return TenantRepository(principal.tenant_id)  # no look at the profile's `enabled`

    _everywhere(monkeypatch, auth.require_tenant, require_tenant)


BUGS: dict[str, tuple[Callable, str]] = {  # the bug, and a word of the problem it must cause
    "check_assignee dropped": (_bug_assignee_check_dropped, "the subject, on their penilai"),
    "may_read passes any pegawai": (_bug_may_read_any_pegawai, "as a stranger pegawai"),
    "a cursor's partition unchecked": (_bug_cursor_of_any_partition, "with the sample's cursor"),
    "an admin completes anyone's task": (_bug_admin_completes_any_task, "as an admin"),
    "a disabled tenant let in": (_bug_disabled_tenant_let_in, "as disabled tenant's"),
}


@pytest.mark.parametrize("bug", list(BUGS))
def test_the_walk_catches_an_injected_authorisation_bug(world, monkeypatch, bug):
    inject, symptom = BUGS[bug]
    inject(monkeypatch)
    problems = _walk(world)
    assert any(symptom in problem for problem in problems), "\n".join(problems) or "no problem"


def _invalid_body(answer: Answer) -> bool:
    """A body refused as malformed before the caller's tenant is looked at (webargs reads it
    first; the generated body of a few operations is refused so for every caller): nothing
    was done, and the answer names only fields of the request."""
    error = (_json(answer) or {}) if answer.status == 422 else {}
    return isinstance(error, dict) and error.get("error", {}).get("code") == "invalid_input"


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
