"""Issue 12, "a year a regency can trust": the numbers of the year through the HTTP API —
agregasi of IKI targets, the penilai's overall rating of perilaku, angka kredit for part of a
year, the distribution check's answers, and keberatan as the final word."""

from __future__ import annotations

import pytest

from functions.local.client import ApiError
from functions.local.demo import wait_for
from tests.functional.raw_http import call

YEAR = 2026


def refused(call_, *args) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call_(*args)
    return caught.value


def kadis(people: dict) -> str:
    return next(n for n, p in people.items() if p["position"] == "Kepala Dinas")


def levels_skp() -> dict:
    """A JPT's SKP with an amount, two levels and a lower-is-better kualitas count."""
    iki = [
        {"id": "docs", "indikator": "Jumlah dokumen layanan", "aspek": "kuantitas",
         "target": {"value": 12, "unit": "dokumen"}},
        {"id": "uptime", "indikator": "Ketersediaan layanan daring", "aspek": "kualitas",
         "target": {"value": 99, "unit": "%"}},
        {"id": "spbe", "indikator": "Indeks SPBE", "aspek": "kualitas",
         "target": {"value": 3.5, "unit": "indeks", "agregasi": "terakhir"}},
        {"id": "bpk", "indikator": "Jumlah temuan BPK", "aspek": "kualitas",
         "target": {"value": 2, "unit": "temuan", "lower_is_better": True}},
        {"id": "wkt", "indikator": "Waktu penyelesaian layanan", "aspek": "waktu",
         "target": {"value": 5, "unit": "hari", "lower_is_better": True}},
    ]  # fmt: skip
    for item in iki:
        item["perspektif"] = "Penerima Layanan"
    rhk = {"id": "r1", "text": "Layanan daring andal", "utama": True, "iki": iki}
    return {"approach": "kuantitatif", "rhk": [rhk]}


def test_an_skp_carries_each_targets_agregasi_resolved_and_lower_is_better_on_any_aspek(
    api, admin, people
):
    nip = kadis(people)
    me = api.as_(people[nip]["key"])
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    wait_for(lambda: me.get("/tasks"), "the drafting task", 30)
    saved = me.put(f"/cycles/{nip}/{YEAR}/skp", levels_skp())
    agregasi = {i["id"]: i["target"]["agregasi"] for i in saved["content"]["rhk"][0]["iki"]}
    assert agregasi == {"docs": "jumlah", "uptime": "rata_rata", "spbe": "terakhir",
                        "bpk": "jumlah", "wkt": "terakhir"}  # fmt: skip
    stored = admin.get(f"/cycles/{nip}/{YEAR}/skp")["content"]["rhk"][0]["iki"]
    assert {i["id"]: i["target"]["agregasi"] for i in stored} == agregasi
    # a kualitas target where less is better is accepted at submission
    assert me.post(f"/cycles/{nip}/{YEAR}/skp/submit")["status"] == "done"

    bad = levels_skp()
    bad["rhk"][0]["iki"][0]["target"]["agregasi"] = "median"
    error = refused(me.put, f"/cycles/{nip}/{YEAR}/skp", bad)
    assert error.status == 422
    assert "agregasi" in str(error.body["error"]["details"])


def test_the_openapi_document_shows_the_new_fields(stack):
    spec = call(stack.url, "GET", "/openapi.json").json
    schemas = spec["components"]["schemas"]
    target = schemas["Target"]["properties"]
    assert [v for v in target["agregasi"]["enum"] if v] == [
        "jumlah", "rata_rata", "terakhir", "maksimum", "minimum"
    ]  # fmt: skip
    assert "rating_perilaku" in schemas["PerilakuIn"]["properties"]  # rate_perilaku, rate_annual
    assert "tmt_jabatan" in schemas["EmployeeIn"]["properties"]
    assert {"tmt_jabatan", "riwayat_jabatan"} <= set(schemas["EmployeeOut"]["properties"])


# --- 3. angka kredit for part of a year: the jabatan's TMT ------------------------------------


def test_an_employee_carries_the_tmt_of_their_jabatan_and_a_promotion_keeps_the_jenjang_left(
    stack, admin, people
):
    nip = next(n for n, p in people.items() if p["position"] == "Pranata Komputer")
    url, key = stack.url, stack.sample.admin_key
    shown = admin.get(f"/employees/{nip}")
    assert shown["tmt_jabatan"] is None and shown["riwayat_jabatan"] == []
    etag = call(url, "GET", f"/employees/{nip}", key).headers["ETag"]
    change = {"jenjang": "ahli_muda", "tmt_jabatan": "2026-07-01"}
    promoted = call(url, "PATCH", f"/employees/{nip}", key, change, If_Match=etag)
    assert promoted.status == 200, promoted.json
    assert promoted.json["tmt_jabatan"] == "2026-07-01"
    assert promoted.json["riwayat_jabatan"] == [
        {"jenjang": "ahli_pertama", "tmt": None, "until": "2026-06-30"}
    ]
    etag = promoted.headers["ETag"]
    bad = call(url, "PATCH", f"/employees/{nip}", key, {"tmt_jabatan": "1 Juli"}, If_Match=etag)
    assert bad.status == 422 and "tmt_jabatan" in bad.json["error"]["details"]
    # a new PPPK appointed in November is created with the contract's start
    body = {"nip": "199203152019032004", "name": "Sari Dewi", "unit_id": "dinkes",
            "asn_kind": "pppk", "position_kind": "fungsional", "position": "Perawat",
            "jenjang": "terampil", "tmt_jabatan": "2026-11-01"}  # fmt: skip
    assert admin.post("/employees", body)["tmt_jabatan"] == "2026-11-01"


def test_an_import_sets_the_tmt_jabatan(stack, admin):
    from tests.functional.test_imports import EMPLOYEES, UNITS, upload

    upload(admin, "units", UNITS)
    rows = [[*EMPLOYEES[0], "TMT Jabatan"], *[[*row, None] for row in EMPLOYEES[1:]]]
    rows[3][-1] = "01/10/2026"  # Yoga, a PPPK Perencana whose contract began in October
    assert upload(admin, "employees", rows)["counts"]["created"] == 3
    assert admin.get("/employees/199208202019031005")["tmt_jabatan"] == "2026-10-01"
