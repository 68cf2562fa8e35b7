"""The console in a real browser: Debian's headless Chromium driven by Playwright against the
embedded stack. A penilai signs in by keyboard, approves two SKPs from the inbox; BKPSDM opens
the unit's distribution chart (Chart.js from the package); Swagger UI renders offline at /docs.
No console error anywhere; screenshots land in tests/artefacts/ (git-ignored).

Skips, saying why, without Playwright, without /usr/bin/chromium (infra/browser.sh installs it)
or without the built assets (make assets)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from functions.console import assets
from functions.store.repository import TenantRepository

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
YEAR = 2026


def _why_not() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return "no Chromium at /usr/bin/chromium (bash infra/browser.sh installs Debian's)"
    if not (assets.available(assets.CHART) and assets.available(assets.SWAGGER_UI)):
        return "the console's assets are not built (make assets; needs npm)"
    return None


@pytest.fixture
def chromium():
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A page that records every console error, uncaught exception and failed request."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.errors.append(f"page: {e}"))
    page.on("requestfailed", lambda r: page.errors.append(f"request: {r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and page.errors.append(f"response: {r.status} {r.url}"),
    )
    yield page
    context.close()


def _prepare(api, admin, stack) -> tuple[str, list[str]]:
    """The Kepala Dinas submit their SKP (the Sekda approves them); Dinas Kesehatan's 2025 is
    decided, too many Sangat Baik for a unit of predikat Baik."""
    from functions.local.demo import Demo, wait_for

    people = stack.sample.people
    heads = sorted(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    sekda = next(n for n, p in people.items() if p["penilai"] is None)
    admin.post("/cycles", {"year": YEAR, "nips": heads})
    demo = Demo(api, stack.sample.to_json(), only=heads)
    demo.year = YEAR
    for nip in heads:
        demo.draft_and_submit(nip)
    boss = api.as_(people[sekda]["key"])
    wait_for(lambda: len(boss.get("/tasks")) == 3 or None, "three approvals", 60)
    repo = TenantRepository(stack.sample.tenant_id)
    staff = [e for e in repo.employees() if e.unit_id == "dinkes"]
    for n, employee in enumerate(sorted(staff, key=lambda e: e.position != "Kepala Dinas")):
        repo.create(repo.new_cycle(
            employee.nip, 2025, "dinkes", penilai_nip=employee.penilai_nip, stage="done",
            periods=4, status="done", predikat="baik" if n == 9 else "sangat_baik",
        ))  # fmt: skip
    admin.put("/units/dinkes/predikat/2025", {"org_predikat": "baik"})
    return sekda, heads


def test_a_penilai_approves_skps_and_bkpsdm_reads_the_distribution_chart(page, api, admin, stack):
    sekda, heads = _prepare(api, admin, stack)
    people = stack.sample.people
    ARTEFACTS.mkdir(exist_ok=True)

    # sign in by keyboard: the key field has the focus, Enter submits
    page.goto(f"{stack.url}/")
    assert page.url.endswith("/console/login")
    assert page.evaluate("document.activeElement.id") == "key"
    page.keyboard.type(people[sekda]["key"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/tasks")
    assert page.get_by_role("heading", name="Tugas saya").is_visible()
    assert page.get_by_role("cell", name="Persetujuan SKP", exact=True).count() == 3

    # the worklist: two of the three SKPs, each with its result
    for nip in heads[:2]:
        page.get_by_label(f"Pilih SKP {people[nip]['name']}").check()
    page.get_by_role("button", name="Setujui SKP terpilih").click()
    page.wait_for_load_state()
    assert page.get_by_text("disetujui.").count() == 2
    assert page.get_by_role("cell", name="Persetujuan SKP", exact=True).count() == 1
    page.screenshot(path=str(ARTEFACTS / "console-tasks.png"), full_page=True)
    for nip in heads[:2]:
        assert admin.get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "disetujui"

    # on a phone's width the inbox does not scroll sideways
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTEFACTS / "console-tasks-phone.png"), full_page=True)
    # the remaining approval opens the employee's SKP, which fits the phone too
    page.get_by_role("link", name=f"Tinjau SKP {people[heads[2]]['name']}").click()
    page.wait_for_url(f"**/console/cycles/{heads[2]}/{YEAR}")
    assert page.get_by_role("button", name="Setujui SKP").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTEFACTS / "console-cycle-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/console/login")

    # BKPSDM: the unit's distribution, drawn by Chart.js, the broken bound in words
    page.fill("#key", stack.sample.admin_key)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/console/")  # BKPSDM's home: the regency's year
    page.goto(f"{stack.url}/console/units/dinkes?year=2025")
    page.wait_for_function("window.kinerjaChart !== undefined")
    drawn = page.evaluate(
        "({counts: window.kinerjaChart.data.datasets[0].data,"
        " sets: window.kinerjaChart.data.datasets.map(d => d.label),"
        " width: document.getElementById('distribution-chart').width})"
    )
    assert drawn["counts"] == [8, 1, 0, 0, 0]  # the head is not counted
    assert drawn["sets"] == ["Jumlah pegawai", "Batas paling banyak", "Batas paling sedikit"]
    assert drawn["width"] > 0
    assert page.get_by_text("Distribusi melanggar").is_visible()
    assert page.get_by_text("lebih dari 50% Baik (sedikitnya 5 orang)").first.is_visible()
    page.screenshot(path=str(ARTEFACTS / "console-distribution.png"), full_page=True)

    # the API's documentation renders from the package, offline
    page.goto(f"{stack.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)

    assert page.errors == []


def _keyboard_sign_in(page, url: str, key: str) -> None:
    page.goto(f"{url}/console/login")
    page.focus("#key")  # autofocus: the first test sees it; a reload may not apply it again
    page.keyboard.type(key)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _sign_out(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/console/login")


def _fits(page, width: int = 375) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def _press(page, selector: str, key: str = "Enter") -> None:
    """Focus a control and press a key on it, as someone without a mouse does."""
    page.focus(selector)
    page.keyboard.press(key)


def test_on_a_phone_by_keyboard_an_skp_is_drafted_perilaku_rated_and_bkpsdm_reads_the_year(
    page, api, admin, stack
):
    """Issue 15: the plan step in the browser, a penilai's rating, BKPSDM's home and 9-box."""
    from datetime import timedelta

    from functions.domain import BERAKHLAK
    from functions.engine import clock
    from functions.local.demo import wait_for
    from functions.store.records import NO_TOKEN

    people = stack.sample.people
    heads = sorted(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    nip = heads[0]
    admin.post("/cycles", {"year": YEAR, "nips": [nip]})
    me = api.as_(people[nip]["key"])
    wait_for(lambda: me.get("/tasks") or None, "the SKP task", 60)
    repo = TenantRepository(stack.sample.tenant_id)
    rated = sorted(n for n, p in people.items() if p["penilai"] in heads)[0]
    task = repo.new_task(
        "t-rate", assignee_nip=people[rated]["penilai"], status="open",
        due=clock.now() + timedelta(days=7), task_kind="rate_perilaku", subject_nip=rated,
        year=YEAR, period=1, token=NO_TOKEN,
    )  # fmt: skip
    repo.index_task(task)
    repo.create(task)
    staff = sorted((e for e in repo.employees() if e.unit_id == "dinkes"), key=lambda e: e.nip)
    for employee, box in zip(staff, [9, 8, 7, 5, 5, 3, 1], strict=False):
        repo.create(repo.new_cycle(
            employee.nip, 2025, "dinkes", penilai_nip=employee.penilai_nip, stage="done",
            periods=4, status="done", predikat="sangat_baik" if box >= 7 else "baik",
        ))  # fmt: skip
        repo.create(repo.new_decision(employee.nip, 2025, predikat="baik", box=box))
    ARTEFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 800})

    # the employee drafts the SKP from the inbox, by keyboard, on a phone
    _keyboard_sign_in(page, stack.url, people[nip]["key"])
    page.wait_for_url("**/console/tasks")
    page.get_by_role("link", name=f"Susun SKP {people[nip]['name']}").click()
    page.wait_for_url(f"**/console/cycles/{nip}/{YEAR}/skp")
    assert _fits(page)
    page.focus("#rhk-0-text")
    page.keyboard.type("Layanan kesehatan dasar tepat waktu")
    page.focus("#rhk-0-iki-0-indikator")
    page.keyboard.type("Jumlah puskesmas terakreditasi")
    page.select_option("#rhk-0-iki-0-aspek", "kuantitas")
    page.focus("#rhk-0-iki-0-target")
    page.keyboard.type("12")
    page.focus("#rhk-0-iki-0-satuan")
    page.keyboard.type("dokumen")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field saves the draft
    assert page.get_by_text("Draf SKP tersimpan.").is_visible()
    assert page.input_value("#rhk-0-iki-0-satuan") == "dokumen"
    page.screenshot(path=str(ARTEFACTS / "console-skp-phone.png"), full_page=True)
    _press(page, "button[value=submit]")
    page.wait_for_url(f"**/console/cycles/{nip}/{YEAR}")
    assert page.get_by_text("SKP diajukan kepada pejabat penilai.").is_visible()
    assert admin.get(f"/cycles/{nip}/{YEAR}/skp")["status"] == "diajukan"
    _sign_out(page)

    # the penilai rates perilaku: radios by Space, the suggestion, then the overall rating
    _keyboard_sign_in(page, stack.url, people[task.assignee_nip]["key"])
    page.get_by_role("link", name=f"Nilai perilaku {people[rated]['name']}").click()
    page.wait_for_url(f"**/console/tasks/{task.task_id}")
    for n, value in enumerate(BERAKHLAK):
        _press(page, f"input[name=perilaku-{value}][value={'di_atas' if n < 5 else 'sesuai'}]",
               "Space")  # fmt: skip
    with page.expect_navigation():
        _press(page, "button[value=suggest]")
    assert "Di Atas Ekspektasi" in page.inner_text("#saran")
    _press(page, "input[name=rating_perilaku][value=di_atas]", "Space")
    page.focus("#feedback")
    page.keyboard.type("Pelayanan sangat baik; pertahankan.")
    assert _fits(page)
    page.screenshot(path=str(ARTEFACTS / "console-perilaku-phone.png"), full_page=True)
    _press(page, "button[value=rate]:not(.default-action)")
    page.wait_for_url("**/console/tasks")
    assert page.get_by_text("Penilaian perilaku").first.is_visible()
    assert repo.task(task.task_id).status == "done"
    _sign_out(page)

    # BKPSDM: the regency's home, then the unit's 9-box
    _keyboard_sign_in(page, stack.url, stack.sample.admin_key)
    page.wait_for_url("**/console/")
    assert page.get_by_role("heading", name="Kemajuan per unit kerja").is_visible()
    assert page.get_by_role("link", name="Dinas Kesehatan").first.is_visible()
    assert _fits(page)
    page.screenshot(path=str(ARTEFACTS / "console-home-phone.png"), full_page=True)
    page.goto(f"{stack.url}/console/units/dinkes/talent?year=2025")
    assert staff[0].name in page.inner_text("#kotak-9")
    assert page.get_by_role("heading", name="Calon suksesor (kotak 7 sampai 9)").is_visible()
    assert _fits(page)
    page.screenshot(path=str(ARTEFACTS / "console-talent-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.screenshot(path=str(ARTEFACTS / "console-talent.png"), full_page=True)

    assert page.errors == []
