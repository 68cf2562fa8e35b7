"""The console's pages on the embedded stack: server time of a penilai's inbox with 50 open tasks
and of a unit dashboard of 500 employees (targets ≤ 300 ms each), and the weight of the scripts
and styles each page loads (target ≤ 300 KB).

``python -m bench.console [EMPLOYEES] [TASKS]``. The regency is bench/regency.py's (one flat unit:
a head and staff, each with the year's cycle, SKP, annual assessment and decision), written
straight through the repository; the head holds ``TASKS`` open SKP approvals. Each page is asked
through Flask's test client of the stack's own app, signed in as a person would be (the session
cookie), so the time is the server's: the route, the services, DynamoDB on the embedded
emulation and the template, without a network. Median of RUNS after one warm-up request.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from datetime import timedelta

from bench.regency import YEAR, seed
from functions.engine import clock
from functions.services import credentials
from functions.services.auth import ADMIN, PEGAWAI
from functions.store.repository import TenantRepository

RUNS = 7
TARGET_MS, TARGET_KB = 300, 300
ASSETS = re.compile(r'<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="([^"]+)"')


def open_tasks(repo: TenantRepository, head: str, subjects: list[str]) -> None:
    """An SKP approval waiting on the head for each subject, due over the next weeks."""
    with repo.transaction() as tx:
        for n, nip in enumerate(subjects):
            due = clock.now() + timedelta(days=1 + n % 20)
            tx.put_new(repo.new_task(
                f"bench-{n:04d}", assignee_nip=head, status="open", due=due,
                task_kind="approve_skp", subject_nip=nip, year=YEAR, token=f"token-{n}",
            ))  # fmt: skip


def signed_in(app, key: str):
    client = app.test_client()
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/console/login", data={"key": key, "csrf_token": token})
    assert answer.status_code == 302, "the bench's key did not sign in"
    return client


def server_ms(client, path: str, runs: int = RUNS) -> tuple[float, str]:
    """The median time of the page (after a warm-up) and its HTML."""
    html = client.get(path).text
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, f"{path}: {answer.status_code}"
    return round(statistics.median(times), 1), html


def weight_kb(client, html: str) -> dict:
    """The scripts and styles the page loads, each fetched: their total and the HTML's own."""
    sizes = {src: len(client.get(src).data) for src in dict.fromkeys(ASSETS.findall(html))}
    total = sum(sizes.values())
    return {"assets_kb": round(total / 1024, 1), "html_kb": round(len(html.encode()) / 1024, 1),
            "files": {k: round(v / 1024, 1) for k, v in sizes.items()}}  # fmt: skip


def main(employees: int = 500, tasks: int = 50) -> dict:
    from functions.local import runtime

    running = runtime.start(units=1)
    try:
        tenant_id, (unit_id,) = seed(employees, 1)
        repo = TenantRepository(tenant_id)
        staff = sorted(e.nip for e in repo.employees())
        head = next(e.nip for e in repo.employees() if e.penilai_nip is None)
        open_tasks(repo, head, [n for n in staff if n != head][:tasks])
        admin = credentials.issue(repo, "bench", ADMIN, None, "bench admin")["key"]
        penilai = credentials.issue(repo, "bench", PEGAWAI, head, "bench penilai")["key"]
        app = running.server.app
        pages = {
            "inbox": (signed_in(app, penilai), "/console/tasks"),
            "unit": (signed_in(app, admin), f"/console/units/{unit_id}?year={YEAR}"),
            "talent": (signed_in(app, admin), f"/console/units/{unit_id}/talent?year={YEAR}"),
            "worksheet": (signed_in(app, admin), f"/console/units/{unit_id}/kualitas?year={YEAR}"),
            "home": (signed_in(app, admin), f"/console/?year={YEAR}"),
        }
        figures: dict = {"employees": employees, "tasks": tasks}
        for name, (client, path) in pages.items():
            ms, html = server_ms(client, path)
            if name == "inbox":
                assert html.count('name="task_id"') == tasks, "the inbox lists every task"
            figures[name] = {"server_ms": ms, **weight_kb(client, html)}
            kb = figures[name]["assets_kb"]
            print(f"{name}: {ms} ms (target ≤ {TARGET_MS}), scripts and styles {kb} KB "
                  f"(≤ {TARGET_KB}), HTML {figures[name]['html_kb']} KB")  # fmt: skip
    finally:
        running.stop()
    return figures


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
