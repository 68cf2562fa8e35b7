"""Hardening (issue 16): storage errors mapped to what they are, plausible names and NIPs, a
clock that refuses absurd moves, evidence links capped out loud, imports all or nothing."""

from __future__ import annotations

import json
import logging

from botocore.exceptions import ClientError
from pynamodb.connection.base import Connection

from tests.functional.raw_http import Answer, call
from tests.functional.test_limits import send


def failing(monkeypatch, operation: str, code: str, message: str) -> None:
    """DynamoDB answers ``operation`` with the error ``code`` from now on."""
    real = Connection.dispatch

    def dispatch(self, operation_name, operation_kwargs):
        if operation_name == operation:
            raise ClientError({"Error": {"Code": code, "Message": message}}, operation_name)
        return real(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "dispatch", dispatch)


# --- storage errors ------------------------------------------------------------------------------
def test_a_record_over_dynamodb_s_item_size_is_413_naming_the_limit_not_try_again(stack):
    fields = {"nip": "data.nip", "text": "data.t" + "x" * 8000, "date": "data.d"}
    events = {f"ev{i}": {"action": "feedback", "fields": fields} for i in range(100)}
    mapping = {"event_type_path": "type", "events": events}
    answer = call(stack.url, "PUT", "/webhooks/sources/eoffice/mapping", stack.sample.admin_key,
                  body=mapping)  # fmt: skip
    assert answer.status == 413, answer.raw
    error = answer.json["error"]
    assert error["code"] == "payload_too_large" and error["details"]["limit"] == "item_size"
    assert "400 KB" in error["message"] and "Retry-After" not in answer.headers


def test_throttled_storage_is_503_with_retry_after(stack, monkeypatch):
    failing(monkeypatch, "Query", "ProvisionedThroughputExceededException", "slow down")
    answer = call(stack.url, "GET", "/units", stack.sample.admin_key)
    assert answer.status == 503 and answer.json["error"]["code"] == "transient"
    assert answer.headers["Retry-After"] == "1"


def test_any_other_storage_refusal_is_500_with_an_error_id_that_is_logged(
    stack, monkeypatch, caplog
):
    failing(monkeypatch, "Query", "ValidationException", "One or more parameter values were bad")
    with caplog.at_level(logging.ERROR, logger="functions.store.repository"):
        answer = call(stack.url, "GET", "/units", stack.sample.admin_key)
    assert answer.status == 500, answer.raw
    error = answer.json["error"]
    assert error["code"] == "storage_error" and "Retry-After" not in answer.headers
    assert error["details"]["error_id"] in error["message"]
    assert error["details"]["error_id"] in caplog.text


# --- names and NIPs ------------------------------------------------------------------------------
EMPLOYEE = {"nip": "198001012005011077", "name": "Budi Santoso", "unit_id": "setda",
            "asn_kind": "pns", "position_kind": "pelaksana", "position": "Staf Umum"}  # fmt: skip
UNBORN = "209901012120011001"  # born 1 January 2099, appointed January 2120: digits that parse


def test_a_lone_surrogate_in_a_name_is_refused_and_nothing_is_stored(stack):
    body = json.dumps({**EMPLOYEE, "name": "Budi \ud800"}).encode()  # the JSON escape \ud800
    assert b"\\ud800" in body
    answer = send(stack, "POST", "/employees", stack.sample.admin_key, body)
    assert answer.status == 400 and "surrogate" in answer.json["error"]["message"]
    assert (
        call(stack.url, "GET", f"/employees/{EMPLOYEE['nip']}", stack.sample.admin_key).status
        == 404
    )
    created = call(stack.url, "POST", "/employees", stack.sample.admin_key, body=EMPLOYEE)
    assert created.status == 201, created.raw  # the same employee, named properly, is new


def test_a_blank_or_invisible_name_is_422_naming_the_field(stack):
    for name in ("   ", "\u200b\u00a0", "Budi\x00"):
        for path, body in (("/employees", {**EMPLOYEE, "name": name}),
                           ("/units", {"unit_id": "u-blank", "name": name})):  # fmt: skip
            answer = call(stack.url, "POST", path, stack.sample.admin_key, body=body)
            assert answer.status == 422, (name, answer.raw)
            assert "name" in answer.json["error"]["details"]


def test_a_nip_born_after_today_is_422_through_the_api_and_the_import(stack):
    answer = call(stack.url, "POST", "/employees", stack.sample.admin_key,
                  body={**EMPLOYEE, "nip": UNBORN})  # fmt: skip
    assert answer.status == 422
    assert "after today (2026-01-01)" in answer.json["error"]["details"]["nip"][0]
    rows = [["NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan"],
            [UNBORN, "Bayi Masa Depan", "setda", "PNS", "Pelaksana", "Staf"]]  # fmt: skip
    data = "\n".join(",".join(row) for row in rows).encode()
    answer = send_file(stack, "/imports/employees", data)
    assert answer.status == 422, answer.raw
    report = call(stack.url, "GET", answer.json["error"]["details"]["report"],
                  stack.sample.admin_key)  # fmt: skip
    assert b"after today" in report.raw
    assert call(stack.url, "GET", f"/employees/{UNBORN}", stack.sample.admin_key).status == 404


def send_file(stack, path: str, data: bytes, key: str | None = None) -> Answer:
    import urllib.error
    import urllib.request

    headers = {
        "Content-Type": "text/csv",
        "Authorization": f"Bearer {key or stack.sample.admin_key}",
    }
    request = urllib.request.Request(stack.url + path, data, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


# --- the embedded clock --------------------------------------------------------------------------
def test_the_clock_refuses_absurd_moves_with_422_and_stays_put(stack):
    platform = stack.sample.platform_key
    for to in ("9999-01-01T00:00:00Z", "2032-01-01T00:00:00Z", "2025-12-31T00:00:00Z"):
        answer = call(stack.url, "POST", "/clock", platform, body={"to": to})
        assert answer.status == 422, (to, answer.raw)
        assert "to" in answer.json["error"]["details"]
    assert call(stack.url, "GET", "/clock", platform).json["now"].startswith("2026-01-01")
    moved = call(stack.url, "POST", "/clock", platform, body={"to": "2026-03-01T00:00:00Z"})
    assert moved.status == 200 and moved.json["now"].startswith("2026-03-01")


# --- evidence links ------------------------------------------------------------------------------
def test_a_disposition_past_the_evidence_cap_is_a_dead_letter_not_a_silent_loss(stack, api, people):
    from functions.domain.skp import MAX_BUKTI
    from functions.local import workers
    from functions.local.demo import Demo, wait_for
    from tests.functional.test_webhooks import MAPPING, SOURCE, deliver, settled

    admin = api.as_(stack.sample.admin_key)
    admin.put(f"/webhooks/sources/{SOURCE}/mapping", MAPPING)
    head = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    sekda = people[head]["penilai"]
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = 2026
    admin.post("/cycles", {"year": 2026, "nips": [head]})
    demo.draft_and_submit(head)
    wait_for(lambda: demo.open_task(sekda, "approve_skp", head), "the approval task")
    signed = {"type": "dokumen.ditandatangani",
              "data": {"pemilik": {"nip": head}, "penandatangan": {"nip": sekda},
                       "tahun": 2026, "nomor": "800/12/SKP"}}  # fmt: skip
    deliver(stack, signed, msg_id="msg_cap_skp")
    assert settled(admin, "msg_cap_skp")["status"] == "applied"
    iki = f"{head[-4:]}-0-q"
    statuses = []
    for n in range(MAX_BUKTI + 2):
        event = {"type": "disposisi.selesai",
                 "data": {"penerima": {"nip": head}, "kode_iki": iki,
                          "selesai_pada": "2026-01-10T10:00:00+07:00",
                          "tautan": f"https://eoffice.example/surat/{n}",
                          "nomor": f"D-{n}"}}  # fmt: skip
        deliver(stack, event, msg_id=f"msg_cap_{n}")
        statuses.append(settled(admin, f"msg_cap_{n}"))
    assert workers.drain(30)
    assert [s["status"] for s in statuses] == ["applied"] * MAX_BUKTI + ["dead"] * 2
    assert all(f"{MAX_BUKTI} evidence links" in s["reason"] for s in statuses[MAX_BUKTI:])
    [mine] = [r for r in admin.get(f"/cycles/{head}/2026/realisasi") if r["iki_id"] == iki]
    assert mine["value"] == MAX_BUKTI == len(mine["bukti"])  # every value has its document
