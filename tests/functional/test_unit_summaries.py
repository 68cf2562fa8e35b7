"""The regency's summary from the per-unit counters: kept in step with the cycles as they are
started, move and close (compared with a count of the cycles themselves), rebuilt from the
cycles after they drifted (idempotent, audited), and only BKPSDM rebuilds."""

from __future__ import annotations

from collections import Counter

from functions.store.repository import TenantRepository
from tests.functional.test_api import refused
from tests.functional.test_console import browser, signed_in, token_of  # noqa: F401  (fixture)
from tests.functional.test_jobs import finished
from tests.integration.test_cycle import team

YEAR = 2026


def counted_from_cycles(admin) -> dict:
    """The summary's stages and predikat per unit, counted from GET /cycles."""
    cycles = admin.get(f"/cycles?year={YEAR}")
    stages = Counter(c["status"] if c["status"] in ("failed", "closed") else c["stage"]
                     for c in cycles)  # fmt: skip
    units: dict[str, Counter] = {}
    for c in cycles:
        if c["status"] != "closed":
            units.setdefault(c["unit_id"], Counter())[c["predikat"] or "-"] += 1
    return {"cycles": len(cycles), "stages": dict(stages),
            "units": {u: dict(n) for u, n in units.items()}}  # fmt: skip


def shown(summary: dict) -> dict:
    return {"cycles": summary["cycles"], "stages": summary["stages"],
            "units": {u["unit_id"]: u["predikat"] for u in summary["units"]}}  # fmt: skip


def test_the_counters_follow_the_cycles_and_a_rebuild_repairs_them(stack, admin, people):
    finished(admin, admin.post("/cycles", {"year": YEAR})["job_id"])
    _, member, _ = team(people)
    admin.post("/cycles/closures", {"year": YEAR, "nips": [member], "reason": "meninggal"})
    summary = admin.get(f"/reports/summary?year={YEAR}")
    assert shown(summary) == counted_from_cycles(admin)
    assert summary["stages"]["closed"] == 1 and summary["open_tasks"]

    repo = TenantRepository(stack.sample.tenant_id)
    items = repo.unit_summaries(YEAR)
    assert items and len(items) <= 8 * len({i.unit_id for i in items})
    for item in items[:3]:  # drifted (or never counted): a repair is needed
        repo.delete(item)
    assert shown(admin.get(f"/reports/summary?year={YEAR}")) != counted_from_cycles(admin)
    rebuilt = admin.post("/reports/summary/rebuild", {"year": YEAR})
    assert rebuilt["cycles"] == summary["cycles"] and rebuilt["items"] >= len(items) - 3
    again = admin.get(f"/reports/summary?year={YEAR}")
    assert shown(again) == counted_from_cycles(admin) and again == summary
    admin.post("/reports/summary/rebuild", {"year": YEAR})  # idempotent
    assert admin.get(f"/reports/summary?year={YEAR}") == summary


def test_only_bkpsdm_rebuilds_and_the_year_is_checked(stack, api, admin, people):
    _, member, _ = team(people)
    pegawai = api.as_(people[member]["key"])
    assert refused(pegawai.post, "/reports/summary/rebuild", {"year": YEAR}).status == 403
    bad = refused(admin.post, "/reports/summary/rebuild", {"year": 1900})
    assert bad.status == 422 and "year" in str(bad.body)
    empty = admin.post("/reports/summary/rebuild", {"year": YEAR})
    assert (empty["cycles"], empty["items"]) == (0, 0)


def test_bkpsdm_rebuilds_the_counters_from_the_beranda(browser, stack, admin, people):  # noqa: F811
    head, member, _ = team(people)
    admin.post("/cycles", {"year": YEAR, "nips": [head, member]})
    repo = TenantRepository(stack.sample.tenant_id)
    for item in repo.unit_summaries(YEAR):  # never counted (data older than the counters)
        repo.delete(item)
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get(f"/console/?year={YEAR}")
    assert "Hitung ulang dari siklus" in page.text and "Belum ada siklus" in page.text
    form = {"csrf_token": token_of(page.text), "year": str(YEAR)}
    done = client.post("/console/summary/rebuild", data=form)
    assert done.status_code == 302
    page = client.get(done.headers["Location"])
    assert "dihitung ulang dari 2 siklus" in page.text and "Belum ada siklus" not in page.text
    assert client.post("/console/summary/rebuild", data={"year": str(YEAR)}).status_code == 400
