"""The OpenAPI document (/openapi.json) is a true one: a valid OpenAPI 3.1 document, whose error
answers are the bodies the API really sends (checked against real answers), whose task
completion is typed by the task's kind, and which describes the events kinerja sends."""

from __future__ import annotations

import copy
import json
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from functions.services import notifications
from schemas.tasks import COMPLETIONS
from tests.functional.raw_http import call

METHODS = ("get", "post", "put", "patch", "delete")
BASE = "urn:kinerja:openapi"
ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture
def spec(api) -> dict:
    return api.get("/openapi.json")


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolved(spec: dict, node: dict) -> dict:
    """A response or parameter, its ``$ref`` followed."""
    while "$ref" in node:
        found: dict = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part]
        node = found
    return node


def schema_validator(spec: dict, schema: dict) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator of ``schema``, whose references point into ``spec``."""
    registry = Registry().with_resource(BASE, Resource(spec, DRAFT202012))

    def rebase(node):
        if isinstance(node, dict):
            return {
                k: (BASE + v if k == "$ref" and v.startswith("#/") else rebase(v))
                for k, v in node.items()
            }
        return [rebase(v) for v in node] if isinstance(node, list) else node

    return Draft202012Validator(rebase(copy.deepcopy(schema)), registry=registry)


def answer_schema(spec: dict, path: str, method: str, status: int) -> dict:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    return resolved(spec, responses[str(status)])["content"]["application/json"]["schema"]


def test_the_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)  # openapi-spec-validator: raises on the first fault


def test_every_error_answer_has_the_real_error_body(spec):
    undocumented = []
    for path, method, operation in operations(spec):
        for status, response in operation["responses"].items():
            if status[0] in "45" or status == "default":
                schema = resolved(spec, response)["content"]["application/json"]["schema"]
                if schema != {"$ref": ERROR_REF}:
                    undocumented.append(f"{method.upper()} {path} {status}")
    assert undocumented == []
    error = spec["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["error"] and "errors" not in str(error)


def test_each_operation_documents_the_4xx_it_can_answer(spec):
    missing = []
    for path, method, operation in operations(spec):
        codes = set(operation["responses"])
        headers = {resolved(spec, p)["name"] for p in operation.get("parameters", [])}
        wanted = set()
        if "public" not in operation["x-roles"]:
            wanted |= {"401", "403"} | ({"404"} if "{" in path else set())
            wanted |= {"409", "422"} if method != "get" else set()
        if "requestBody" in operation:
            wanted |= {"400", "422"}
        if "If-Match" in headers:
            wanted |= {"412", "428"}
        if "Idempotency-Key" in headers:
            wanted |= {"409", "422"}
        if wanted - codes:
            missing.append(f"{method.upper()} {path}: {sorted(wanted - codes)}")
    assert missing == []


def test_real_errors_parse_with_the_documented_schema(stack, spec, admin):
    """What a generated client would meet: each answer is documented and matches its schema."""
    url, sample = stack.url, stack.sample
    pegawai = next(iter(sample.people.values()))["key"]
    unit = admin.get("/units")["items"][0]
    cases = [
        ("get", "/tasks", "/tasks", None, None, {}, 401),
        ("post", "/cycles", "/cycles", pegawai, {"year": 2026}, {}, 403),
        ("get", "/tasks/{task_id}", "/tasks/nope", sample.admin_key, None, {}, 404),
        ("post", "/cycles", "/cycles", sample.admin_key, {"year": "next"}, {}, 422),
        (
            "post",
            "/units",
            "/units",
            sample.admin_key,
            {"unit_id": unit["unit_id"], "name": "Dinas Lagi"},
            {},
            409,
        ),
        (
            "patch",
            "/units/{unit_id}",
            f"/units/{unit['unit_id']}",
            sample.admin_key,
            {"name": "Dinas Baru"},
            {},
            428,
        ),
        (
            "patch",
            "/units/{unit_id}",
            f"/units/{unit['unit_id']}",
            sample.admin_key,
            {"name": "Dinas Baru"},
            {"If_Match": '"999"'},
            412,
        ),
    ]
    key_body = {"role": "auditor", "label": "pemeriksa"}
    call(url, "POST", "/keys", sample.admin_key, key_body, Idempotency_Key="openapi-0001")
    cases.append(("post", "/keys", "/keys", sample.admin_key, {**key_body, "label": "lain"},
                  {"Idempotency_Key": "openapi-0001"}, 422))  # fmt: skip
    for method, template, path, key, body, headers, status in cases:
        answer = call(url, method.upper(), path, key, body, **headers)
        assert answer.status == status, (path, answer.json)
        schema = answer_schema(spec, template, method, status)
        errors = list(schema_validator(spec, schema).iter_errors(answer.json))
        assert errors == [], (path, status, answer.json)
    # a body that is not JSON
    request = urllib.request.Request(
        f"{url}/cycles",
        b"{not json",
        {"Content-Type": "application/json", "Authorization": f"Bearer {sample.admin_key}"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 400
    schema = answer_schema(spec, "/cycles", "post", 400)
    assert list(schema_validator(spec, schema).iter_errors(json.loads(caught.value.read()))) == []


def test_every_operation_has_an_id_and_a_description(spec):
    ids = [op.get("operationId") for _, _, op in operations(spec)]
    assert None not in ids and len(ids) == len(set(ids))
    bare = [f"{m} {p}" for p, m, op in operations(spec) if not op.get("summary")]
    assert bare == []


def test_the_main_operations_have_examples(spec):
    for path, method in (("/tenants", "post"), ("/cycles", "post"), ("/keys", "post")):
        body = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
        assert "example" in body or "examples" in body, path
        example = body.get("example") or next(iter(body["examples"].values()))["value"]
        assert list(schema_validator(spec, body["schema"]).iter_errors(example)) == []


def test_if_match_is_a_parameter_wherever_it_is_read(spec):
    for path, method in (
        ("/units/{unit_id}", "patch"),
        ("/employees/{nip}", "patch"),
        ("/workflow/drafts/{draft_id}", "put"),
        ("/workflow/drafts/{draft_id}", "delete"),
        ("/workflow/drafts/{draft_id}/publish", "post"),
    ):
        names = {p["name"] for p in spec["paths"][path][method]["parameters"]}
        assert "If-Match" in names, (method, path)


SAMPLES = {
    "draft_skp": {},
    "approve_skp": {"decision": "return", "reason": "Target belum terukur"},
    "coaching": {"coaching_kind": "bimbingan", "held_on": "2026-03-01", "findings": "Sering"},
    "rate_perilaku": {
        "perilaku": dict.fromkeys(
            (
                "berorientasi_pelayanan",
                "akuntabel",
                "kompeten",
                "harmonis",
                "loyal",
                "adaptif",
                "kolaboratif",
            ),
            "sesuai",
        ),
    },
}
SAMPLES["rate_annual"] = SAMPLES["rate_perilaku"]
SAMPLES["approve_skp_second"] = SAMPLES["approve_skp"]
SAMPLES["coaching_follow_up"] = {"held_on": "2026-04-01", "outcome": "improved", "notes": "Baik"}
SAMPLES["present_review"] = {"work_plan": "Rencana kerja lima tahun", "attachments": []}
SAMPLES["score_review"] = {"scores": {"prestasi": 80, "integritas": 75}}
SAMPLES["recommend_review"] = {"recommendation": "mutasi", "reasons": "Penyegaran organisasi"}
SAMPLES["ratify_review"] = {"note": "SK Bupati 800/12/2026", "overrides": []}
SAMPLES["review_midyear"] = {"progress": "sesuai_rencana", "notes": "Sesuai rencana"}


def test_completing_a_task_is_typed_by_the_task_s_kind(spec):
    operation = spec["paths"]["/tasks/{task_id}/complete"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["x-task-kinds"] == {k: s.__name__ for k, s in COMPLETIONS.items()}
    assert set(SAMPLES) == set(COMPLETIONS)
    for kind, body in SAMPLES.items():
        COMPLETIONS[kind]().load(body)  # what the API applies accepts it
        assert list(schema_validator(spec, schema).iter_errors(body)) == [], kind
        matching = [
            a["title"]
            for a in schema["oneOf"]
            if not list(schema_validator(spec, a).iter_errors(body))
        ]
        assert len(matching) == 1 and kind in matching[0].split(" / "), (kind, matching)
    for wrong in ({"decision": "maybe"}, {"perilaku": {}, "decision": "approve"}, {"x": 1}):
        assert list(schema_validator(spec, schema).iter_errors(wrong)), wrong


def test_the_standard_webhooks_headers_are_parameters_of_the_receiving_endpoint(spec):
    operation = spec["paths"]["/webhooks/{tenant_id}/{source}"]["post"]
    names = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= names
    assert {"400", "401", "403", "409", "413", "415"} <= set(operation["responses"])


def test_the_events_kinerja_sends_are_its_webhooks(stack, spec, admin, people):
    webhooks = spec["webhooks"]
    assert set(webhooks) == set(notifications.EVENT_TYPES)
    for event in webhooks.values():
        names = {p["name"] for p in event["post"]["parameters"]}
        assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= names

    def check(event_type: str, payload: dict) -> None:
        body = webhooks[event_type]["post"]["requestBody"]["content"]["application/json"]
        assert list(schema_validator(spec, body["schema"]).iter_errors(payload)) == []
        assert list(schema_validator(spec, body["schema"]).iter_errors(body["example"])) == []

    # a real task.opened, as stored for a subscription (nobody listens: it fails)
    made = admin.post(
        "/webhooks/outbound", {"url": "http://127.0.0.1:9/none", "event_types": ["task.opened"]}
    )
    nip = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    admin.post("/cycles", {"year": 2026, "nips": [nip]})
    from functions.local.demo import wait_for

    def settled():  # its three attempts made (nothing left running when the stack stops)
        found = admin.get(f"/webhooks/outbound/{made['id']}/notifications")
        return found if found and found[0]["status"] == "failed" else None

    stored = wait_for(settled, "a notification", 30)
    check("task.opened", stored[0]["payload"])
    # the other two, as the services build them
    task = SimpleNamespace(subject_nip=nip, year=2026, task_id="tk_1")
    who = SimpleNamespace(nip="197001011995031001", label="pegawai:197001011995031001")
    annual = SimpleNamespace(
        rating_hasil_kerja="sesuai", rating_perilaku="di_atas", predikat="baik"
    )
    envelope = {"timestamp": "2026-12-31T00:00:00+00:00", "tenant_id": stack.sample.tenant_id}
    approved = notifications.skp_approved(task, who)
    check("skp.approved", {**envelope, "type": "skp.approved", "data": approved})
    predikat = notifications.predikat_set(nip, 2026, annual)
    check("predikat.set", {**envelope, "type": "predikat.set", "data": predikat})
