"""A pilot on one machine (``kinerja serve --data DIR``): the table, the clock and the sample's keys
survive a restart and a ``kill -9``; the cycles go on from the stages the table holds."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from functions.domain import periods_of
from functions.engine import clock, dispatch, envelope, jobqueue
from functions.errors import Conflict
from functions.local import runtime, workers
from functions.local.client import Client
from functions.local.demo import Demo, wait_for
from functions.local.journal import Journal
from functions.services import webhook_secrets
from functions.store.records import TenantRecord
from functions.store.repository import TenantRepository
from functions.store.webhooks import WebhookStore
from functions.webhooks.receive import store_and_dispatch

from .test_cycle import team
from .test_workflow_definitions import Http, with_welcome

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2026


# --- in this process ---------------------------------------------------------------------------
@pytest.fixture
def kept(tmp_path) -> Iterator:
    """Start (and restart) the embedded runtime on ``tmp_path / "data"`` in this process."""
    previous = clock.current()
    running: list[runtime.Running] = []

    def start() -> runtime.Running:
        if running:
            running.pop().stop()
        running.append(runtime.start(starts_on=date(YEAR, 1, 1), data=tmp_path / "data"))
        return running[-1]

    yield start
    if running:
        running.pop().stop()
    clock.use(previous)
    envelope.forget()


def test_a_restart_on_kept_data_has_the_tenants_keys_and_clock_and_seeds_nothing(kept):
    first = kept()
    admin = Client(first.url, first.sample.admin_key)
    platform = Client(first.url, first.sample.platform_key)
    admin.post("/units", {"unit_id": "kept", "name": "Dinas yang Disimpan"})
    platform.post("/clock", {"to": "2026-03-04T05:06:07+00:00"})
    assert not first.restarted

    again = kept()
    assert again.restarted and again.sample.to_json() == first.sample.to_json()
    admin = Client(again.url, again.sample.admin_key)
    assert admin.get("/units/kept")["name"] == "Dinas yang Disimpan"
    assert (
        Client(again.url, again.sample.platform_key)
        .get("/clock")["now"]
        .startswith("2026-03-04T05:06:07")
    )
    assert [t.name for t in TenantRecord.scan()] == ["Kabupaten Sukamaju"]  # not seeded again
    head = next(n for n, p in again.sample.people.items() if p["penilai"] is None)
    # a query on the secondary index (the query index's maps were rebuilt from the journal)
    assert TenantRepository(again.sample.tenant_id).subordinates(head)


def test_a_webhook_secret_sealed_before_a_restart_opens_after_it(kept):
    first = kept()
    repo = TenantRepository(first.sample.tenant_id)
    secret = first.sample.webhook_secret
    store = WebhookStore(repo)

    def opened() -> list[str]:
        return [webhook_secrets.revealed(repo.tenant_id, s) for s in store.secrets("eoffice")]

    assert secret and opened() == [secret]
    kept()
    envelope.forget()  # no data key cached from before: KMS has to open it
    assert opened() == [secret]


def test_the_journal_keeps_a_cancelled_transaction_out_and_forgets_deleted_items(kept):
    running = kept()
    repo = TenantRepository(running.sample.tenant_id)
    unit = repo.new_unit("gone", name="Dihapus")
    unit.save()
    with pytest.raises(Conflict), repo.all_or_none(Conflict("taken")) as writes:
        writes.put(repo.new_unit("never", name="Tidak Pernah"))
        writes.put_new(repo.new_unit("setda", name="Sudah Ada"))  # exists: cancels both
    repo.delete(repo.find_unit("gone"))
    journal = Journal(running.aws.journal.directory)  # what a second reader sees on disk
    images = [json.dumps(i) for i in journal.images("kinerja")]
    journal.close()
    assert not any('"Tidak Pernah"' in i or '"Dihapus"' in i or '"Sudah Ada"' in i for i in images)
    kept()
    assert repo.find_unit("never") is None and repo.find_unit("gone") is None
    assert repo.find_unit("setda").name == "Sekretariat Daerah"


def test_a_write_the_disk_refused_fails_and_is_written_with_the_next(kept, monkeypatch):
    running = kept()
    journal = running.aws.journal
    repo = TenantRepository(running.sample.tenant_id)
    written = journal._write

    def full(pending):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(journal, "_write", full)
    with pytest.raises(sqlite3.OperationalError):
        repo.new_unit("refused", name="Ditolak Disk").save()
    monkeypatch.setattr(journal, "_write", written)
    repo.new_unit("next", name="Berikutnya").save()
    kept()
    assert repo.find_unit("next") is not None and repo.find_unit("refused") is not None


def test_a_webhook_delivery_stored_but_not_yet_applied_is_applied_after_a_restart(kept):
    first = kept()
    store = WebhookStore(TenantRepository(first.sample.tenant_id))
    lost = dispatch.use(lambda event, delay=0.0: None)  # the job dies with the process
    try:
        body = b'{"type": "surat.unknown", "data": {}}'
        store_and_dispatch(store, "eoffice", "d-lost-1", body, json.loads(body))
    finally:
        dispatch.use(lost)
    assert store.delivery("d-lost-1").status == "received"

    kept()
    assert workers.drain(30)
    assert store.delivery("d-lost-1").status in ("applied", "dead")  # handed to the worker


def test_a_job_whose_pieces_died_with_the_process_finishes_after_a_restart(kept):
    first = kept()
    admin = Client(first.url, first.sample.admin_key)
    lost = jobqueue.use(lambda event: None)  # the pieces die with the process
    try:
        job = admin.post("/cycles", {"year": YEAR})
    finally:
        jobqueue.use(lost)
    assert admin.get(f"/jobs/{job['job_id']}")["status"] == "planning"

    again = kept()
    admin = Client(again.url, again.sample.admin_key)
    done = wait_for(
        lambda: (j := admin.get(f"/jobs/{job['job_id']}"))["status"] == "done" and j, "the job"
    )
    assert done["total"] == len(again.sample.people) and done["failed"] == 0
    assert len(admin.get(f"/cycles?year={YEAR}")) == done["done"]


def test_a_cycle_on_a_published_version_resumes_on_it_after_a_restart(kept):
    first = kept()
    admin = Client(first.url, first.sample.admin_key)
    http = Http(first.url, first.sample.admin_key)
    _, _, draft = http("POST", "/workflow/drafts", {"name": "welcome", "note": "v2"})
    path = f"/workflow/drafts/{draft['draft_id']}"
    _, headers, _ = http("GET", path)
    changed = with_welcome(draft["definition"], "selamat datang")
    http("PUT", path, {"name": "welcome", "definition": changed}, If_Match=headers["ETag"])
    assert admin.post(f"{path}/publish", {"note": "welcome"})["version"] == 2
    head = team(first.sample.people)[0]
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo = Demo(Client(first.url), first.sample.to_json(), only=[head])
    task = wait_for(lambda: demo.open_task(head, "draft_skp", head), "the drafting task", 30)

    again = kept()
    assert [r.versions for r in again.recovered] == [[2]]
    assert [r.resumed for r in again.recovered] == [[f"{head}/{YEAR}"]]
    run = Client(again.url, again.sample.admin_key).get(
        f"/workflow/executions?year={YEAR}&nip={head}"
    )[0]
    assert run["workflow_version"] == 2 and run["segment"] == 2
    assert f"-{again.sample.tenant_id}-v2-" in run["execution_arn"]
    assert run["execution_status"] == "RUNNING"
    demo = Demo(Client(again.url), again.sample.to_json(), only=[head])
    demo.year = YEAR
    reopened = wait_for(lambda: demo.open_task(head, "draft_skp", head), "the task again", 30)
    assert reopened["task_id"] == task["task_id"]
    demo.draft_and_submit(head)  # answered with the new token
    wait_for(lambda: demo.open_task(demo.people[head]["penilai"], "approve_skp", head),
             "the approval", 30)  # fmt: skip


# --- a server in its own process, killed -------------------------------------------------------
class Server:
    """``kinerja serve --data DIR`` in a subprocess on a fixed port (restarted on the same)."""

    def __init__(self, data: Path, port: int, logs: Path) -> None:
        self.data, self.port, self.logs = data, port, logs
        self.process: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> Server:
        command = [sys.executable, "-m", "functions.local.cli", "serve", "--port", str(self.port),
                   "--data", str(self.data), "--start", f"{YEAR}-01-01"]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT), "POWERTOOLS_LOG_LEVEL": "WARNING",
               "KINERJA_CREDENTIALS": str(self.data.parent / "credentials.json")}  # fmt: skip
        with self.logs.open("a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        wait_for(lambda: Client(self.url).answers() or self.process.poll() is not None,
                 "the server", 120)  # fmt: skip
        assert self.process.poll() is None, self.logs.read_text()[-3000:]
        return self

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart_line(self) -> str:
        """What the last start said of the cycles it moved on."""
        lines = [line for line in self.logs.read_text().splitlines() if "restarted on" in line]
        return lines[-1] if lines else ""

    def credentials(self) -> dict:
        return json.loads((self.data / runtime.SAMPLE).read_text())


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    from functions.local.demo import _free_port

    running = Server(tmp_path / "data", _free_port(), tmp_path / "server.log")
    yield running
    running.stop()


def _all_units(admin: Client) -> set[str]:
    found, cursor = set(), None
    while True:
        page = admin.get("/units?limit=100" + (f"&cursor={cursor}" if cursor else ""))
        found |= {u["unit_id"] for u in page["items"]}
        cursor = page["cursor"]
        if not cursor:
            return found


def test_kill_9_in_a_burst_of_writes_loses_no_acknowledged_write(server):
    server.start()
    admin = Client(server.url, server.credentials()["admin_key"], timeout=10)
    platform = admin.as_(server.credentials()["platform_key"])
    platform.post("/clock", {"to": "2026-02-10T08:00:00+00:00"})
    acknowledged: list[str] = []
    attempted: list[str] = []
    stop = threading.Event()

    def burst(worker: int) -> None:
        n = 0
        while not stop.is_set():
            unit_id = f"b{worker}-{n:05d}"
            attempted.append(unit_id)
            try:
                admin.post("/units", {"unit_id": unit_id, "name": f"Unit Beban {worker} {n}"})
            except Exception:  # refused, reset, cut short: no acknowledgement
                return
            acknowledged.append(unit_id)
            n += 1

    threads = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    wait_for(lambda: len(acknowledged) >= 400, "a burst of writes", 120)
    server.kill()  # mid-burst: requests are in flight
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    server.start()
    found = _all_units(admin)
    lost = [u for u in acknowledged if u not in found]
    unacknowledged_kept = len(found & (set(attempted) - set(acknowledged)))
    print(
        f"\nacknowledged {len(acknowledged)}, found {len(set(acknowledged) & found)} after "
        f"restart (in flight at the kill: {len(attempted) - len(acknowledged)}, "
        f"of which kept: {unacknowledged_kept})"
    )
    assert lost == []
    assert platform.get("/clock")["now"].startswith("2026-02-10T08:00:00")


def _cycles(admin: Client) -> dict[str, dict]:
    return {c["nip"]: c for c in admin.get(f"/cycles?year={YEAR}")}


def test_a_team_killed_in_its_cycle_goes_on_to_completion_after_restarts(server):
    server.start()
    credentials = server.credentials()
    nips = team(credentials["people"])
    api = Client(server.url, timeout=60)
    demo = Demo(api, credentials, only=nips)
    demo.year = YEAR
    demo.admin.post("/cycles", {"year": YEAR, "nips": nips})
    demo.plan()
    demo.settle(lambda c: c["stage"] == "monitor", "the first period to begin")

    # killed while every cycle waits for the end of its first period: restarted, the segments
    # are scheduled at the boundary again
    server.kill()
    server.start()
    assert "cycles resumed 0, scheduled 3, failed (left for repair) 0" in server.restart_line()
    periods = periods_of(YEAR, demo.admin.get("/settings")["policy"]["frequency"])
    assert demo.today() == date(YEAR, 1, 1)
    assert {c["stage"] for c in _cycles(demo.admin).values()} == {"monitor"}

    # the period ends; the monitor segments open a human task per cycle (coaching or rating)
    demo.report(1, len(periods))
    demo.pass_boundary(periods[0].end + timedelta(days=1))

    def waiting() -> dict[str, dict]:
        views = {nip: demo.admin.get(f"/cycles/{nip}/{YEAR}") for nip in nips}
        found = {n: c for n, c in views.items() if c.get("open_task")}
        return found if len(found) == len(nips) else {}

    before = wait_for(waiting, "a human task for every cycle", 90)
    tasks = {nip: before[nip]["open_task"] for nip in nips}
    repo_tasks = {nip: _task(demo, nip, tasks[nip]) for nip in nips}
    now = demo.today()

    # killed while the workflows wait on those tasks: restarted, each is reopened (the same
    # task, a new token), none duplicated, and the clock stands where it stood
    server.kill()
    server.start()
    assert "cycles resumed 3, scheduled 0, failed (left for repair) 0" in server.restart_line()
    assert demo.today() == now
    for nip in nips:
        task = _task(demo, nip, tasks[nip])
        assert task["status"] == "open"
        assert task["reopened"] == (repo_tasks[nip]["reopened"] or 0) + 1
        subject_tasks = [
            t for t in demo.admin.get("/tasks") if t["subject_nip"] == nip and t["status"] == "open"
        ]
        assert [t["task_id"] for t in subject_tasks] == [tasks[nip]]

    # and the year goes on to its decisions
    demo.settle(lambda c: c["period"] > 1 and c["stage"] == "monitor", "period 1")
    for period in periods[1:]:
        demo.report(period.index, len(periods))
        demo.pass_boundary(period.end + timedelta(days=1))
        last = period.index == len(periods)
        demo.settle(
            (lambda c: c["status"] == "done")
            if last
            else (lambda c, k=period.index: c["period"] > k and c["stage"] == "monitor"),
            f"period {period.label}",
        )
    done = _cycles(demo.admin)
    assert {c["status"] for c in done.values()} == {"done"}
    assert all(c["predikat"] for c in done.values())


def _task(demo: Demo, nip: str, task_id: str) -> dict:
    boss = demo.people[nip]["penilai"]
    return demo.person(boss).get(f"/tasks/{task_id}")
