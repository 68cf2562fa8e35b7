"""The demo's talent review round, after the year (docs/talent-review.md): BKPSDM records the
eselon II positions of the units the demo ran (each Kepala Dinas, and the Sekretaris Daerah's
position, a key one), defines a one-wave round with the Sekretaris Daerah chairing the panel,
each Kepala Dinas presents, the panel scores, the chair recommends (the best promoted to the
Sekretaris Daerah's position, as the Sekda retires), BKPSDM records the regent's ratification;
then the succession view shows who is ready for each key position."""

from __future__ import annotations

import time
from functools import partial

from functions.local.client import ApiError
from functions.local.demo import Demo, DemoError, wait_for

CRITERIA = {"prestasi": 40, "integritas": 20, "komitmen": 20, "inovasi": 20}
# each member's scores of an official, by the official's predikat of the year
SCORES = {"sangat_baik": 90, "baik": 82, "butuh_perbaikan": 70}
SEKDA = ("setda", "sekda")


def _position(demo: Demo, unit_id: str, body: dict) -> None:
    try:
        demo.admin.post(f"/units/{unit_id}/positions", body)
    except ApiError as error:
        if error.status != 409:  # recorded by an earlier run against this server
            raise


def positions(demo: Demo) -> tuple[list[str], str]:
    """The eselon II positions of the demo's units and the Sekda's; their heads and the Sekda."""
    units, sekda = [], None
    for nip, person in sorted(demo.people.items()):
        if demo.only and nip not in demo.only:
            continue
        if person["position"] == "Kepala Dinas":
            units.append(person["unit"])
            body = {
                "position_id": "kadis",
                "name": f"Kepala {demo.admin.get('/units/' + person['unit'])['name']}",
                "position_kind": "jpt_pratama",
                "eselon": "II.b",
                "incumbent_nip": nip,
                "key_position": True,
                "requirements": {"manajerial": 70},
            }
            _position(demo, person["unit"], body)
    sekda = next(n for n, p in demo.people.items() if p["penilai"] is None)
    body = {
        "position_id": SEKDA[1],
        "name": "Sekretaris Daerah",
        "position_kind": "jpt_pratama",
        "eselon": "II.a",
        "incumbent_nip": sekda,
        "key_position": True,
        "requirements": {"manajerial": 75, "sosial_kultural": 70},
    }
    _position(demo, SEKDA[0], body)
    return units, sekda


def _complete(demo: Demo, nip: str, kind: str, body) -> None:
    """``nip`` completes their open tasks of ``kind`` (``body``: the body for a task)."""
    for task in demo.person(nip).get(f"/tasks?kind={kind}"):
        demo.person(nip).post(f"/tasks/{task['task_id']}/complete", body(task))


def _open(client, kind: str, count: int, query: str = "") -> list[dict]:
    """The open tasks of ``kind`` the client lists, once there are ``count`` of them."""
    found = client.get(f"/tasks?kind={kind}{query}")
    return found if len(found) >= count else []


def review_round(demo: Demo) -> dict | None:
    """Run the round through the API and return it with the succession view (None when the
    demo ran no Kepala Dinas: a round needs officials)."""
    started = time.monotonic()
    units, sekda = positions(demo)
    officials = [
        n for n, p in demo.people.items() if p["position"] == "Kepala Dinas" and p["unit"] in units
    ]
    if not officials:
        return None
    panel = [sekda, *sorted(officials)[:1]]
    body = {
        "name": f"Evaluasi kinerja pejabat eselon II {demo.year}",
        "year": demo.year,
        "criteria": CRITERIA,
        "panel": panel,
        "waves": ["II"],
        "unit_ids": units,
    }
    review = demo.admin.post("/talent-reviews", body)
    path = f"/talent-reviews/{review['review_id']}"
    predikat = {n: demo.admin.get(f"/cycles/{n}/{demo.year}")["predikat"] for n in officials}
    for nip in officials:  # presentations
        wait_for(partial(_open, demo.person(nip), "present_review", 1), f"paparan {nip}")
        _complete(
            demo,
            nip,
            "present_review",
            lambda task: {
                "work_plan": "Rencana kerja: digitalisasi layanan dan penurunan waktu tunggu 20%",
                "attachments": ["https://eoffice.sukamaju.go.id/paparan/" + task["subject_nip"]],
            },
        )
    scorers = {m: sum(1 for o in officials if o != m) for m in panel}
    for member, count in scorers.items():  # each member scores each official but themselves
        if not count:
            continue
        wait_for(partial(_open, demo.person(member), "score_review", count), "penilaian")
        _complete(
            demo,
            member,
            "score_review",
            lambda task: {
                "scores": dict.fromkeys(
                    CRITERIA, SCORES.get(predikat[task["subject_nip"]] or "", 65)
                )
            },
        )
    # the chair (or the other member, for the chair's own) recommends once all are scored
    chairs = {o: next(m for m in panel if m != o) for o in officials}
    for member in set(chairs.values()):
        count = sum(1 for c in chairs.values() if c == member)
        wait_for(partial(_open, demo.person(member), "recommend_review", count), "panel")
    view = demo.admin.get(path)
    ranked = [o for w in view["waves"] for o in w["officials"]]  # best total first
    best = ranked[0]["nip"]
    for member in set(chairs.values()):
        _complete(demo, member, "recommend_review", partial(_recommendation, best))
    # no ppk_nip: the ratification waits on BKPSDM's admins, who record the regent's decision
    ratify = partial(_open, demo.admin, "ratify_review", 1, "&assignee=bkpsdm")
    task = wait_for(ratify, "pengesahan")[0]
    demo.admin.post(f"/tasks/{task['task_id']}/complete", {"note": "Disahkan oleh Bupati"})
    view = wait_for(
        lambda: (v := demo.admin.get(path))["status"] in ("done", "failed") and v,
        "the round's results",
    )
    if view["status"] != "done":
        raise DemoError(f"the review round failed: {view['failure']}")
    succession = demo.admin.get(f"/succession?year={demo.year}")
    seconds = round(time.monotonic() - started, 1)
    return {"review": view, "succession": succession, "seconds": seconds}


def _recommendation(best: str, task: dict) -> dict:
    if task["subject_nip"] == best:
        return {
            "recommendation": "promosi",
            "position": {"unit_id": SEKDA[0], "position_id": SEKDA[1]},
            "reasons": "Skor tertinggi panel; capaian dan inovasi layanan konsisten",
        }
    return {
        "recommendation": "dipertahankan",
        "reasons": "Capaian sesuai ekspektasi; pertahankan pada jabatan saat ini",
    }


def print_review(result: dict) -> None:
    review, succession = result["review"], result["succession"]
    print(f"Talent review: {review['name']} ({review['status']}, {result['seconds']} s)")
    for wave in review["waves"]:
        print(f"  wave {wave['wave']}: opened {wave['opened_at']}, closed {wave['closed_at']}")
        for o in wave["officials"]:
            decision = o["decision"] or {}
            target = (decision.get("position") or {}).get("name", "")
            print(
                f"    {o['nip']} {o['name'] or '':<18} score {o['total']:<6} "
                f"{decision.get('recommendation', '-')} {target}".rstrip()
            )
    coverage = succession["coverage"]
    print(
        f"Succession: {coverage['covered']} of {coverage['key_positions']} key positions "
        "have a successor ready now"
    )
    for p in succession["positions"]:
        ready = ", ".join(p["ready_now"]) or "none ready now"
        print(f"  {p['unit_id']:<7} {p['name']:<42} {ready}")
