"""What an employee record carries for BKN: SIASN's id of the person and the golongan, set by
the API and by the import; and the NIP rule, one for both."""

from __future__ import annotations

import json

import pytest

from tests.functional.raw_http import call
from tests.functional.test_imports import UNITS, as_csv

NEW_NIP = "199203152019032004"
SIASN_ID = "A8ACA7397AEB3912E040640A040269BB"


@pytest.fixture
def send(stack):
    def send_(method, path, body=None, key=None, **headers):
        return call(stack.url, method, path, key or stack.sample.admin_key, body, **headers)

    return send_


def employee(nip=NEW_NIP, **changes) -> dict:
    body = {
        "nip": nip, "name": "Sari Dewi", "unit_id": "dinkes", "asn_kind": "pns",
        "position_kind": "fungsional", "position": "Perawat", "jenjang": "terampil",
    }  # fmt: skip
    return {**body, **changes}


def upload(admin, kind, rows):
    try:
        body, _ = admin.raw("POST", f"/imports/{kind}", as_csv(rows), "text/csv")
    except Exception as error:  # ApiError: the refusal's body
        return getattr(error, "body", None)
    return json.loads(body)


def test_siasn_id_and_golongan_are_set_by_the_api_and_checked(admin, send):
    created = send("POST", "/employees", employee(siasn_id=SIASN_ID, golongan="iii-b"))
    assert created.status == 201, created.json
    assert (created.json["siasn_id"], created.json["golongan"]) == (SIASN_ID, "III/b")
    read = send("GET", f"/employees/{NEW_NIP}")
    patched = send("PATCH", f"/employees/{NEW_NIP}", {"golongan": "34"},
                   If_Match=read.headers["ETag"])  # fmt: skip
    assert patched.status == 200 and patched.json["golongan"] == "III/d"  # SIASN's id read
    read = send("GET", f"/employees/{NEW_NIP}")
    pppk = send("PATCH", f"/employees/{NEW_NIP}", {"golongan": "IX"}, If_Match=read.headers["ETag"])
    assert pppk.status == 422 and "golongan" in pppk.json["error"]["details"]
    bad = send("PATCH", f"/employees/{NEW_NIP}", {"golongan": "V/a", "siasn_id": "x"},
               If_Match=read.headers["ETag"])  # fmt: skip
    assert bad.status == 422
    assert {"golongan", "siasn_id"} <= set(bad.json["error"]["details"])
    trail = admin.get(f"/audit?from=2026-01-01&to=2026-01-31&person={NEW_NIP}")
    change = next(e for e in trail if e["action"] == "employee.update")
    assert (change["before"]["golongan"], change["after"]["golongan"]) == ("III/b", "III/d")


def test_the_import_takes_siasn_id_and_golongan_columns(admin):
    upload(admin, "units", UNITS)
    rows = [
        ["NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan", "Jenjang",
         "NIP Pejabat Penilai", "PNS ID", "Gol. Ruang"],
        ["198005122005011003", "Slamet Riyadi", "bappeda", "PNS", "JPT", "Kepala Badan", None,
         None, SIASN_ID, "IV/c"],
        ["199208202019031005", "Yoga Pratama", "bappeda-eko", "PPPK", "Fungsional",
         "Perencana", "Ahli Pertama", "198005122005011003", None, "ix"],
    ]  # fmt: skip
    done = upload(admin, "employees", rows)
    assert done["status"] == "done", done
    slamet = admin.get("/employees/198005122005011003")
    assert (slamet["siasn_id"], slamet["golongan"]) == (SIASN_ID, "IV/c")
    assert admin.get("/employees/199208202019031005")["golongan"] == "IX"

    rows[2][9] = "III/a"  # a PNS golongan for a PPPK
    refused = upload(admin, "employees", rows)
    assert refused["error"]["details"]["problems"] == [
        {"row": 3, "column": "Golongan", "rule": "III/a is a PNS golongan, not a PPPK one"}
    ]
