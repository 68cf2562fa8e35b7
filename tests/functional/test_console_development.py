"""The console's competency development page (BKPSDM): the four indicators of the ASN
Achievement Award for a year, each with its chart and table, in Bahasa Indonesia; linked from
the BKPSDM home, with the XLSX of the API to download."""

from __future__ import annotations

import io
import json
import re

from openpyxl import load_workbook

from tests.functional import test_console as base
from tests.functional.test_console import YEAR, signed_in

browser = base.browser


POLICY = {
    "title": "Perbup Pengembangan Kompetensi ASN",
    "number": "Perbup 12/2025",
    "issued_on": "2025-06-30",
    "url": "https://jdih.sukamaju.go.id/12",
    "digital": True,
}


def develop(admin, nip: str, *, planned_cost: int, hours: float, cost: int, used: bool) -> None:
    """A plan of one e-learning course for ``nip``, the course done and its use confirmed."""
    course = {"kind": "e_learning", "title": "Literasi Data", "hours": hours, "cost": cost}
    plan = {**course, "hours": 20, "cost": planned_cost}
    admin.put(f"/employees/{nip}/development/{YEAR}/plan", {"activities": [plan]})
    done = {**course, "digital": True, "done_on": f"{YEAR}-02-10"}
    record = admin.post(f"/employees/{nip}/development/{YEAR}/records", done)
    path = f"/employees/{nip}/development/{YEAR}/records/{record['record_id']}/use"
    admin.put(path, {"used": used})


def test_bkpsdm_reads_the_four_indicators_as_charts_and_tables(browser, stack, admin, people):
    admin.post("/development/policies", POLICY)
    nip = sorted(n for n, p in people.items() if p["unit"] == "dinkes" and p["penilai"])[0]
    develop(admin, nip, planned_cost=1000000, hours=24, cost=750000, used=True)

    client = signed_in(browser, stack.sample.admin_key)
    home = client.get(f"/console/?year={YEAR}")
    assert f'href="/console/development?year={YEAR}"' in home.text
    page = client.get(f"/console/development?year={YEAR}")
    assert page.status_code == 200
    text = page.text
    for heading in (
        "1. Kebijakan pengembangan kompetensi",
        "2. Penyelenggaraan pengembangan",
        "3. Anggaran direncanakan dan terealisasi",
        "4. Pemanfaatan hasil pengembangan",
    ):
        assert heading in text
    assert "Perbup 12/2025" in text and 'href="https://jdih.sukamaju.go.id/12"' in text
    assert "1 kegiatan, 24 JP" in text and "Rp 1.000.000 direncanakan" in text
    assert "Rp 750.000 terealisasi" in text and "<dd>100%</dd>" in text
    dinkes = text.split("Dinas Kesehatan")[1].split("</tr>")[0]
    assert re.sub(r"\s+", "", dinkes).count("<td>1</td>") >= 2  # reached, activities
    charts = json.loads(text.split('id="development-data">')[1].split("</script>")[0])
    assert [c["id"] for c in charts] == ["hours-chart", "budget-chart", "use-chart"]
    assert charts[0]["labels"] == ["Dinas Kesehatan"]
    assert charts[1]["datasets"][0]["data"] == [1000000] and charts[2]["datasets"][0]["data"] == [1]
    for chart in charts:
        assert f'id="{chart["id"]}"' in text
    assert "development.js" in text

    download = client.get(f"/console/development.xlsx?year={YEAR}")
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(download.data), read_only=True)
    assert book.sheetnames == [f"Ringkasan {YEAR}", "Kebijakan", "Unit Kerja"]

    empty = client.get(f"/console/development?year={YEAR + 1}")
    assert "Belum ada rencana atau kegiatan" in empty.text and "development-data" not in empty.text


def test_an_employee_has_no_development_report_page(browser, people):
    someone = signed_in(browser, next(iter(people.values()))["key"])
    assert someone.get("/console/development").status_code == 403
    assert someone.get("/console/development.xlsx").status_code == 403
