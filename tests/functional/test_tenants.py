"""Onboarding, disabling, export and credentials: through the HTTP API of the embedded stack."""

from __future__ import annotations

import pytest

from functions.local.client import ApiError
from functions.store.records import Record
from tests.functional.raw_http import call


def refused(call_, *args) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call_(*args)
    return caught.value


@pytest.fixture
def platform(api, stack):
    return api.as_(stack.sample.platform_key)


def onboard(platform, name="Kota Baru Jaya", region="32.77", settings=None):
    body = {"name": name, "region_code": region}
    if settings is not None:
        body["settings"] = settings
    return platform.post("/tenants", body)


def test_an_operator_onboards_a_regency_whose_first_admin_key_works(api, platform):
    created = onboard(platform, settings={"policy": {"frequency": "bulanan"}})
    assert created["tenant_id"].startswith("t") and len(created["tenant_id"]) == 11
    assert created["enabled"] and created["admin_key"].startswith("kin_")
    assert created["webhook_secret"]  # the e-office signing secret, shown this once
    admin = api.as_(created["admin_key"])
    assert admin.get("/settings")["policy"]["frequency"] == "bulanan"
    listed = admin.get("/keys")["items"]
    assert [k["role"] for k in listed] == ["tenant_admin"] and "key" not in listed[0]
    assert all("hash" not in str(k) for k in listed)


def test_a_bad_policy_or_region_is_refused_by_name_and_nothing_is_created(platform):
    before = len(platform.get("/tenants?limit=200")["items"])
    error = refused(onboard, platform, "Kab X", "32.04", {"policy": {"frequency": "weekly"}})
    assert error.status == 422 and "settings.policy.frequency" in error.body["error"]["details"]
    error = refused(onboard, platform, "Kab X", "Jawa")
    assert error.status == 422 and "region_code" in error.body["error"]["details"]
    error = refused(onboard, platform, "Kab X", "32.04", {"task_days": {"draft_skp": -1}})
    assert error.status == 422 and "settings" in error.body["error"]["details"]
    assert len(platform.get("/tenants?limit=200")["items"]) == before


def test_only_platform_operators_onboard_and_list(admin, stack):
    assert refused(admin.post, "/tenants", {"name": "Kab X", "region_code": "3204"}).status == 403
    assert refused(admin.get, "/tenants").status == 403


def test_tenants_are_listed_a_page_at_a_time(platform, stack):
    for n in range(3):
        onboard(platform, f"Kabupaten {n}", f"33.0{n}")
    first = platform.get("/tenants?limit=2")
    assert len(first["items"]) == 2 and first["cursor"]
    rest = platform.get(f"/tenants?limit=2&cursor={first['cursor']}")
    ids = [t["tenant_id"] for t in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 4 and rest["cursor"] is None
    assert stack.sample.tenant_id in ids
    error = refused(platform.get, "/tenants?cursor=bm90LWEtY3Vyc29y")
    assert error.status == 422 and "cursor" in error.body["error"]["details"]


def test_a_disabled_tenant_refuses_its_keys_at_once_and_keeps_its_data(api, platform, stack):
    admin, someone = api.as_(stack.sample.admin_key), next(iter(stack.sample.people.values()))
    trail_before = admin.get("/audit?from=2026-01-01&to=2026-01-31")
    shown = platform.post(f"/tenants/{stack.sample.tenant_id}/disable")
    assert shown["enabled"] is False
    for key in (stack.sample.admin_key, someone["key"], stack.sample.auditor_key):
        error = refused(api.as_(key).get, "/settings")
        assert error.status == 403 and "disabled" in error.body["error"]["message"]
    platform.post(f"/tenants/{stack.sample.tenant_id}/enable")
    after = admin.get("/audit?from=2026-01-01&to=2026-01-31")
    assert [e["action"] for e in after[len(trail_before) :]] == [
        "tenant.disable",
        "tenant.enable",
    ]
    assert admin.get("/settings")


def test_the_export_holds_every_item_of_the_tenant_and_nothing_of_another(
    api, admin, platform, stack
):
    from functions.local.demo import wait_for

    other = onboard(platform)
    nips = sorted(stack.sample.people)[:2]
    admin.post("/cycles", {"year": 2026, "nips": nips})
    for nip in nips:  # the workflow has opened the drafting task: nothing moves until then
        wait_for(lambda n=nip: api.as_(stack.sample.people[n]["key"]).get("/tasks"), "task", 30)
    answer = call(stack.url, "GET", "/tenant/export", stack.sample.admin_key)
    assert answer.status == 200 and answer.headers["Content-Type"] == "application/x-ndjson"
    lines = answer.lines()
    exported = {(i["pk"], i["sk"]) for i in lines if "pk" in i}
    prefix = f"T#{stack.sample.tenant_id}"
    stored = {
        (r.pk, r.sk)
        for r in Record.scan(Record.pk.startswith(prefix))  # test only: the API never scans
    }
    assert exported == stored
    assert all(pk.startswith(prefix) for pk, _ in exported)
    assert other["tenant_id"] not in answer.raw.decode()
    assert "whsec_" not in answer.raw.decode()  # signing secrets are redacted
    keys = [i for i in lines if i.get("kind") == "api_key"]
    assert len(keys) >= len(stack.sample.people) and all("pk" not in k for k in keys)
    assert refused(api.as_(stack.sample.auditor_key).get, "/tenant/export").status == 403


def test_an_admin_issues_rotates_and_revokes_keys_and_each_is_audited(api, admin, stack):
    nip = sorted(stack.sample.people)[3]
    issued = admin.post("/keys", {"role": "pegawai", "nip": nip, "label": "HP baru"})
    assert issued["key"].startswith(f"kin_{issued['prefix']}_")
    assert api.as_(issued["key"]).get("/settings")
    rotated = admin.post(f"/keys/{issued['prefix']}/rotate")
    assert rotated["replaces"] == issued["prefix"] and rotated["nip"] == nip
    assert refused(api.as_(issued["key"]).get, "/settings").status == 401
    assert api.as_(rotated["key"]).get("/settings")
    revoked = admin.post(f"/keys/{rotated['prefix']}/revoke")
    assert revoked["revoked"] and revoked["revoked_by"].startswith("tenant_admin:")
    assert refused(api.as_(rotated["key"]).get, "/settings").status == 401
    listed = {k["prefix"]: k for k in admin.get("/keys?revoked=true&limit=200")["items"]}
    assert {issued["prefix"], rotated["prefix"]} <= set(listed)
    trail = admin.get("/audit?from=2026-01-01&to=2026-01-31")
    actions = [e["action"] for e in trail if e["item"].startswith("key/")]
    assert actions == ["key.issue", "key.rotate", "key.revoke"]
    assert all("kin_" not in str(e) for e in trail)


def test_a_pegawai_key_names_an_employee_and_roles_are_the_tenant_s(admin):
    error = refused(admin.post, "/keys", {"role": "pegawai", "label": "tanpa NIP"})
    assert error.status == 422 and "nip" in error.body["error"]["details"]
    error = refused(
        admin.post, "/keys", {"role": "pegawai", "nip": "199001012015011999", "label": "x y z"}
    )
    assert error.status == 422 and "nip" in error.body["error"]["details"]
    error = refused(admin.post, "/keys", {"role": "platform", "label": "naik pangkat"})
    assert error.status == 422 and "role" in error.body["error"]["details"]


def test_the_last_admin_key_is_neither_revoked_nor_rotated_while_alone(api, admin, stack):
    """A rotated key exists only in its answer: losing that answer must not lock BKPSDM out."""
    prefix = stack.sample.admin_key.split("_")[1]
    for action in ("revoke", "rotate"):
        error = refused(admin.post, f"/keys/{prefix}/{action}")
        assert error.status == 409 and error.body["error"]["details"] == {
            "prefix": ["the last working tenant_admin key"]
        }, action
    assert admin.get("/keys")["items"]  # still works, nothing issued meanwhile
    listed = admin.get("/keys?limit=200")["items"]
    assert [k["prefix"] for k in listed if k["role"] == "tenant_admin"] == [prefix]
    second = admin.post("/keys", {"role": "tenant_admin", "label": "BKPSDM cadangan"})
    rotated = admin.post(f"/keys/{prefix}/rotate")  # another admin key is held now
    assert api.as_(rotated["key"]).get("/keys")["items"]
    newest = api.as_(rotated["key"])
    assert newest.post(f"/keys/{second['prefix']}/revoke")["revoked"]
    assert refused(newest.post, f"/keys/{rotated['prefix']}/rotate").status == 409  # last again


@pytest.mark.parametrize("action", ["revoke", "rotate"])
def test_two_admins_revoking_each_other_s_key_at_once_leave_one_working(
    api, admin, stack, monkeypatch, action
):
    """Each sees the other's key working; the second to commit is refused (409), not both."""
    from functions.services import credentials

    second = admin.post("/keys", {"role": "tenant_admin", "label": "BKPSDM kedua"})
    first = stack.sample.admin_key.split("_")[1]
    real = credentials._keep_an_admin

    def meanwhile(repo, record):  # the other admin's revocation of this key commits now
        other = real(repo, record)
        monkeypatch.setattr(credentials, "_keep_an_admin", real)
        credentials.revoke(repo, "tenant_admin:other", first)
        return other

    monkeypatch.setattr(credentials, "_keep_an_admin", meanwhile)
    assert refused(admin.post, f"/keys/{second['prefix']}/{action}").status == 409
    assert api.as_(second["key"]).get("/keys")["items"]  # still works, and is the last one
    assert refused(admin.get, "/keys").status == 401


def test_another_tenant_s_key_is_not_found(api, platform, stack):
    other = api.as_(onboard(platform)["admin_key"])
    prefix = stack.sample.auditor_key.split("_")[1]
    assert refused(other.post, f"/keys/{prefix}/revoke").status == 404
    assert refused(other.post, f"/keys/{prefix}/rotate").status == 404
    assert api.as_(stack.sample.auditor_key).get("/settings")


def test_an_operator_issues_a_new_admin_key_for_a_regency(api, platform, stack):
    issued = platform.post(
        f"/tenants/{stack.sample.tenant_id}/keys", {"role": "tenant_admin", "label": "pemulihan"}
    )
    assert api.as_(issued["key"]).get("/keys")["items"]
    assert (
        refused(
            platform.post, "/tenants/tzzzzzzzzzz/keys", {"role": "auditor", "label": "abc"}
        ).status
        == 404
    )
