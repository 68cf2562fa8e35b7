"""BKPSDM's and the admins' pages in a real browser (Debian's headless Chromium, Playwright):
an import refused row by row and its report, a settings value refused beside its field, the
audit trail, the keys, the platform operator's regencies, and a printed SKP with the print
stylesheet. No console error; screenshots in tests/artefacts/."""

from __future__ import annotations

import pytest

from tests.browser.test_console_browser import (  # noqa: F401  (fixtures)
    ARTEFACTS,
    YEAR,
    _keyboard_sign_in,
    _sign_out,
    chromium,
    page,
)

pytestmark = pytest.mark.browser
UNITS = (
    "Kode Unit,Nama Unit,Kode Unit Induk\r\nbappeda,Bappeda,\r\nbappeda-eko,Bidang Ekonomi,x\r\n"
)


def _expected_refusal(tab, path: str) -> None:
    """The form's 422 (and Chromium's line about it) are the answer asked for, not an error."""
    mine = [e for e in tab.errors if "422" in e]
    assert mine and all(path in e or "status of 422" in e for e in mine), tab.errors
    tab.errors[:] = [e for e in tab.errors if e not in mine]


def test_an_admin_imports_sets_and_reads_the_trail_and_the_operator_its_regencies(
    page,  # noqa: F811
    stack,
    tmp_path,
):
    ARTEFACTS.mkdir(exist_ok=True)
    _keyboard_sign_in(page, stack.url, stack.sample.admin_key)

    page.goto(f"{stack.url}/console/imports")
    sheet = tmp_path / "unit.csv"
    sheet.write_text(UNITS)
    page.set_input_files("#file-units", str(sheet))
    with page.expect_navigation():
        page.get_by_role("button", name="Impor Unit kerja").click()
    assert page.get_by_role("cell", name="Ditolak").count() == 1
    assert page.get_by_role("cell", name="Kode Unit Induk").is_visible()
    page.screenshot(path=str(ARTEFACTS / "console-import-report.png"), full_page=True)

    page.goto(f"{stack.url}/console/settings")
    page.fill("#task_days\\.draft_skp", "400")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan pengaturan").click()
    problem = page.locator("#problem-task_days\\.draft_skp")
    assert problem.is_visible() and "365" in problem.inner_text()
    described = page.get_attribute("#task_days\\.draft_skp", "aria-describedby")
    assert described == problem.get_attribute("id")
    _expected_refusal(page, "/console/settings")
    page.screenshot(path=str(ARTEFACTS / "console-settings.png"), full_page=True)

    page.goto(f"{stack.url}/console/audit?bulan={YEAR}-01")
    assert page.get_by_role("heading", name="Jejak audit").is_visible()
    page.goto(f"{stack.url}/console/keys")
    assert page.get_by_role("heading", name="Daftar kunci").is_visible()
    page.screenshot(path=str(ARTEFACTS / "console-keys.png"), full_page=True)
    _sign_out(page)

    _keyboard_sign_in(page, stack.url, stack.sample.platform_key)
    assert page.url.endswith("/console/platform")
    assert page.get_by_role("cell", name="Kabupaten Sukamaju").count() >= 1
    page.screenshot(path=str(ARTEFACTS / "console-platform.png"), full_page=True)
    assert page.errors == []


def test_a_printed_skp_leaves_only_the_document_on_paper(page, api, admin, stack):  # noqa: F811
    from functions.local.demo import Demo

    people = stack.sample.people
    head = sorted(n for n, p in people.items() if p["position"] == "Kepala Dinas")[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    demo.draft_and_submit(head)
    ARTEFACTS.mkdir(exist_ok=True)
    _keyboard_sign_in(page, stack.url, people[head]["key"])
    page.goto(f"{stack.url}/console/cycles/{head}/{YEAR}")
    with page.expect_navigation():
        page.get_by_role("link", name="SKP", exact=True).click()
    assert page.get_by_role("heading", name="Sasaran Kinerja Pegawai").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.container").is_visible()  # the menu is not printed
    assert not page.get_by_role("button", name="Cetak").is_visible()
    assert page.get_by_text("Pejabat penilai kinerja").first.is_visible()
    page.screenshot(path=str(ARTEFACTS / "console-skp-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.goto(f"{stack.url}/console/cycles/{head}/{YEAR}/evaluasi/cetak")
    assert page.get_by_text("Predikat kinerja pegawai:").is_visible()
    page.screenshot(path=str(ARTEFACTS / "console-evaluation.png"), full_page=True)
    assert page.errors == []
