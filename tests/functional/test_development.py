"""Competency development through the API: an employee's yearly plan edited on the version
read, activities done with their certificates, the hours reached against the tenant's target
(policy development_hours, 20 JP by default) per employee and per unit."""

from __future__ import annotations

import pytest

from tests.functional.raw_http import call

YEAR = 2026


@pytest.fixture
def send(stack):
    def send_(method, path, body=None, key=None, **headers):
        return call(stack.url, method, path, key or stack.sample.admin_key, body, **headers)

    return send_


def staff_of(people, unit: str) -> list[str]:
    return [nip for nip, p in people.items() if p["unit"] == unit]


PLAN = {
    "activities": [
        {"kind": "pelatihan_klasikal", "title": "Pelatihan Kepemimpinan Pengawas", "hours": 12,
         "cost": 3500000, "provider": "BPSDM Provinsi", "planned_on": "2026-03-10"},
        {"kind": "e_learning", "title": "Literasi Data", "digital": True, "hours": 8},
    ]
}  # fmt: skip


def test_a_plan_is_set_and_changed_only_on_the_version_read(admin, people, send):
    nip = staff_of(people, "dinkes")[0]
    path = f"/employees/{nip}/development/{YEAR}"
    empty = send("GET", path)
    assert empty.status == 200 and empty.json["plan"] is None and empty.json["records"] == []
    assert empty.json["hours"] == {"done": 0, "digital": 0, "target": 20, "reached": False,
                                   "remaining": 20}  # fmt: skip
    made = send("PUT", f"{path}/plan", PLAN)
    assert made.status == 200 and made.json["plan"]["planned_hours"] == 20
    assert made.json["plan"]["activities"][0]["planned_on"] == "2026-03-10"
    assert made.json["plan"]["activities"][1]["digital"] is True
    etag = made.headers["ETag"]
    assert send("GET", path).headers["ETag"] == etag
    again = {"activities": PLAN["activities"][:1]}
    assert send("PUT", f"{path}/plan", again).status == 428
    changed = send("PUT", f"{path}/plan", again, If_Match=etag)
    assert changed.status == 200 and changed.json["plan"]["planned_hours"] == 12
    assert send("PUT", f"{path}/plan", PLAN, If_Match=etag).status == 412
    bad = send("PUT", f"{path}/plan", {"activities": [{"kind": "seminar", "title": "X",
                                                        "hours": 0}]})  # fmt: skip
    assert bad.status == 422
    fields = bad.json["error"]["details"]["activities"]["0"]
    assert set(fields) == {"kind", "hours"}
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-01-01&person={nip}")
    assert [e["action"] for e in trail if e["item"] == f"development/{nip}/{YEAR}"] == [
        "development.plan",
        "development.plan",
    ]


def test_records_count_hours_against_the_target_per_employee_and_unit(admin, people, send):
    first, second, *rest = staff_of(people, "dinkes")
    done = {"kind": "pelatihan_klasikal", "title": "Pelatihan Teknis Imunisasi", "hours": 16,
            "done_on": "2026-02-20", "certificate_url": "https://lms.example.go.id/sertifikat/77",
            "provider": "Bapelkes"}  # fmt: skip
    record = send("POST", f"/employees/{first}/development/{YEAR}/records", done)
    assert record.status == 201 and record.json["source"] == "api" and record.json["hours"] == 16
    assert send("POST", f"/employees/{first}/development/{YEAR}/records", done).status == 409
    digital = {"kind": "e_learning", "title": "Keamanan Siber Dasar", "digital": True,
               "hours": 4.5, "done_on": "2026-03-01"}  # fmt: skip
    admin.post(f"/employees/{first}/development/{YEAR}/records", digital)
    admin.post(f"/employees/{second}/development/{YEAR}/records", {**digital, "hours": 2})
    shown = admin.get(f"/employees/{first}/development/{YEAR}")
    assert [r["title"] for r in shown["records"]] == [done["title"], digital["title"]]
    assert shown["records"][0]["certificate_url"] == done["certificate_url"]
    assert shown["hours"] == {"done": 20.5, "digital": 4.5, "target": 20, "reached": True,
                              "remaining": 0}  # fmt: skip
    unit = admin.get(f"/units/dinkes/development?year={YEAR}")
    by_nip = {e["nip"]: e for e in unit["employees"]}
    assert set(by_nip) == {first, second, *rest}
    assert by_nip[first]["reached"] is True and by_nip[second]["done"] == 2
    assert by_nip[second]["remaining"] == 18
    assert unit["reached"] == 1 and unit["total"] == len(by_nip) and unit["hours"] == 22.5
    assert admin.get(f"/units/dinkes/development?year={YEAR + 1}")["reached"] == 0
    mistaken = admin.post(f"/employees/{second}/development/{YEAR}/records",
                          {**done, "title": "Salah catat"})  # fmt: skip
    path = f"/employees/{second}/development/{YEAR}/records/{mistaken['record_id']}"
    assert send("DELETE", path).status == 204
    assert send("DELETE", path).status == 404
    assert admin.get(f"/employees/{second}/development/{YEAR}")["hours"]["done"] == 2

    changed = send("GET", "/settings")
    raised = send("PATCH", "/settings", {"policy": {"development_hours": 24}},
                  If_Match=changed.headers["ETag"])  # fmt: skip
    assert raised.status == 200, raised.json
    assert admin.get(f"/employees/{first}/development/{YEAR}")["hours"]["reached"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"done_on": "2025-12-31"}, "done_on"),
        ({"certificate_url": "sertifikat saya"}, "certificate_url"),
        ({"kind": "seminar"}, "kind"),
        ({"hours": -1}, "hours"),
        ({"cost": -5}, "cost"),
    ],
)
def test_a_record_breaking_a_rule_is_refused_naming_the_field(people, send, change, field):
    nip = staff_of(people, "disdik")[0]
    body = {"kind": "coaching", "title": "Coaching oleh atasan", "hours": 2,
            "done_on": "2026-04-01", **change}  # fmt: skip
    answer = send("POST", f"/employees/{nip}/development/{YEAR}/records", body)
    assert answer.status == 422
    details = answer.json["error"]["details"]
    assert field in details


def test_a_pegawai_reads_their_own_development_but_not_a_stranger_s(people, send):
    nip = staff_of(people, "dinkes")[0]
    stranger = next(n for n, p in people.items()
                    if p["unit"] != "dinkes" and p["penilai"] != nip)  # fmt: skip
    key = people[nip]["key"]
    assert send("GET", f"/employees/{nip}/development/{YEAR}", key=key).status == 200
    assert send("GET", f"/employees/{stranger}/development/{YEAR}", key=key).status == 403
    assert send("GET", f"/units/dinkes/development?year={YEAR}", key=key).status == 403
    assert send("PUT", f"/employees/{nip}/development/{YEAR}/plan", PLAN, key=key).status == 403
    assert send("GET", "/employees/199203152019032004/development/2026").status == 404
