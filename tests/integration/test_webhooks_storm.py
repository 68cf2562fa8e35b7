"""e-Office events moving real cycles, and a storm of deliveries on loopback: duplicates,
concurrent and out-of-order redeliveries; every accepted delivery is applied exactly once or
parked with a reason, none is lost."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from functions.local import workers as dispatch
from functions.local.demo import Demo, wait_for
from functions.services import audit
from functions.store.records import CoachingRecord, FeedbackRecord
from functions.store.repository import TenantRepository
from tests.functional.test_webhooks import MAPPING, SOURCE, deliver, feedback_event, settled

from .test_cycle import YEAR, team


@pytest.fixture(autouse=True)
def _drained():
    yield
    assert dispatch.drain(60), "webhook workers still busy"


@pytest.fixture
def mapped(admin):
    admin.put(f"/webhooks/sources/{SOURCE}/mapping", MAPPING)
    return admin


def audit_of_deliveries(stack) -> Counter:
    repo = TenantRepository(stack.sample.tenant_id)
    entries = audit.entries(repo, date(YEAR, 1, 1), date(YEAR, 12, 31))
    return Counter(
        e["item"].split("/", 1)[1]
        for e in entries
        if e["item"].startswith("webhook_delivery/") and e["action"] != "webhook.replay"
    )


def test_a_signed_skp_approves_it_and_dispositions_add_realisations_exactly_once(
    stack, api, people, mapped
):
    head, *_ = team(people)
    sekda = people[head]["penilai"]
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    mapped.post("/cycles", {"year": YEAR, "nips": [head]})
    demo.draft_and_submit(head)
    wait_for(lambda: demo.open_task(sekda, "approve_skp", head), "the approval task")
    signed = {"type": "dokumen.ditandatangani",
              "data": {"pemilik": {"nip": head}, "penandatangan": {"nip": sekda},
                       "tahun": YEAR, "nomor": "800/12/SKP"}}  # fmt: skip
    deliver(stack, signed, msg_id="msg_skp_signed")
    found = settled(mapped, "msg_skp_signed")
    assert found["status"] == "applied", found
    assert mapped.get(f"/cycles/{head}/{YEAR}/skp")["status"] == "disetujui"
    wait_for(
        lambda: mapped.get(f"/cycles/{head}/{YEAR}")["stage"] == "monitor", "the monitor stage"
    )
    # The same document signed again (a new delivery): no approval is open any more.
    deliver(stack, signed, msg_id="msg_skp_signed_again")
    again = settled(mapped, "msg_skp_signed_again")
    assert again["status"] == "dead" and again["reason"].startswith("rejected:")

    # Ten finished dispositions, each delivered two or three times, concurrently and shuffled.
    iki = f"{head[-4:]}-0-q"
    events = {
        f"msg_disp_{n}": {
            "type": "disposisi.selesai",
            "data": {
                "penerima": {"nip": head},
                "kode_iki": iki,
                "selesai_pada": f"{YEAR}-01-{n + 2:02d}T10:00:00+07:00",
                "tautan": f"https://eoffice.example/surat/{n}",
                "nomor": f"D-{n}",
            },
        }
        for n in range(10)
    }
    sends = [(i, e) for i, e in events.items() for _ in range(random.Random(i).choice((2, 3)))]
    random.Random(5).shuffle(sends)
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda s: deliver(stack, s[1], msg_id=s[0])[0], sends))
    assert set(statuses) <= {200, 202} and statuses.count(202) == len(events)
    assert dispatch.drain(60)
    assert all(settled(mapped, i)["status"] == "applied" for i in events)
    reported = mapped.get(f"/cycles/{head}/{YEAR}/realisasi")
    mine = [r for r in reported if r["iki_id"] == iki and r["period"] == 1]
    assert len(mine) == 1 and mine[0]["value"] == 10  # one per disposition, none twice
    assert len(mine[0]["bukti"]) == 10


def test_a_guidance_memo_becomes_a_coaching_record(stack, people, mapped):
    head, report, *_ = team(people)
    data = {"kepada": {"nip": report}, "dari": {"nip": head}, "tanggal": f"{YEAR}-02-03",
            "perihal": "Percepatan penyelesaian dokumen"}  # fmt: skip
    memo = {"type": "memo.bimbingan", "data": data}
    deliver(stack, memo, msg_id="msg_memo")
    found = settled(mapped, "msg_memo")
    assert found["status"] == "applied", found
    repo = TenantRepository(stack.sample.tenant_id)
    records = repo.coachings(report, YEAR)
    assert [(r.coaching_kind, r.by_nip, r.period) for r in records] == [("bimbingan", head, 1)]


def test_a_storm_of_deliveries_is_applied_exactly_once_or_parked_none_lost(stack, people, mapped):
    rng = random.Random(2026)
    nips = sorted(people)
    stranger = "199001012020011001"
    events: dict[str, dict] = {}
    for n in range(120):
        roll = rng.random()
        nip = rng.choice(nips)
        if roll < 0.6:
            event = feedback_event(nip, f"Umpan balik nomor {n}")
        elif roll < 0.8:
            boss = people[nip]["penilai"] or nips[0]
            event = {"type": "memo.bimbingan",
                     "data": {"kepada": {"nip": nip}, "dari": {"nip": boss},
                              "tanggal": f"{YEAR}-01-05", "perihal": f"Bimbingan {n}"}}  # fmt: skip
        elif roll < 0.9:
            event = feedback_event(stranger, f"Untuk orang tak dikenal {n}")
        else:
            event = {"type": "surat.masuk", "data": {"nomor": n}}
        events[f"storm_{n:03d}"] = event
    # Each event is sent 1-3 times; redeliveries land anywhere in the burst, some at once.
    sends = [(i, e) for i, e in events.items() for _ in range(rng.choice((1, 1, 2, 3)))]
    rng.shuffle(sends)
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda s: (s[0], deliver(stack, s[1], msg_id=s[0])), sends))
    assert time.monotonic() - started < 120
    accepted = Counter(i for i, (status, _) in answers if status == 202)
    assert {status for _, (status, _) in answers} <= {200, 202}
    assert set(accepted) == set(events) and set(accepted.values()) == {1}  # stored once each
    assert dispatch.drain(90)

    final = {i: settled(mapped, i, timeout=60) for i in events}
    assert all(d["status"] in ("applied", "dead") for d in final.values())  # none lost
    dead = {i: d for i, d in final.items() if d["status"] == "dead"}
    assert all(d["reason"] for d in dead.values())  # parked with a reason
    assert {d["reason"].split(":")[0] for d in dead.values()} <= {"unknown_employee", "unmapped"}
    applied = {i for i, d in final.items() if d["status"] == "applied"}
    expected_dead = {
        i for i, e in events.items() if e["type"] == "surat.masuk" or stranger in json.dumps(e)
    }
    assert set(dead) == expected_dead and applied == set(events) - expected_dead

    # Exactly once: one audit entry per applied delivery, and one record each.
    assert audit_of_deliveries(stack) == Counter(dict.fromkeys(applied, 1))
    repo = TenantRepository(stack.sample.tenant_id)
    records = [r for n in nips for r in repo.cycle_records(n, YEAR)]
    feedback = [r for r in records if isinstance(r, FeedbackRecord)]
    coaching = [r for r in records if isinstance(r, CoachingRecord)]
    kinds = Counter(events[i]["type"] for i in applied)
    assert len(feedback) == kinds["form.feedback"] and len(coaching) == kinds["memo.bimbingan"]
    listed = mapped.get("/webhooks/deliveries?status=dead&limit=1000")
    assert {d["id"] for d in listed} == set(dead)
