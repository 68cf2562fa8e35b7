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


PPPK_NIP = "199203032022211005"  # BKN's form: 2022, work agreement 21, male, no. 5


def test_a_pppk_number_as_bkn_issues_it_is_taken_and_the_pns_rule_kept(admin, send):
    created = send("POST", "/employees", employee(PPPK_NIP, asn_kind="pppk"))
    assert created.status == 201, created.json
    read = send("GET", f"/employees/{PPPK_NIP}")
    to_pns = send("PATCH", f"/employees/{PPPK_NIP}", {"asn_kind": "pns"},
                  If_Match=read.headers["ETag"])  # fmt: skip
    assert to_pns.status == 422
    assert "appointment month" in " ".join(to_pns.json["error"]["details"]["nip"])
    pns = send("POST", "/employees", employee("199203032022211006", asn_kind="pns"))
    assert pns.status == 422
    assert (
        "digits 13-14 (21) are not an appointment month" in pns.json["error"]["details"]["nip"][0]
    )
    # a PPPK may be named as someone's penilai
    penilai = send("POST", "/employees", employee("199505052021011002", penilai_nip=PPPK_NIP))
    assert penilai.status == 201, penilai.json


def test_the_api_and_the_import_keep_one_rule_a_jpt_is_a_pns(admin, send):
    jpt = employee(asn_kind="pppk", position_kind="jpt", jenjang=None, position="Kepala Dinas")
    refused = send("POST", "/employees", jpt)
    assert refused.status == 422
    assert refused.json["error"]["details"] == {"asn_kind": ["a JPT is held by a PNS"]}

    upload(admin, "units", UNITS)
    header = ["NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan", "Jenjang"]
    rows = [header, [PPPK_NIP, "Yoga Pratama", "bappeda", "PPPK", "Fungsional", "Perencana",
                     "Ahli Pertama"]]  # fmt: skip
    assert upload(admin, "employees", rows)["status"] == "done"
    rows[1][3] = "PNS"
    problems = upload(admin, "employees", rows)["error"]["details"]["problems"]
    assert problems == [{"row": 2, "column": "NIP", "rule": "digits 13-14 (21) are not an "
                         "appointment month (a PNS NIP)"}]  # fmt: skip
    rows[1][3:7] = ["PPPK", "JPT", "Kepala Badan", None]
    problems = upload(admin, "employees", rows)["error"]["details"]["problems"]
    assert problems == [{"row": 2, "column": "Jenis ASN", "rule": "a JPT is held by a PNS"}]
