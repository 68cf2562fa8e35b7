"""The console's pages of issue 15 on the embedded stack: an employee drafts and submits the
SKP in the browser (RHK cascaded from the superior's approved RHK); the penilai rates perilaku
and records coaching from the inbox; BKPSDM's regency home and a unit's talent 9-box."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from functions.console import regency
from functions.domain import BERAKHLAK
from functions.engine import clock
from functions.local.demo import wait_for
from functions.store.records import NO_TOKEN
from functions.store.repository import TenantRepository
from tests.functional import test_console as base
from tests.functional.test_console import YEAR, heads, sekda, signed_in, token_of

# the fixtures of the console's first pages: a client, the heads' SKP submitted, one approved
browser, submitted, approved = base.browser, base.submitted, base.approved


def open_draft(api, admin, people, nip: str) -> str:
    """Open the year's cycle of ``nip`` and wait for their drafting task."""
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    me = api.as_(people[nip]["key"])
    wait_for(
        lambda: any(t["task_kind"] == "draft_skp" for t in me.get("/tasks")) or None,
        f"the SKP task of {nip}",
        60,
    )
    return nip


@pytest.fixture
def drafting(api, admin, people):
    """A Kepala Dinas drafts: their penilai (the Sekda) is not evaluated here, so no cascade."""
    return open_draft(api, admin, people, heads(people)[0])


def skp_form(**fields) -> dict:
    """One RHK with two IKI, as the page posts it; ``fields`` override by name."""
    form = {
        "rhk_count": "1",
        "rhk-0-id": "",
        "rhk-0-text": "Layanan kesehatan dasar tepat waktu",
        "rhk-0-jenis": "utama",
        "rhk-0-iki_count": "2",
        "rhk-0-iki-0-id": "",
        "rhk-0-iki-0-indikator": "Jumlah puskesmas terakreditasi",
        "rhk-0-iki-0-aspek": "kuantitas",
        "rhk-0-iki-0-target": "12",
        "rhk-0-iki-0-satuan": "dokumen",
        "rhk-0-iki-0-agregasi": "",
        "rhk-0-iki-1-id": "",
        "rhk-0-iki-1-indikator": "Rata-rata waktu layanan",
        "rhk-0-iki-1-aspek": "waktu",
        "rhk-0-iki-1-target": "2,5",
        "rhk-0-iki-1-satuan": "hari",
        "rhk-0-iki-1-lower": "1",
        "rhk-0-iki-1-agregasi": "",
    }
    return form | fields


def test_an_employee_drafts_and_submits_the_skp_from_the_form(browser, api, people, drafting):
    nip, boss = drafting, people[sekda(people)]["key"]
    me = signed_in(browser, people[nip]["key"])
    inbox = me.get("/console/tasks").text
    assert "Menyusun SKP" in inbox and f'href="/console/cycles/{nip}/{YEAR}/skp">Susun SKP' in inbox
    assert "Susun dan ajukan SKP" in me.get(f"/console/cycles/{nip}/{YEAR}").text
    page = me.get(f"/console/cycles/{nip}/{YEAR}/skp")
    assert page.status_code == 200 and "Menyusun SKP 2026" in page.text
    assert 'name="rhk-0-text"' in page.text and 'name="rhk-0-iki-0-target"' in page.text
    assert "Bawaan: Jumlah" in page.text and "Rata-rata" in page.text  # agregasi, default shown
    sent = me.post(
        f"/console/cycles/{nip}/{YEAR}/skp",
        data=skp_form(csrf_token=token_of(page.text), action="submit"),
    )
    assert sent.status_code == 303 and sent.location == f"/console/cycles/{nip}/{YEAR}"
    assert "SKP diajukan kepada pejabat penilai." in me.get(sent.location).text
    skp = api.as_(people[nip]["key"]).get(f"/cycles/{nip}/{YEAR}/skp")
    assert skp["status"] == "diajukan"
    [rhk] = skp["content"]["rhk"]
    assert (rhk["id"], rhk["utama"]) == ("r1", True)
    assert rhk["text"] == "Layanan kesehatan dasar tepat waktu"
    targets = [i["target"] for i in rhk["iki"]]
    assert [(t["value"], t["unit"], t["agregasi"]) for t in targets] == [
        (12, "dokumen", "jumlah"),
        (2.5, "hari", "terakhir"),  # lower-is-better waktu: the latest report
    ]
    wait_for(
        lambda: any(t["subject_nip"] == nip for t in api.as_(boss).get("/tasks")) or None,
        "the approval",
        60,
    )
    assert me.get(f"/console/cycles/{nip}/{YEAR}/skp").status_code == 403  # submitted: read-only


def test_a_refused_skp_names_each_rule_by_its_field_and_keeps_what_was_typed(
    browser, api, people, drafting
):
    nip = drafting
    me = signed_in(browser, people[nip]["key"])
    token = token_of(me.get(f"/console/cycles/{nip}/{YEAR}/skp").text)
    form = skp_form(**{
        "csrf_token": token, "action": "save", "rhk-0-iki-0-indikator": "ab",
        "rhk-0-iki-0-target": "", "rhk-0-iki-1-target": "0", "rhk-0-iki-1-lower": "",
        "rhk-0-iki-1-satuan": "", "rhk-0-iki-1-agregasi": "median",
    })  # fmt: skip
    answer = me.post(f"/console/cycles/{nip}/{YEAR}/skp", data=form)
    assert answer.status_code == 422 and "SKP belum tersimpan" in answer.text
    shown = answer.text

    def problem(field: str) -> str:
        found = re.search(rf'id="{field}-galat">([^<]+)<', shown)
        assert found, f"no problem shown next to {field}"
        return found.group(1)

    assert problem("rhk-0-iki-0-indikator") == "tuliskan apa yang diukur (3 sampai 500 karakter)"
    assert problem("rhk-0-iki-0-target") == "isi target berupa angka 0 atau lebih"
    assert problem("rhk-0-iki-1-satuan").startswith("sebutkan satuan target")
    assert problem("rhk-0-iki-1-agregasi").startswith("pilih cara agregasi")
    assert 'aria-describedby="rhk-0-iki-0-indikator-galat"' in shown
    assert 'value="ab"' in shown and "Layanan kesehatan dasar tepat waktu" in shown
    assert api.as_(people[nip]["key"]).get(f"/cycles/{nip}/{YEAR}/skp")["content"] == {}
    # a zero target asks for nothing (the domain's rule, at submission)
    form = skp_form(csrf_token=token, action="submit", **{"rhk-0-iki-0-target": "0"})
    answer = me.post(f"/console/cycles/{nip}/{YEAR}/skp", data=form)
    assert answer.status_code == 422
    assert "Draf tersimpan, tetapi SKP belum dapat diajukan" in answer.text
    assert 'id="rhk-0-iki-0-target-galat">target 0 tidak meminta apa pun' in answer.text
    assert api.as_(people[nip]["key"]).get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "draft"


def test_a_draft_is_saved_grows_by_a_row_and_comes_back_as_saved(browser, api, people, drafting):
    nip = drafting
    me = signed_in(browser, people[nip]["key"])
    url = f"/console/cycles/{nip}/{YEAR}/skp"
    token = token_of(me.get(url).text)
    grown = me.post(url, data=skp_form(csrf_token=token, action="add_iki-0"))
    assert grown.status_code == 200 and 'name="rhk-0-iki-2-indikator"' in grown.text
    assert 'value="Jumlah puskesmas terakreditasi"' in grown.text  # typed, kept, not saved
    more = me.post(url, data=skp_form(csrf_token=token, action="add_rhk"))
    assert 'name="rhk-1-text"' in more.text
    form = skp_form(csrf_token=token, action="save", **{"rhk-0-iki-1-agregasi": "rata_rata"})
    saved = me.post(url, data=form | {"rhk-0-iki_count": "3"})  # the third row left blank
    assert saved.status_code == 303 and saved.location == url
    again = me.get(url).text
    assert "Draf SKP tersimpan." in again and 'value="2,5"' in again
    skp = api.as_(people[nip]["key"]).get(f"/cycles/{nip}/{YEAR}/skp")
    assert skp["status"] == "draft" and len(skp["content"]["rhk"][0]["iki"]) == 2
    assert skp["content"]["rhk"][0]["iki"][1]["target"]["agregasi"] == "rata_rata"


def test_an_rhk_cascades_from_the_superior_s_approved_rhk(browser, api, admin, people, approved):
    head = approved
    nip = open_draft(api, admin, people, next(n for n, p in people.items() if p["penilai"] == head))
    theirs = api.as_(people[nip]["key"]).get(f"/cycles/{head}/{YEAR}/rhk")["rhk"]
    me = signed_in(browser, people[nip]["key"])
    url = f"/console/cycles/{nip}/{YEAR}/skp"
    page = me.get(url).text
    assert 'name="rhk-0-atasan"' in page
    for rhk in theirs:
        assert f'<option value="{rhk["id"]}">{rhk["text"]}' in page
    token = token_of(page)
    refused = me.post(url, data=skp_form(csrf_token=token, action="submit"))
    assert refused.status_code == 422
    assert 'id="rhk-0-atasan-galat">pilih RHK atasan yang didukung' in refused.text
    chosen = skp_form(csrf_token=token, action="submit", **{"rhk-0-atasan": theirs[0]["id"]})
    assert me.post(url, data=chosen).status_code == 303
    skp = api.as_(people[nip]["key"]).get(f"/cycles/{nip}/{YEAR}/skp")
    assert skp["status"] == "diajukan"
    assert skp["content"]["rhk"][0]["rhk_atasan_id"] == theirs[0]["id"]


def test_only_the_drafter_opens_the_skp_form(browser, people, drafting):
    other = signed_in(browser, people[heads(people)[1]]["key"])
    assert other.get(f"/console/cycles/{drafting}/{YEAR}/skp").status_code == 403
    boss = signed_in(browser, people[sekda(people)]["key"])
    answer = boss.get(f"/console/cycles/{drafting}/{YEAR}/skp")
    assert answer.status_code == 403 and "Anda tidak berwenang melakukan ini." in answer.text


# --- the penilai's tasks ----------------------------------------------------------------------
def open_task(stack, people, kind: str, advice: dict | None = None, days: int = 7):
    """A task of ``kind`` for a staff member's penilai, their cycle waiting on it, no workflow
    (nothing waits on its token)."""
    repo = TenantRepository(stack.sample.tenant_id)
    nip = sorted(n for n, p in people.items() if p["penilai"] in heads(people))[0]
    task = repo.new_task(
        f"t-{kind}", assignee_nip=people[nip]["penilai"], status="open",
        due=clock.now() + timedelta(days=days), task_kind=kind, subject_nip=nip, year=YEAR,
        period=1, token=NO_TOKEN, advice=advice,
    )  # fmt: skip
    repo.index_task(task)
    repo.create(task)
    repo.create(repo.new_cycle(
        nip, YEAR, repo.employee(nip).unit_id, penilai_nip=people[nip]["penilai"],
        stage="coach" if kind == "coaching" else "assess", periods=4, status="running",
        open_task=task.task_id,
    ))  # fmt: skip
    return repo, task


def test_a_penilai_rates_perilaku_from_the_inbox_with_the_majority_as_a_suggestion(
    browser, api, stack, people
):
    repo, task = open_task(stack, people, "rate_perilaku")
    key = people[task.assignee_nip]["key"]
    boss = signed_in(browser, key)
    inbox = boss.get("/console/tasks").text
    assert f'href="/console/tasks/{task.task_id}">Nilai perilaku' in inbox
    page = boss.get(f"/console/tasks/{task.task_id}").text
    assert "Berorientasi Pelayanan" in page and "Adaptif" in page and "Kolaboratif" in page
    url, token = f"/console/tasks/{task.task_id}/perilaku", token_of(page)
    five = {f"perilaku-{v}": "di_atas" for v in BERAKHLAK[:5]}
    partial = boss.post(url, data={"csrf_token": token, "action": "rate", **five})
    assert partial.status_code == 422
    for value in BERAKHLAK[5:]:
        assert f'id="perilaku-{value}-galat">pilih satu rating untuk nilai ini' in partial.text
    assert partial.text.count('value="di_atas" checked') == 5  # what was chosen stays
    seven = five | {f"perilaku-{v}": "sesuai" for v in BERAKHLAK[5:]}
    suggested = boss.post(url, data={"csrf_token": token, "action": "suggest", **seven})
    assert "Saran menurut mayoritas nilai: <strong>Di Atas Ekspektasi</strong>" in suggested.text
    assert "Di Atas Ekspektasi (saran)" in suggested.text
    no_overall = boss.post(url, data={"csrf_token": token, "action": "rate", **seven})
    assert no_overall.status_code == 422
    assert 'id="rating_perilaku-galat">pilih rating perilaku kerja keseluruhan' in no_overall.text
    assert repo.task(task.task_id).status == "open"
    body = {"csrf_token": token, "action": "rate", "rating_perilaku": "sesuai", **seven}
    done = boss.post(url, data=body | {"feedback": "Pertahankan pelayanan; tingkatkan kolaborasi"})
    assert done.status_code == 303 and done.location == "/console/tasks"
    assert "Penilaian perilaku" in boss.get("/console/tasks").text
    shown = api.as_(key).get(f"/tasks/{task.task_id}")
    assert shown["status"] == "done"
    assert shown["outcome"]["rating_perilaku"] == "sesuai"
    assert shown["outcome"]["suggested_perilaku"] == "di_atas"
    record = repo.assessment(task.subject_nip, YEAR, 1)
    assert record.perilaku_overall == "sesuai" and record.feedback.startswith("Pertahankan")


def test_a_penilai_records_konseling_with_actions_for_a_coaching_task(browser, api, stack, people):
    advice = {"coaching_kind": "konseling", "reason": "no improvement after the coaching"}
    repo, task = open_task(stack, people, "coaching", advice)
    boss = signed_in(browser, people[task.assignee_nip]["key"])
    assert "Catat bimbingan" in boss.get("/console/tasks").text
    page = boss.get(f"/console/tasks/{task.task_id}").text
    assert "Konseling kinerja" in page and "Disarankan <strong>konseling kinerja</strong>" in page
    assert 'value="konseling" checked' in page
    url, token = f"/console/tasks/{task.task_id}/coaching", token_of(page)
    form = {"csrf_token": token, "coaching_kind": "konseling", "held_on": "2026-01-01",
            "findings": "ab", "action_count": "2", "action-0": "Rencana aksi mingguan",
            "due-0": "", "action-1": "", "due-1": ""}  # fmt: skip
    refused = boss.post(url, data=form | {"action": "record"})
    assert refused.status_code == 422
    assert 'id="findings-galat">tuliskan temuan (3 sampai 4.000 karakter)' in refused.text
    assert 'id="due-0-galat">isi tanggal batas tindakan yang sah' in refused.text
    assert 'value="Rencana aksi mingguan"' in refused.text
    grown = boss.post(url, data=form | {"action": "add_action"})
    assert 'name="action-2"' in grown.text
    form |= {"findings": "Capaian layanan di bawah target dua periode", "due-0": "2026-02-15"}
    done = boss.post(url, data=form | {"action": "record"})
    assert done.status_code == 303
    assert "Konseling kinerja" in boss.get("/console/tasks").text  # the message, once
    [record] = repo.coachings(task.subject_nip, YEAR)
    assert record.coaching_kind == "konseling" and record.findings.startswith("Capaian")
    assert [a["action"] for a in record.actions] == ["Rencana aksi mingguan"]
    follow = [t for t in repo.tasks_of(task.assignee_nip) if t.task_kind == "coaching_follow_up"]
    assert len(follow) == 1 and follow[0].due.date().isoformat() == "2026-02-15"
    # the action's follow-up, from the inbox
    assert (
        f'href="/console/tasks/{follow[0].task_id}">Catat tindak lanjut'
        in boss.get("/console/tasks").text
    )
    page = boss.get(f"/console/tasks/{follow[0].task_id}").text
    assert "Tindak lanjut bimbingan kinerja: Rencana aksi mingguan" in page
    assert 'name="actions_done" value="0" checked' in page
    url = f"/console/tasks/{follow[0].task_id}/follow-up"
    sent = {"csrf_token": token_of(page), "held_on": "2026-02-16", "actions_done": "0"}
    refused = boss.post(url, data=sent | {"notes": "Rencana aksi berjalan"})
    assert refused.status_code == 422
    assert 'id="outcome-galat">pilih hasil tindak lanjut' in refused.text
    assert "Rencana aksi berjalan" in refused.text
    done = boss.post(url, data=sent | {"notes": "Belum ada perubahan", "outcome": "not_improved"})
    assert done.status_code == 303
    [record] = repo.coachings(task.subject_nip, YEAR)
    [entry] = record.follow_ups
    assert (entry["outcome"], entry["actions_done"]) == ("not_improved", [0])
    assert repo.task(follow[0].task_id).status == "done"


def test_someone_else_s_rating_task_is_refused(browser, stack, people):
    _, task = open_task(stack, people, "rate_perilaku")
    other = signed_in(browser, people[task.subject_nip]["key"])
    assert other.get(f"/console/tasks/{task.task_id}").status_code == 403


# --- BKPSDM -----------------------------------------------------------------------------------
def test_bkpsdm_home_shows_progress_per_unit_and_who_holds_overdue_tasks(
    browser, stack, people, monkeypatch
):
    repo = TenantRepository(stack.sample.tenant_id)
    staff = sorted((e for e in repo.employees() if e.unit_id == "dinkes" and e.penilai_nip),
                   key=lambda e: e.nip)[:3]  # fmt: skip
    for n, employee in enumerate(staff):
        task_id = f"late-{n}"
        task = repo.new_task(
            task_id, assignee_nip=None if n == 2 else employee.penilai_nip, status="open",
            due=clock.now() - timedelta(days=3), task_kind="approve_skp",
            subject_nip=employee.nip, year=YEAR, period=1, token=NO_TOKEN,
            level=2 if n == 2 else None,
        )  # fmt: skip
        repo.index_task(task)
        repo.create(task)
        repo.create(repo.new_cycle(
            employee.nip, YEAR, "dinkes", penilai_nip=employee.penilai_nip, stage="approval",
            periods=4, status="running", open_task=task_id,
        ))  # fmt: skip
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/")
    assert page.status_code == 200 and "Kemajuan per unit kerja" in page.text
    text = page.text
    assert "Menunggu persetujuan SKP" in text and "Dinas Kesehatan" in text
    assert f'href="/console/units/dinkes?year={YEAR}"' in text
    assert f'href="/console/units/dinkes/talent?year={YEAR}"' in text
    assert "Tugas terlambat" in text and "3 tugas lewat batas waktu" in text
    for n, employee in enumerate(staff):
        assert employee.name in text
        if n < 2:
            assert repo.employee(employee.penilai_nip).name in text
    assert "<strong>BKPSDM</strong>" in text and "eskalasi 2" in text
    monkeypatch.setattr(regency, "MAX_OVERDUE", 2)  # more than the page lists: it says so
    assert "2+ tugas lewat batas waktu" in client.get("/console/").text
    someone = signed_in(browser, people[staff[0].nip]["key"])
    assert someone.get("/console/").location == "/console/tasks"


def test_a_unit_s_nine_box_names_each_box_and_the_succession_list(browser, stack):
    repo = TenantRepository(stack.sample.tenant_id)
    staff = sorted((e for e in repo.employees() if e.unit_id == "dinkes"), key=lambda e: e.nip)
    boxes = [9, 7, 5, 5, 1]
    for employee, box in zip(staff, boxes, strict=False):
        repo.create(repo.new_cycle(
            employee.nip, 2025, "dinkes", penilai_nip=employee.penilai_nip, stage="done",
            periods=4, status="done", predikat="sangat_baik" if box >= 7 else "baik",
        ))  # fmt: skip
        flags = ["succession_candidate"] if box >= 7 else []
        repo.create(repo.new_decision(employee.nip, 2025, predikat="baik", box=box, flags=flags))
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/units/dinkes/talent?year=2025")
    assert page.status_code == 200 and "Kotak talenta (9-box)" in page.text
    text = page.text

    def box(n: int) -> str:
        return text.split(f'id="kotak-{n}"')[1].split("</div>")[0]

    assert staff[0].name in box(9) and staff[1].name in box(7)
    assert staff[2].name in box(5) and staff[3].name in box(5) and staff[4].name in box(1)
    assert staff[0].name not in box(8) and "Kotak 5 <small>(2)</small>" in text
    succession = text.split('id="suksesi"')[1]
    assert staff[0].name in succession and staff[1].name in succession
    assert staff[2].name not in succession.split("</table>")[0]
    assert "Calon suksesor:" in text  # the flag, in words
    assert client.get("/console/units/dinkes/talent").status_code == 200  # the current year


def test_an_employee_has_no_talent_page(browser, people):
    someone = signed_in(browser, next(iter(people.values()))["key"])
    assert someone.get("/console/units/dinkes/talent").status_code == 403


def test_before_the_superior_s_skp_is_approved_the_draft_saves_but_does_not_submit(
    browser, api, admin, people, submitted
):
    head = submitted[0]
    nip = open_draft(api, admin, people, next(n for n, p in people.items() if p["penilai"] == head))
    me = signed_in(browser, people[nip]["key"])
    url = f"/console/cycles/{nip}/{YEAR}/skp"
    page = me.get(url).text
    assert "SKP atasan belum disetujui" in page
    answer = me.post(url, data=skp_form(csrf_token=token_of(page), action="submit"))
    assert answer.status_code == 409
    assert "RHK atasan baru dapat dipilih setelah disetujui" in answer.text
    assert 'value="Jumlah puskesmas terakreditasi"' in answer.text
    assert api.as_(people[nip]["key"]).get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "draft"


def test_a_returned_skp_is_corrected_and_submitted_again_from_the_form(
    browser, api, people, submitted
):
    nip, key = submitted[0], people[sekda(people)]["key"]
    task = next(t for t in api.as_(key).get("/tasks") if t["subject_nip"] == nip)
    reason = "Target kuantitas belum menantang"
    api.as_(key).post(
        f"/tasks/{task['task_id']}/complete", {"decision": "return", "reason": reason}
    )
    mine = api.as_(people[nip]["key"])
    wait_for(lambda: any(t["task_kind"] == "draft_skp" for t in mine.get("/tasks")) or None,
             "the SKP back with its drafter", 60)  # fmt: skip
    me = signed_in(browser, people[nip]["key"])
    assert "Perbaiki dan ajukan SKP" in me.get(f"/console/cycles/{nip}/{YEAR}").text
    url = f"/console/cycles/{nip}/{YEAR}/skp"
    page = me.get(url).text
    assert f"SKP dikembalikan penilai: {reason}" in page
    stored = mine.get(url.removeprefix("/console"))["content"]
    first = stored["rhk"][0]["iki"][0]
    assert f'value="{first["id"]}"' in page and f'value="{first["indikator"]}"' in page
    # the page as the browser would send it: inputs as shown, selects and texts as stored
    form = {"csrf_token": token_of(page), "action": "submit"}
    for name in re.findall(r'name="(rhk[^"]+|rhk_count)"', page):
        value = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
        form[name] = value.group(1) if value else ""
    for n, rhk in enumerate(stored["rhk"]):
        form[f"rhk-{n}-text"] = rhk["text"]
        form[f"rhk-{n}-jenis"] = "utama" if rhk["utama"] else "tambahan"
        for m, iki in enumerate(rhk["iki"]):
            form[f"rhk-{n}-iki-{m}-aspek"] = iki["aspek"]
            form[f"rhk-{n}-iki-{m}-agregasi"] = iki["target"]["agregasi"]
            form[f"rhk-{n}-iki-{m}-perspektif"] = iki.get("perspektif") or ""
            if iki["target"].get("lower_is_better"):
                form[f"rhk-{n}-iki-{m}-lower"] = "1"
    form["rhk-0-iki-0-target"] = "24"
    assert me.post(url, data=form).status_code == 303
    skp = mine.get(url.removeprefix("/console"))
    assert (
        skp["status"] == "diajukan" and skp["content"]["rhk"][0]["iki"][0]["target"]["value"] == 24
    )
    assert [r["id"] for r in skp["content"]["rhk"]] == [r["id"] for r in stored["rhk"]]
