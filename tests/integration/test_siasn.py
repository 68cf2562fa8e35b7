"""The SIASN export for a regency whose people came through the API: what is missing is named
per employee, the penilai's golongan and status and the koefisien are filled, and the year's
result is exported as it stands after a revision — on a team's whole year."""

from __future__ import annotations

from functions.local.client import ApiError
from tests.functional.raw_http import call

from .test_cycle import YEAR

SIASN_ID = "A8ACA7397AEB3912E040640A040269BB"
CODES = {"di_atas": 1, "sesuai": 2, "di_bawah": 3}
PREDIKAT = {"sangat_baik": 1, "baik": 2, "butuh_perbaikan": 3, "kurang": 4, "sangat_kurang": 5}


def patch(stack, nip: str, changes: dict) -> dict:
    read = call(stack.url, "GET", f"/employees/{nip}", stack.sample.admin_key)
    done = call(stack.url, "PATCH", f"/employees/{nip}", stack.sample.admin_key, changes,
                If_Match=read.headers["ETag"])  # fmt: skip
    assert done.status == 200, done.json
    return done.json


def test_what_is_missing_is_named_and_once_set_every_record_is_complete(
    stack, finished, admin, people
):
    (head, first, second), _ = finished
    patch(stack, second, {"siasn_id": None})  # as the API onboards people: no SIASN id
    patch(stack, head, {"golongan": None})  # the two reports' penilai has no golongan
    export = admin.get(f"/exports/siasn?year={YEAR}&period=2")
    assert [r["nip"] for r in export["records"]] == [head]
    missing = {o["nip"]: [m["field"] for m in o["missing"]] for o in export["left_out"]}
    assert missing == {first: ["penilai.golongan"], second: ["siasn_id", "penilai.golongan"]}
    try:
        admin.get(f"/cycles/{second}/{YEAR}/siasn?period=2")
        raise AssertionError("an incomplete record was answered")
    except ApiError as error:
        assert error.status == 422
        assert set(error.body["error"]["details"]) == {"siasn_id", "penilai.golongan"}

    patch(stack, second, {"siasn_id": SIASN_ID, "position_kind": "fungsional",
                          "jenjang": "ahli_muda"})  # fmt: skip
    patch(stack, head, {"golongan": "IV/b"})
    export = admin.get(f"/exports/siasn?year={YEAR}&period=2")
    assert export["left_out"] == []
    records = {r["nip"]: r for r in export["records"]}
    assert set(records) == {head, first, second}
    assert records[second]["pnsDinilaiId"] == SIASN_ID
    assert records[second]["koefisienId"] == "ahli_muda"  # jabatan fungsional
    assert records[first]["koefisienId"] is None
    assert records[first]["penilaiGolongan"] == records[second]["penilaiGolongan"] == "42"
    assert records[head]["penilaiGolongan"] == "43"  # the sekda's IV/c, as SIASN codes it
    assert {r["statusPenilai"] for r in records.values()} == {"ASN"}


def test_the_years_result_is_exported_after_its_revision(stack, finished, api, admin, people):
    (head, first, _), _ = finished
    boss = api.as_(people[head]["key"])
    boss.post(f"/cycles/{first}/{YEAR}/revisions", {
        "rating_hasil_kerja": "di_bawah", "rating_perilaku": "sesuai",
        "reason": "Distribusi predikat unit harus dipenuhi"})  # fmt: skip
    export = admin.get(f"/exports/siasn?year={YEAR}&period=annual")
    assert export["period"] == "annual" and export["left_out"] == []
    records = {r["nip"]: r for r in export["records"]}
    revised = records[first]
    assert (revised["hasilKinerjaNilai"], revised["perilakuKerjaNilai"]) == (3, 2)
    assert revised["kuadranKinerjaNilai"] == PREDIKAT["butuh_perbaikan"]
    assert revised["tahun"] == YEAR and revised["penilaiNipNrp"] == head
    assert revised["penilaiJabatan"] == people[head]["position"]
    assert revised["pnsDinilaiOrang"] and "bulanMulaiPenilaian" not in revised
    for nip, record in records.items():
        cycle = admin.get(f"/cycles/{nip}/{YEAR}")
        assert record["kuadranKinerjaNilai"] == PREDIKAT[cycle["predikat"]]
    own = api.as_(people[first]["key"]).get(f"/cycles/{first}/{YEAR}/siasn?period=annual")
    assert own == revised
