"""Coaching on the embedded stack through the HTTP API: the advice shapes the next coaching
task, agreed actions get follow-up tasks, and a resume does not ask for coaching again."""

from functions.domain import BERAKHLAK
from functions.local.demo import Demo, wait_for

from .test_cycle import cycle, team

YEAR = 2026


def test_konseling_advice_follow_up_tasks_and_a_resume_that_does_not_coach_again(
    stack, api, admin, people, monkeypatch
):
    from functions.errors import InvalidInput
    from functions.steps import coach

    head, nip, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[nip])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    demo.draft_and_submit(nip)
    demo.review(nip, "approve")
    wait_for(lambda: cycle(admin, nip)["stage"] == "monitor", "the first period", 30)
    platform, boss = api.as_(stack.sample.platform_key), demo.person(head)
    platform.post("/clock", {"to": f"{YEAR}-04-01T06:00:00Z"})  # nothing reported: lagging

    first = wait_for(lambda: demo.open_task(head, "coaching", nip), "the coaching task", 30)
    assert first["title"] == "Bimbingan kinerja" and first["advice"]["coaching_kind"] == "bimbingan"
    assert first["employee_name"] == people[nip]["name"] and first["unit_id"] == "bkpsdm"
    assert first["capaian"] and set(first["capaian"].values()) == {0.0}  # the period's capaian

    def broken(*args):
        raise InvalidInput("the coach step is broken")

    monkeypatch.setattr(coach, "review", broken)  # the step after the coaching fails once
    action = "Rencana aksi mingguan dengan atasan"
    body = {
        "coaching_kind": "bimbingan",
        "held_on": f"{YEAR}-04-02",
        "findings": "Capaian di bawah target; beban kerja belum terbagi",
        "actions": [{"action": action, "due": f"{YEAR}-04-30"}],
    }
    boss.post(f"/tasks/{first['task_id']}/complete", body)
    wait_for(lambda: cycle(admin, nip)["status"] == "failed", "the failure", 30)
    monkeypatch.undo()

    admin.post(f"/cycles/{nip}/{YEAR}/repair", {"action": "resume"})  # at the stage coach
    rating = wait_for(lambda: demo.open_task(head, "rate_perilaku", nip), "the rating", 30)
    assert demo.open_task(head, "coaching", nip) is None  # not asked again
    assert len(cycle(admin, nip)["coaching"]) == 1

    follow = demo.open_task(head, "coaching_follow_up", nip)
    assert follow["due"].startswith(f"{YEAR}-04-30") and action in follow["title"]
    assert follow["coaching_id"] == first["task_id"]
    outcome = {"held_on": f"{YEAR}-04-30", "outcome": "not_improved", "notes": "Belum berubah"}
    assert boss.post(f"/tasks/{follow['task_id']}/complete", outcome)["status"] == "done"
    [record] = cycle(admin, nip)["coaching"]
    assert [(f["outcome"], f["actions_done"]) for f in record["follow_ups"]] == [
        ("not_improved", [0])
    ]

    rated = {"perilaku": dict.fromkeys(BERAKHLAK, "sesuai"), "rating_perilaku": "sesuai"}
    rated["feedback"] = "Tingkatkan"
    boss.post(f"/tasks/{rating['task_id']}/complete", rated)
    wait_for(lambda: cycle(admin, nip)["period"] == 2, "the second period", 30)
    platform.post("/clock", {"to": f"{YEAR}-07-01T06:00:00Z"})

    second = wait_for(lambda: demo.open_task(head, "coaching", nip), "the next coaching", 30)
    assert second["title"] == "Konseling kinerja"
    assert second["advice"]["coaching_kind"] == "konseling" and second["advice"]["reason"]
    held = {"held_on": f"{YEAR}-07-02", "findings": "Capaian tetap rendah; perlu konseling"}
    boss.post(f"/tasks/{second['task_id']}/complete", held)  # the kind follows the advice
    kinds = wait_for(lambda: len(c := cycle(admin, nip)["coaching"]) == 2 and c, "recorded", 30)
    assert sorted(c["kind"] for c in kinds) == ["bimbingan", "konseling"]
