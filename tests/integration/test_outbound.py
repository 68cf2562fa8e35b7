"""Outbound notifications to an e-office system, on the embedded stack: a receiver on loopback
verifies each request with the `standardwebhooks` library and records what arrives."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from functions import metrics
from functions.local import workers as dispatch
from functions.local.demo import Demo, wait_for
from functions.store.records import (
    AuditRecord,
    OutboundNotificationRecord,
    OutboundSubscriptionRecord,
)
from functions.webhooks import outbound

from .conftest import refused
from .test_cycle import YEAR, team


class Receiver:
    """An e-office endpoint: answers with ``codes`` in turn (then the last one), verifies."""

    def __init__(self, codes=(200,)) -> None:
        self.codes = list(codes)
        self.secret: str | None = None
        self.arrived: list[dict] = []  # {id, headers, payload, verified}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    Webhook(receiver.secret).verify(body, headers)
                    verified = True
                except WebhookVerificationError:
                    verified = False
                code = receiver.codes.pop(0) if len(receiver.codes) > 1 else receiver.codes[0]
                receiver.arrived.append(
                    {
                        "id": headers.get("webhook-id"),
                        "headers": headers,
                        "payload": json.loads(body),
                        "verified": verified,
                        "answered": code,
                    }
                )
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/dispositions"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def of(self, event_type: str, **data) -> list[dict]:
        return [
            a
            for a in self.arrived
            if a["payload"]["type"] == event_type
            and all(a["payload"]["data"].get(k) == v for k, v in data.items())
        ]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    started: list[Receiver] = []

    def start(codes=(200,)) -> Receiver:
        started.append(Receiver(codes))
        return started[-1]

    yield start
    for r in started:
        r.stop()


def subscribe(admin, receiver: Receiver, types=("task.opened",)) -> dict:
    made = admin.post("/webhooks/outbound", {"url": receiver.url, "event_types": list(types)})
    receiver.secret = made["secret"]
    return made


def settled(admin, subscription_id: str, count: int = 1) -> list[dict]:
    def probe():
        found = admin.get(f"/webhooks/outbound/{subscription_id}/notifications")
        done = [n for n in found if n["status"] != "pending"]
        return found if len(done) >= count else None

    return wait_for(probe, "the notifications to settle", 30)


def test_a_task_opened_and_an_skp_approved_arrive_signed(stack, api, admin, people, receiver):
    e_office = receiver()
    made = subscribe(admin, e_office, ("task.opened", "skp.approved"))
    head = team(people)[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})

    arrived = wait_for(lambda: e_office.of("task.opened", kind="draft_skp"), "task.opened", 30)
    (first,) = arrived
    assert first["verified"], first["headers"]
    assert first["id"].startswith("msg_")
    assert first["headers"]["content-type"] == "application/json"
    data = first["payload"]["data"]
    assert data["assignee_nip"] == head and data["subject_nip"] == head
    assert data["year"] == YEAR and data["task_id"] and data["due"]
    assert first["payload"]["tenant_id"] == stack.sample.tenant_id

    (sent,) = settled(admin, made["id"])
    assert sent["id"] == first["id"] and sent["status"] == "sent"
    assert sent["event_type"] == "task.opened" and sent["payload"] == first["payload"]
    assert [a["status_code"] for a in sent["attempts"]] == [200]

    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    demo.draft_and_submit(head)
    demo.review(head, "approve")
    approved = wait_for(lambda: e_office.of("skp.approved", nip=head), "skp.approved", 30)
    assert approved[0]["verified"] and approved[0]["payload"]["data"]["year"] == YEAR
    penilai = people[head]["penilai"]
    assert approved[0]["payload"]["data"]["approved_by"] == penilai
    # the approval task itself was announced too, to the penilai
    assert e_office.of("task.opened", kind="approve_skp", assignee_nip=penilai)


def test_a_failing_receiver_is_retried_with_back_off(stack, admin, people, receiver):
    e_office = receiver(codes=(500, 500, 200))
    made = subscribe(admin, e_office)
    admin.post("/cycles", {"year": YEAR, "nips": [team(people)[0]]})

    (sent,) = settled(admin, made["id"])
    assert sent["status"] == "sent" and sent["reason"] is None
    assert [a["status_code"] for a in sent["attempts"]] == [500, 500, 200]
    assert sent["attempts"][0]["error"].startswith("HTTP 500")
    ids = {a["id"] for a in e_office.arrived}
    assert ids == {sent["id"]}  # the same webhook-id on every attempt
    assert all(a["verified"] for a in e_office.arrived)
    assert stack.aws.metrics.of(metrics.NOTIFICATIONS_SENT, event_type="task.opened") == 1
    assert stack.aws.metrics.counts.get(metrics.NOTIFICATIONS_FAILED, 0) == 0


def test_a_receiver_always_failing_ends_failed_and_the_workflow_goes_on(
    stack, api, admin, people, receiver
):
    e_office = receiver(codes=(503,))
    made = subscribe(admin, e_office)
    unreachable = admin.post(
        "/webhooks/outbound", {"url": "http://127.0.0.1:9/nothing", "event_types": ["task.opened"]}
    )
    head = team(people)[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})

    (failed,) = settled(admin, made["id"])
    assert failed["status"] == "failed" and "HTTP 503" in failed["reason"]
    assert len(failed["attempts"]) == outbound.ATTEMPTS
    (refused_,) = settled(admin, unreachable["id"])
    assert refused_["status"] == "failed" and refused_["attempts"][0]["status_code"] is None
    assert refused_["attempts"][0]["error"]
    failures = stack.aws.metrics.of(metrics.NOTIFICATIONS_FAILED, tenant_id=stack.sample.tenant_id)
    assert failures == 2

    demo = Demo(api, stack.sample.to_json(), only=[head])  # the cycle goes on regardless
    demo.year = YEAR
    demo.draft_and_submit(head)
    demo.review(head, "approve")
    wait_for(lambda: admin.get(f"/cycles/{head}/{YEAR}")["stage"] == "monitor", "monitor", 30)


def test_a_failed_notification_is_resent_under_its_webhook_id_after_the_fix(
    stack, admin, people, receiver
):
    e_office = receiver(codes=(503, 503, 503, 200))  # down for a while, then fixed
    made = subscribe(admin, e_office)
    admin.post("/cycles", {"year": YEAR, "nips": [team(people)[0]]})
    (failed,) = settled(admin, made["id"])
    assert failed["status"] == "failed" and failed["resends"] == []
    path = f"/webhooks/outbound/{made['id']}/notifications/resend"
    error = refused(lambda: admin.post(path, {}), 422)
    assert "ids" in error["details"]

    results = admin.post(path, {"status": "failed"})
    assert results == [{"id": failed["id"], "resent": True}]
    (sent,) = settled(admin, made["id"])
    assert sent["status"] == "sent" and sent["reason"] is None
    assert [a["status_code"] for a in sent["attempts"]] == [503, 503, 503, 200]
    assert {a["id"] for a in e_office.arrived} == {failed["id"]}  # the receiver can dedupe
    again = admin.post(path, {"ids": [failed["id"], "msg_nothing"]})
    assert again[0]["resent"] is False and "it is sent" in again[0]["reason"]
    assert again[1] == {"id": "msg_nothing", "resent": False, "reason": "not found"}
    resends = [a for a in AuditRecord.scan() if a.action == "webhook_notification.resend"]
    assert len(resends) == 1 and resends[0].after["status"] == "pending"
    assert [r["by"] for r in sent["resends"]] == [resends[0].actor]
    refused(lambda: admin.post("/webhooks/outbound/wo_nothing/notifications/resend",
                               {"status": "failed"}), 404)  # fmt: skip


def test_a_predikat_set_by_the_assessment_and_by_a_revision_arrives(
    stack, api, admin, people, receiver
):
    e_office = receiver()
    subscribe(admin, e_office, ("predikat.set",))
    nips = team(people)
    Demo(api, stack.sample.to_json(), only=nips).run_year()
    for nip in nips:
        (event,) = wait_for(lambda n=nip: e_office.of("predikat.set", nip=n), "predikat.set", 30)
        data = event["payload"]["data"]
        assert event["verified"] and data["year"] == YEAR and data["by"] == "assessment"
        assert data["predikat"] == admin.get(f"/cycles/{nip}/{YEAR}")["predikat"]
    nip = nips[1]
    boss = api.as_(people[people[nip]["penilai"]]["key"])
    body = {"rating_hasil_kerja": "di_bawah", "rating_perilaku": "sesuai",
            "reason": "Distribusi predikat unit harus dipenuhi"}  # fmt: skip
    revision = boss.post(f"/cycles/{nip}/{YEAR}/revisions", body)

    def revised():
        return [e for e in e_office.of("predikat.set", nip=nip) if e["payload"]["data"]["by"]
                != "assessment"]  # fmt: skip

    (event,) = wait_for(revised, "the revised predikat.set", 30)
    assert event["payload"]["data"]["predikat"] == revision["after"]["predikat"]


def test_without_a_subscription_nothing_is_recorded(stack, api, admin, people):
    head = team(people)[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    demo.draft_and_submit(head)
    assert dispatch.drain()
    assert list(OutboundNotificationRecord.scan()) == []


def test_subscriptions_are_checked_shown_once_audited_and_deleted(stack, api, admin, receiver):
    e_office = receiver()
    error = refused(
        lambda: admin.post(
            "/webhooks/outbound", {"url": "http://example.org/x", "event_types": ["task.opened"]}
        ),
        422,
    )
    assert "url" in error["details"]
    error = refused(
        lambda: admin.post(
            "/webhooks/outbound", {"url": "https://example.org/x", "event_types": ["skp.draft"]}
        ),
        422,
    )
    assert "event_types" in error["details"]

    made = subscribe(admin, e_office, ("predikat.set",))
    assert made["secret"].startswith("whsec_") and made["event_types"] == ["predikat.set"]
    (stored,) = OutboundSubscriptionRecord.scan()  # at rest: sealed, never plain
    assert stored.secret is None and stored.sealed_secret.startswith("kms1.")
    assert made["secret"].removeprefix("whsec_") not in json.dumps(stored.serialize())
    (listed,) = admin.get("/webhooks/outbound")
    assert listed["id"] == made["id"] and "secret" not in listed
    assert admin.get(f"/webhooks/outbound/{made['id']}/notifications") == []

    admin.request("DELETE", f"/webhooks/outbound/{made['id']}")
    assert admin.get("/webhooks/outbound") == []
    refused(lambda: admin.request("DELETE", f"/webhooks/outbound/{made['id']}"), 404)
    refused(lambda: admin.get("/webhooks/outbound/wo_nothing/notifications"), 404)
    actions = {a.action for a in AuditRecord.scan() if a.item.startswith("webhook_outbound/")}
    assert actions == {"webhook_outbound.create", "webhook_outbound.delete"}

    someone = next(iter(stack.sample.people.values()))["key"]
    refused(lambda: api.as_(someone).get("/webhooks/outbound"), 403)


def test_a_workflow_notify_step_sends_its_custom_event_signed(stack, api, admin, people, receiver):
    """A regency's definition with a notify step on approval (custom.eoffice_approval),
    published through /workflow: the e-office system receives the event, signed, once the SKP
    is approved, and the cycle goes on to its boundary."""
    from tests.workflow_examples import notify_on_approval

    refused(
        lambda: admin.post(
            "/webhooks/outbound", {"url": "https://example.org/x", "event_types": ["custom.A"]}
        ),
        422,
    )
    e_office = receiver()
    made = subscribe(admin, e_office, ("custom.eoffice_approval",))
    draft = admin.post("/workflow/drafts", {"name": "notify", "definition": notify_on_approval()})
    assert admin.post(f"/workflow/drafts/{draft['draft_id']}/validate")["valid"]
    published = admin.post(f"/workflow/drafts/{draft['draft_id']}/publish", {"note": "e-office"})
    assert published["version"] == 2

    head = team(people)[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    demo.draft_and_submit(head)
    assert e_office.of("custom.eoffice_approval") == []  # not before the approval
    demo.review(head, "approve")
    (sent,) = wait_for(
        lambda: e_office.of("custom.eoffice_approval", nip=head), "the workflow's event", 30
    )
    assert sent["verified"], sent["headers"]
    data = sent["payload"]["data"]
    assert data == {"nip": head, "year": YEAR, "period": None, "note": "SKP disetujui",
                    "source": "workflow"}  # fmt: skip
    wait_for(lambda: admin.get(f"/cycles/{head}/{YEAR}")["stage"] == "monitor", "the boundary")

    # the step run twice with the same input (a Lambda retry) sends its message once
    from functions.services.notifications import step_message_id
    from functions.steps import notify

    entered = {"execution": "x-1", "state": "NotifyApproved", "entered_at": "2026-01-05T00:00Z"}
    event = {"tenant_id": stack.sample.tenant_id, "nip": head, "year": YEAR,
             "event": "custom.eoffice_approval", **entered}  # fmt: skip
    assert notify.handler(event) == notify.handler(event) == {"sent": 1}
    message_id = step_message_id(stack.sample.tenant_id, *entered.values())
    stored = settled(admin, made["id"], 2)
    assert [n["id"] for n in stored].count(message_id) == 1
    assert len(e_office.of("custom.eoffice_approval", nip=head)) == 2  # the step's, and this
