"""After the year: a unit's distribution check, corrections with reasons, keberatan — on a
team's whole cycle driven through the HTTP API."""

from datetime import timedelta

from functions.engine import clock

from .conftest import refused
from .test_cycle import YEAR


def test_the_distribution_check_names_the_unit_predikat_and_counts_everyone(
    finished, admin, people
):
    nips, demo = finished
    [unit] = demo.outcomes()["distribution"]
    check = unit["check"]
    assert check["org_predikat"] == "baik" and check["unit_id"] == "bkpsdm"
    assert check["counted"] + len(check["excluded"]) == len(nips)
    assert sum(check["counts"].values()) == check["counted"]
    for violation in check["violations"]:
        assert violation["message"].startswith(violation["bound"])
        assert violation["too_many"] or violation["too_few"]


def test_a_unit_without_its_predikat_is_not_checked(finished, admin):
    check = admin.get(f"/units/dinkes/distribution?year={YEAR}")
    assert check["checked"] is False and check["org_predikat"] is None
    refused(lambda: admin.get(f"/units/nowhere/distribution?year={YEAR}"), 404)
    error = refused(lambda: admin.put(f"/units/dinkes/predikat/{YEAR}", {"org_predikat": "x"}), 422)
    assert "org_predikat" in error["details"]


def test_the_penilai_corrects_a_rating_with_a_reason_and_the_decision_follows(
    finished, api, admin, people
):
    nips, _ = finished
    nip = nips[1]
    boss = api.as_(people[people[nip]["penilai"]]["key"])
    before = admin.get(f"/cycles/{nip}/{YEAR}")
    body = {"rating_hasil_kerja": "di_bawah", "rating_perilaku": "sesuai",
            "reason": "Distribusi predikat unit harus dipenuhi"}  # fmt: skip
    refused(lambda: api.as_(people[nip]["key"]).post(f"/cycles/{nip}/{YEAR}/revisions", body), 403)
    error = refused(lambda: boss.post(f"/cycles/{nip}/{YEAR}/revisions", {"reason": "x"}), 422)
    assert "reason" in error["details"]
    revision = boss.post(f"/cycles/{nip}/{YEAR}/revisions", body)
    assert revision["after"]["predikat"] == "butuh_perbaikan"
    after = admin.get(f"/cycles/{nip}/{YEAR}")
    assert after["predikat"] == after["decision"]["predikat"] == "butuh_perbaikan"
    assert after["decision"] != before["decision"]
    history = admin.get(f"/cycles/{nip}/{YEAR}/revisions")["revisions"]
    assert history[0]["by"].endswith(people[nip]["penilai"])
    assert history[0]["before"]["predikat"] == before["predikat"]
    refused(lambda: boss.post(f"/cycles/{nip}/{YEAR}/revisions", body), 422)  # changes nothing
    again = {**body, "rating_hasil_kerja": "sesuai"}  # at the same instant of the clock
    assert boss.post(f"/cycles/{nip}/{YEAR}/revisions", again)["after"]["predikat"] == "baik"
    history = admin.get(f"/cycles/{nip}/{YEAR}/revisions")["revisions"]
    assert [h["after"]["predikat"] for h in history] == ["butuh_perbaikan", "baik"]


def test_a_keberatan_is_filed_once_in_time_and_decided_by_the_penilais_superior(
    stack, finished, api, admin, people
):
    nips, _ = finished
    nip = nips[2]
    me = api.as_(people[nip]["key"])
    ask = {"reason": "Bukti dukung triwulan akhir belum diperhitungkan"}
    refused(
        lambda: api.as_(people[nips[1]]["key"]).post(f"/cycles/{nip}/{YEAR}/keberatan", ask), 403
    )
    filed = me.post(f"/cycles/{nip}/{YEAR}/keberatan", ask)
    assert filed["status"] == "filed"
    refused(lambda: me.post(f"/cycles/{nip}/{YEAR}/keberatan", ask), 409)
    annual = admin.get(f"/cycles/{nip}/{YEAR}")["assessments"][-1]
    asked = "sesuai" if annual["rating_hasil_kerja"] == "di_atas" else "di_atas"
    decision = {"accepted": True, "reason": "Bukti diterima", "rating_hasil_kerja": asked}
    penilai = api.as_(people[people[nip]["penilai"]]["key"])
    if filed["decider_nip"] is not None:
        refused(lambda: penilai.post(f"/cycles/{nip}/{YEAR}/keberatan/decision", decision), 403)
    judge = api.as_(people[filed["decider_nip"]]["key"]) if filed["decider_nip"] else admin
    decided = judge.post(f"/cycles/{nip}/{YEAR}/keberatan/decision", decision)
    assert decided["keberatan"]["status"] == "accepted"
    assert decided["revision"]["kind"] == "keberatan"
    assert (
        admin.get(f"/cycles/{nip}/{YEAR}")["predikat"] == decided["revision"]["after"]["predikat"]
    )
    refused(lambda: judge.post(f"/cycles/{nip}/{YEAR}/keberatan/decision", decision), 409)


def test_a_keberatan_after_the_policys_days_is_refused(stack, finished, api, people):
    nips, _ = finished
    platform = api.as_(stack.sample.platform_key)
    now = platform.get("/clock")["now"]
    from datetime import datetime

    later = datetime.fromisoformat(now) + timedelta(days=15)
    platform.post("/clock", {"to": later.isoformat()})
    me = api.as_(people[nips[1]]["key"])
    error = refused(
        lambda: me.post(f"/cycles/{nips[1]}/{YEAR}/keberatan", {"reason": "Terlambat mengajukan"}),
        409,
    )
    assert "ended on" in error["message"]


def test_corrections_and_unit_predikat_are_in_the_audit_trail(finished, api, admin, people):
    nips, _ = finished
    nip = nips[1]
    boss = api.as_(people[people[nip]["penilai"]]["key"])
    body = {"rating_hasil_kerja": "di_bawah", "reason": "Distribusi predikat unit harus dipenuhi"}
    boss.post(f"/cycles/{nip}/{YEAR}/revisions", body)
    admin.put(f"/units/dinkes/predikat/{YEAR}", {"org_predikat": "baik"})
    admin.put(f"/units/dinkes/predikat/{YEAR}", {"org_predikat": "istimewa"})  # set again
    today = clock.now().date().isoformat()
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={today}")
    assert [e["action"] for e in trail][-3:] == [
        "result.distribution", "unit.org_predikat", "unit.org_predikat"
    ]  # fmt: skip
    assert trail[-1]["before"] == {"org_predikat": "baik"}
    assert trail[-1]["after"] == {"org_predikat": "istimewa"}
    about = admin.get(f"/audit?from={YEAR}-01-01&to={today}&person={nip}")
    assert about[-1]["action"] == "result.distribution"  # after the cycle's own changes
    assert {"skp.submit", "skp.approve", "rating.annual", "rating.assess_annual"} <= {
        e["action"] for e in about
    }
    assert about[-1]["actor"].endswith(people[nip]["penilai"]) and about[-1]["subject_nip"] == nip
    refused(lambda: api.as_(people[nip]["key"]).get(f"/audit?from={YEAR}-01-01&to={today}"), 403)
    error = refused(lambda: admin.get(f"/audit?from={today}&to={YEAR}-01-01"), 422)
    assert "to" in error["details"]


def test_a_unit_leaders_rating_hasil_kerja_is_the_units_result(finished, admin):
    (head, *_), _ = finished
    put = lambda org: admin.put(f"/units/bkpsdm/predikat/{YEAR}", {"org_predikat": org})  # noqa: E731
    before = admin.get(f"/cycles/{head}/{YEAR}")["assessments"][-1]
    first = put("kurang")
    assert first["leader_revision"]["after"]["rating_hasil_kerja"] == "di_bawah"
    assert first["leader_revision"]["before"]["rating_hasil_kerja"] == before["rating_hasil_kerja"]
    assert put("kurang")["leader_revision"] is None  # the same result again changes nothing
    second = put("istimewa")["leader_revision"]
    assert second["after"]["rating_hasil_kerja"] == "di_atas"
    cycle = admin.get(f"/cycles/{head}/{YEAR}")
    assert cycle["predikat"] == cycle["decision"]["predikat"] == second["after"]["predikat"]
    kinds = [r["kind"] for r in admin.get(f"/cycles/{head}/{YEAR}/revisions")["revisions"]]
    assert kinds == ["unit_result", "unit_result"]
