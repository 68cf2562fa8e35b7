"""The penilai's judgement of an RHK over the monitoring's suggestion, with written feedback,
on a team's year driven through the HTTP API."""

from functions.local.demo import Demo

from .conftest import refused
from .test_cycle import YEAR, team


class Overruling(Demo):
    """Tries bad judgements first: each is refused, naming the field, and changes nothing.
    Also corrects a realisation once reported."""

    refusals: list[dict]
    corrected: dict

    def report(self, period: int, periods: int) -> None:
        super().report(period, periods)
        if period == 1:
            nip = sorted(self.skp)[0]
            iki = self.skp[nip]["rhk"][0]["iki"][0]["id"]
            body = {
                "period": 1,
                "iki_id": iki,
                "value": 2.5,
                "bukti": ["https://eoffice.example.go.id/naskah/1"],
            }
            self.corrected = self.person(nip).post(f"/cycles/{nip}/{self.year}/realisasi", body)

    def overrule(self, nip: str, period: int) -> dict:
        chosen = super().overrule(nip, period)
        if chosen:
            boss = self.person(self.people[nip]["penilai"])
            task = self.open_task(self.people[nip]["penilai"], "rate_perilaku", nip)
            perilaku = self.perilaku(nip)
            rhk = next(iter(chosen))
            bad = (
                {"nowhere": {"rating": "sesuai", "feedback": "Alasan yang cukup panjang"}},
                {rhk: {"rating": "sesuai"}},
                {rhk: {"rating": "luar_biasa", "feedback": "Alasan yang cukup panjang"}},
            )
            self.refusals = [
                refused(lambda j=j: boss.post(f"/tasks/{task['task_id']}/complete",
                                              {"perilaku": perilaku, "judgements": j,
                                               "rating_perilaku": "sesuai"}), 422)
                for j in bad
            ]  # fmt: skip
        return chosen


def test_the_penilai_overrules_a_suggested_judgement_with_reasons(stack, api, people):
    nips = team(people)
    demo = Overruling(api, stack.sample.to_json(), only=nips)
    demo.profile[nips[2]] = "recovering"  # lags in the first quarter
    demo.run_year()
    [(nip, rhk)] = demo.overruled
    assert nip == nips[2]
    assert [list(r["details"]) for r in demo.refusals] == [
        ["judgements.nowhere"], ["judgements"], ["judgements"]
    ]  # fmt: skip
    admin = api.as_(stack.sample.admin_key)
    first = next(a for a in admin.get(f"/cycles/{nip}/{YEAR}")["assessments"] if a["period"] == 1)
    override = first["overrides"][rhk]
    assert override["suggested"] == "di_bawah" and override["rating"] == "sesuai"
    assert (
        override["by"].endswith(people[nip]["penilai"]) and "rencana aksi" in override["feedback"]
    )
    assert first["judgements"][rhk] == "sesuai"  # the rating of the period used the penilai's
    # The coaching of that first quarter gets its follow-up from the penilai.
    [coached] = [c for c in admin.get(f"/cycles/{nip}/{YEAR}")["coaching"] if c["period"] == 1]
    boss = api.as_(people[people[nip]["penilai"]]["key"])
    path = f"/cycles/{nip}/{YEAR}/coaching/{coached['id']}/follow-up"
    body = {"held_on": "2026-05-02", "outcome": "improved", "notes": "Target kuartal II tercapai",
            "actions_done": [0]}  # fmt: skip
    refused(lambda: api.as_(people[nip]["key"]).post(path, body), 403)
    error = refused(lambda: boss.post(path, {**body, "actions_done": [0, 5]}), 422)
    assert "actions_done" in error["details"]
    refused(lambda: boss.post(f"/cycles/{nip}/{YEAR}/coaching/nothing/follow-up", body), 404)
    assert boss.post(path, body)["follow_ups"][0]["outcome"] == "improved"
    [coached] = [c for c in admin.get(f"/cycles/{nip}/{YEAR}")["coaching"] if c["period"] == 1]
    assert coached["follow_ups"] == [{**body, "by": f"pegawai:{people[nip]['penilai']}"}]

    # A realisation reported again replaces the first report; the audit trail keeps both.
    fixed = demo.corrected
    assert (fixed["value"], fixed["bukti"]) == (2.5, ["https://eoffice.example.go.id/naskah/1"])
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31&person={fixed['reported_by']}")
    [entry] = [e for e in trail if e["action"] == "realisasi.correct"]
    assert entry["after"]["value"] == 2.5 and entry["before"]["value"] != 2.5
