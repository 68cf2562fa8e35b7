"""A talent review round worked through the console's forms on the embedded stack: BKPSDM
defines and starts it, the official presents, the panel scores, the chair recommends a promotion
to a key position, the PPK ratifies; refused forms come back with the rule beside the field; the
round's page and the succession page show the result (docs/talent-review.md)."""

from __future__ import annotations

import re

from functions.local.demo import wait_for
from tests.functional import test_console as base
from tests.functional.test_console import YEAR, sekda, signed_in, token_of

browser = base.browser


def _head(people, unit: str) -> str:
    return next(
        n for n, p in people.items() if p["unit"] == unit and p["position"] == "Kepala Dinas"
    )


def _positions(admin, head: str) -> None:
    """The Kepala Dinas Kesehatan's position and the Sekda's (vacant), both key."""
    admin.post("/units/dinkes/positions", {
        "position_id": "kadis", "name": "Kepala Dinas Kesehatan", "position_kind": "jpt_pratama",
        "eselon": "II.b", "incumbent_nip": head, "key_position": True,
    })  # fmt: skip
    admin.post("/units/setda/positions", {
        "position_id": "sekda", "name": "Sekretaris Daerah", "position_kind": "jpt_pratama",
        "eselon": "II.a", "key_position": True,
    })  # fmt: skip


def _task(client, kind: str) -> str:
    found = wait_for(lambda: client.get(f"/tasks?kind={kind}"), kind, 60)
    return found[0]["task_id"]


def _send(page, path: str, data: dict):
    """Post ``data`` to a form of the console, with the page's CSRF token."""
    client, html = page
    return client.post(path, data={**data, "csrf_token": token_of(html)})


def _problem(html: str, field: str) -> str:
    found = re.search(rf'<small class="problem field-problem" id="{field}-galat">([^<]+)', html)
    assert found, f"no rule beside {field}"
    return found.group(1)


def test_a_round_is_worked_through_the_console_forms(browser, stack, api, admin, people):
    head, chair = _head(people, "dinkes"), sekda(people)
    _positions(admin, head)
    bkpsdm = signed_in(browser, stack.sample.admin_key)
    listing = bkpsdm.get("/console/talent-reviews")
    assert listing.status_code == 200 and "Belum ada putaran." in listing.text
    assert 'href="/console/talent-reviews"' in bkpsdm.get("/console/units").text  # the menu
    form = {"name": "Evaluasi pejabat 2026", "year": str(YEAR), "panel": chair, "ppk_nip": chair,
            "waves": ["II"], "unit_ids": ["dinkes"], "criterion-0": "prestasi", "weight-0": "60",
            "criterion-1": "inovasi", "weight-1": "10"}  # fmt: skip
    refused = _send((bkpsdm, listing.text), "/console/talent-reviews", form)
    assert refused.status_code == 422
    assert "bobot berjumlah 70; harus 100" in _problem(refused.text, "criteria")
    assert 'value="Evaluasi pejabat 2026"' in refused.text  # as typed
    started = _send((bkpsdm, refused.text), "/console/talent-reviews", {**form, "weight-1": "40"})
    assert started.status_code == 303
    review_path = started.location
    assert "Evaluasi pejabat 2026" in bkpsdm.get("/console/talent-reviews").text

    # the official presents
    official = signed_in(browser, people[head]["key"])
    task_id = _task(api.as_(people[head]["key"]), "present_review")
    assert f'href="/console/tasks/{task_id}"' in official.get("/console/tasks").text
    page = official.get(f"/console/tasks/{task_id}")
    assert page.status_code == 200 and "Tidak ada siklus kinerja tahun ini." in page.text
    path = f"/console/tasks/{task_id}/talent-review"
    short = _send((official, page.text), path, {"work_plan": "singkat", "attachments": ""})
    assert short.status_code == 422, short.text[-3000:]
    assert "10 sampai 5.000" in _problem(short.text, "work_plan")
    plan = {"work_plan": "Rencana lima tahun: layanan kesehatan digital",
            "attachments": "https://eoffice.example.go.id/paparan\n"}  # fmt: skip
    assert _send((official, short.text), path, plan).status_code == 303

    # the chair scores, recommends and (as the PPK) ratifies
    member, member_api = signed_in(browser, people[chair]["key"]), api.as_(people[chair]["key"])
    task_id = _task(member_api, "score_review")
    page = member.get(f"/console/tasks/{task_id}")
    assert "bobot 60%" in page.text and "layanan kesehatan digital" in page.text
    path = f"/console/tasks/{task_id}/talent-review"
    wrong = _send((member, page.text), path, {"score-prestasi": "150", "score-inovasi": "70"})
    assert wrong.status_code == 422 and "1 sampai 100" in _problem(wrong.text, "score-prestasi")
    scores = {"score-prestasi": "80", "score-inovasi": "70"}
    assert _send((member, wrong.text), path, scores).status_code == 303

    task_id = _task(member_api, "recommend_review")
    page = member.get(f"/console/tasks/{task_id}")
    assert 'value="setda/sekda"' in page.text  # the key positions to promote to
    path = f"/console/tasks/{task_id}/talent-review"
    promote = {
        "recommendation": "promosi",
        "position": "",
        "reasons": "Capaian dan inovasi terbaik",
    }
    unnamed = _send((member, page.text), path, promote)
    assert unnamed.status_code == 422 and "jabatan tujuan" in _problem(unnamed.text, "position")
    assert (
        _send((member, page.text), path, {**promote, "position": "setda/sekda"}).status_code == 303
    )

    task_id = _task(member_api, "ratify_review")
    page = member.get(f"/console/tasks/{task_id}")
    assert "Promosi" in page.text and "Sekretaris Daerah" in page.text
    path = f"/console/tasks/{task_id}/talent-review"
    override = {"official": head, f"override-{head}": "mutasi", "note": "SK Bupati 1/2027"}
    unreasoned = _send((member, page.text), path, override)
    assert unreasoned.status_code == 422
    assert "alasan keputusan" in _problem(unreasoned.text, f"reason-{head}")
    done = _send((member, page.text), path, {"official": head, "note": "SK Bupati 1/2027"})
    assert done.status_code == 303

    review_id = review_path.rsplit("/", 1)[1]
    wait_for(lambda: admin.get(f"/talent-reviews/{review_id}")["status"] == "done", "the end")
    shown = bkpsdm.get(review_path).text
    assert "Selesai" in shown and "Promosi: Sekretaris Daerah" in shown and "SK Bupati" in shown
    assert "76" in shown  # 80 × 60% + 70 × 40%

    # succession: the ratified promotion is ready now for the Sekda's position
    regency = bkpsdm.get("/console/succession").text
    assert "1 dari 2 jabatan kunci" in regency and "Siap sekarang" in regency
    unit = bkpsdm.get(f"/console/units/dinkes?year={YEAR}").text
    assert "/console/succession?unit_id=dinkes" in unit
    assert bkpsdm.get("/console/succession?unit_id=dinkes").status_code == 200

    # in English, as the footer chooses
    bkpsdm.get("/console/bahasa/en")
    english = bkpsdm.get(review_path).text
    assert "Promotion: Sekretaris Daerah" in english and "Wave: Echelon II" in english
    assert "Ready now" in bkpsdm.get("/console/succession").text
    development = bkpsdm.get(f"/console/development?year={YEAR}").text
    assert "1. Competency development policy" in development and "Download XLSX" in development


def test_an_employee_has_no_round_pages(browser, people):
    client = signed_in(browser, people[sekda(people)]["key"])
    assert client.get("/console/talent-reviews").status_code == 403
    assert client.get("/console/succession").status_code == 403


def test_an_auditor_reads_the_rounds_but_defines_none(browser, stack):
    client = signed_in(browser, stack.sample.auditor_key)
    page = client.get("/console/talent-reviews")
    assert page.status_code == 200 and "Putaran baru" not in page.text
    sent = client.post("/console/talent-reviews", data={"csrf_token": token_of(page.text)})
    assert sent.status_code == 403
