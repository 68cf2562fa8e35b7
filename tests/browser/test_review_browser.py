"""A talent review round's forms in a real browser (headless Chromium, as
test_console_browser.py): on a phone and by keyboard the official opens the presentation from
the inbox and sends it, the panel member scores; BKPSDM reads the round and the succession
page; each page fits the phone and no console error shows. Skips as that file does."""

from __future__ import annotations

from functions.local.demo import wait_for
from tests.browser import test_console_browser as base
from tests.functional.test_console_review import _head, _positions

pytestmark = base.pytestmark
chromium, page = base.chromium, base.page
YEAR = base.YEAR


def test_on_a_phone_an_official_presents_a_member_scores_and_bkpsdm_reads_the_round(
    page, api, admin, stack
):
    people = stack.sample.people
    head = _head(people, "dinkes")
    chair = next(n for n, p in people.items() if p["penilai"] is None)
    _positions(admin, head)
    body = {"name": "Evaluasi pejabat", "year": YEAR, "panel": [chair], "unit_ids": ["dinkes"]}
    review = admin.post("/talent-reviews", body)
    member = api.as_(people[chair]["key"])
    wait_for(lambda: api.as_(people[head]["key"]).get("/tasks?kind=present_review"), "paparan")
    base.ARTEFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 800})

    base._keyboard_sign_in(page, stack.url, people[head]["key"])
    page.wait_for_url("**/console/tasks")
    page.get_by_role("link", name=f"Buka formulir {people[head]['name']}").click()
    page.focus("#work_plan")
    page.keyboard.type("Rencana lima tahun: layanan kesehatan digital")
    assert base._fits(page)
    page.screenshot(path=str(base.ARTEFACTS / "console-review-present-phone.png"), full_page=True)
    base._press(page, "main button[type=submit]")
    page.wait_for_url("**/console/tasks")
    base._sign_out(page)

    task = wait_for(lambda: member.get("/tasks?kind=score_review"), "the scores")[0]
    base._keyboard_sign_in(page, stack.url, people[chair]["key"])
    page.goto(f"{stack.url}/console/tasks/{task['task_id']}")
    assert page.get_by_text("layanan kesehatan digital").is_visible()
    for criterion in ("prestasi", "integritas", "komitmen", "inovasi"):
        page.focus(f"#score-{criterion}")
        page.keyboard.type("150" if criterion == "prestasi" else "80")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#score-prestasi-galat").is_visible()  # the rule beside the field
    assert page.input_value("#score-inovasi") == "80"  # as typed
    page.fill("#score-prestasi", "90")
    assert base._fits(page)
    page.screenshot(path=str(base.ARTEFACTS / "console-review-score-phone.png"), full_page=True)
    base._press(page, "main button[type=submit]")
    page.wait_for_url("**/console/tasks")
    base._sign_out(page)

    base._keyboard_sign_in(page, stack.url, stack.sample.admin_key)
    page.get_by_role("link", name="Evaluasi pejabat").first.click()
    page.get_by_role("link", name="Evaluasi pejabat", exact=True).last.click()
    page.wait_for_url(f"**/console/talent-reviews/{review['review_id']}")
    assert "84" in page.inner_text("main")  # 90 × 40% + 80 × 60%
    assert base._fits(page)
    page.screenshot(path=str(base.ARTEFACTS / "console-review-round-phone.png"), full_page=True)
    page.goto(f"{stack.url}/console/succession")
    assert page.get_by_role("heading", name="Suksesi jabatan kunci · 2026").is_visible()
    assert base._fits(page)
    page.screenshot(path=str(base.ARTEFACTS / "console-succession-phone.png"), full_page=True)
    refused = [e for e in page.errors if "422" in e]  # the refused scores, as meant
    assert len(refused) == 2 and [e for e in page.errors if e not in refused] == []
