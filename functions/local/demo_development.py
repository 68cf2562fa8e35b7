"""The demo's development year (docs/development.md), after the evaluation year: BKPSDM records
the regent's policy on competency development, plans a few employees' development from the
needs the year left (the 9-box action, coaching, competency gaps), the learning system's export
is imported and one completion arrives by webhook from the learning system, a penilai confirms
whether what was learnt is used (with the RHK's capaian before and after), and the regency's
report along the ASN Achievement Award's four indicators is read."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from standardwebhooks.webhooks import Webhook

from functions.local.client import Client

if TYPE_CHECKING:
    from functions.local.demo import Demo

PLANNED = 6  # employees with a plan: enough to show every indicator, few enough to stay quick
SOURCE = "lms"  # the learning system: a webhook source of its own
MAPPING = {
    "events": {
        "kursus.selesai": {
            "action": "development.record",
            "fields": {
                "nip": "data.peserta.nip",
                "kind": "data.jenis",
                "title": "data.judul",
                "hours": "data.jp",
                "date": "data.selesai",
                "certificate_url": "data.sertifikat",
                "digital": "data.digital",
            },
        }
    }
}
CLASSROOM = "Pelatihan Pelayanan Publik Prima"
E_LEARNING = "Literasi Data dan Keamanan Siber"


def develop(demo: Demo) -> dict:
    """Drive the development year of ``demo.year`` for a few of the employees run; what it did
    and the report."""
    from functions.local.demo import wait_for

    admin, year, started = demo.admin, demo.year, time.monotonic()
    chosen = sorted(demo.skp)[:PLANNED]
    admin.post("/development/policies", {
        "title": "Peraturan Bupati tentang Pengembangan Kompetensi ASN Berbasis Digital",
        "number": f"Perbup 7/{year}", "issued_on": f"{year}-01-15", "digital": True,
        "url": f"https://jdih.sukamaju.go.id/perbup-7-{year}",
    })  # fmt: skip
    needs = {}
    for nip in chosen:
        needs[nip] = admin.get(f"/employees/{nip}/development/{year}/needs")["unanswered"]
        admin.put(f"/employees/{nip}/development/{year}/plan", {"activities": [
            {"kind": "pelatihan_klasikal", "title": CLASSROOM, "hours": 16, "cost": 2_500_000,
             "provider": "BPSDM Provinsi", "rhk_id": "r1"},
            {"kind": "e_learning", "title": E_LEARNING, "hours": 8, "digital": True,
             "cost": 300_000},
        ]})  # fmt: skip
    # the learning system's export: the classroom course, done mid-year by all but the last
    done = chosen[:-1] or chosen
    rows = ["NIP;Jenis Kegiatan;Judul;JP;Tanggal Selesai;Biaya;Tautan Sertifikat"]
    rows += [f"{nip};Pelatihan Klasikal;{CLASSROOM};16;{year}-05-20;Rp 2.400.000;"
             f"https://lms.sukamaju.go.id/sertifikat/{nip}" for nip in done]  # fmt: skip
    data = ("\r\n".join(rows) + "\r\n").encode()
    job = json.loads(admin.raw("POST", "/imports/development", data, "text/csv")[0])
    # one e-learning completion reported by the learning system as it happens
    secret = admin.post(f"/webhooks/sources/{SOURCE}/secrets", {"label": "demo"})["secret"]
    admin.put(f"/webhooks/sources/{SOURCE}/mapping", MAPPING)
    learner = chosen[0]
    event = {"type": "kursus.selesai", "data": {
        "peserta": {"nip": learner}, "jenis": "e_learning", "judul": E_LEARNING, "jp": 8,
        "selesai": f"{year}-06-03", "digital": True,
        "sertifikat": f"https://lms.sukamaju.go.id/sertifikat/{learner}-digital",
    }}  # fmt: skip
    delivery = _send(demo.api, demo.credentials["tenant_id"], secret, event)
    status = wait_for(
        lambda: (found := admin.get(f"/webhooks/deliveries/{delivery}"))["status"]
        in ("applied", "dead") and found, "the learning system's webhook", 30,
    )  # fmt: skip
    # the penilai follow up: the classroom course used at work by most, not by one
    used = []
    for n, nip in enumerate(done):
        records = admin.get(f"/employees/{nip}/development/{year}")["records"]
        record = next(r for r in records if r["title"] == CLASSROOM)
        note = "Diterapkan pada layanan" if n != 1 else "Belum ada kesempatan"
        body = {"used": n != 1, "rhk_id": "r1", "note": note}
        path = f"/employees/{nip}/development/{year}/records/{record['record_id']}/use"
        confirmed = demo.person(demo.people[nip]["penilai"]).put(path, body)
        used.append({"nip": nip, "used": body["used"], "rhk_effect": confirmed["rhk_effect"]})
    return {
        "employees": chosen,
        "needs": needs,
        "imported": job["counts"],
        "webhook": {"status": status["status"], "result": status["result"]},
        "use": used,
        "hours": admin.get(f"/employees/{learner}/development/{year}")["hours"],
        "report": admin.get(f"/development/report?year={year}"),
        "seconds": round(time.monotonic() - started, 1),
    }


def _send(api: Client, tenant_id: str, secret: str, event: dict) -> str:
    """Sign and send one event as the learning system (Standard Webhooks); its id."""
    body = json.dumps(event)
    msg_id, now = f"msg_{uuid.uuid4().hex}", datetime.now(UTC)
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, now, body),
    }
    url = f"{api.base_url}/webhooks/{tenant_id}/{SOURCE}"
    request = urllib.request.Request(url, body.encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=api.timeout) as answer:
        answer.read()
    return msg_id


def print_development(found: dict) -> None:
    report, ind = found["report"], found["report"]["indicators"]
    print(f"Competency development {report['year']} ({len(found['employees'])} planned from "
          f"{sum(found['needs'].values())} needs):")  # fmt: skip
    counts = found["imported"]
    print(f"  imported from the learning system: {counts.get('created', 0)} records; "
          f"by webhook: {found['webhook']['status']}")  # fmt: skip
    for use in found["use"]:
        effect = use["rhk_effect"] or {}
        before, after = effect.get("before") or {}, effect.get("after") or {}
        change = (f"RHK r1 capaian {before.get('capaian')}% (period {before.get('period')}) -> "
                  f"{after.get('capaian')}% (period {after.get('period')})") if before and after \
            else "no capaian to compare"  # fmt: skip
        print(f"  {use['nip']} {'used' if use['used'] else 'not used':<8} {change}")
    print(f"  (1) policy documents: {ind['policy_documents']}; (2) {ind['activities']} "
          f"activities, {ind['hours']:g} JP, {ind['employees_reached']} of {ind['employees']} "
          f"reached {report['target']} JP; (3) budget Rp {ind['budget_planned']:,.0f} planned, "
          f"Rp {ind['budget_spent']:,.0f} spent; (4) utilisation "
          f"{(ind['utilisation'] or 0) * 100:.0f}% ({found['seconds']} s)")  # fmt: skip
