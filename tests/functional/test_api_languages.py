"""The API's errors in Indonesian for a caller whose Accept-Language prefers it, in English
otherwise; the error code never changes, and the catalogue has every message's Indonesian."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from functions.api import languages
from tests.catalogues import compile_catalogues
from tests.integration.test_cycle import team

compile_catalogues()
INDONESIAN = {"Accept-Language": "id-ID,id;q=0.9,en;q=0.5"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def call(stack):
    """``call(method, path, key, headers, json)``: the app's answer, through its WSGI entry."""
    client = stack.server.app.test_client()

    def answer(method, path, key, headers=None, json=None):
        sent = {"Authorization": f"Bearer {key}", **(headers or {})}
        return client.open(path, method=method, headers=sent, json=json)

    return answer


def test_a_refused_body_in_indonesian_with_each_field_s_rule(call, stack):
    body = {"year": "2026", "color": "blue"}
    answer = call("POST", "/cycles", stack.sample.admin_key, INDONESIAN, body)
    error = answer.get_json()["error"]
    assert answer.status_code == 422 and error["code"] == "invalid_input"
    assert answer.headers["Content-Language"] == "id"
    assert error["message"] == "isian permintaan tidak sah"
    assert error["details"] == {
        "year": ["Bukan bilangan bulat yang sah."],
        "color": ["Isian tidak dikenal."],
    }


def test_the_same_refusal_stays_english_without_the_header(call, stack):
    answer = call("POST", "/cycles", stack.sample.admin_key, json={"year": "2026"})
    error = answer.get_json()["error"]
    assert error["code"] == "invalid_input" and error["message"] == "the request body is invalid"
    assert error["details"] == {"year": ["Not a valid integer."]}
    assert answer.headers["Content-Language"] == "en"
    french = call("POST", "/cycles", stack.sample.admin_key, {"Accept-Language": "fr"}, {})
    assert french.get_json()["error"]["details"] == {"year": ["Missing data for required field."]}


def test_not_found_in_indonesian_keeps_the_values_it_names(call, stack):
    answer = call("GET", "/employees/199001012020121999", stack.sample.admin_key, INDONESIAN)
    error = answer.get_json()["error"]
    assert answer.status_code == 404 and error["code"] == "not_found"
    assert error["message"] == "pegawai 199001012020121999 tidak ditemukan"


def test_forbidden_in_indonesian(call, people):
    head, member, _ = team(people)
    key = people[member]["key"]
    answer = call("GET", f"/tasks?assignee={head}", key, {"Accept-Language": "id"})
    error = answer.get_json()["error"]
    assert answer.status_code == 403 and error["code"] == "forbidden"
    assert error["message"] == "Anda hanya boleh menampilkan tugas Anda sendiri"
    assert answer.headers["Content-Language"] == "id"


def test_an_unknown_route_and_a_key_nobody_holds(call):
    missing = call("GET", "/nowhere", "kin_x_y", INDONESIAN)
    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"].startswith("URL yang diminta tidak ditemukan")
    unknown = call("GET", "/employees", "kin_nobody_0000", INDONESIAN)
    assert unknown.status_code == 401 and unknown.get_json()["error"]["code"] == "unauthorized"
    assert "kunci" in unknown.get_json()["error"]["message"].lower()


def test_console_pages_stay_indonesian_whatever_the_api_s_rule(stack):
    client = stack.server.app.test_client()
    page = client.get("/console/login", headers={"Accept-Language": "en"})
    assert '<html lang="id">' in page.text


def test_every_api_message_has_its_indonesian():
    """A new message raised without `make messages` and its Indonesian fails here."""
    catalogue = languages.TRANSLATIONS / "id" / "LC_MESSAGES" / "api.po"
    with open(catalogue, "rb") as po:
        indonesian = {m.id: m.string for m in read_po(po) if m.id}
    with open(ROOT / "functions" / "api" / "babel.cfg") as cfg:
        method_map, options = parse_mapping_cfg(cfg)
    raised = {found[2] for found in extract_from_dir(ROOT, method_map, options)}
    assert "employee %(nip)s not found" in raised
    untranslated = sorted(t for t in raised if not indonesian.get(t))
    assert not untranslated, f"without Indonesian (run `make messages`): {untranslated}"
