"""Hardening (issue 16): storage errors mapped to what they are, plausible names and NIPs, a
clock that refuses absurd moves, evidence links capped out loud, imports all or nothing."""

from __future__ import annotations

import json
import logging

from botocore.exceptions import ClientError
from pynamodb.connection.base import Connection

from functions.store.repository import TenantRepository
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


# --- imports: one at a time, never left writing -------------------------------------------------
HEADER = ["NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan"]


def roster_file(numbers: range, name: str) -> bytes:
    rows = [HEADER] + [
        [
            f"198501{n % 28 + 1:02d}2010011{n:03d}",
            f"{name} {n}",
            "setda",
            "PNS",
            "Pelaksana",
            "Staf",
        ]
        for n in numbers
    ]
    return "\n".join(",".join(row) for row in rows).encode()


def jobs_of(stack) -> list[dict]:
    return call(stack.url, "GET", "/imports", stack.sample.admin_key).json


def test_two_overlapping_imports_at_once_never_mix_and_no_job_stays_writing(stack):
    import threading

    files = {"Awal": roster_file(range(0, 400), "Awal"),
             "Akhir": roster_file(range(200, 600), "Akhir")}  # fmt: skip
    start, answers = threading.Barrier(2), {}

    def upload(name: str) -> None:
        start.wait()
        answers[name] = send_file(stack, "/imports/employees", files[name])

    threads = [threading.Thread(target=upload, args=(name,)) for name in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    statuses = {name: answer.status for name, answer in answers.items()}
    assert sorted(statuses.values()) in ([200, 200], [200, 409]), statuses
    stored = {e.nip: e.name for e in TenantRepository(stack.sample.tenant_id).employees()}
    mine = {n: v for n, v in stored.items() if n.startswith("198501") and n[8:15] == "2010011"}
    for name, answer in answers.items():
        numbers = range(0, 400) if name == "Awal" else range(200, 600)
        present = [n for n in numbers if f"198501{n % 28 + 1:02d}2010011{n:03d}" in mine]
        if answer.status == 200:
            assert len(present) == 400  # all of a file that was accepted
        else:
            error = answer.json["error"]
            assert error["code"] == "conflict" and error["details"]["running"]
            assert len(present) == (200 if len(mine) == 400 else 400)  # only the overlap
    overlap = {v.split()[0] for n, v in mine.items() if 200 <= int(n[-3:]) < 400}
    assert len(overlap) == 1  # the shared rows all come from one file
    assert {j["status"] for j in jobs_of(stack)} <= {"done", "refused"}


def test_an_import_while_another_holds_the_lock_is_409_and_writes_nothing(stack):
    from datetime import UTC, datetime, timedelta

    repo = TenantRepository(stack.sample.tenant_id)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert repo.take_import_lock("other-job-1", now, now + timedelta(minutes=15)) == (True, None)
    answer = send_file(stack, "/imports/employees", roster_file(range(0, 3), "Tunggu"))
    assert answer.status == 409 and answer.json["error"]["details"]["running"] == "other-job-1"
    refused = answer.json["error"]["details"]["job_id"]
    assert next(j for j in jobs_of(stack) if j["job_id"] == refused)["status"] == "refused"
    assert not [e for e in repo.employees() if e.name.startswith("Tunggu")]
    repo.release_import_lock("other-job-1")
    assert send_file(stack, "/imports/employees", roster_file(range(0, 3), "Tunggu")).status == 200


def test_a_stale_lock_of_a_dead_import_is_taken_over_and_its_job_marked_interrupted(stack):
    from datetime import UTC, datetime, timedelta

    from functions.store import keys
    from functions.store.records import ImportJobRecord

    repo = TenantRepository(stack.sample.tenant_id)
    dead = ImportJobRecord(repo.pk, keys.import_job("dead-job-1"), job_id="dead-job-1",
                           import_kind="employees", file_format="csv", sha256="0" * 64,
                           status="writing", started_by="x", started_at="2025-12-31")  # fmt: skip
    dead.save()
    then = datetime(2025, 12, 31, tzinfo=UTC)
    repo.take_import_lock("dead-job-1", then, then + timedelta(minutes=15))
    answer = send_file(stack, "/imports/employees", roster_file(range(0, 3), "Lanjut"))
    assert answer.status == 200, answer.raw
    assert next(j for j in jobs_of(stack) if j["job_id"] == "dead-job-1")["status"] == "interrupted"


def test_an_import_stopped_by_storage_is_interrupted_not_left_writing(stack, monkeypatch):
    failing(monkeypatch, "TransactWriteItems", "ProvisionedThroughputExceededException", "slow")
    answer = send_file(stack, "/imports/employees", roster_file(range(0, 150), "Sibuk"))
    assert answer.status == 503 and answer.headers["Retry-After"] == "1"
    job = next(
        j for j in jobs_of(stack) if j["job_id"] == answer.json["error"]["details"]["job_id"]
    )
    assert job["status"] == "interrupted" and job["written"] == 0
    monkeypatch.undo()
    again = send_file(stack, "/imports/employees", roster_file(range(0, 150), "Sibuk"))
    assert again.status == 200 and again.json["resumes"] == [job["job_id"]]
