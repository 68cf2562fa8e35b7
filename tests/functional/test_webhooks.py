"""e-Office webhooks at the HTTP edge. Deliveries are signed here by an independent
implementation of Standard Webhooks (the HMAC computed by hand from the specification), not by
the `standardwebhooks` library the server verifies with. (The `svix` package's signer is a thin
wrapper around that same library, so it would not be independent.)"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid

import pytest
from pynamodb.exceptions import TransactWriteError

from functions import metrics
from functions.local import workers as dispatch
from functions.local.client import ApiError, Client
from functions.services import audit
from functions.store.repository import TenantRepository
from functions.webhooks.receive import MAX_BODY

SOURCE = "eoffice"


# --- an independent signer and sender ------------------------------------------------------------
def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """``v1,`` + base64(HMAC-SHA256(base64-decoded secret, "<id>.<timestamp>.<body>"))."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def post(url: str, body: bytes, headers: dict) -> tuple[int, dict | None]:
    request = urllib.request.Request(url, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    return status, json.loads(raw) if raw else None


def deliver(
    stack,
    event: dict | bytes,
    *,
    secret: str | None = None,
    msg_id: str | None = None,
    timestamp: int | None = None,
    tenant_id: str | None = None,
    source: str = SOURCE,
    content_type: str = "application/json",
    tamper: bytes | None = None,
) -> tuple[int, dict | None]:
    """Sign ``event`` and POST it; ``tamper`` replaces the body after signing."""
    body = event if isinstance(event, bytes) else json.dumps(event).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret or stack.sample.webhook_secret, msg_id, timestamp, body),
    }
    url = f"{stack.url}/webhooks/{tenant_id or stack.sample.tenant_id}/{source}"
    return post(url, tamper if tamper is not None else body, headers)


def settled(admin, msg_id: str, timeout: float = 20) -> dict:
    """The delivery once it is applied or dead."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = admin.get(f"/webhooks/deliveries/{msg_id}")
        if found["status"] in ("applied", "dead"):
            return found
        time.sleep(0.02)
    raise AssertionError(f"delivery {msg_id} did not settle: {found}")


MAPPING = {
    "event_type_path": "type",
    "events": {
        "form.feedback": {
            "action": "feedback",
            "fields": {
                "nip": "data.pegawai.nip",
                "text": "data.isi",
                "date": "data.tanggal",
                "aspect": "data.nilai_dasar",
                "reference": "data.nomor",
            },
        },
        "memo.bimbingan": {
            "action": "coaching",
            "fields": {
                "nip": "data.kepada.nip",
                "by_nip": "data.dari.nip",
                "date": "data.tanggal",
                "findings": "data.perihal",
            },
            "values": {"coaching_kind": "bimbingan"},
        },
        "dokumen.ditandatangani": {
            "action": "approve_skp",
            "fields": {
                "nip": "data.pemilik.nip",
                "signer_nip": "data.penandatangan.nip",
                "year": "data.tahun",
                "document_id": "data.nomor",
            },
        },
        "disposisi.selesai": {
            "action": "realisasi",
            "fields": {
                "nip": "data.penerima.nip",
                "iki_id": "data.kode_iki",
                "date": "data.selesai_pada",
                "link": "data.tautan",
                "document_id": "data.nomor",
            },
            "values": {"value": 1},
        },
    },
}


def feedback_event(nip: str, text: str = "Pelayanan ramah dan cepat", **extra) -> dict:
    data = {"pegawai": {"nip": nip}, "isi": text, "tanggal": "2026-01-01",
            "nilai_dasar": "berorientasi_pelayanan", "nomor": "F-1", **extra}  # fmt: skip
    return {"type": "form.feedback", "timestamp": "2026-01-01T08:00:00Z", "data": data}


@pytest.fixture
def mapped(admin):
    admin.put(f"/webhooks/sources/{SOURCE}/mapping", MAPPING)
    return admin


@pytest.fixture
def nip(people):
    return sorted(people)[3]


@pytest.fixture(autouse=True)
def _drained():
    yield
    assert dispatch.drain(30), "webhook workers still busy"


def applied_entries(stack, msg_id: str) -> list[dict]:
    from datetime import date

    repo = TenantRepository(stack.sample.tenant_id)
    entries = audit.entries(repo, date(2026, 1, 1), date(2026, 12, 31))
    return [
        e
        for e in entries
        if e["item"] == f"webhook_delivery/{msg_id}" and e["action"] != "webhook.replay"
    ]


# --- verification ------------------------------------------------------------------------------
def test_a_validly_signed_delivery_is_stored_acknowledged_and_applied(stack, mapped, nip):
    status, ack = deliver(stack, feedback_event(nip), msg_id="msg_valid1")
    assert status == 202 and ack == {"id": "msg_valid1", "status": "received", "reason": None}
    found = settled(mapped, "msg_valid1")
    assert found["status"] == "applied", found
    assert found["result"]["action"] == "feedback" and found["result"]["nip"] == nip
    feedback = mapped.get(f"/cycles/{nip}/2026/feedback")
    assert [f["text"] for f in feedback] == ["Pelayanan ramah dan cepat"]
    assert feedback[0]["aspect"] == "berorientasi_pelayanan"


def test_a_tampered_body_is_401_no_matching_signature(stack, mapped, nip):
    event = feedback_event(nip)
    forged = json.dumps(feedback_event(nip, "Diubah di jalan")).encode()
    status, body = deliver(stack, event, msg_id="msg_tampered", tamper=forged)
    assert status == 401
    assert body["error"]["details"]["reason"] == "no_matching_signature"
    with pytest.raises(ApiError) as caught:
        mapped.get("/webhooks/deliveries/msg_tampered")
    assert caught.value.status == 404  # nothing was stored


def test_a_wrong_secret_is_401(stack, mapped, nip):
    other = "whsec_" + base64.b64encode(b"x" * 32).decode()
    status, body = deliver(stack, feedback_event(nip), secret=other)
    assert status == 401 and body["error"]["details"]["reason"] == "no_matching_signature"


def test_an_old_or_future_timestamp_is_401_naming_it(stack, mapped, nip):
    old = int(time.time()) - 6 * 60
    status, body = deliver(stack, feedback_event(nip), timestamp=old)
    assert status == 401 and body["error"]["details"]["reason"] == "timestamp_too_old"
    assert body["error"]["details"]["tolerance_seconds"] == 300
    status, body = deliver(stack, feedback_event(nip), timestamp=int(time.time()) + 6 * 60)
    assert status == 401 and body["error"]["details"]["reason"] == "timestamp_too_new"
    status, _ = deliver(stack, feedback_event(nip), timestamp=int(time.time()) - 4 * 60)
    assert status == 202  # within five minutes


def test_the_acknowledgement_is_a_signature_check_one_conditional_write_and_a_hand_off(
    stack, mapped, nip, monkeypatch
):
    """Once the tenant's profile and the source's secrets are cached (briefly, per process), a
    delivery's request path stores it with one conditional PutItem and hands it to the worker:
    no other AWS call (issue 14)."""
    from moto.core.botocore_stubber import BotocoreStubber

    from functions.engine import dispatch as engine
    from functions.store.webhooks import WebhookStore

    assert deliver(stack, feedback_event(nip))[0] == 202  # reads the profile and the secrets
    assert dispatch.drain(30)
    calls: list[str] = []
    handed: list[dict] = []
    sent = BotocoreStubber.__call__

    def counted(self, event_name, request, **kwargs):
        if event_name.startswith("before-send."):
            calls.append(event_name.removeprefix("before-send."))
        return sent(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", counted)
    runner = engine.use(lambda event, delay=0.0: handed.append(event))
    try:
        status, body = deliver(stack, feedback_event(nip), msg_id="msg_one_write")
    finally:
        engine.use(runner)
    assert (status, calls) == (202, ["dynamodb.PutItem"]), body
    assert handed == [{"tenant_id": stack.sample.tenant_id, "delivery_id": "msg_one_write"}]
    assert runner is not None
    runner(handed[0], 0.0)  # apply it as the worker would have
    assert settled(mapped, "msg_one_write")["status"] == "applied"
    stored = WebhookStore(TenantRepository(stack.sample.tenant_id)).delivery("msg_one_write")
    assert stored is not None and stored.expires_at is not None  # applied: 30 days, then gone


def test_a_rotated_secret_works_beside_the_old_one_until_it_is_revoked(stack, mapped, nip):
    old = stack.sample.webhook_secret
    listed = mapped.get(f"/webhooks/sources/{SOURCE}/secrets")
    assert len(listed) == 1 and "secret" not in listed[0]  # never shown again
    created = mapped.post(f"/webhooks/sources/{SOURCE}/secrets", {"label": "rotation 2026"})
    new = created["secret"]
    assert new.startswith("whsec_") and new != old
    assert deliver(stack, feedback_event(nip), secret=new)[0] == 202
    assert deliver(stack, feedback_event(nip), secret=old)[0] == 202
    mapped.request("DELETE", f"/webhooks/sources/{SOURCE}/secrets/{listed[0]['secret_id']}")
    status, body = deliver(stack, feedback_event(nip), secret=old)
    assert status == 401 and body["error"]["details"]["reason"] == "no_matching_signature"
    assert deliver(stack, feedback_event(nip), secret=new)[0] == 202
    repo = TenantRepository(stack.sample.tenant_id)
    from datetime import date

    actions = [e["action"] for e in audit.entries(repo, date(2026, 1, 1), date(2026, 1, 31))]
    assert {"webhook_secret.create", "webhook_secret.revoke"} <= set(actions)


def test_a_signature_list_with_one_matching_v1_signature_is_accepted(stack, mapped, nip):
    body = json.dumps(feedback_event(nip)).encode()
    now = int(time.time())
    good = sign(stack.sample.webhook_secret, "msg_multi", now, body)
    headers = {"Content-Type": "application/json", "webhook-id": "msg_multi",
               "webhook-timestamp": str(now),
               "webhook-signature": f"v1,{base64.b64encode(b'nope').decode()} {good}"}  # fmt: skip
    url = f"{stack.url}/webhooks/{stack.sample.tenant_id}/{SOURCE}"
    assert post(url, body, headers)[0] == 202


def test_a_redelivery_is_acknowledged_with_its_status_and_not_applied_twice(stack, mapped, nip):
    event = feedback_event(nip, "Sekali saja")
    assert deliver(stack, event, msg_id="msg_replay")[0] == 202
    settled(mapped, "msg_replay")
    # The sender retries: same id and body, a new timestamp and so a new signature.
    status, ack = deliver(stack, event, msg_id="msg_replay", timestamp=int(time.time()) + 1)
    assert status == 200
    assert ack == {"id": "msg_replay", "status": "applied", "reason": None, "duplicate": True}
    assert dispatch.drain(10)
    assert len(applied_entries(stack, "msg_replay")) == 1
    texts = [f["text"] for f in mapped.get(f"/cycles/{nip}/2026/feedback")]
    assert texts.count("Sekali saja") == 1


def test_the_same_id_with_another_payload_is_409(stack, mapped, nip):
    assert deliver(stack, feedback_event(nip, "Pertama"), msg_id="msg_reuse")[0] == 202
    status, body = deliver(stack, feedback_event(nip, "Kedua"), msg_id="msg_reuse")
    assert status == 409 and "webhook-id" in body["error"]["details"]


def test_wrong_content_type_is_415_and_too_large_is_413(stack, mapped, nip):
    status, body = deliver(stack, feedback_event(nip), content_type="text/plain")
    assert status == 415 and body["error"]["code"] == "unsupported_media_type"
    big = json.dumps(feedback_event(nip, "x" * (MAX_BODY + 1))).encode()
    status, body = deliver(stack, big)
    assert status == 413 and body["error"]["code"] == "payload_too_large"


def test_missing_headers_unknown_tenant_or_source_are_401(stack, mapped, nip):
    url = f"{stack.url}/webhooks/{stack.sample.tenant_id}/{SOURCE}"
    status, body = post(url, b"{}", {"Content-Type": "application/json", "webhook-id": "m1"})
    assert status == 401
    assert {"webhook-timestamp", "webhook-signature"} <= set(body["error"]["details"])
    for tenant_id, source in (("tzzzzzzzzzz", SOURCE), (stack.sample.tenant_id, "other")):
        status, body = deliver(stack, feedback_event(nip), tenant_id=tenant_id, source=source)
        assert status == 401
        assert body["error"]["details"]["reason"] == "unknown_tenant_or_source"


def test_a_disabled_tenant_is_refused(stack, mapped, nip):
    from functions.store.records import TenantRecord

    repo = TenantRepository(stack.sample.tenant_id)
    repo.profile().update(actions=[TenantRecord.enabled.set(False)])
    repo.forget_profile()
    status, body = deliver(stack, feedback_event(nip))
    assert status == 403 and "disabled" in body["error"]["message"]


def test_a_new_tenant_gets_a_first_secret_for_the_default_source(stack):
    from functions.services.tenants import create_tenant

    tenant_id, admin_key = created = create_tenant("Kota Contoh", "9902")
    assert created.webhook_secret["source"] == "eoffice"
    assert created.webhook_secret["secret"].startswith("whsec_")
    event = {"type": "anything", "data": {}}
    status, _ = deliver(
        stack, event, secret=created.webhook_secret["secret"], tenant_id=tenant_id, msg_id="m_new"
    )
    assert status == 202
    dispatch.drain(10)
    api = type(stack)  # noqa: F841 - the stack stays up; read the delivery as the new admin
    from functions.local.client import Client

    found = Client(stack.url, admin_key).get("/webhooks/deliveries/m_new")
    assert found["status"] == "dead" and found["reason"].startswith("unmapped")


# --- mapping -----------------------------------------------------------------------------------
def test_a_mapping_is_validated_on_save_and_each_problem_is_named(admin):
    bad = {
        "event_type_path": "type[",
        "events": {
            "a": {"action": "fly", "fields": {}},
            "b": {"action": "feedback", "fields": {"nip": "data.[", "colour": "x"}},
            "c": {"action": "coaching", "fields": {"nip": "data.nip"}},
        },
    }
    with pytest.raises(ApiError) as caught:
        admin.put(f"/webhooks/sources/{SOURCE}/mapping", bad)
    assert caught.value.status == 422
    details = caught.value.body["error"]["details"]
    assert "not a JMESPath expression" in details["event_type_path"][0]
    assert "unknown action" in details["events.a.action"][0]
    assert "not a JMESPath expression" in details["events.b.fields.nip"][0]
    assert "not a field of feedback" in details["events.b.fields.colour"][0]
    assert "required by feedback" in details["events.b.fields.text"][0]
    for field in ("by_nip", "date", "findings"):
        assert "required by coaching" in details[f"events.c.fields.{field}"][0]
    assert admin.get(f"/webhooks/sources/{SOURCE}/mapping") == {
        "events": {},
        "event_type_path": "type",
    }


def test_a_dry_run_shows_what_a_payload_would_do_without_doing_it(stack, mapped, nip):
    would = mapped.post(f"/webhooks/sources/{SOURCE}/dry-run", {"payload": feedback_event(nip)})
    assert would["outcome"] == "apply" and would["action"] == "feedback"
    assert would["would"]["nip"] == nip and would["writes"] == ["FeedbackRecord"]
    assert mapped.get(f"/cycles/{nip}/2026/feedback") == []
    unknown = mapped.post(
        f"/webhooks/sources/{SOURCE}/dry-run", {"payload": feedback_event("199001012020011001")}
    )
    assert unknown["outcome"] == "dead" and unknown["category"] == "unknown_employee"
    trial = {"events": {"x.y": {"action": "feedback", "fields": {"nip": "n", "text": "t"}}}}
    tried = mapped.post(
        f"/webhooks/sources/{SOURCE}/dry-run",
        {"payload": {"type": "x.y", "n": nip, "t": "ok"}, "mapping": trial},
    )
    assert tried["outcome"] == "apply" and tried["event_type"] == "x.y"


# --- dead letters and replay -------------------------------------------------------------------
def test_unmapped_and_unknown_employee_are_dead_letters_replayed_after_a_fix(stack, mapped, nip):
    stranger = "199001012020011001"
    deliver(stack, {"type": "surat.masuk", "data": {"nomor": "S-1"}}, msg_id="msg_unmapped")
    deliver(stack, feedback_event(stranger), msg_id="msg_stranger")
    assert settled(mapped, "msg_unmapped")["reason"].startswith("unmapped:")
    assert settled(mapped, "msg_stranger")["reason"].startswith("unknown_employee:")
    dead = {d["id"]: d for d in mapped.get("/webhooks/deliveries?status=dead")}
    assert {"msg_unmapped", "msg_stranger"} <= set(dead)
    inspected = mapped.get("/webhooks/deliveries/msg_unmapped")
    assert inspected["payload"]["data"] == {"nomor": "S-1"}  # admins see the payload
    # Fix the mapping (map surat.masuk) and replay both; the stranger stays dead.
    fixed = json.loads(json.dumps(MAPPING))
    fixed["events"]["surat.masuk"] = {
        "action": "feedback",
        "fields": {"text": "data.nomor"},
        "values": {"nip": nip},
    }
    mapped.put(f"/webhooks/sources/{SOURCE}/mapping", fixed)
    results = mapped.post("/webhooks/deliveries/replay", {"ids": ["msg_unmapped", "msg_none"]})
    assert results == [
        {"id": "msg_unmapped", "replayed": True},
        {"id": "msg_none", "replayed": False, "reason": "not found"},
    ]
    assert settled(mapped, "msg_unmapped")["status"] == "applied"
    again = mapped.post("/webhooks/deliveries/replay", {"status": "dead"})
    assert {r["id"] for r in again} >= {"msg_stranger"}
    stranger_now = settled(mapped, "msg_stranger")
    assert stranger_now["status"] == "dead" and stranger_now["attempts"] == 2
    refused = mapped.post("/webhooks/deliveries/replay", {"ids": ["msg_unmapped"]})
    assert refused[0]["replayed"] is False and "applied" in refused[0]["reason"]
    tally, tenant = stack.aws.metrics, stack.sample.tenant_id  # dead twice, then applied
    assert tally.of(metrics.DELIVERIES_DEAD, tenant_id=tenant, category="unknown_employee") == 2
    assert tally.of(metrics.DELIVERIES_DEAD, tenant_id=tenant) == 3
    assert tally.of(metrics.DELIVERIES_APPLIED, tenant_id=tenant) == 1


def test_a_dead_letter_is_logged_keyed_by_tenant_and_delivery_not_by_nip(stack, mapped, log_lines):
    stranger = "199001012020011001"
    deliver(stack, feedback_event(stranger), msg_id="msg_logged")
    settled(mapped, "msg_logged")
    assert dispatch.drain(30)
    dead = [line for line in log_lines if line["message"] == "webhook delivery dead"]
    assert [(d["tenant_id"], d["correlation_id"], d["category"]) for d in dead] == [
        (stack.sample.tenant_id, "msg_logged", "unknown_employee")
    ]
    assert stranger not in json.dumps(log_lines)


def test_a_delivery_left_applying_by_a_dead_worker_replays_once_its_claim_is_stale(
    stack, mapped, nip, monkeypatch
):
    from datetime import timedelta

    from functions.engine import clock
    from functions.engine import dispatch as handing_off
    from functions.store.webhooks import WebhookStore
    from functions.webhooks import mapping, process

    monkeypatch.setattr(handing_off, "submit", lambda tenant_id, delivery_id: None)
    assert deliver(stack, feedback_event(nip), msg_id="msg_stuck")[0] == 202
    # A worker claims the delivery, then dies (a crash, a Lambda timeout) before applying it.
    repo = TenantRepository(stack.sample.tenant_id)
    store = WebhookStore(repo)
    slow = store.delivery("msg_stuck")
    process._move(store, slow, "applying", attempts=1)
    slow.save()
    fresh = mapped.post("/webhooks/deliveries/replay", {"status": "applying"})
    assert fresh[0]["replayed"] is False and "claimed it at" in fresh[0]["reason"]
    monkeypatch.undo()
    later = (clock.now() + timedelta(minutes=16)).isoformat()
    Client(stack.url).as_(stack.sample.platform_key).post("/clock", {"to": later})
    assert mapped.post("/webhooks/deliveries/replay", {"ids": ["msg_stuck"]})[0]["replayed"]
    assert settled(mapped, "msg_stuck")["status"] == "applied"
    # The "dead" worker was only slow: its apply now fails on the record's version.
    spec = mapping.stored(repo, SOURCE)
    event_type, planned = process.plan(repo, SOURCE, "msg_stuck", feedback_event(nip), spec)
    with pytest.raises(TransactWriteError):
        process._finish(repo, store, slow, event_type, planned)
    assert len(applied_entries(stack, "msg_stuck")) == 1


def test_only_admins_manage_webhooks(stack, people, api):
    pegawai = api.as_(people[sorted(people)[3]]["key"])
    for call in (
        lambda: pegawai.get(f"/webhooks/sources/{SOURCE}/secrets"),
        lambda: pegawai.put(f"/webhooks/sources/{SOURCE}/mapping", MAPPING),
        lambda: pegawai.post("/webhooks/deliveries/replay", {"status": "dead"}),
    ):
        with pytest.raises(ApiError) as caught:
            call()
        assert caught.value.status == 403


def test_the_integrators_example_signs_with_the_library_and_is_accepted(stack, mapped, nip):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "send_webhook.py"
    spec = importlib.util.spec_from_file_location("send_webhook", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    msg_id, status, answer = example.send(
        stack.url, stack.sample.tenant_id, stack.sample.webhook_secret, feedback_event(nip), SOURCE
    )
    assert status == 202 and answer["id"] == msg_id
    assert settled(mapped, msg_id)["status"] == "applied"


# --- secrets at rest ------------------------------------------------------------------------------
def test_a_stored_secret_is_sealed_with_kms_and_deliveries_still_verify(stack, mapped, nip):
    from functions.store.webhooks import WebhookStore

    plain = stack.sample.webhook_secret
    (record,) = WebhookStore(TenantRepository(stack.sample.tenant_id)).secrets(SOURCE)
    item = json.dumps(record.serialize())
    assert record.secret is None and record.sealed_secret.startswith("kms1.")
    assert plain.removeprefix("whsec_") not in item
    assert deliver(stack, feedback_event(nip))[0] == 202  # verified with the opened secret


def test_a_secret_stored_plain_before_sealing_is_still_read(stack, mapped, nip):
    from functions.services import webhook_secrets
    from functions.store.webhooks import WebhookStore

    repo = TenantRepository(stack.sample.tenant_id)
    store = WebhookStore(repo)
    older = webhook_secrets.new_secret()
    record = store.new_secret(SOURCE, "ws_plain00000", secret=older, created_at="2025-01-01",
                              created_by="system:before-sealing")  # fmt: skip
    repo.create(record)
    assert webhook_secrets.revealed(repo.tenant_id, record) == older
    assert deliver(stack, feedback_event(nip), secret=older)[0] == 202
    assert deliver(stack, feedback_event(nip))[0] == 202  # and the sealed one beside it


def test_a_sealed_secret_copied_to_another_tenants_item_does_not_open(stack):
    from functions.engine import envelope
    from functions.services import webhook_secrets
    from functions.store.webhooks import WebhookStore

    (record,) = WebhookStore(TenantRepository(stack.sample.tenant_id)).secrets(SOURCE)
    assert webhook_secrets.revealed(stack.sample.tenant_id, record) == stack.sample.webhook_secret
    with pytest.raises(ValueError):  # its data key is cached: AES-GCM refuses the context
        webhook_secrets.revealed("tzzzzzzzzzz", record)
    envelope.forget()
    with pytest.raises(ValueError):  # not cached: KMS refuses the data key under the context
        webhook_secrets.revealed("tzzzzzzzzzz", record)


# --- feedback kinds ------------------------------------------------------------------------------
def test_a_feedback_form_says_which_kind_of_feedback_it_is_and_a_wrong_kind_is_named(
    stack, admin, nip
):
    spec = json.loads(json.dumps(MAPPING))
    spec["events"]["form.feedback"]["fields"]["relation"] = "data.jenis"
    fields = {"nip": "data.pegawai.nip", "text": "data.isi"}
    spec["events"]["form.rekan"] = {
        "action": "feedback",
        "fields": fields,
        "values": {"relation": "bawahan"},
    }
    admin.put(f"/webhooks/sources/{SOURCE}/mapping", spec)
    deliver(stack, feedback_event(nip, "Rekan yang sigap", jenis="peer"), msg_id="msg_peer")
    assert settled(admin, "msg_peer")["result"]["relation"] == "rekan"
    deliver(stack, feedback_event(nip, "Dari warga"), msg_id="msg_public")  # no kind: public
    assert settled(admin, "msg_public")["result"]["relation"] == "publik"
    below = {"type": "form.rekan", "data": {"pegawai": {"nip": nip}, "isi": "Atasan membimbing"}}
    deliver(stack, below, msg_id="msg_below")
    assert settled(admin, "msg_below")["result"]["relation"] == "bawahan"
    deliver(stack, feedback_event(nip, "Siapa?", jenis="tetangga"), msg_id="msg_odd")
    odd = settled(admin, "msg_odd")
    assert odd["status"] == "dead" and odd["reason"].startswith("invalid_payload: relation:")
    kinds = {f["text"]: f["relation"] for f in admin.get(f"/cycles/{nip}/2026/feedback")}
    assert kinds == {"Rekan yang sigap": "rekan", "Dari warga": "publik",
                     "Atasan membimbing": "bawahan"}  # fmt: skip


def test_a_mapping_with_an_unknown_feedback_kind_or_realisation_mode_is_refused(admin):
    spec = json.loads(json.dumps(MAPPING))
    spec["events"]["form.feedback"]["values"] = {"relation": "tetangga"}
    spec["events"]["disposisi.selesai"]["values"] = {"value": 1, "mode": "multiply"}
    with pytest.raises(ApiError) as caught:
        admin.put(f"/webhooks/sources/{SOURCE}/mapping", spec)
    details = caught.value.body["error"]["details"]
    assert "rekan" in details["events.form.feedback.values.relation"][0]
    assert details["events.disposisi.selesai.values.mode"] == ["one of add, set"]
    fields = {a["name"]: a for a in admin.get("/webhooks/actions")}
    assert {"reference", "mode"} <= set(fields["realisasi"]["optional"])
    assert "relation" in fields["feedback"]["optional"]
