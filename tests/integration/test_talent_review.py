"""A whole talent review round on the embedded stack (workflows/talent_review.asl.json), driven
through the HTTP API: waves by eselon in order, presentations, the panel's scores, the chair's
recommendations, the PPK's ratification, and the results in the succession view."""

from __future__ import annotations

import time

from functions.domain.talent_review import WAVES
from functions.local.demo import wait_for

from .conftest import refused
from .test_cycle import YEAR

KINDS = ("present_review", "score_review", "recommend_review", "ratify_review")
CRITERIA = {"prestasi": 40, "integritas": 20, "komitmen": 20, "inovasi": 20}


def _person(people: dict, unit: str, position: str) -> str:
    return next(n for n, p in people.items() if p["unit"] == unit and p["position"] == position)


def _positions(admin, head, sekretaris, kabid, kasi, sekda) -> None:
    rows = [
        ("bkpsdm", "kaban", "Kepala BKPSDM", "jpt_pratama", "II.b", head, True, None),
        ("bkpsdm", "sekretaris", "Sekretaris BKPSDM", "administrator", "III.a", sekretaris,
         True, {"manajerial": 60}),
        ("bkpsdm", "kabid", "Kepala Bidang Mutasi", "administrator", "III.b", kabid, False, None),
        ("bkpsdm", "kabid2", "Kepala Bidang Pengembangan", "administrator", "III.b", None, True,
         None),
        ("bkpsdm", "kasi", "Kepala Seksi Data", "pengawas", "IV.a", kasi, False, None),
        ("setda", "sekda", "Sekretaris Daerah", "jpt_pratama", "II.a", sekda, True,
         {"manajerial": 1}),
    ]  # fmt: skip
    for unit, pid, name, kind, eselon, nip, key, requirements in rows:
        admin.post(f"/units/{unit}/positions", {
            "position_id": pid, "name": name, "position_kind": kind, "eselon": eselon,
            "incumbent_nip": nip, "key_position": key, "requirements": requirements,
        })  # fmt: skip


def _body(task: dict, plans: dict) -> dict:
    kind, subject = task["task_kind"], task["subject_nip"]
    if kind == "present_review":
        return {"work_plan": f"Rencana kerja {subject}: layanan digital",
                "attachments": [f"https://eoffice.example.go.id/paparan/{subject}"]}  # fmt: skip
    if kind == "score_review":
        return {"scores": dict.fromkeys(CRITERIA, plans[subject][0])}
    if kind == "recommend_review":
        return plans[subject][1]
    return {
        "note": "Disahkan",
        "overrides": [o for o in plans.values() if isinstance(o, dict) and "nip" in o],
    }


def test_a_review_round_runs_its_waves_in_order_to_ratification_and_feeds_succession(
    finished, stack, api, people
):
    nips, _ = finished  # the bkpsdm head and two administrators, their year decided
    admin = api.as_(stack.sample.admin_key)
    head, sekretaris, kabid = nips
    kasi = _person(people, "bkpsdm", "Kepala Seksi")  # no cycle this year
    sekda = next(n for n, p in people.items() if p["penilai"] is None)
    _positions(admin, head, sekretaris, kabid, kasi, sekda)
    body = {"name": "Evaluasi pejabat 2026", "year": YEAR, "criteria": CRITERIA,
            "panel": [sekda, head], "ppk_nip": sekda, "waves": ["IV", "II", "III"],
            "unit_ids": ["bkpsdm"]}  # fmt: skip
    review = admin.post("/talent-reviews", body)
    assert [w["wave"] for w in review["waves"]] == ["II", "III", "IV"]
    path = f"/talent-reviews/{review['review_id']}"

    sekda_position = {"unit_id": "setda", "position_id": "sekda"}
    plans = {
        head: (90, {"recommendation": "promosi", "position": sekda_position,
                    "reasons": "Skor tertinggi dan capaian konsisten"}),
        sekretaris: (80, {"recommendation": "pengembangan",
                          "reasons": "Perlu pelatihan kepemimpinan administrator"}),
        kabid: (75, {"recommendation": "mutasi", "reasons": "Rotasi untuk penyegaran"}),
        kasi: (85, {"recommendation": "promosi",
                    "position": {"unit_id": "bkpsdm", "position_id": "kabid2"},
                    "reasons": "Siap memimpin bidang pengembangan"}),
        "override": {"nip": kabid, "recommendation": "dipertahankan",
                     "reason": "Bidang mutasi sedang menata ulang layanannya"},
    }  # fmt: skip
    wave_of = {head: "II", sekretaris: "III", kabid: "III", kasi: "IV"}
    presented: list[str] = []  # waves in the order their presentations were asked for
    actors = {n: api.as_(people[n]["key"]) for n in (head, sekretaris, kabid, kasi, sekda)}
    deadline = time.monotonic() + 90
    while admin.get(path)["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, admin.get(path)
        worked = False
        for client in actors.values():
            for task in client.get("/tasks"):
                if task["task_kind"] not in KINDS:
                    continue
                assert task["review_id"] == review["review_id"]
                if task["task_kind"] == "present_review":
                    presented.append(wave_of[task["subject_nip"]])
                    order = WAVES.index(presented[-1])
                    earlier = [
                        w for w in admin.get(path)["waves"] if WAVES.index(w["wave"]) < order
                    ]
                    assert all(w["closed_at"] for w in earlier), "a wave began before the last"
                client.post(f"/tasks/{task['task_id']}/complete", _body(task, plans))
                worked = True
        if not worked:
            time.sleep(0.05)

    assert presented == ["II", "III", "III", "IV"]
    view = admin.get(path)
    assert view["status"] == "done", view["failure"]
    assert view["ratification"]["by"] == sekda and view["ratification"]["overridden"] == [kabid]
    officials = {o["nip"]: o for w in view["waves"] for o in w["officials"]}
    assert set(officials) == {head, sekretaris, kabid, kasi}
    # the year's capaian came from the cycle; the head was scored by the sekda alone
    assert (
        officials[head]["presentation"]["capaian"]["predikat"]
        == admin.get(f"/cycles/{head}/{YEAR}")["predikat"]
    )
    assert officials[kasi]["presentation"]["capaian"] is None  # no cycle this year
    assert [s["member_nip"] for s in officials[head]["scores"]] == [sekda]
    assert officials[head]["total"] == 90 and officials[kabid]["total"] == 75
    assert officials[head]["decision"]["how"] == "ratified"
    assert officials[kabid]["decision"] == {
        **officials[kabid]["decision"],
        "recommendation": "dipertahankan",
        "how": "overridden",
    }
    today = api.as_(stack.sample.platform_key).get("/clock")["now"][:10]
    entries = admin.get(f"/audit?from={today}&to={today}")
    actions = {e["action"] for e in entries if e["item"] == f"talent_review/{review['review_id']}"}
    assert actions == {"talent_review.create", "talent_review.finish"}

    # the results in succession: the ratified promotions are ready now for their positions
    sekda_view = admin.get("/units/setda/positions/sekda/successors")
    assert sekda_view["ready_now"] == [head]
    assert sekda_view["candidates"][0]["recommended"][0]["review_id"] == review["review_id"]
    vacancy = admin.get(f"/units/bkpsdm/positions/kabid2/successors?year={YEAR}")
    assert vacancy["vacant"] and kasi in vacancy["ready_now"]
    regency = admin.get("/succession")
    assert regency["coverage"]["key_positions"] == 4
    uncovered = {p["position_id"] for p in regency["coverage"]["uncovered"]}
    assert {"sekda", "kabid2"}.isdisjoint(uncovered)
    assert regency["units"]["setda"] == {"key_positions": 1, "covered": 1, "uncovered": []}

    # a second round may not name the same official as their own only scorer
    error = refused(lambda: admin.post("/talent-reviews", {**body, "panel": [head]}), 422)
    assert "own only scorer" in error["message"]


def test_a_presentation_not_given_lapses_and_the_round_goes_on(stack, api, people):
    admin = api.as_(stack.sample.admin_key)
    head = _person(people, "dinkes", "Kepala Dinas")
    sekda = next(n for n, p in people.items() if p["penilai"] is None)
    position = {"name": "Kepala Dinas Kesehatan", "position_kind": "jpt_pratama",
                "eselon": "II.b", "incumbent_nip": head}  # fmt: skip
    admin.post("/units/dinkes/positions", position)
    day = 1 / 24  # an hour for every task
    body = {"name": "Evaluasi singkat", "year": YEAR, "panel": [sekda],
            "task_days": dict.fromkeys(KINDS, day)}  # fmt: skip
    review = admin.post("/talent-reviews", body)
    path = f"/talent-reviews/{review['review_id']}"
    official = api.as_(people[head]["key"])
    wait_for(lambda: official.get("/tasks?kind=present_review"), "the presentation task")
    platform = api.as_(stack.sample.platform_key)
    now = platform.get("/clock")["now"]
    platform.post("/clock", {"to": _later(now, 2)})
    member = api.as_(people[sekda]["key"])
    task = wait_for(lambda: member.get("/tasks?kind=score_review"), "the scores task")[0]
    member.post(f"/tasks/{task['task_id']}/complete", {"scores": dict.fromkeys(CRITERIA, 70)})
    view = admin.get(path)
    shown = view["waves"][0]["officials"][0]
    assert shown["presentation"] is None and shown["lapsed"] == ["present_review"]
    timed_out = official.get("/tasks?status=timed_out&kind=present_review")
    assert len(timed_out) == 1


def _later(now: str, hours: int) -> str:
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(now) + timedelta(hours=hours)).isoformat()
