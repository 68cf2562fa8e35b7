"""A workflow draft carries the settings its definition depends on (periods, task deadlines,
SKP returns): checked by the settings API's rules naming the field, validated with, published
with the ASL in one transaction (a refused publish changes nothing), recorded by the version,
restored by a rollback and shown by the diff."""

from __future__ import annotations

import pytest

from tests.functional.raw_http import call

YEAR = 2026
MONTHLY = {"policy": {"frequency": "bulanan"}, "task_days": {"approve_skp": 3}}


@pytest.fixture
def send(stack):
    def send_(method, path, body=None, **headers):
        return call(stack.url, method, path, stack.sample.admin_key, body, **headers)

    return send_


def _settings(send) -> tuple[str, int]:
    shown = send("GET", "/settings").json
    return shown["policy"]["frequency"], shown["task_days"]["approve_skp"]


@pytest.mark.parametrize(
    ("carried", "field"),
    [
        ({"policy": {"frequency": "tahunan"}}, "settings.policy.frequency"),
        ({"policy": {"max_skp_returns": 9}}, "settings.policy.max_skp_returns"),
        ({"policy": {"use_weights": True}}, "settings.policy.use_weights"),
        ({"task_days": {"approve_skp": 0}}, "settings"),
        ({"task_days": {"menari": 3}}, "settings"),
    ],
)
def test_a_draft_refuses_a_bad_setting_naming_it(send, carried, field):
    answer = send("POST", "/workflow/drafts", {"name": "salah", "settings": carried})
    assert answer.status == 422, answer.json
    assert any(name.startswith(field) for name in answer.json["error"]["details"]), answer.json
    assert not send("GET", "/workflow/drafts").json  # nothing stored


def test_a_draft_publishes_its_settings_with_it_and_a_rollback_restores_them(send, admin):
    made = send("POST", "/workflow/drafts", {"name": "bulanan", "settings": MONTHLY})
    assert made.status == 201 and made.json["settings"] == MONTHLY
    path = f"/workflow/drafts/{made.json['draft_id']}"

    checked = send("POST", f"{path}/validate").json
    assert checked["valid"], checked["faults"]
    assert checked["settings"]["policy"] == {"frequency": "bulanan", "max_skp_returns": 3}
    assert checked["settings"]["task_days"]["approve_skp"] == 3
    assert checked["settings"]["task_days"]["draft_skp"] == 14  # the tenant's own
    assert _settings(send) == ("triwulan", 7)  # a draft changes nothing yet

    published = send("POST", f"{path}/publish", {"note": "periode bulanan"}).json
    assert published["version"] == 2 and published["settings"]["policy"]["frequency"] == "bulanan"
    assert _settings(send) == ("bulanan", 3)
    entries = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31")
    change = next(e for e in entries if e["action"] == "tenant.settings")
    assert change["after"] == {"policy": {"frequency": "bulanan"}, "task_days": {"approve_skp": 3}}

    again = send("POST", f"{path}/publish", {"note": "sekali lagi"})
    assert again.status == 409 and "version 2" in again.json["error"]["message"]

    diff = send("GET", "/workflow/diff?base=1&other=2").json
    assert diff["diff"] == ""  # the same ASL: only the settings differ
    assert diff["settings"] == [
        {"setting": "policy.frequency", "base": "triwulan", "other": "bulanan"},
        {"setting": "task_days.approve_skp", "base": 7, "other": 3},
    ]

    back = send("POST", "/workflow/rollback", {"version": 1, "note": "kembali triwulan"})
    assert back.status == 200, back.json
    assert _settings(send) == ("triwulan", 7)
    assert send("GET", "/workflow/versions/1").json["settings"]["policy"]["frequency"] == "triwulan"


def test_a_refused_publish_writes_no_setting(send):
    draft = send("POST", "/workflow/drafts", {"name": "rusak", "settings": MONTHLY}).json
    path = f"/workflow/drafts/{draft['draft_id']}"
    broken = {**draft["definition"], "StartAt": "Tidak"}
    put = send("PUT", path, {"name": "rusak", "definition": broken, "settings": MONTHLY},
               If_Match=draft["etag"])  # fmt: skip
    assert put.status == 200 and put.json["settings"] == MONTHLY
    refused = send("POST", f"{path}/publish", {"note": "tidak sah"})
    assert refused.status == 422
    assert _settings(send) == ("triwulan", 7)
    assert [v["version"] for v in send("GET", "/workflow/versions").json] == [1]


def test_validation_bounds_the_skp_return_loop_by_the_drafts_returns(send):
    once = {"policy": {"max_skp_returns": 1}}
    made = send("POST", "/workflow/drafts", {"name": "sekali", "settings": once})
    checked = send("POST", f"/workflow/drafts/{made.json['draft_id']}/validate").json
    assert "an SKP returned at most 1 times" in checked["estimates"]["assumptions"]
    default = send("POST", "/workflow/drafts", {"name": "bawaan"}).json
    checked = send("POST", f"/workflow/drafts/{default['draft_id']}/validate").json
    assert "an SKP returned at most 3 times" in checked["estimates"]["assumptions"]
