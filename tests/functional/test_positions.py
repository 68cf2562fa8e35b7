"""Positions (jabatan) of a unit through the API: created, validated naming field and rule,
edited with the version read, deleted, audited; the unit's list names vacancies and key
positions."""

from __future__ import annotations

import pytest

from tests.functional.raw_http import call

NOT_EMPLOYED = "199203152019032004"


@pytest.fixture
def send(stack):
    def send_(method, path, body=None, key=None, **headers):
        return call(stack.url, method, path, key or stack.sample.admin_key, body, **headers)

    return send_


def head_of(people, unit: str) -> str:
    return next(nip for nip, p in people.items() if p["unit"] == unit)


def test_a_unit_lists_its_positions_with_vacancies_and_key_positions(admin, people, send):
    head = head_of(people, "dinkes")
    kadis = send("POST", "/units/dinkes/positions", {
        "position_id": "kadis", "name": "Kepala Dinas Kesehatan", "position_kind": "jpt_pratama",
        "eselon": "II.b", "incumbent_nip": head, "key_position": True,
    })  # fmt: skip
    assert kadis.status == 201 and kadis.json["vacant"] is False
    assert kadis.headers["ETag"] == f'"{kadis.json["version"]}"'
    sekdis = admin.post("/units/dinkes/positions", {
        "position_id": "sekdis", "name": "Sekretaris Dinas", "position_kind": "administrator",
        "eselon": "III.a", "key_position": True,
    })  # fmt: skip
    assert sekdis["vacant"] is True and sekdis["incumbent_nip"] is None
    perawat = admin.post(
        "/units/dinkes/positions", {"name": "Perawat Ahli Muda", "position_kind": "fungsional"}
    )
    assert perawat["position_id"] and perawat["key_position"] is False
    listed = admin.get("/units/dinkes/positions")
    assert {p["position_id"] for p in listed["items"]} == {
        "kadis",
        "sekdis",
        perawat["position_id"],
    }
    assert set(listed["vacancies"]) == {"sekdis", perawat["position_id"]}
    assert set(listed["key_positions"]) == {"kadis", "sekdis"}
    assert listed["key_vacancies"] == ["sekdis"]
    assert admin.get("/units/disdik/positions")["items"] == []
    assert send("GET", "/units/nowhere/positions").status == 404
    assert {u["unit_id"] for u in admin.get("/units")["items"]} >= {"dinkes"}  # units unmixed
    assert all("position_kind" not in u for u in admin.get("/units")["items"])
    again = send(
        "POST",
        "/units/dinkes/positions",
        {"position_id": "kadis", "name": "X", "position_kind": "pelaksana"},
    )
    assert again.status == 409


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"position_kind": "pelaksana", "eselon": "IV.a"}, "eselon", "only a structural"),
        ({"position_kind": "fungsional", "eselon": "III.b"}, "eselon", "only a structural"),
        ({"position_kind": "pengawas", "eselon": "II.a"}, "eselon", "IV.a or IV.b"),
        ({"position_kind": "pengawas", "eselon": "V.a"}, "eselon", "Must be one of"),
        ({"position_kind": "eselon_dua"}, "position_kind", "Must be one of"),
        ({"position_kind": "pelaksana", "incumbent_nip": NOT_EMPLOYED}, "incumbent_nip",
         "not an employee of this regency"),
    ],
)  # fmt: skip
def test_a_position_breaking_a_rule_is_refused_naming_field_and_rule(send, body, field, rule):
    answer = send("POST", "/units/dinkes/positions", {"name": "Jabatan", **body})
    assert answer.status == 422
    assert field in answer.json["error"]["details"]
    assert rule in " ".join(answer.json["error"]["details"][field])


def test_an_edit_needs_the_version_read_and_every_change_is_audited(admin, people, send):
    head = head_of(people, "disdik")
    created = send("POST", "/units/disdik/positions", {
        "position_id": "kabid", "name": "Kepala Bidang", "position_kind": "administrator",
    })  # fmt: skip
    path = "/units/disdik/positions/kabid"
    read = send("GET", path)
    assert read.status == 200 and read.headers["ETag"] == created.headers["ETag"]
    assert send("PATCH", path, {"incumbent_nip": head}).status == 428
    wrong = send("PATCH", path, {"eselon": "IV.a"}, If_Match=read.headers["ETag"])
    assert wrong.status == 422 and "III.a or III.b" in wrong.json["error"]["details"]["eselon"][0]
    filled = send("PATCH", path, {"incumbent_nip": head, "eselon": "III.b", "key_position": True},
                  If_Match=read.headers["ETag"])  # fmt: skip
    assert filled.status == 200 and filled.json["vacant"] is False
    stale = send("PATCH", path, {"incumbent_nip": None}, If_Match=read.headers["ETag"])
    assert stale.status == 412
    assert send("DELETE", path, If_Match=read.headers["ETag"]).status == 412
    assert send("DELETE", path).status == 428
    gone = send("DELETE", path, If_Match=filled.headers["ETag"])
    assert gone.status == 204
    assert send("GET", path).status == 404
    trail = admin.get("/audit?from=2026-01-01&to=2026-01-01")
    mine = [e for e in trail if e["item"] == "position/disdik/kabid"]
    assert [e["action"] for e in mine] == ["position.create", "position.update", "position.delete"]
    assert mine[1]["before"]["incumbent_nip"] is None and mine[1]["after"]["incumbent_nip"] == head


def test_only_an_admin_edits_positions(api, people, send):
    pegawai = next(iter(people.values()))["key"]
    assert send("GET", "/units/dinkes/positions", key=pegawai).status == 403
    body = {"name": "Jabatan", "position_kind": "pelaksana"}
    assert send("POST", "/units/dinkes/positions", body, key=pegawai).status == 403
