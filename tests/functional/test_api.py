"""The HTTP API's edges: credentials, bad input, and that a refused request changes nothing."""

import json
import urllib.request

import pytest

from functions.local.client import ApiError

YEAR = 2026


def refused(call, *args) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args)
    return caught.value


def test_health_answers_without_a_key_and_names_the_versions(api):
    health = api.get("/health")
    assert health["status"] == "ok" and health["runtime"] == "embedded"
    assert {"flask", "boto3", "pynamodb", "marshmallow", "moto"} <= set(health["versions"])


def test_a_request_without_a_key_is_401_with_the_error_body(api):
    error = refused(api.get, "/tasks")
    assert error.status == 401
    assert error.body["error"]["code"] == "unauthorized"


def test_an_unknown_key_is_401(api):
    assert refused(api.as_("kin_00000000_nope").get, "/tasks").status == 401


def test_malformed_json_is_400_and_names_the_problem(stack):
    request = urllib.request.Request(
        f"{stack.url}/cycles",
        b"{not json",
        {"Content-Type": "application/json", "Authorization": f"Bearer {stack.sample.admin_key}"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request)
    body = json.loads(caught.value.read())
    assert caught.value.code == 400
    assert body["error"]["code"] == "malformed_request"


def test_a_wrong_type_is_422_naming_the_field(admin):
    error = refused(admin.post, "/cycles", {"year": "next year"})
    assert error.status == 422
    assert "year" in error.body["error"]["details"]


def test_a_missing_field_and_an_unknown_field_are_named(admin):
    error = refused(admin.post, "/cycles", {"yaer": YEAR})
    details = error.body["error"]["details"]
    assert error.status == 422 and "year" in details and "yaer" in details


def test_an_unknown_employee_is_refused_and_no_cycle_starts(admin):
    error = refused(admin.post, "/cycles", {"year": YEAR, "nips": ["199001012015011999"]})
    assert error.status == 422 and "nips" in error.body["error"]["details"]
    assert admin.get(f"/cycles?year={YEAR}") == []


def test_an_employee_may_not_read_a_stranger_s_cycle(api, admin, people):
    nips = sorted(people)
    admin.post("/cycles", {"year": YEAR, "nips": [nips[1]]})
    stranger = next(n for n in nips if n != nips[1] and people[nips[1]]["penilai"] != n)
    error = refused(api.as_(people[stranger]["key"]).get, f"/cycles/{nips[1]}/{YEAR}")
    assert error.status == 403


def test_only_bkpsdm_starts_cycles(api, people):
    someone = next(iter(people.values()))
    assert refused(api.as_(someone["key"]).post, "/cycles", {"year": YEAR}).status == 403


def test_an_invalid_skp_is_refused_field_by_field_and_the_draft_is_unchanged(api, admin, people):
    from functions.local.demo import wait_for

    nip = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    me = api.as_(people[nip]["key"])
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    wait_for(lambda: me.get("/tasks"), "the drafting task", 30)
    bad = {"rhk": [{"id": "r1", "text": "Layanan", "utama": "maybe", "iki": []}]}
    error = refused(me.put, f"/cycles/{nip}/{YEAR}/skp", bad)
    assert error.status == 422
    assert set(error.body["error"]["details"]["rhk"]["0"]) == {"utama", "iki"}
    assert me.get(f"/cycles/{nip}/{YEAR}/skp")["content"] == {}


def test_a_step_handler_refuses_bad_input_by_name():
    from functions.errors import InvalidInput
    from functions.steps import monitor

    with pytest.raises(InvalidInput) as caught:
        monitor.handler({"tenant_id": "t0000000000", "nip": "123", "year": 2026})
    assert {"nip", "period"} <= set(caught.value.details)


def test_submitting_an_skp_that_breaks_several_rules_names_every_one(api, admin, people):
    from functions.local.demo import wait_for

    nip = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    me = api.as_(people[nip]["key"])
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    wait_for(lambda: me.get("/tasks"), "the drafting task", 30)
    # Each IKI is fine alone; together they share an id, and one asks for nothing.
    iki = {"id": "i1", "indikator": "Jumlah layanan", "aspek": "kuantitas"}
    content = {
        "approach": "kuantitatif",
        "rhk": [
            {
                "id": f"r{n}",
                "text": f"Hasil {n}",
                "utama": True,
                "iki": [{**iki, "target": {"value": value, "unit": "layanan"}}],
            }
            for n, value in ((1, 5), (2, 0))
        ],
    }
    me.put(f"/cycles/{nip}/{YEAR}/skp", content)
    error = refused(me.post, f"/cycles/{nip}/{YEAR}/skp/submit")
    assert error.status == 422
    assert set(error.body["error"]["details"]) == {"rhk[1].iki[0].id", "rhk[1].iki[0].target.value"}
    assert me.get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "draft"


def test_every_operation_documents_its_success_response(api):
    spec = api.get("/openapi.json")
    undocumented = []
    for path, item in spec["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            responses = item.get(method, {}).get("responses", {})
            success = {code: r for code, r in responses.items() if code.startswith("2")}
            if method in item and not (
                success and all(code == "204" or r.get("content") for code, r in success.items())
            ):
                undocumented.append(f"{method.upper()} {path}")
    assert undocumented == [], "add @blp.response(status, Schema) (or @blp.doc for files)"


def test_a_request_is_logged_by_its_route_and_tenant_never_by_the_nips_in_its_path(
    api, people, stack, log_lines
):
    nip = next(iter(people))
    api.as_(people[nip]["key"]).get(f"/employees/{nip}")
    [line] = [line for line in log_lines if line["message"] == "request"]
    assert line["route"] == "/employees/<nip>" and line["status"] == 200
    assert line["tenant_id"] == stack.sample.tenant_id
    assert nip not in json.dumps(log_lines)
