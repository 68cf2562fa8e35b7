"""What is reviewed after (and during) the year, on a team's finished cycle: the cascade of
results, data quality per SKP and per unit, and the SIASN export."""

import csv
import io
import urllib.request

from functions.store.repository import TenantRepository

from .conftest import refused
from .test_cycle import YEAR


def test_the_matriks_shows_which_subordinate_rhk_carry_each_rhk(finished, api, admin, people):
    (head, *reports), demo = finished
    matriks = api.as_(people[head]["key"]).get(f"/cycles/{head}/{YEAR}/matriks")
    assert [r["rhk_id"] for r in matriks["rhk"]] == [r["id"] for r in demo.skp[head]["rhk"]]
    for rhk in matriks["rhk"]:
        carried = {(s["nip"], s["rhk_id"]) for s in rhk["supported_by"]}
        expected = {
            (nip, r["id"])
            for nip in reports
            for r in demo.skp[nip]["rhk"]
            if r["rhk_atasan_id"] == rhk["rhk_id"]
        }
        assert carried == expected
    assert matriks["unsupported"] == [r["rhk_id"] for r in matriks["rhk"] if not r["supported_by"]]
    refused(lambda: api.as_(people[reports[0]]["key"]).get(f"/cycles/{head}/{YEAR}/matriks"), 403)

    cascade = admin.get(f"/units/bkpsdm/matriks?year={YEAR}")
    assert cascade["leader"] == head
    assert cascade["matriks"][0]["nip"] == head
    below = [tier["nip"] for tier in cascade["matriks"][1:]]
    assert set(below) <= {n for n, p in people.items() if p["unit"] == "bkpsdm"}
    refused(lambda: admin.get(f"/units/nowhere/matriks?year={YEAR}"), 404)


def test_data_quality_per_skp_and_as_a_unit_worksheet(stack, finished, admin):
    nips, _ = finished
    assert admin.get(f"/cycles/{nips[1]}/{YEAR}/quality") == {
        "nip": nips[1], "year": YEAR, "clean": True, "findings": []
    }  # fmt: skip
    # A realisation that arrived without evidence (e.g. from an e-office import).
    repo = TenantRepository(stack.sample.tenant_id)
    iki = repo.realisasi(nips[2], YEAR, 1)[0]
    repo.new_realisasi(
        nips[2], YEAR, 1, "extra", rhk_id=iki.rhk_id, value=1, reported_by=nips[2]
    ).save()

    sheet = admin.get(f"/units/bkpsdm/quality?year={YEAR}")
    assert sheet["checked"] == 3 and sheet["clean"] == 2
    assert (
        sheet["counts"]["realisasi_without_bukti"] == sheet["counts"]["realisasi_unknown_iki"] == 1
    )
    assert {(r["nip"], r["check"], tuple(r["items"])) for r in sheet["rows"]} == {
        (nips[2], "realisasi_without_bukti", ("extra@1",)),
        (nips[2], "realisasi_unknown_iki", ("extra@1",)),
    }
    request = urllib.request.Request(
        f"{stack.url}/units/bkpsdm/quality?year={YEAR}&format=csv",
        headers={"Authorization": f"Bearer {stack.sample.admin_key}"},
    )
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.read().decode())))
    assert [(r["nip"], r["check"], r["items"]) for r in rows] == [
        (r["nip"], r["check"], "; ".join(r["items"])) for r in sheet["rows"]
    ]
    error = refused(lambda: admin.get(f"/units/bkpsdm/quality?year={YEAR}&format=pdf"), 422)
    assert "format" in error["details"]


def test_periodic_results_export_in_siasn_shape(stack, finished, api, admin, people):
    nips, _ = finished
    head, nip = nips[0], nips[1]
    record = api.as_(people[nip]["key"]).get(f"/cycles/{nip}/{YEAR}/siasn?period=2")
    assert (record["bulanMulaiPenilaian"], record["bulanSelesaiPenilaian"]) == (4, 6)
    assert record["periodikId"] == 2 and record["tahun"] == YEAR  # triwulan
    assert record["penilaiNipNrp"] == head and record["penilaiNama"] == people[head]["name"]
    cycle = admin.get(f"/cycles/{nip}/{YEAR}")
    quarter = next(a for a in cycle["assessments"] if a["period"] == 2)
    codes = {"di_atas": 1, "sesuai": 2, "di_bawah": 3}
    assert record["hasilKinerjaNilai"] == codes[quarter["rating_hasil_kerja"]]
    assert record["perilakuKerjaNilai"] == codes[quarter["rating_perilaku"]]
    error = refused(lambda: admin.get(f"/cycles/{nip}/{YEAR}/siasn?period=5"), 422)
    assert "period" in error["details"]

    repo = TenantRepository(stack.sample.tenant_id)
    employee = repo.employee(nips[2])
    employee.siasn_id = None
    employee.save()
    export = admin.get(f"/exports/siasn?year={YEAR}&period=2")
    assert sorted(r["nip"] for r in export["records"]) == sorted(nips[:2])
    assert [(o["nip"], o["field"]) for o in export["left_out"]] == [(nips[2], "siasn_id")]
    assert export["left_out"][0]["rule"].startswith("SIASN's id of the person rated")
    refused(lambda: api.as_(people[nip]["key"]).get(f"/exports/siasn?year={YEAR}&period=2"), 403)


def test_the_unit_ranking_9_box_and_succession_follow_the_decisions(finished, api, admin, people):
    nips, _ = finished
    talent = admin.get(f"/units/bkpsdm/talent?year={YEAR}")
    decisions = {nip: admin.get(f"/cycles/{nip}/{YEAR}")["decision"] for nip in nips}
    assert talent["pending"] == []
    assert sorted(r["nip"] for r in talent["ranking"]) == sorted(nips)
    assert talent["ranking"][0]["position"] == 1
    order = ["sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"]
    ranks = [order.index(r["predikat"]) for r in talent["ranking"]]
    assert ranks == sorted(ranks, reverse=True)
    for row in talent["ranking"]:
        assert row["box"] == decisions[row["nip"]]["box"]
        assert row["nip"] in talent["nine_box"][str(row["box"])]
    assert [s["nip"] for s in talent["succession"]] == [
        nip for box in ("9", "8", "7") for nip in talent["nine_box"][box]
    ]
    for flag, holders in talent["flags"].items():
        assert all(flag in decisions[nip]["flags"] for nip in holders)
    refused(lambda: api.as_(people[nips[0]]["key"]).get(f"/units/bkpsdm/talent?year={YEAR}"), 403)
