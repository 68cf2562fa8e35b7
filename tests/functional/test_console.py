"""The console's pages on the embedded stack, through Flask's test client: sign-in, the session
cookie, CSRF, who sees which tasks, the worklist, and pages in Bahasa Indonesia."""

from __future__ import annotations

import re

import pytest

from functions.console import assets
from functions.console.labels import label, number
from functions.local.demo import wait_for
from functions.store.repository import TenantRepository

YEAR = 2026


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture
def browser(stack):
    """A client of the app the stack serves (cookies kept between calls)."""

    def new():
        return stack.server.app.test_client()

    return new


def sign_in(client, key: str):
    token = token_of(client.get("/console/login").text)
    return client.post("/console/login", data={"key": key, "csrf_token": token})


def signed_in(browser, key: str):
    client = browser()
    assert sign_in(client, key).status_code == 302
    return client


def heads(people) -> list[str]:
    """The three Kepala Dinas: their penilai is the Sekretaris Daerah, who has no penilai."""
    return sorted(n for n, p in people.items() if p["position"] == "Kepala Dinas")


def sekda(people) -> str:
    return next(n for n, p in people.items() if p["penilai"] is None)


@pytest.fixture
def submitted(api, admin, stack, people):
    """The Kepala Dinas have drafted and submitted their SKP; the Sekda has to approve them."""
    from functions.local.demo import Demo, wait_for

    nips = heads(people)
    admin.post("/cycles", {"year": YEAR, "nips": nips})
    demo = Demo(api, stack.sample.to_json(), only=nips)
    demo.year = YEAR
    for nip in nips:
        demo.draft_and_submit(nip)
    boss = api.as_(people[sekda(people)]["key"])
    wait_for(lambda: len(boss.get("/tasks")) == 3 or None, "three approvals", 60)
    return nips


def test_the_root_sends_people_to_the_console(browser):
    client = browser()
    assert client.get("/").headers["Location"].endswith("/console/")
    assert client.get("/console/").headers["Location"].endswith("/console/login")


def test_a_page_needs_a_sign_in_and_comes_back_after_it(browser, stack):
    client = browser()
    answer = client.get("/console/tasks")
    assert answer.status_code == 302 and "/console/login?next=/console/tasks" in answer.location
    token = token_of(client.get(answer.location).text)
    signed = client.post(answer.location, data={"key": stack.sample.admin_key, "csrf_token": token})
    assert signed.location == "/console/tasks"


def test_the_sign_in_page_is_in_indonesian(browser):
    page = browser().get("/console/login")
    assert page.status_code == 200 and '<html lang="id">' in page.text
    assert "Masuk" in page.text and "Kunci API" in page.text


def test_signing_in_sets_a_signed_httponly_lax_cookie_that_does_not_hold_the_key(
    browser, stack, people
):
    key = next(iter(people.values()))["key"]
    answer = sign_in(browser(), key)
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    app = stack.server.app
    session = app.session_interface.get_signing_serializer(app).loads(value)
    assert key not in str(session) and key.split("_", 2)[2] not in value  # kin_<prefix>_<secret>
    assert set(session) == {"key_ref", "csrf", "_permanent"}


def test_an_unknown_key_is_refused_in_indonesian(browser):
    answer = sign_in(browser(), "kin_00000000_tidak-ada")
    assert answer.status_code == 401
    assert "Kunci API tidak dikenal atau sudah dicabut." in answer.text


def test_the_platform_operator_gets_the_platform_pages_only(browser, stack):
    client = browser()
    assert sign_in(client, stack.sample.platform_key).status_code == 302
    assert client.get("/console/").location.endswith("/console/platform")
    for tenant_page in ("/console/tasks", "/console/units", "/console/audit", "/console/me"):
        assert client.get(tenant_page).status_code == 403


def test_a_form_without_the_csrf_token_is_refused(browser, stack):
    client = browser()
    client.get("/console/login")
    answer = client.post("/console/login", data={"key": stack.sample.admin_key})
    assert answer.status_code == 400 and "Formulir kedaluwarsa" in answer.text
    assert client.get("/console/tasks").status_code == 302  # not signed in
    wrong = client.post(
        "/console/login", data={"key": stack.sample.admin_key, "csrf_token": "x" * 43}
    )
    assert wrong.status_code == 400


def test_signing_out_ends_the_session_and_needs_the_token(browser, stack):
    client = signed_in(browser, stack.sample.admin_key)
    assert client.post("/console/logout").status_code == 400
    assert client.get("/console/tasks").status_code == 200
    token = token_of(client.get("/console/tasks").text)
    assert client.post("/console/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/console/tasks").status_code == 302


def test_a_revoked_key_signs_its_session_out(browser, admin, people):
    from functions.services import auth

    person = next(iter(people.values()))
    client = signed_in(browser, person["key"])
    prefix = person["key"].split("_")[1]
    admin.post(f"/keys/{prefix}/revoke")
    auth._keys.clear()  # the key cache of this process lasts KEY_TTL seconds
    assert client.get("/console/tasks").status_code == 302


def test_a_penilai_sees_only_their_subordinates_tasks(browser, people, submitted):
    boss = signed_in(browser, people[sekda(people)]["key"])
    page = boss.get("/console/tasks").text
    assert "Tugas saya" in page and "Persetujuan SKP" in page and "approve_skp" not in page
    for nip in submitted:
        assert people[nip]["name"] in page and f"/console/cycles/{nip}/{YEAR}" in page
    other = signed_in(browser, people[submitted[0]]["key"])
    theirs = other.get("/console/tasks").text
    assert "Tidak ada tugas terbuka" in theirs
    assert not any(people[nip]["name"] in theirs for nip in submitted[1:])


def test_a_penilai_approves_several_skp_at_once_each_with_its_result(
    browser, api, people, submitted
):
    key = people[sekda(people)]["key"]
    tasks = {t["subject_nip"]: t["task_id"] for t in api.as_(key).get("/tasks")}
    boss = signed_in(browser, key)
    token = token_of(boss.get("/console/tasks").text)
    chosen = [tasks[submitted[0]], tasks[submitted[1]], "no-such-task"]
    sent = boss.post("/console/tasks/approve", data={"task_id": chosen, "csrf_token": token})
    assert sent.status_code == 303 and sent.location == "/console/tasks"
    answer = boss.get(sent.location)
    for nip in submitted[:2]:
        assert f"SKP {people[nip]['name']} disetujui." in answer.text
    assert "Tugas no-such-task tidak dapat diproses: Data tidak ditemukan." in answer.text
    assert "Hasil persetujuan" not in boss.get("/console/tasks").text  # shown once
    for nip in submitted[:2]:
        assert api.as_(key).get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "disetujui"
    assert api.as_(key).get(f"/cycles/{submitted[2]}/{YEAR}/skp")["status"] == "diajukan"
    assert [t["subject_nip"] for t in api.as_(key).get("/tasks")] == [submitted[2]]


def test_someone_else_s_task_is_refused_in_the_worklist_and_stays_open(
    browser, api, people, submitted
):
    key = people[sekda(people)]["key"]
    task_id = api.as_(key).get("/tasks")[0]["task_id"]
    other = signed_in(browser, people[submitted[0]]["key"])
    token = token_of(other.get("/console/tasks").text)
    answer = other.post(
        "/console/tasks/approve",
        data={"task_id": task_id, "csrf_token": token},
        follow_redirects=True,
    )
    assert "Anda tidak berwenang melakukan ini." in answer.text
    assert len(api.as_(key).get("/tasks")) == 3


def test_an_empty_worklist_says_to_choose_one(browser, people, submitted):
    boss = signed_in(browser, people[sekda(people)]["key"])
    token = token_of(boss.get("/console/tasks").text)
    answer = boss.post("/console/tasks/approve", data={"csrf_token": token}, follow_redirects=True)
    assert "Pilih sedikitnya satu SKP untuk disetujui." in answer.text


def test_the_worklist_refuses_without_the_csrf_token(browser, api, people, submitted):
    key = people[sekda(people)]["key"]
    task_id = api.as_(key).get("/tasks")[0]["task_id"]
    boss = signed_in(browser, key)
    assert boss.post("/console/tasks/approve", data={"task_id": task_id}).status_code == 400
    assert len(api.as_(key).get("/tasks")) == 3


def test_the_cycle_page_shows_the_skp_in_indonesian(browser, people, submitted):
    nip = submitted[0]
    me = signed_in(browser, people[nip]["key"])
    page = me.get(f"/console/cycles/{nip}/{YEAR}").text
    assert "Sasaran Kinerja Pegawai" in page and "RHK utama" in page
    assert "Menunggu persetujuan SKP" in page and "Diajukan" in page
    assert "Kuantitas" in page and "12 dokumen" in page and "kuantitas<" not in page
    assert me.get("/console/me").location == f"/console/cycles/{nip}/{YEAR}"


def test_a_stranger_s_cycle_is_forbidden_in_indonesian(browser, people, submitted):
    stranger = signed_in(browser, people[submitted[1]]["key"])
    answer = stranger.get(f"/console/cycles/{submitted[0]}/{YEAR}")
    assert answer.status_code == 403 and "Anda tidak berwenang melakukan ini." in answer.text


def rate_unit(stack, unit_id: str, year: int, predikat: list[str]) -> list[str]:
    """Cycles of ``year`` already decided, one per employee of the unit (head first)."""
    repo = TenantRepository(stack.sample.tenant_id)
    staff = sorted(
        (e for e in repo.employees() if e.unit_id == unit_id),
        key=lambda e: e.position != "Kepala Dinas",
    )
    for employee, value in zip(staff, predikat, strict=False):
        repo.create(repo.new_cycle(
            employee.nip, year, unit_id, penilai_nip=employee.penilai_nip, stage="done",
            periods=4, status="done", predikat=value,
        ))  # fmt: skip
    return [e.nip for e in staff]


def test_the_unit_page_draws_the_distribution_and_names_the_broken_bound(browser, admin, stack):
    # the head and nine others: all Sangat Baik but one Baik, in a unit of predikat Baik
    rate_unit(stack, "dinkes", 2025, ["sangat_baik"] * 9 + ["baik"])
    admin.put("/units/dinkes/predikat/2025", {"org_predikat": "baik"})
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/units/dinkes?year=2025").text
    assert "Distribusi predikat pegawai" in page and "Dinas Kesehatan" in page
    assert "Distribusi melanggar" in page
    assert "lebih dari 50% Baik (sedikitnya 5 orang)" in page and "kurang 4 orang" in page
    assert "sedikitnya 1 orang Butuh Perbaikan atau Kurang/Misconduct" in page
    assert "Butuh Perbaikan" in page and "butuh_perbaikan" not in page.split("<script")[0]
    assert 'id="distribution-chart"' in page and 'id="distribution-data"' in page
    assert "kepala unit tidak dihitung" in page
    assert "Terdekat untuk memenuhi batas" in page


def test_the_unit_page_asks_for_the_unit_s_predikat_first(browser, stack):
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/units/dinkes").text
    assert "Predikat organisasi unit ini belum ditetapkan" in page


def test_an_employee_has_no_unit_page(browser, people):
    someone = signed_in(browser, next(iter(people.values()))["key"])
    assert someone.get("/console/units/dinkes").status_code == 403


def test_bkpsdm_opens_the_year_s_cycles_from_the_console(browser, admin, stack):
    client = signed_in(browser, stack.sample.admin_key)
    token = token_of(client.get("/console/units").text)
    answer = client.post("/console/cycles/start", data={"year": YEAR, "csrf_token": token})
    assert "Siklus tahun 2026 sedang dibuka untuk semua pegawai" in answer.text
    wait_for(lambda: admin.get("/jobs")[0]["status"] == "done", "the job")
    assert len(admin.get(f"/cycles?year={YEAR}")) == 30
    home = client.get(f"/console/?year={YEAR}").text
    assert "Pembukaan siklus 2026:" in home and "30 berhasil" in home and "selesai" in home


def test_codes_are_shown_as_people_write_them():
    assert label("predikat", "butuh_perbaikan") == "Butuh Perbaikan"
    assert label("predikat", "cukup") == "Butuh Perbaikan"
    assert label("task_kind", "approve_skp") == "Persetujuan SKP"
    assert label("stage", "something_new") == "something_new"
    assert label("predikat", None) == "–"
    assert (number(12.0), number("12.5"), number(1500)) == ("12", "12,5", "1.500")


def test_docs_loads_swagger_ui_from_the_package_not_a_cdn(browser):
    client = browser()
    page = client.get("/docs").text
    assert "/console/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    if not assets.available(assets.SWAGGER_UI):
        pytest.skip("Swagger UI is not built: run `make assets` (needs npm)")
    assert client.get("/console/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_pages_render_without_the_built_assets(browser, stack, monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "VENDOR", tmp_path)
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/units/dinkes")
    assert page.status_code == 200 and "pico.min.css" not in page.text
    assert "aset Chart.js belum dibangun" in page.text


@pytest.fixture
def approved(api, people, submitted):
    """The first Kepala Dinas' SKP is approved: they report realisations."""
    key = people[sekda(people)]["key"]
    task = next(t for t in api.as_(key).get("/tasks") if t["subject_nip"] == submitted[0])
    api.as_(key).post(f"/tasks/{task['task_id']}/complete", {"decision": "approve"})
    return submitted[0]


def test_an_employee_reports_the_period_s_realisations_from_the_form(
    browser, api, people, approved
):
    nip, key = approved, people[approved]["key"]
    me = signed_in(browser, key)
    page = me.get(f"/console/cycles/{nip}/{YEAR}").text
    assert "Laporkan realisasi periode 1" in page
    iki = re.findall(r'name="iki_id" value="([^"]+)"', page)
    form = {"csrf_token": token_of(page), "period": "1", "iki_id": iki}
    form |= {f"value-{iki[0]}": "7,5", f"bukti-{iki[0]}": "https://eoffice.example/bukti/1"}
    sent = me.post(f"/console/cycles/{nip}/{YEAR}/realisasi", data=form)
    assert sent.status_code == 303
    shown = me.get(sent.location).text
    assert "1 realisasi periode 1 tersimpan." in shown and "7,5" in shown
    [written] = api.as_(key).get(f"/cycles/{nip}/{YEAR}/realisasi")
    assert (written["iki_id"], written["value"], written["period"]) == (iki[0], 7.5, 1)
    assert written["bukti"] == ["https://eoffice.example/bukti/1"]


def test_a_refused_realisation_names_the_field_in_words_and_writes_nothing(
    browser, api, people, approved
):
    nip, key = approved, people[approved]["key"]
    me = signed_in(browser, key)
    page = me.get(f"/console/cycles/{nip}/{YEAR}").text
    iki = re.findall(r'name="iki_id" value="([^"]+)"', page)
    form = {"csrf_token": token_of(page), "period": "1", "iki_id": iki}
    form |= {f"value-{iki[0]}": "-1", f"value-{iki[1]}": "3", f"bukti-{iki[1]}": "bukan tautan"}
    answer = me.post(f"/console/cycles/{nip}/{YEAR}/realisasi", data=form)
    assert answer.status_code == 422 and "Realisasi belum tersimpan" in answer.text
    assert f"{iki[0]}: isi angka 0 atau lebih" in answer.text
    assert f"{iki[1]}: isi alamat tautan yang sah" in answer.text
    assert 'value="bukan tautan"' in answer.text  # what was typed stays
    assert api.as_(key).get(f"/cycles/{nip}/{YEAR}/realisasi") == []


def test_only_the_employee_gets_the_realisation_form(browser, people, approved):
    boss = signed_in(browser, people[sekda(people)]["key"])
    page = boss.get(f"/console/cycles/{approved}/{YEAR}").text
    assert "Sasaran Kinerja Pegawai" in page and "Laporkan realisasi" not in page
    token = token_of(page)
    answer = boss.post(
        f"/console/cycles/{approved}/{YEAR}/realisasi",
        data={"csrf_token": token, "period": "1", "iki_id": "x", "value-x": "1"},
    )
    assert answer.status_code == 403


def test_a_penilai_returns_an_skp_with_a_reason_from_its_page(browser, api, people, submitted):
    nip, key = submitted[0], people[sekda(people)]["key"]
    boss = signed_in(browser, key)
    inbox = boss.get("/console/tasks").text
    assert f'href="/console/cycles/{nip}/{YEAR}">Tinjau SKP' in inbox
    page = boss.get(f"/console/cycles/{nip}/{YEAR}").text
    assert "SKP ini menunggu persetujuan Anda" in page
    action = re.search(r'action="(/console/tasks/[^/]+/review)"', page).group(1)
    token = token_of(page)
    bare = boss.post(action, data={"csrf_token": token, "decision": "return", "reason": " "})
    assert bare.status_code == 422 and "Tuliskan alasan pengembalian" in bare.text
    assert api.as_(key).get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "diajukan"
    reason = "Target belum selaras dengan RHK atasan"
    sent = boss.post(action, data={"csrf_token": token, "decision": "return", "reason": reason})
    assert sent.status_code == 303
    shown = boss.get(sent.location).text
    assert "SKP dikembalikan dengan alasan." in shown and f"SKP dikembalikan: {reason}" in shown
    assert "SKP ini menunggu persetujuan Anda" not in shown
    skp = api.as_(key).get(f"/cycles/{nip}/{YEAR}/skp")
    assert skp["status"] == "dikembalikan" and skp["returned_reason"] == reason


def test_a_penilai_approves_an_skp_from_its_page_and_the_employee_has_no_such_form(
    browser, api, people, submitted
):
    nip, key = submitted[1], people[sekda(people)]["key"]
    mine = signed_in(browser, people[nip]["key"]).get(f"/console/cycles/{nip}/{YEAR}").text
    assert "SKP ini menunggu persetujuan Anda" not in mine
    boss = signed_in(browser, key)
    page = boss.get(f"/console/cycles/{nip}/{YEAR}").text
    action = re.search(r'action="(/console/tasks/[^/]+/review)"', page).group(1)
    sent = boss.post(action, data={"csrf_token": token_of(page), "decision": "approve"})
    assert "SKP disetujui." in boss.get(sent.location).text
    assert api.as_(key).get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "disetujui"
