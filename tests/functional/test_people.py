"""Units and employees kept by BKPSDM: validation, the tree, optimistic concurrency, and moving
an employee mid-year with their open work."""

from __future__ import annotations

import pytest

from functions.local.client import ApiError
from functions.local.demo import wait_for
from tests.functional.raw_http import call

YEAR = 2026
NEW_NIP = "199203152019032004"  # born 1992-03-15, appointed 2019-03, female, no. 4


def refused(call_, *args) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call_(*args)
    return caught.value


def employee(nip=NEW_NIP, **changes) -> dict:
    body = {
        "nip": nip, "name": "Sari Dewi", "unit_id": "dinkes", "asn_kind": "pppk",
        "position_kind": "fungsional", "position": "Perawat", "jenjang": "terampil",
    }  # fmt: skip
    return {**body, **changes}


@pytest.fixture
def send(stack):
    def send_(method, path, body=None, key=None, **headers):
        return call(stack.url, method, path, key or stack.sample.admin_key, body, **headers)

    return send_


def test_a_unit_tree_grows_and_moves_but_never_loops(admin, send):
    admin.post("/units", {"unit_id": "dinkes.yankes", "name": "Bidang Pelayanan Kesehatan",
                          "parent_id": "dinkes"})  # fmt: skip
    admin.post("/units", {"unit_id": "dinkes.yankes.rujukan", "name": "Seksi Rujukan",
                          "parent_id": "dinkes.yankes"})  # fmt: skip
    got = send("GET", "/units/dinkes")
    assert got.status == 200 and got.headers["ETag"] == f'"{got.json["version"]}"'
    looping = send("PATCH", "/units/dinkes", {"parent_id": "dinkes.yankes.rujukan"},
                   If_Match=got.headers["ETag"])  # fmt: skip
    assert looping.status == 422 and "parent_id" in looping.json["error"]["details"]
    itself = send("PATCH", "/units/dinkes", {"parent_id": "dinkes"}, If_Match=got.headers["ETag"])
    assert itself.status == 422
    rujukan = send("GET", "/units/dinkes.yankes.rujukan")
    moved = send("PATCH", "/units/dinkes.yankes.rujukan", {"parent_id": "dinkes"},
                 If_Match=rujukan.headers["ETag"])  # fmt: skip
    assert moved.status == 200 and moved.json["parent_id"] == "dinkes"
    assert moved.headers["ETag"] != rujukan.headers["ETag"]
    unknown = send("POST", "/units", {"unit_id": "x", "name": "X", "parent_id": "nowhere"})
    assert unknown.status == 422 and "parent_id" in unknown.json["error"]["details"]
    again = send("POST", "/units", {"unit_id": "dinkes", "name": "Dinas Kesehatan Lagi"})
    assert again.status == 409


def test_an_edit_needs_the_version_read_and_a_stale_one_changes_nothing(admin, send):
    first = send("GET", "/units/disdik")
    read = first.headers["ETag"]
    missing = send("PATCH", "/units/disdik", {"name": "Dinas Pendidikan"})
    assert missing.status == 428 and missing.json["error"]["code"] == "precondition_required"
    ok = send("PATCH", "/units/disdik", {"name": "Dinas Pendidikan"}, If_Match=read)
    assert ok.status == 200
    stale = send("PATCH", "/units/disdik", {"name": "Dinas P dan K"}, If_Match=read)
    assert stale.status == 412 and stale.json["error"]["code"] == "precondition_failed"
    assert admin.get("/units/disdik")["name"] == "Dinas Pendidikan"
    garbage = send("PATCH", "/units/disdik", {"name": "Z"}, If_Match="*")
    assert garbage.status == 412


@pytest.mark.parametrize(
    ("nip", "rule"),
    [
        ("19920315201903200", "18 digits"),
        ("199213152019032004", "birth date"),
        ("199203152019132004", "appointment month"),
        ("199203152019033004", "sex"),
        ("199203151989032004", "cannot precede"),
    ],
)
def test_a_nip_that_cannot_be_a_civil_servant_s_is_refused_naming_the_rule(admin, nip, rule):
    error = refused(admin.post, "/employees", employee(nip, asn_kind="pns"))
    assert error.status == 422 and rule in " ".join(error.body["error"]["details"]["nip"])


def test_an_employee_is_created_validated_and_listed_a_page_at_a_time(admin, people, send):
    penilai = next(n for n, p in people.items() if p["position"] == "Kepala Seksi")
    created = send("POST", "/employees", employee(penilai_nip=penilai))
    assert created.status == 201 and created.json["penilai_nip"] == penilai
    assert created.json["atasan_penilai_nip"] == people[penilai]["penilai"]
    assert refused(admin.post, "/employees", employee()).status == 409
    nojenjang = refused(admin.post, "/employees", employee("199203152019032005", jenjang=None))
    assert nojenjang.status == 422 and "jenjang" in nojenjang.body["error"]["details"]
    nounit = refused(admin.post, "/employees", employee("199203152019032005", unit_id="dinsos"))
    assert "unit_id" in nounit.body["error"]["details"]
    seen, cursor = [], None
    while True:
        page = admin.get("/employees?limit=7" + (f"&cursor={cursor}" if cursor else ""))
        assert len(page["items"]) <= 7
        seen += [e["nip"] for e in page["items"]]
        if not (cursor := page["cursor"]):
            break
    assert seen == sorted(seen) and set(seen) == {*people, NEW_NIP}
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-01-31&person={NEW_NIP}")
    assert [e["action"] for e in trail] == ["employee.create"]


def test_a_penilai_chain_may_not_loop(admin, people, send):
    kadis = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    under = next(n for n, p in people.items() if p["penilai"] == kadis)
    etag = send("GET", f"/employees/{kadis}").headers["ETag"]
    loop = send("PATCH", f"/employees/{kadis}", {"penilai_nip": under}, If_Match=etag)
    assert loop.status == 422 and "penilai_nip" in loop.json["error"]["details"]
    self_ = send("PATCH", f"/employees/{kadis}", {"penilai_nip": kadis}, If_Match=etag)
    assert self_.status == 422


def test_a_pegawai_reads_themselves_but_not_a_stranger_nor_edits(api, people, send):
    nips = sorted(people)
    me = nips[5]
    stranger = next(n for n in nips if n != me and people[n]["penilai"] != me
                    and people[me]["penilai"] != n)  # fmt: skip
    assert api.as_(people[me]["key"]).get(f"/employees/{me}")["nip"] == me
    assert refused(api.as_(people[me]["key"]).get, f"/employees/{stranger}").status == 403
    edit = send("PATCH", f"/employees/{me}", {"name": "X"}, key=people[me]["key"], If_Match='"1"')
    assert edit.status == 403


def jpt_skp(nip: str) -> dict:
    iki = [
        {"id": "q1", "indikator": "Jumlah layanan kesehatan", "aspek": "kuantitas",
         "target": {"value": 12, "unit": "layanan"}, "perspektif": "Penerima Layanan"},
        {"id": "w1", "indikator": "Waktu penyelesaian layanan", "aspek": "waktu",
         "target": {"value": 5, "unit": "hari", "lower_is_better": True},
         "perspektif": "Proses Bisnis"},
    ]  # fmt: skip
    rhk = {"id": "r1", "text": "Layanan kesehatan prima", "utama": True, "iki": iki}
    return {"approach": "kuantitatif", "rhk": [rhk]}


def test_moving_an_employee_mid_year_moves_their_open_task_and_cycle(api, admin, people, send):
    kadis = [n for n, p in people.items() if p["position"] == "Kepala Dinas"]
    mover, new_penilai = kadis[0], kadis[1]
    old_penilai = people[mover]["penilai"]
    me = api.as_(people[mover]["key"])
    admin.post("/cycles", {"year": YEAR, "nips": [mover]})
    wait_for(lambda: me.get("/tasks"), "the drafting task", 30)
    me.put(f"/cycles/{mover}/{YEAR}/skp", jpt_skp(mover))
    me.post(f"/cycles/{mover}/{YEAR}/skp/submit")
    old, new = api.as_(people[old_penilai]["key"]), api.as_(people[new_penilai]["key"])
    task = wait_for(lambda: old.get("/tasks"), "the approval task", 30)[0]
    assert task["subject_nip"] == mover

    etag = send("GET", f"/employees/{mover}").headers["ETag"]
    moved = send("PATCH", f"/employees/{mover}",
                 {"penilai_nip": new_penilai, "unit_id": "disdik"}, If_Match=etag)  # fmt: skip
    assert moved.status == 200, moved.json
    assert moved.json["moved"]["tasks"] == [
        {"task_id": task["task_id"], "task_kind": "approve_skp", "before": old_penilai,
         "after": new_penilai}
    ]  # fmt: skip
    assert old.get("/tasks") == []
    assert [t["task_id"] for t in new.get("/tasks")] == [task["task_id"]]
    cycle = next(c for c in admin.get(f"/cycles?year={YEAR}") if c["nip"] == mover)
    assert (cycle["unit_id"], cycle["penilai_nip"]) == ("disdik", new_penilai)
    trail = admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-01-31&person={mover}")
    move = next(e for e in trail if e["action"] == "employee.move")
    assert move["before"]["penilai_nip"] == old_penilai
    assert move["after"]["penilai_nip"] == new_penilai and move["after"]["moved"]["tasks"]

    # the new penilai approves; the workflow goes on as if they had been the penilai all along
    new.post(f"/tasks/{task['task_id']}/complete", {"decision": "approve"})
    approved = wait_for(
        lambda: admin.get(f"/cycles/{mover}/{YEAR}/skp")["status"] == "disetujui", "approval", 30
    )
    assert approved
