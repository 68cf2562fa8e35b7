"""BKPSDM's and the admins' console pages through Flask's test client: the worksheet and the
downloads, imports, the audit trail, settings and API keys; each for its roles only."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from tests.functional.test_console import (  # noqa: F401  (fixture)
    browser,
    sign_in,
    signed_in,
    token_of,
)

YEAR = 2026
UNIT = "bkpsdm"


def employee_key(people) -> str:
    return people[next(iter(people))]["key"]


def test_the_unit_page_links_the_worksheet_and_its_downloads(browser, stack):  # noqa: F811
    client = signed_in(browser, stack.sample.auditor_key)
    page = client.get(f"/console/units/{UNIT}?year={YEAR}").text
    assert f"/console/units/{UNIT}/kualitas?year={YEAR}" in page
    for what in ("kualitas", "distribusi", "talenta"):
        assert f"/console/units/{UNIT}/unduh/{what}.xlsx?year={YEAR}" in page
    sheet = client.get(f"/console/units/{UNIT}/kualitas?year={YEAR}")
    assert sheet.status_code == 200 and "Temuan per pemeriksaan" in sheet.text
    assert "/console/unduh/siasn.xlsx" in client.get("/console/").text


def test_each_download_is_a_valid_xlsx_and_csv(browser, stack):  # noqa: F811
    client = signed_in(browser, stack.sample.admin_key)
    heads = {"kualitas": "nip", "distribusi": "kind", "talenta": "position"}
    for what, first in heads.items():
        xlsx = client.get(f"/console/units/{UNIT}/unduh/{what}.xlsx?year={YEAR}")
        assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
        assert f"{what}" in xlsx.headers["Content-Disposition"]
        rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
        assert rows[0][0] == first
        text = client.get(f"/console/units/{UNIT}/unduh/{what}.csv?year={YEAR}")
        assert text.mimetype == "text/csv"
        assert next(csv.reader(io.StringIO(text.data.decode("utf-8-sig"))))[0] == first
    siasn = client.get(f"/console/unduh/siasn.csv?year={YEAR}&period=annual")
    header = next(csv.reader(io.StringIO(siasn.data.decode("utf-8-sig"))))
    assert header[0] == "nip" and header[-1] == "missing"
    refused = client.get(f"/console/unduh/siasn.csv?year={YEAR}&period=13")
    assert refused.status_code == 422 and "period" in refused.text


def test_an_employee_gets_no_worksheet_or_download(browser, people):  # noqa: F811
    client = signed_in(browser, employee_key(people))
    for path in (f"/console/units/{UNIT}/kualitas", f"/console/units/{UNIT}/unduh/talenta.csv",
                 "/console/unduh/siasn.xlsx"):  # fmt: skip
        assert client.get(path).status_code == 403


# --- imports ---------------------------------------------------------------------------------
def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def upload(client, kind: str, data: bytes, filename: str):
    token = token_of(client.get("/console/imports").text)
    sent = {"csrf_token": token, "file": (io.BytesIO(data), filename)}
    return client.post(f"/console/imports/{kind}", data=sent, content_type="multipart/form-data")


def test_an_import_s_report_names_each_refused_row_s_column_and_rule(browser, stack):  # noqa: F811
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/imports").text
    assert "/console/imports/template/units.xlsx" in page and "Kode Unit Induk" in page
    template = client.get("/console/imports/template/units.xlsx")
    header = next(load_workbook(io.BytesIO(template.data)).active.iter_rows(values_only=True))
    assert header[:3] == ("Kode Unit", "Nama Unit", "Kode Unit Induk")
    rows = [["Kode Unit", "Nama Unit", "Kode Unit Induk"], ["bappeda", "Bappeda", ""],
            ["bappeda-eko", "Bidang Ekonomi", "tidak-ada"]]  # fmt: skip
    refused = upload(client, "units", as_csv(rows), "unit.csv")
    assert refused.status_code == 303
    report = client.get(refused.location).text
    assert "Ditolak" in report and "Diterima" in report and "Kode Unit Induk" in report
    assert client.get(refused.location + "/laporan").status_code == 200
    rows[2][2] = "bappeda"
    done = client.get(upload(client, "units", as_csv(rows), "unit.csv").location).text
    assert "Semua baris diterima" in done
    listed = client.get("/console/imports").text
    assert listed.count("Ditolak") >= 1 and "Selesai" in listed


def test_a_file_that_is_no_spreadsheet_is_refused_next_to_its_field(browser, stack):  # noqa: F811
    client = signed_in(browser, stack.sample.admin_key)
    wrong = upload(client, "employees", b"x", "pegawai.pdf")
    assert wrong.status_code == 422
    assert 'id="problem-employees"' in wrong.text and ".csv atau .xlsx" in wrong.text
    headless = upload(client, "employees", as_csv([["Apa", "Ini"], ["1", "2"]]), "p.csv")
    assert headless.status_code == 422 and "NIP" in headless.text


def test_only_admins_import(browser, stack, people):  # noqa: F811
    for key in (stack.sample.auditor_key, employee_key(people)):
        client = signed_in(browser, key)
        assert client.get("/console/imports").status_code == 403
        assert client.get("/console/imports/template/units.csv").status_code == 403


# --- the audit trail -------------------------------------------------------------------------
def test_the_audit_trail_shows_a_month_and_refuses_a_bad_nip_beside_it(browser, stack):  # noqa: F811
    client = signed_in(browser, stack.sample.auditor_key)
    page = client.get("/console/audit?bulan=2026-01")
    assert page.status_code == 200 and "Jejak audit" in page.text
    assert "webhook_secret.create" in page.text  # the onboarding's own entry
    bad = client.get("/console/audit?bulan=2026-01&nip=123")
    assert bad.status_code == 422 and 'id="problem-nip"' in bad.text and "18 angka" in bad.text
    month = client.get("/console/audit?bulan=2026-13")
    assert month.status_code == 422 and 'id="problem-bulan"' in month.text


def test_an_employee_has_no_audit_trail(browser, people):  # noqa: F811
    assert signed_in(browser, employee_key(people)).get("/console/audit").status_code == 403


# --- settings and keys -----------------------------------------------------------------------
def test_settings_save_and_a_refused_value_is_named_next_to_its_field(browser, stack, admin):  # noqa: F811
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/settings").text
    token, version = token_of(page), re.search(r'name="version" value="(\d+)"', page).group(1)
    form = {"csrf_token": token, "version": version}
    refused = client.post("/console/settings", data={**form, "policy.planning_deadline_days": "2,5",
                                                     "task_days.draft_skp": "400"})  # fmt: skip
    assert refused.status_code == 422
    assert 'id="problem-task_days.draft_skp"' in refused.text and "365" in refused.text
    assert admin.get("/settings")["task_days"]["draft_skp"] == 14  # nothing stored
    wrong = client.post("/console/settings", data={**form, "policy.planning_deadline_days": "2,5"})
    assert wrong.status_code == 422 and 'id="problem-policy.planning_deadline_days"' in wrong.text
    assert 'value="2,5"' in wrong.text  # kept as typed
    saved = client.post("/console/settings", data={**form, "policy.planning_deadline_days": "21",
                                                   "task_days.draft_skp": "10"})  # fmt: skip
    assert saved.status_code == 200 and "Pengaturan tersimpan" in saved.text
    stored = admin.get("/settings")
    assert (
        stored["policy"]["planning_deadline_days"] == 21 and stored["task_days"]["draft_skp"] == 10
    )
    stale = client.post("/console/settings", data={**form, "task_days.draft_skp": "9"})
    assert stale.status_code == 422 and "muat ulang" in stale.text


def test_keys_are_issued_once_rotated_and_revoked(browser, stack, people):  # noqa: F811
    client = signed_in(browser, stack.sample.admin_key)
    token = token_of(client.get("/console/keys").text)
    nip = next(iter(people))
    missing = client.post(
        "/console/keys", data={"csrf_token": token, "role": "pegawai", "label": "x"}
    )
    assert missing.status_code == 422 and 'id="problem-label"' in missing.text
    nobody = client.post("/console/keys", data={"csrf_token": token, "role": "pegawai",
                                                "label": "Sari"})  # fmt: skip
    assert nobody.status_code == 422 and 'id="problem-nip"' in nobody.text
    issued = client.post("/console/keys", data={"csrf_token": token, "role": "pegawai",
                                                "nip": nip, "label": "Ponsel Sari"})  # fmt: skip
    assert issued.status_code == 201
    key = re.search(r'<code id="new-key">([^<]+)</code>', issued.text).group(1)
    assert signed_in(browser, key).get("/console/tasks").status_code == 200
    prefix = key.split("_")[1]
    assert key not in client.get("/console/keys").text  # shown once
    rotated = client.post(f"/console/keys/{prefix}/rotate", data={"csrf_token": token})
    new_key = re.search(r'<code id="new-key">([^<]+)</code>', rotated.text).group(1)
    assert new_key != key and f"Kunci {prefix} dicabut" in rotated.text
    client.post(f"/console/keys/{new_key.split('_')[1]}/revoke", data={"csrf_token": token})
    assert browser().post("/console/login").status_code == 400  # no token, no sign-in
    refused = browser()
    assert sign_in(refused, new_key).status_code == 401


def test_settings_and_keys_are_for_admins(browser, stack, people):  # noqa: F811
    auditor = signed_in(browser, stack.sample.auditor_key)
    assert auditor.get("/console/settings").status_code == 200
    assert auditor.get("/console/keys").status_code == 403
    employee = signed_in(browser, employee_key(people))
    for path in ("/console/settings", "/console/keys"):
        assert employee.get(path).status_code == 403


# --- the platform operator -------------------------------------------------------------------
def test_the_operator_onboards_disables_and_enables_a_regency(browser, stack):  # noqa: F811
    client = signed_in(browser, stack.sample.platform_key)
    page = client.get("/console/platform")
    assert page.status_code == 200 and "Kabupaten Sukamaju" in page.text
    token = token_of(page.text)
    form = {"csrf_token": token, "name": "Kabupaten Baru"}
    bad = client.post("/console/platform/tenants", data={**form, "region_code": "x"})
    assert bad.status_code == 422 and 'id="problem-region_code"' in bad.text
    made = client.post("/console/platform/tenants", data={**form, "region_code": "32.05"})
    assert made.status_code == 201
    admin_key = re.search(r'<code id="admin-key">([^<]+)</code>', made.text).group(1)
    assert signed_in(browser, admin_key).get("/console/units").status_code == 200
    new_id = re.search(r'<code id="tenant-id">([^<]+)</code>', made.text).group(1)
    disabled = client.post(
        f"/console/platform/tenants/{new_id}/disable", data={"csrf_token": token}
    )
    assert f"/console/platform/tenants/{new_id}/enable" in disabled.text
    assert sign_in(browser(), admin_key).status_code == 401  # its keys are refused
    client.post(f"/console/platform/tenants/{new_id}/enable", data={"csrf_token": token})
    assert sign_in(browser(), admin_key).status_code == 302


def test_tenant_people_have_no_platform_page(browser, stack):  # noqa: F811
    for key in (stack.sample.admin_key, stack.sample.auditor_key):
        assert signed_in(browser, key).get("/console/platform").status_code == 403


# --- printable documents ---------------------------------------------------------------------
def test_the_skp_and_the_evaluation_print_with_both_parties(browser, stack, people, approval):  # noqa: F811
    _, member, _ = approval
    penilai = people[people[member]["penilai"]]
    client = signed_in(browser, people[member]["key"])
    cycle = client.get(f"/console/cycles/{member}/{YEAR}").text
    assert f"/console/cycles/{member}/{YEAR}/skp/cetak" in cycle
    skp = client.get(f"/console/cycles/{member}/{YEAR}/skp/cetak")
    assert skp.status_code == 200
    for text in ("Sasaran Kinerja Pegawai", "Pejabat penilai kinerja", "Ekspektasi khusus pimpinan",
                 people[member]["name"], penilai["name"], "A. Utama"):  # fmt: skip
        assert text in skp.text
    evaluation = client.get(f"/console/cycles/{member}/{YEAR}/evaluasi/cetak?periode=1")
    assert evaluation.status_code == 200
    for text in ("Evaluasi kinerja pegawai", "Atasan pejabat penilai kinerja", "Predikat kinerja",
                 "Rating hasil kerja", "Periode ini belum dinilai"):  # fmt: skip
        assert text in evaluation.text
    css = client.get("/console/static/console.css").text
    assert "@media print" in css


def test_someone_else_s_documents_are_refused(browser, people, approval):  # noqa: F811
    _, member, _ = approval
    other = next(n for n, p in people.items() if n != member and p["penilai"] != member
                 and people[member]["penilai"] != n)  # fmt: skip
    client = signed_in(browser, people[other]["key"])
    assert client.get(f"/console/cycles/{member}/{YEAR}/skp/cetak").status_code == 403
    assert client.get(f"/console/cycles/{member}/{YEAR}/evaluasi/cetak").status_code == 403


def test_an_integration_key_still_has_no_console(browser, admin):  # noqa: F811
    key = admin.post("/keys", {"role": "integration", "label": "SIASN sync"})["key"]
    answer = sign_in(browser(), key)
    assert answer.status_code == 401 and "gunakan API" in answer.text
