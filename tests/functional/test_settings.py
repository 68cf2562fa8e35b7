"""A regency's settings after onboarding: read and changed by its admin (ETag/If-Match, audited,
each field and rule named when refused), applying to cycles started afterwards."""

from __future__ import annotations

import pytest

from tests.functional.raw_http import call

YEAR = 2026


@pytest.fixture
def send(stack):
    def send_(method, path, body=None, key=None, **headers):
        return call(stack.url, method, path, key or stack.sample.admin_key, body, **headers)

    return send_


def test_an_admin_changes_settings_on_the_version_read_and_it_is_audited(admin, people, send):
    read = send("GET", "/settings")
    assert read.status == 200 and read.headers["ETag"] == f'"{read.json["version"]}"'
    assert read.json["policy"]["frequency"] == "triwulan"
    assert read.json["policy"]["public_feedback"] is True  # chosen at onboarding
    change = {"policy": {"frequency": "bulanan", "keberatan_days": 21},
              "task_days": {"approve_skp": 3}}  # fmt: skip
    assert send("PATCH", "/settings", change).status == 428
    changed = send("PATCH", "/settings", change, If_Match=read.headers["ETag"])
    assert changed.status == 200, changed.json
    assert changed.json["policy"]["frequency"] == "bulanan"
    assert changed.json["policy"]["keberatan_days"] == 21
    assert changed.json["policy"]["public_feedback"] is True  # untouched settings stay
    assert changed.json["task_days"]["approve_skp"] == 3
    assert changed.headers["ETag"] != read.headers["ETag"]
    assert admin.get("/settings")["policy"]["frequency"] == "bulanan"  # not the cached profile
    stale = send("PATCH", "/settings", {"policy": {"frequency": "triwulan"}},
                 If_Match=read.headers["ETag"])  # fmt: skip
    assert stale.status == 412 and admin.get("/settings")["policy"]["frequency"] == "bulanan"

    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-01-31")
    entry = next(e for e in trail if e["action"] == "tenant.settings")
    assert entry["before"] == {"policy": {"frequency": "triwulan", "keberatan_days": 14},
                               "task_days": {"approve_skp": 7.0}}  # fmt: skip
    assert entry["after"] == {"policy": {"frequency": "bulanan", "keberatan_days": 21},
                              "task_days": {"approve_skp": 3.0}}  # fmt: skip

    # null brings a setting back to its default
    again = send("PATCH", "/settings", {"policy": {"keberatan_days": None}},
                 If_Match=changed.headers["ETag"])  # fmt: skip
    assert again.status == 200 and again.json["policy"]["keberatan_days"] == 14
    # only an admin changes them; everyone with a tenant credential may read them
    nip = next(iter(people))
    pegawai = send("PATCH", "/settings", {"policy": {"frequency": "triwulan"}},
                   key=people[nip]["key"], If_Match=again.headers["ETag"])  # fmt: skip
    assert pegawai.status == 403
    assert send("GET", "/settings", key=people[nip]["key"]).status == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"policy": {"frequency": "mingguan"}}, "policy.frequency"),
        ({"policy": {"judge_sesuai_from": 150}}, "policy.judge_sesuai_from"),
        ({"policy": {"hasil_most_ratio": "half"}}, "policy.hasil_most_ratio"),
        ({"policy": {"no_such_setting": 1}}, "policy.no_such_setting"),
        ({"policy": {"tukin_factor": {"baik": "lots"}}}, "policy.tukin_factor.baik"),
        ({"task_days": {"draft_skp": 0}}, "task_days"),
        ({"task_days": {"lunch": 1}}, "task_days"),
    ],
)
def test_a_bad_setting_is_refused_naming_field_and_rule_and_nothing_changes(
    admin, send, change, field
):
    read = send("GET", "/settings")
    refused = send("PATCH", "/settings", change, If_Match=read.headers["ETag"])
    assert refused.status == 422, refused.json
    details = refused.json["error"]["details"]
    assert any(name.startswith(field) for name in details), details
    assert all(rules for rules in details.values())
    assert send("GET", "/settings").json == read.json


def test_a_new_frequency_applies_to_cycles_started_afterwards(admin, people, send):
    first, second = [n for n, p in people.items() if p["penilai"]][:2]
    admin.post("/cycles", {"year": YEAR, "nips": [first]})
    read = send("GET", "/settings")
    send("PATCH", "/settings", {"policy": {"frequency": "bulanan"}}, If_Match=read.headers["ETag"])
    admin.post("/cycles", {"year": YEAR, "nips": [second]})
    periods = {c["nip"]: c["periods"] for c in admin.get(f"/cycles?year={YEAR}")}
    assert periods[first] == 4  # the running cycle keeps its quarters
    assert periods[second] == 12
