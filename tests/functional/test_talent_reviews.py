"""Talent review rounds and succession through the API: a round refused naming the field and
the rule, defined and started, its tasks in the assignees' lists with their bodies checked per
kind; positions' competency requirements; succession's coverage and its refusals."""

from __future__ import annotations

import pytest

from functions.local.demo import wait_for
from tests.integration.conftest import refused

YEAR = 2026


def _sekda(people) -> str:
    return next(n for n, p in people.items() if p["penilai"] is None)


def _head(people, unit: str) -> str:
    return next(
        n for n, p in people.items() if p["unit"] == unit and p["position"] == "Kepala Dinas"
    )


@pytest.fixture
def kadis(admin, people):
    """The Kepala Dinas Kesehatan's position (eselon II.b, key) and the Sekda's (vacant)."""
    head = _head(people, "dinkes")
    admin.post("/units/dinkes/positions", {
        "position_id": "kadis", "name": "Kepala Dinas Kesehatan", "position_kind": "jpt_pratama",
        "eselon": "II.b", "incumbent_nip": head, "key_position": True,
        "requirements": {"manajerial": 70},
    })  # fmt: skip
    return head


def _round(people, **changes) -> dict:
    body = {"name": "Evaluasi pejabat", "year": YEAR, "panel": [_sekda(people)]}
    return {**body, **changes}


def test_a_round_is_refused_naming_the_field_and_the_rule(admin, api, stack, people, kadis):
    weights = {"prestasi": 50, "integritas": 20}
    error = refused(lambda: admin.post("/talent-reviews", _round(people, criteria=weights)), 422)
    assert error["details"] == {"criteria": ["the weights sum to 70; they must sum to 100"]}
    stranger = "199203152019032004"
    error = refused(lambda: admin.post("/talent-reviews", _round(people, panel=[stranger])), 422)
    assert error["details"] == {"panel": [f"{stranger} is not an employee"]}
    error = refused(lambda: admin.post("/talent-reviews", _round(people, waves=["IV"])), 422)
    assert list(error["details"]) == ["waves"]
    error = refused(lambda: admin.post("/talent-reviews", _round(people, waves=["V"])), 422)
    assert "waves" in error["details"]
    error = refused(lambda: admin.post("/talent-reviews", _round(people, panel=[kadis])), 422)
    assert error["details"] == {
        "panel": [f"{kadis} is reviewed and would be their own only scorer"]
    }
    auditor = api.as_(stack.sample.auditor_key)
    refused(lambda: auditor.post("/talent-reviews", _round(people)), 403)
    pegawai = api.as_(people[kadis]["key"])
    refused(lambda: pegawai.get("/talent-reviews"), 403)
    assert admin.get("/talent-reviews") == []


def test_a_round_starts_and_its_tasks_check_their_bodies_by_kind(admin, api, stack, people, kadis):
    sekda = _sekda(people)
    review = admin.post("/talent-reviews", _round(people, criteria={"prestasi": 60, "inovasi": 40}))
    assert review["status"] == "running" and review["ppk_nip"] is None
    assert [w["wave"] for w in review["waves"]] == ["II"]
    assert [o["nip"] for o in review["waves"][0]["officials"]] == [kadis]
    listed = api.as_(stack.sample.auditor_key).get(f"/talent-reviews?year={YEAR}")
    assert [(r["review_id"], r["waves"][0]["officials"]) for r in listed] == [
        (review["review_id"], 1)
    ]

    official = api.as_(people[kadis]["key"])
    task = wait_for(lambda: official.get("/tasks?kind=present_review"), "the presentation")[0]
    assert task["review_id"] == review["review_id"] and task["subject_nip"] == kadis
    assert task["title"].startswith("Paparan capaian kinerja")
    path = f"/tasks/{task['task_id']}/complete"
    error = refused(lambda: official.post(path, {"work_plan": "singkat"}), 422)
    assert "work_plan" in error["details"]
    refused(lambda: api.as_(people[sekda]["key"]).post(path, {"work_plan": "x" * 20}), 403)
    done = official.post(
        path,
        {
            "work_plan": "Rencana kerja lima tahun: layanan digital",
            "attachments": ["https://eoffice.example.go.id/paparan"],
        },
    )
    assert done["status"] == "done"

    member = api.as_(people[sekda]["key"])
    task = wait_for(lambda: member.get("/tasks?kind=score_review"), "the scores")[0]
    path = f"/tasks/{task['task_id']}/complete"
    error = refused(lambda: member.post(path, {"scores": {"prestasi": 80, "komitmen": 70}}), 422)
    assert error["details"] == {
        "scores": ["inovasi: not scored", "komitmen: not a criterion of this round"]
    }
    error = refused(lambda: member.post(path, {"scores": {"prestasi": 0, "inovasi": 70}}), 422)
    assert "scores" in error["details"]
    scored = member.post(path, {"scores": {"prestasi": 80, "inovasi": 70}})
    assert scored["outcome"]["weighted"] == 76

    task = wait_for(lambda: member.get("/tasks?kind=recommend_review"), "the recommendation")[0]
    path = f"/tasks/{task['task_id']}/complete"
    body = {"recommendation": "promosi", "reasons": "Capaian dan inovasi terbaik"}
    error = refused(lambda: member.post(path, body), 422)
    assert error["details"] == {"position": ["promosi names the position (unit_id, position_id)"]}
    nowhere = {"unit_id": "dinkes", "position_id": "nope"}
    error = refused(lambda: member.post(path, {**body, "position": nowhere}), 422)
    assert error["details"] == {"position": ["no position nope in unit dinkes"]}
    member.post(path, {"recommendation": "dipertahankan", "reasons": "Capaian sesuai target"})

    ratify = wait_for(lambda: admin.get("/tasks?assignee=bkpsdm&kind=ratify_review"), "ratify")
    path = f"/tasks/{ratify[0]['task_id']}/complete"
    stranger = {"nip": sekda, "recommendation": "mutasi", "reason": "Bukan pejabat yang dinilai"}
    error = refused(lambda: admin.post(path, {"note": "SK", "overrides": [stranger]}), 422)
    assert "note" in error["details"]  # the PPK's note is required (at least 3 characters)
    error = refused(lambda: admin.post(path, {"note": "SK 1", "overrides": [stranger]}), 422)
    assert error["details"] == {"overrides": [f"{sekda} is not reviewed in this round"]}
    admin.post(path, {"note": "Disahkan Bupati"})
    view = wait_for(
        lambda: (
            (v := admin.get(f"/talent-reviews/{review['review_id']}"))["status"] == "done" and v
        ),
        "the round's end",
    )
    shown = view["waves"][0]["officials"][0]
    assert shown["total"] == 76 and shown["decision"]["recommendation"] == "dipertahankan"
    assert shown["presentation"]["attachments"] == ["https://eoffice.example.go.id/paparan"]


def test_positions_carry_competency_requirements(admin, kadis):
    shown = admin.get("/units/dinkes/positions/kadis")
    assert shown["requirements"] == {"manajerial": 70}
    bad = {"name": "Sekretaris", "position_kind": "administrator",
           "requirements": {"bahasa": 50, "teknis": 120}}  # fmt: skip
    error = refused(lambda: admin.post("/units/dinkes/positions", bad), 422)
    assert set(error["details"]["requirements"]) == {"bahasa", "teknis"}


def test_succession_shows_coverage_and_refuses_what_is_not_there(admin, api, stack, kadis):
    admin.post(
        "/units/dinkes/positions",
        {
            "position_id": "sekdis",
            "name": "Sekretaris Dinas",
            "position_kind": "administrator",
            "eselon": "III.a",
            "key_position": True,
        },
    )
    plan = admin.get(f"/succession?unit_id=dinkes&year={YEAR}")
    assert plan["coverage"] == {
        "key_positions": 2,
        "covered": 0,
        "uncovered": [
            {"unit_id": "dinkes", "position_id": "kadis", "name": "Kepala Dinas Kesehatan",
             "vacant": False},
            {"unit_id": "dinkes", "position_id": "sekdis", "name": "Sekretaris Dinas",
             "vacant": True},
        ],
    }  # fmt: skip
    regency = api.as_(stack.sample.auditor_key).get("/succession")
    assert regency["units"]["dinkes"]["key_positions"] == 2
    vacancy = admin.get("/units/dinkes/positions/sekdis/successors")
    assert vacancy["vacant"] and vacancy["candidates"] == [] and vacancy["covered"] is False
    refused(lambda: admin.get("/succession?unit_id=nowhere"), 404)
    refused(lambda: admin.get("/units/dinkes/positions/nope/successors"), 404)
