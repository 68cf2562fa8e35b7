"""The competency development page in a real browser (headless Chromium, as
test_console_browser.py): BKPSDM opens it from the Beranda, Chart.js draws its three charts
from the page's data, it fits a phone, and no console error shows. Skips as that file does."""

from __future__ import annotations

from tests.browser import test_console_browser as base
from tests.functional.test_console_development import POLICY, develop

pytestmark = base.pytestmark
chromium, page = base.chromium, base.page
YEAR = base.YEAR


def test_bkpsdm_opens_the_development_page_from_home_and_its_charts_draw(page, admin, stack):
    people = stack.sample.people
    staff = sorted(n for n, p in people.items() if p["unit"] == "dinkes" and p["penilai"])[:2]
    admin.post("/development/policies", {**POLICY, "digital": False})
    for n, nip in enumerate(staff):
        develop(admin, nip, planned_cost=900000, hours=12 + 10 * n, cost=800000, used=n == 0)
    base.ARTEFACTS.mkdir(exist_ok=True)

    base._keyboard_sign_in(page, stack.url, stack.sample.admin_key)
    page.get_by_role("link", name=f"Pengembangan kompetensi {YEAR}").click()
    page.wait_for_url(f"**/console/development?year={YEAR}")
    page.wait_for_function("window.kinerjaCharts !== undefined")
    drawn = page.evaluate(
        "window.kinerjaCharts.map(c => ({labels: c.data.labels,"
        " sets: c.data.datasets.map(d => [d.label, d.data]), width: c.canvas.width}))"
    )
    assert [c["labels"] for c in drawn] == [["Dinas Kesehatan"]] * 3
    assert drawn[0]["sets"][1] == ["Target 20 JP", [20]]
    assert drawn[1]["sets"] == [["Direncanakan", [1800000]], ["Terealisasi", [1600000]]]
    assert [s[1] for s in drawn[2]["sets"]] == [[1], [1], [0]]
    assert all(c["width"] > 0 for c in drawn)
    assert page.get_by_text("Perbup 12/2025").is_visible()
    page.screenshot(path=str(base.ARTEFACTS / "console-development.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    page.wait_for_function("window.kinerjaCharts !== undefined")
    assert base._fits(page)
    page.screenshot(path=str(base.ARTEFACTS / "console-development-phone.png"), full_page=True)
    assert page.errors == []
