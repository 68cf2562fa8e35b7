"""e-Office realisations counted by the document, not by the delivery: the same disposition
(same number) under a new webhook-id is reported as a duplicate and not counted again; a
mapping may set a level (``mode: set``) instead of adding a count."""

from __future__ import annotations

import json

import pytest

from functions.local import workers as dispatch
from functions.local.demo import Demo, wait_for
from tests.functional.test_webhooks import MAPPING, SOURCE, deliver, settled

from .test_cycle import YEAR, team


@pytest.fixture(autouse=True)
def _drained():
    yield
    assert dispatch.drain(60), "webhook workers still busy"


def mapping_with_references() -> dict:
    spec = json.loads(json.dumps(MAPPING))
    spec["events"]["disposisi.selesai"]["fields"]["reference"] = "data.nomor"
    spec["events"]["laporan.waktu"] = {
        "action": "realisasi",
        "fields": {"nip": "data.nip", "iki_id": "data.kode_iki", "date": "data.tanggal",
                   "link": "data.tautan", "value": "data.rata_hari", "reference": "data.nomor"},
        "values": {"mode": "set"},
    }  # fmt: skip
    return spec


def disposition(nip: str, iki: str, number: str, day: int) -> dict:
    data = {"penerima": {"nip": nip}, "kode_iki": iki, "selesai_pada": f"{YEAR}-01-{day:02d}",
            "tautan": f"https://eoffice.example/surat/{number}", "nomor": number}  # fmt: skip
    return {"type": "disposisi.selesai", "data": data}


def waktu_report(nip: str, iki: str, number: str, days: float) -> dict:
    data = {"nip": nip, "kode_iki": iki, "tanggal": f"{YEAR}-01-20", "rata_hari": days,
            "tautan": f"https://eoffice.example/laporan/{number}", "nomor": number}  # fmt: skip
    return {"type": "laporan.waktu", "data": data}


@pytest.fixture
def approved(stack, api, people, admin):
    """The bkpsdm head's cycle with an approved SKP (monitoring), dispositions mapped with
    their document number as the reference."""
    head, *_ = team(people)
    admin.put(f"/webhooks/sources/{SOURCE}/mapping", mapping_with_references())
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo.draft_and_submit(head)
    demo.review(head, "approve")
    wait_for(lambda: admin.get(f"/cycles/{head}/{YEAR}")["stage"] == "monitor", "monitoring")
    return head


def realisation(admin, nip: str, iki: str) -> dict:
    (found,) = [
        r
        for r in admin.get(f"/cycles/{nip}/{YEAR}/realisasi")
        if r["iki_id"] == iki and r["period"] == 1
    ]
    return found


def test_the_same_disposition_under_a_new_webhook_id_is_a_duplicate_not_counted_twice(
    stack, admin, approved
):
    head, iki = approved, f"{approved[-4:]}-0-q"
    deliver(stack, disposition(head, iki, "ND-7/2026", 5), msg_id="msg_first")
    assert settled(admin, "msg_first")["result"]["value"] == 1
    # The e-office system sends the same disposition again under another webhook-id.
    deliver(stack, disposition(head, iki, "ND-7/2026", 5), msg_id="msg_again")
    again = settled(admin, "msg_again")
    assert again["status"] == "applied", again
    assert again["result"]["duplicate"] is True
    assert again["result"]["duplicate_of"] == "msg_first"
    assert again["result"]["reference"] == "ND-7/2026" and again["result"]["value"] == 1
    deliver(stack, disposition(head, iki, "ND-8/2026", 6), msg_id="msg_other")
    other = settled(admin, "msg_other")["result"]
    assert "duplicate" not in other and other["value"] == 2
    counted = realisation(admin, head, iki)
    assert counted["value"] == 2 and len(counted["bukti"]) == 2
    # The duplicate is in the audit trail with its result, not silently dropped.
    entries = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31&person={head}")
    (logged,) = [e for e in entries if e["item"] == "webhook_delivery/msg_again"]
    assert logged["action"] == "webhook.realisasi" and logged["after"]["duplicate"] is True


def test_a_mapping_in_set_mode_replaces_the_periods_level_instead_of_adding(stack, admin, approved):
    head, iki = approved, f"{approved[-4:]}-0-w"  # days to finish: a level (terakhir)
    deliver(stack, waktu_report(head, iki, "LAP-1", 4.5), msg_id="msg_level_1")
    first = settled(admin, "msg_level_1")["result"]
    assert (first["mode"], first["before"], first["set"], first["value"]) == ("set", None, 4.5, 4.5)
    deliver(stack, waktu_report(head, iki, "LAP-2", 3), msg_id="msg_level_2")
    second = settled(admin, "msg_level_2")["result"]
    assert (second["before"], second["value"]) == (4.5, 3)
    assert realisation(admin, head, iki)["value"] == 3  # set, not 7.5
    # The first report again, under a new id: a duplicate, the level stays as it is.
    deliver(stack, waktu_report(head, iki, "LAP-1", 4.5), msg_id="msg_level_1b")
    assert settled(admin, "msg_level_1b")["result"]["duplicate_of"] == "msg_level_1"
    assert realisation(admin, head, iki)["value"] == 3
