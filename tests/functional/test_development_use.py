"""Competency development from need to use, through the API: the needs a plan should answer
(the 9-box action, coaching, competency gaps), activities reported by webhook, the penilai's
confirmation that a competency is used with the RHK's capaian before and after, the policy
documents, and the regency's report along the ASN Achievement Award's four indicators as JSON
and XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from functions.local import workers as dispatch
from functions.store.repository import TenantRepository
from tests.functional.raw_http import call
from tests.functional.test_webhooks import deliver, settled

YEAR = 2026
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def send(stack):
    def send_(method, path, body=None, key=None, **headers):
        return call(stack.url, method, path, key or stack.sample.admin_key, body, **headers)

    return send_


@pytest.fixture
def member(people):
    """A member of dinkes with a penilai."""
    return next(
        n
        for n, p in sorted(people.items())
        if p["unit"] == "dinkes" and p["penilai"] and people[p["penilai"]]["unit"] == "dinkes"
    )


@pytest.fixture
def repo(stack):
    return TenantRepository(stack.sample.tenant_id)


def test_needs_come_from_the_9box_action_coaching_and_competency_gaps(admin, repo, member, send):
    employee = repo.employee(member)
    employee.potensi_scores = {"manajerial": 55, "sosial_kultural": 72, "teknis": 90}
    employee.save()
    repo.new_decision(
        member,
        YEAR - 1,
        predikat="butuh_perbaikan",
        box=3,
        actions=[
            "bimbingan kinerja",
            "konseling kinerja",
            "competency development",
            "fitting placement",
        ],
    ).save()
    repo.new_coaching(
        member,
        YEAR,
        1,
        "t-coach",
        coaching_kind="bimbingan",
        held_on="2026-03-20",
        by_nip="x",
        findings="Laporan terlambat",
        rhk_ids=["r1"],
        follow_ups=[{"outcome": "not_improved"}],
    ).save()
    found = admin.get(f"/employees/{member}/development/{YEAR}/needs")
    by_source = {}
    for need in found["needs"]:
        by_source.setdefault(need["source"], []).append(need)
    assert [n["reason"] for n in by_source["nine_box"]] == [
        "9-box 3 (2025): bimbingan kinerja",
        "9-box 3 (2025): konseling kinerja",
        "9-box 3 (2025): competency development",
    ]
    assert all(n["priority"] == "high" for n in by_source["nine_box"])
    coaching = by_source["coaching"][0]
    assert coaching["rhk_ids"] == ["r1"] and coaching["priority"] == "high"
    assert "not_improved" in coaching["reason"] and coaching["kinds"] == ["coaching", "mentoring"]
    gaps = by_source["competency"]
    assert [(g["competency"], g["gap"], g["priority"]) for g in gaps] == [
        ("manajerial", 25, "high"),
        ("sosial_kultural", 8, "normal"),
    ]
    assert [n["priority"] for n in found["needs"]] == sorted(
        (n["priority"] for n in found["needs"]), key=["high", "normal"].index
    )
    assert found["unanswered"] == len(found["needs"])
    plan = {
        "activities": [
            {
                "kind": "mentoring",
                "title": "Mentoring penyusunan laporan",
                "hours": 6,
                "rhk_id": "r1",
            }
        ]
    }
    assert send("PUT", f"/employees/{member}/development/{YEAR}/plan", plan).status == 200
    after = admin.get(f"/employees/{member}/development/{YEAR}/needs")
    answered = [n["source"] for n in after["needs"] if n["planned"]]
    assert sorted(answered) == ["coaching", "nine_box", "nine_box"]
    assert (
        admin.get(f"/employees/{member}/development/{YEAR}")["plan"]["activities"][0]["rhk_id"]
        == "r1"
    )


def _skp_with_capaian(repo, nip: str) -> None:
    """An approved SKP with RHK r1 (two IKI) and its capaian in periods 1 and 3."""
    content = {
        "rhk": [{"id": "r1", "text": "Layanan tepat waktu", "iki": [{"id": "a"}, {"id": "b"}]}]
    }
    repo.new_skp(nip, YEAR, status="disetujui", content=content).save()
    repo.new_assessment(
        nip, YEAR, 1, capaian={"a": 70, "b": 80}, judgements={"r1": "di_bawah"}
    ).save()
    repo.new_assessment(
        nip, YEAR, 3, capaian={"a": 100, "b": 104}, judgements={"r1": "sesuai"}
    ).save()


def test_the_penilai_confirms_use_and_sees_the_rhk_before_and_after(
    admin, repo, people, member, send
):
    _skp_with_capaian(repo, member)
    done = {
        "kind": "pelatihan_klasikal",
        "title": "Manajemen Layanan Publik",
        "hours": 16,
        "cost": 2500000,
        "done_on": "2026-05-12",
        "rhk_id": "r1",
    }
    record = admin.post(f"/employees/{member}/development/{YEAR}/records", done)
    assert record["rhk_id"] == "r1" and record["use"] is None
    path = f"/employees/{member}/development/{YEAR}/records/{record['record_id']}/use"
    penilai = people[member]["penilai"]
    assert send("PUT", path, {"used": True}, key=people[member]["key"]).status == 403
    confirmed = send(
        "PUT", path, {"used": True, "note": "Diterapkan pada loket"}, key=people[penilai]["key"]
    )
    assert confirmed.status == 200, confirmed.json
    use = confirmed.json["use"]
    assert use["used"] is True and use["by"].endswith(penilai) and use["on"] == "2026-01-01"
    effect = confirmed.json["rhk_effect"]
    assert effect["rhk"] == "Layanan tepat waktu"
    assert effect["before"] == {"period": 1, "capaian": 75, "judgement": "di_bawah"}
    assert effect["after"] == {"period": 3, "capaian": 102, "judgement": "sesuai"}
    assert effect["change"] == 27
    shown = admin.get(f"/employees/{member}/development/{YEAR}")["records"][0]
    assert shown["use"]["note"] == "Diterapkan pada loket" and shown["rhk_effect"]["change"] == 27
    other = admin.post(
        f"/employees/{member}/development/{YEAR}/records", {**done, "title": "Lain", "rhk_id": "r9"}
    )
    records = admin.get(f"/employees/{member}/development/{YEAR}")["records"]
    stray = next(r for r in records if r["record_id"] == other["record_id"])
    assert stray["rhk_effect"]["note"] == "RHK r9 is not in the SKP of 2026"
    assert send("PUT", path.replace(record["record_id"], "nope"), {"used": True}).status == 404
    assert send("PUT", path, {"note": "tanpa jawaban"}).json["error"]["details"] == {
        "used": ["Missing data for required field."]
    }
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-01-01&person={member}")
    assert "development.use" in [e["action"] for e in trail]


MAPPING = {
    "events": {
        "pelatihan.selesai": {
            "action": "development.record",
            "fields": {
                "nip": "data.nip",
                "kind": "data.jenis",
                "title": "data.judul",
                "hours": "data.jp",
                "date": "data.tanggal",
                "certificate_url": "data.sertifikat",
                "cost": "data.biaya",
            },
        }
    }
}


def _notice(nip: str, **extra) -> dict:
    data = {
        "nip": nip,
        "jenis": "e_learning",
        "judul": "Literasi Digital ASN",
        "jp": 10,
        "tanggal": "2026-04-02",
        "sertifikat": "https://lms.example.go.id/s/9",
        **extra,
    }
    return {"type": "pelatihan.selesai", "data": data}


def test_a_learning_system_reports_an_activity_by_webhook_once(stack, admin, member):
    admin.put("/webhooks/sources/eoffice/mapping", MAPPING)
    deliver(stack, _notice(member), msg_id="msg_dev1")
    first = settled(admin, "msg_dev1")
    assert first["status"] == "applied", first
    assert first["result"]["action"] == "development.record" and first["result"]["hours"] == 10
    deliver(stack, _notice(member), msg_id="msg_dev2")  # the same notice under another id
    again = settled(admin, "msg_dev2")
    assert again["status"] == "applied" and again["result"]["duplicate"] is True
    records = admin.get(f"/employees/{member}/development/{YEAR}")["records"]
    assert [(r["source"], r["hours"]) for r in records] == [("webhook:eoffice", 10)]
    deliver(stack, _notice(member, jp=0, jenis="seminar"), msg_id="msg_dev3")
    bad = settled(admin, "msg_dev3")
    assert bad["status"] == "dead" and bad["reason"].startswith("invalid_payload")
    assert "kind" in bad["reason"] and "hours" in bad["reason"]
    assert dispatch.drain(30)


POLICY = {
    "title": "Peraturan Bupati tentang Pengembangan Kompetensi ASN",
    "number": "Perbup 12/2025",
    "issued_on": "2025-06-30",
    "url": "https://jdih.sukamaju.go.id/perbup-12-2025",
}


def test_policy_documents_are_kept_changed_and_removed(admin, send, stack):
    made = send("POST", "/development/policies", POLICY)
    assert made.status == 201 and made.json["digital"] is False
    pid = made.json["policy_id"]
    digital = admin.post(
        "/development/policies",
        {
            **POLICY,
            "title": "SE Literasi Digital",
            "number": "SE 3/2026",
            "issued_on": "2026-02-01",
            "digital": True,
        },
    )
    assert [p["number"] for p in admin.get("/development/policies")] == [
        "Perbup 12/2025",
        "SE 3/2026",
    ]
    changed = send("PUT", f"/development/policies/{pid}", {**POLICY, "number": "Perbup 13/2025"})
    assert changed.status == 200 and changed.json["number"] == "Perbup 13/2025"
    bad = send("POST", "/development/policies", {**POLICY, "url": "jdih", "issued_on": "x"})
    assert bad.status == 422 and set(bad.json["error"]["details"]) == {"url", "issued_on"}
    auditor = stack.sample.auditor_key
    assert send("GET", "/development/policies", key=auditor).status == 200
    assert send("POST", "/development/policies", POLICY, key=auditor).status == 403
    assert send("DELETE", f"/development/policies/{digital['policy_id']}").status == 204
    assert send("DELETE", f"/development/policies/{digital['policy_id']}").status == 404
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-01-01")
    actions = [e["action"] for e in trail if e["item"].startswith("development_policy/")]
    assert sorted(actions) == [
        "development_policy.create",
        "development_policy.create",
        "development_policy.delete",
        "development_policy.update",
    ]


def test_the_report_counts_the_four_indicators_per_unit_as_json_and_xlsx(
    admin, people, member, send
):
    admin.post("/development/policies", {**POLICY, "digital": True})
    admin.post(
        "/development/policies", {**POLICY, "number": "Perbup 1/2027", "issued_on": "2027-01-05"}
    )  # later: not in 2026
    dinkes = [n for n, p in people.items() if p["unit"] == "dinkes"]
    other = next(n for n in dinkes if n != member)
    plan = {
        "activities": [
            {"kind": "pelatihan_klasikal", "title": "Kepemimpinan", "hours": 20, "cost": 4000000}
        ]
    }
    admin.put(f"/employees/{member}/development/{YEAR}/plan", plan)
    base = {"kind": "pelatihan_klasikal", "hours": 12, "cost": 1500000}
    one = admin.post(
        f"/employees/{member}/development/{YEAR}/records",
        {**base, "title": "Kepemimpinan", "done_on": "2026-03-01", "hours": 20, "cost": 3000000},
    )
    two = admin.post(
        f"/employees/{other}/development/{YEAR}/records",
        {**base, "title": "Teknis", "done_on": "2026-03-02", "digital": True},
    )
    admin.post(
        f"/employees/{other}/development/{YEAR}/records",
        {**base, "title": "Teknis 2", "done_on": "2026-03-03", "cost": None},
    )
    for record, nip, used in ((one, member, True), (two, other, False)):
        path = f"/employees/{nip}/development/{YEAR}/records/{record['record_id']}/use"
        admin.put(path, {"used": used})
    found = admin.get(f"/development/report?year={YEAR}")
    assert found["target"] == 20
    assert [p["number"] for p in found["policies"]] == ["Perbup 12/2025"]
    assert found["indicators"] == {
        "policy_documents": 1,
        "digital_policy_documents": 1,
        "activities": 3,
        "hours": 44,
        "employees_reached": 2,
        "employees": len(people),
        "budget_planned": 4000000,
        "budget_spent": 4500000,
        "utilisation": round(1 / 3, 4),
    }
    unit = next(u for u in found["units"] if u["unit_id"] == "dinkes")
    assert unit["employees"] == len(dinkes) and unit["reached"] == 2
    assert (unit["planned_activities"], unit["planned_hours"], unit["planned_cost"]) == (
        1,
        20,
        4000000,
    )
    assert (unit["activities"], unit["hours"], unit["digital_hours"], unit["spent"]) == (
        3,
        44,
        12,
        4500000,
    )
    assert (unit["used"], unit["not_used"], unit["unconfirmed"]) == (1, 1, 1)
    assert unit["absorption"] == 1.125 and unit["utilisation"] == round(1 / 3, 4)
    quiet = next(u for u in found["units"] if u["unit_id"] == "disdik")
    assert quiet["activities"] == 0 and quiet["utilisation"] is None
    assert found["total"]["activities"] == 3

    for answer in (
        send("GET", f"/development/report?year={YEAR}&format=xlsx"),
        send("GET", f"/development/report?year={YEAR}", Accept=XLSX),
    ):
        assert answer.status == 200 and answer.headers["Content-Type"] == XLSX
        assert "pengembangan-kompetensi-2026.xlsx" in answer.headers["Content-Disposition"]
        book = load_workbook(io.BytesIO(answer.raw), read_only=True)
        assert book.sheetnames == ["Ringkasan 2026", "Kebijakan", "Unit Kerja"]
        summary = list(book["Ringkasan 2026"].iter_rows(values_only=True))
        assert summary[0] == ("Indikator", "Ukuran", "Nilai")
        assert summary[-1][0] == "4. Pemanfaatan hasil pengembangan"
        assert summary[-1][2] == round(1 / 3, 4)
        units = list(book["Unit Kerja"].iter_rows(values_only=True))
        row = next(r for r in units if r[0] == "dinkes")
        assert row[6:8] == (3, 44) and units[-1][1] == "Jumlah"
        policies = list(book["Kebijakan"].iter_rows(values_only=True))
        assert policies[1][:2] == (POLICY["title"], "Perbup 12/2025")
    assert send("GET", f"/development/report?year={YEAR}&format=pdf").status == 422
    assert send("GET", "/development/report").status == 422
    member_key = people[member]["key"]
    assert send("GET", f"/development/report?year={YEAR}", key=member_key).status == 403
