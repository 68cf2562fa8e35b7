"""Alur kerja in a real browser (the fixtures of test_console_browser.py): an admin opens the
diagram dagre lays out (no label over another), edits a draft, sees the validation message on
its state and beside it, publishes with the warning acknowledged and rolls back. No console
error; screenshots in tests/artefacts/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from functions.console import assets
from functions.engine.definitions_diagram import graph
from tests.browser.test_console_browser import ARTEFACTS, chromium, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

# every pair of texts in the laid-out diagram whose boxes overlap (none expected)
OVERLAPS = """() => {
  const texts = [...document.querySelectorAll('#workflow-diagram svg.laid-out text')]
    .map(t => [t.textContent, t.getBoundingClientRect()]);
  const found = [];
  texts.forEach(([a, r], i) => texts.slice(i + 1).forEach(([b, s]) => {
    const apart = (p, q) => p.right - 0.5 <= q.left || p.bottom - 0.5 <= q.top;
    if (!apart(r, s) && !apart(s, r)) {
      found.push(a + ' / ' + b);
    }
  }));
  return {count: texts.length, found};
}"""


def _edit(tab, script: str) -> None:
    """Change the definition in the textarea as the admin would (parsed, changed, put back)."""
    tab.evaluate(
        "(change) => { const area = document.getElementById('definition');"
        " const d = JSON.parse(area.value); new Function('d', change)(d);"
        " area.value = JSON.stringify(d, null, 2); }",
        script,
    )


def test_an_admin_edits_a_draft_publishes_and_rolls_back(page, admin, stack):  # noqa: F811
    if not assets.available(assets.DAGRE):
        pytest.skip("the console's assets are not built (make assets; needs npm)")
    ARTEFACTS.mkdir(exist_ok=True)
    page.goto(f"{stack.url}/console/login")
    page.fill("#key", stack.sample.admin_key)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/console/")
    page.get_by_role("link", name="Alur kerja").click()
    page.wait_for_url("**/console/workflow")

    # the current version laid out by dagre: every state drawn, no label over another
    page.wait_for_selector("#workflow-diagram svg.laid-out")
    drawn = page.evaluate(OVERLAPS)
    assert drawn["count"] > 38 and drawn["found"] == []
    assert page.locator("svg.laid-out g.node.human").count() == 15
    assert page.locator("svg.laid-out g.errors").get_attribute("display") == "none"
    page.check("#show-errors")  # the error edges, grouped apart, on demand
    assert page.locator("svg.laid-out g.errors").get_attribute("display") == "inline"
    default = json.loads((Path(__file__).parents[2] / "workflows/evaluation.asl.json").read_text())
    errors = [e for e in graph(default)["edges"] if e["catch"] == "error"]  # 23 since the fold
    assert page.locator("svg.laid-out g.errors path").count() == len(errors)
    page.screenshot(path=str(ARTEFACTS / "console-workflow.png"), full_page=True)

    # a draft from the current version; a broken transition, its message on its state
    page.fill("#name", "tanpa bimbingan")
    page.get_by_role("button", name="Buat draf").click()
    page.wait_for_url("**/console/workflow/drafts/*")
    assert page.get_by_text("Definisi sah.").is_visible()
    _edit(page, "d.States.Plan.Next = 'Nowhere';")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=Draf tersimpan.")
    assert page.get_by_text("Definisi belum sah: 1 kesalahan.").is_visible()
    plan = page.locator("svg.laid-out g.node.marked[data-state=Plan]")
    assert plan.count() == 1 and plan.locator("text").last.text_content() == "1"
    note = page.locator("svg.laid-out g.note[data-note=Plan]")
    assert note.locator("text").text_content() == "1. Tujuan transisi tidak ada"  # beside it
    plan.click()
    beside = page.locator("#pesan-Plan")
    assert "chosen" in beside.get_attribute("class")
    assert beside.get_by_text("Tujuan transisi tidak ada").is_visible()
    assert page.get_by_role("cell", name="/States/Plan/Next").is_visible()
    assert page.evaluate(OVERLAPS)["found"] == []
    page.locator("#workflow-diagram").screenshot(path=str(ARTEFACTS / "console-workflow-fault.png"))
    page.screenshot(path=str(ARTEFACTS / "console-workflow-draft.png"), full_page=True)

    # on a phone the page does not scroll sideways (the diagram scrolls in its box), and the
    # state's messages are reached by keyboard
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    page.wait_for_selector("#workflow-diagram svg.laid-out")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.focus("svg.laid-out g.node.marked[data-state=Plan]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "pesan-Plan"
    page.screenshot(path=str(ARTEFACTS / "console-workflow-draft-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})

    # fixed, and coaching left out: valid, with a warning to acknowledge at publish
    _edit(
        page,
        "d.States.Plan.Next = 'DraftSkp'; d.States.Monitor.Next = 'RatePerilaku';"
        " Object.keys(d.States).filter(n => n.startsWith('Coach'))"
        ".forEach(n => delete d.States[n]);",
    )
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("text=Draf tersimpan.")
    assert page.get_by_text("Definisi sah.").is_visible()
    page.fill("#publish-note", "tanpa bimbingan kinerja")
    page.check("input[name=acknowledge][value=coaching_removed]")
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    page.wait_for_url("**/console/workflow")
    assert page.get_by_text("Versi 2 diterbitkan").is_visible()
    assert admin.get("/workflow/alias")["version"] == 2

    # back to version 1
    page.select_option("#version", "1")
    page.fill("#rollback-note", "bimbingan tetap wajib")
    page.get_by_role("button", name="Kembalikan", exact=True).click()
    page.wait_for_selector("text=Siklus baru kini dimulai pada versi 1.")
    assert admin.get("/workflow/alias")["version"] == 1
    page.screenshot(path=str(ARTEFACTS / "console-workflow-rollback.png"), full_page=True)

    assert page.errors == []
