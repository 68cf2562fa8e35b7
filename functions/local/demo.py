"""The demo: a whole evaluation year for every employee of the sample regency, driven through
the HTTP API as people and e-office systems would drive it.

SKPs are drafted top-down (cascaded from the superior's results) and approved, one returned
and corrected; each period realisations are reported with evidence links, the clock moves to
the period's end, penilai coach where the monitor step asks and rate behaviour; after the last
period the annual assessment and the decisions follow. Then BKPSDM sets each unit's
organisation predikat and checks the distribution of its employees' predikat (SE MenPANRB
3/2023); a penilai corrects one rating with a reason where a bound is broken, and one employee
files a keberatan that the penilai's superior decides.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from functions.domain import BERAKHLAK, MATRIX, Predikat, periods_of
from functions.engine import scheduler
from functions.local.client import ApiError, Client
from functions.local.demo_development import develop, print_development

# Polls start fast and back off to a tenth of a second (a small year's waits are most of its
# time): a busy poll loop would take the CPU the server needs. A poll of N cycles costs O(N)
# itself, so the pause is also at least twice what the last poll took: polling stays a third
# of the time or less however large the year.
POLL, POLL_MAX = 0.02, 0.1
# The waits scale with the work: a wait gives up after WAIT plus PER_CYCLE a cycle without a
# change it is waiting for (a year of 300 cycles takes minutes where 3 take seconds), and one
# request (a clock move starting every cycle's segment) may take REQUEST plus PER_CYCLE a cycle.
WAIT, REQUEST, PER_CYCLE = 60.0, 30.0, 0.5

# a mid-year review's answer (docs/workflows.md: monthly periods with a mid-year review)
MIDYEAR_REVIEW = {"progress": "sesuai_rencana", "notes": "Capaian semester pertama sesuai rencana"}

# BKPSDM's organisation predikat of the sample units (the leader one level up sets it).
ORG_PREDIKAT = {"dinkes": "baik", "disdik": "istimewa", "bkpsdm": "baik"}


def ratings_for(target: str) -> dict:
    """A pair of ratings whose predikat is ``target`` (the middle one where several are)."""
    pairs = [(h, p) for h, row in MATRIX.items() for p, value in row.items() if value == target]
    hasil, perilaku = sorted(pairs, key=lambda pair: (pair[0] != "sesuai", pair[1] != "sesuai"))[0]
    return {"rating_hasil_kerja": hasil.value, "rating_perilaku": perilaku.value}


def _settled(period: int, periods: int, cycle: dict) -> bool:
    """A cycle past ``period``: resumed at the next period's monitor, or done after the last."""
    if period == periods:
        return cycle["status"] == "done"
    return cycle["period"] > period and cycle["stage"] == "monitor"


class DemoError(RuntimeError):
    pass


def _pause(pause: float, polled_for: float) -> float:
    """The next pause between polls: backing off to POLL_MAX, and never shorter than twice what
    the last poll took."""
    return max(min(pause * 1.5, POLL_MAX), 2 * polled_for)


def wait_for(probe: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline, pause = time.monotonic() + timeout, POLL
    while time.monotonic() < deadline:
        asked = time.monotonic()
        if found := probe():
            return found
        polled_for = time.monotonic() - asked
        time.sleep(pause)
        pause = _pause(pause, polled_for)
    raise DemoError(f"timed out waiting for {what}")


class Demo:
    def __init__(self, api: Client, credentials: dict, only: list[str] | None = None) -> None:
        """``only``: run the cycles of these employees (and no others)."""
        self.credentials = credentials
        self.only = only
        self.people: dict[str, dict] = credentials["people"]
        self.cycles = len(only if only is not None else self.people)
        self.patience = WAIT + PER_CYCLE * self.cycles  # seconds without progress: give up
        self.api = api.patient(max(api.timeout, REQUEST + PER_CYCLE * self.cycles))
        self.admin = self.api.as_(credentials["admin_key"])
        self.platform = self.api.as_(credentials["platform_key"])
        self.rng = random.Random(2022)
        self.skp: dict[str, dict] = {}
        self.profile = {nip: self._profile(i) for i, nip in enumerate(sorted(self.people))}
        self.returned: str | None = None
        self.coached: list[tuple[str, int]] = []
        self.overruled: list[tuple[str, str]] = []  # (nip, rhk) judged by the penilai

    @staticmethod
    def _profile(index: int) -> str:
        """A spread of performers, fixed so the demo is repeatable."""
        return ("strong", "steady", "steady", "lagging", "steady", "strong", "recovering")[
            index % 7
        ]

    def person(self, nip: str) -> Client:
        return self.api.as_(self.people[nip]["key"])

    def open_task(self, nip: str, kind: str, subject: str) -> dict | None:
        for task in self.person(nip).get("/tasks"):
            if task["task_kind"] == kind and task["subject_nip"] == subject:
                return task
        return None

    # --- plan ----------------------------------------------------------------------------
    def levels(self) -> list[list[str]]:
        """Employees with a penilai, by depth below the top, so superiors plan first."""
        depth: dict[str, int] = {}

        def of(nip: str) -> int:
            if nip not in depth:
                boss = self.people[nip]["penilai"]
                depth[nip] = 0 if boss is None else of(boss) + 1
            return depth[nip]

        grouped: dict[int, list[str]] = defaultdict(list)
        for nip in sorted(self.only or self.people):
            if self.people[nip]["penilai"]:
                grouped[of(nip)].append(nip)
        return [grouped[d] for d in sorted(grouped)]

    def content(self, nip: str, position: str) -> dict:
        boss_rhk = [r["id"] for r in self.skp.get(self.people[nip]["penilai"], {}).get("rhk", [])]
        jpt = self.people[nip]["penilai"] not in self.skp
        rhk = []
        for n, (text, utama) in enumerate(
            (("Layanan tepat waktu", True), ("Dokumen tersusun", True), ("Inovasi unit", False))
        ):
            iki = [
                {
                    "id": f"{nip[-4:]}-{n}-q",
                    "indikator": f"Jumlah keluaran: {text.lower()} ({position})",
                    "aspek": "kuantitas",
                    "target": {"value": 12, "unit": "dokumen"},
                    "perspektif": "Penerima Layanan" if jpt else None,
                }
            ]
            if utama:
                iki.append(
                    {
                        "id": f"{nip[-4:]}-{n}-w",
                        "indikator": f"Rata-rata waktu penyelesaian: {text.lower()}",
                        "aspek": "waktu",
                        "target": {"value": 5, "unit": "hari", "lower_is_better": True},
                        "perspektif": "Proses Bisnis" if jpt else None,
                    }
                )
            rhk.append(
                {
                    "id": f"r{n + 1}",
                    "text": f"{text} pada {position}",
                    "utama": utama,
                    "rhk_atasan_id": None if jpt else boss_rhk[n % len(boss_rhk)],
                    "iki": iki,
                }
            )
        return {
            "approach": "kuantitatif",
            "rhk": rhk,
            "perilaku_ekspektasi": {"akuntabel": "Laporan tepat waktu dan dapat diperiksa"},
            "lampiran": {"dukungan_sumber_daya": ["Aplikasi e-office"]},
        }

    def draft_and_submit(self, nip: str) -> None:
        wait_for(
            lambda: self.open_task(nip, "draft_skp", nip), f"the SKP task of {nip}", self.patience
        )
        content = self.content(nip, self.people[nip]["position"])
        self.person(nip).put(f"/cycles/{nip}/{self.year}/skp", content)
        self.person(nip).post(f"/cycles/{nip}/{self.year}/skp/submit")
        self.skp[nip] = content

    def review(self, nip: str, decision: str, reason: str | None = None) -> None:
        boss = self.people[nip]["penilai"]
        task = wait_for(
            lambda: self.open_task(boss, "approve_skp", nip), f"approval of {nip}", self.patience
        )
        body = {"decision": decision, **({"reason": reason} if reason else {})}
        self.person(boss).post(f"/tasks/{task['task_id']}/complete", body)

    def approve_all(self, nips: list[str]) -> None:
        """Each penilai approves the SKPs of ``nips`` they assess in one call, from their list."""
        worklists: dict[str, list[dict]] = defaultdict(list)
        for nip in nips:
            boss = self.people[nip]["penilai"]
            opened = partial(self.open_task, boss, "approve_skp", nip)
            task = wait_for(opened, f"approval of {nip}", self.patience)
            worklists[boss].append({"task_id": task["task_id"], "body": {"decision": "approve"}})
        for boss, items in worklists.items():
            results = self.person(boss).post("/tasks/complete", {"items": items})
            if refused := [r for r in results if not r["completed"]]:
                raise DemoError(f"approvals refused: {refused}")

    def plan(self) -> None:
        for level in self.levels():
            for nip in level:
                self.draft_and_submit(nip)
            if self.returned is None and len(level) > 3:
                self.returned = level[0]
                self.review(level[0], "return", "Target kuantitas belum selaras dengan RHK atasan")
                self.draft_and_submit(level[0])
            self.approve_all(level)

    # --- monitor, coach, assess ----------------------------------------------------------
    def factor(self, nip: str, period: int) -> float:
        profile = self.profile[nip]
        base = {"strong": 1.2, "steady": 1.0, "lagging": 0.7, "recovering": 0.7}[profile]
        if profile == "recovering" and period > 1:
            base = 1.15
        return base * self.rng.uniform(0.96, 1.04)

    def report(self, period: int, periods: int) -> None:
        """Each employee reports the period's realisations at once, with evidence links."""
        for nip, content in self.skp.items():
            f = self.factor(nip, period)
            items = []
            for rhk in content["rhk"]:
                for iki in rhk["iki"]:
                    target = iki["target"]
                    value = (
                        target["value"] / f
                        if target.get("lower_is_better")
                        else (target["value"] / periods * f)
                    )
                    link = f"https://eoffice.sukamaju.go.id/naskah/{iki['id']}/{period}"
                    items.append({"iki_id": iki["id"], "value": round(value, 2), "bukti": [link]})
            self.person(nip).post(
                f"/cycles/{nip}/{self.year}/realisasi/batch", {"period": period, "items": items}
            )

    def perilaku(self, nip: str) -> dict:
        profile = self.profile[nip]
        if profile == "strong":
            return {v: ("di_atas" if i < 5 else "sesuai") for i, v in enumerate(BERAKHLAK)}
        if profile == "lagging" and nip == min(n for n in self.skp if self.profile[n] == "lagging"):
            return {v: ("di_bawah" if i < 4 else "sesuai") for i, v in enumerate(BERAKHLAK)}
        return dict.fromkeys(BERAKHLAK, "sesuai")

    def overall(self, nip: str) -> str:
        """The penilai's overall rating of perilaku: the middle one of the values they gave
        (a penilai who rates five values Di Atas and two Sesuai judges the whole Di Atas)."""
        given = sorted(self.perilaku(nip).values(), key=["di_bawah", "sesuai", "di_atas"].index)
        return given[len(given) // 2]

    def work_tasks(self) -> int:
        """Each penilai of the employees run completes their open coaching and rating tasks;
        returns how many."""
        done = 0
        subjects = [self.people[nip] for nip in self.only or self.people]
        for boss in {p["penilai"] for p in subjects if p["penilai"]}:
            for task in self.person(boss).get("/tasks"):
                body = self.answer(task)
                if body is None:
                    continue
                self.person(boss).post(f"/tasks/{task['task_id']}/complete", body)
                done += 1
        return done

    def answer(self, task: dict) -> dict | None:
        """The penilai's answer to a coaching, mid-year review or rating task (None for the
        other kinds): the body of its completion."""
        subject, kind = task["subject_nip"], task["task_kind"]
        if kind == "coaching":
            self.coached.append((subject, task["period"]))
            return {
                "coaching_kind": "bimbingan",
                "held_on": self.today().isoformat(),
                "findings": "Capaian di bawah target; beban kerja belum terbagi",
                "actions": [
                    {
                        "action": "Rencana aksi mingguan dengan atasan",
                        "due": (self.today() + timedelta(days=30)).isoformat(),
                    }
                ],
            }
        if kind == "review_midyear":
            return MIDYEAR_REVIEW
        if kind in ("rate_perilaku", "rate_annual"):
            body = {
                "perilaku": self.perilaku(subject),
                "rating_perilaku": self.overall(subject),
                "feedback": "Pertahankan",
            }
            if kind == "rate_perilaku" and self.profile[subject] == "recovering":
                body["judgements"] = self.overrule(subject, task["period"])
            return body
        return None

    def overrule(self, nip: str, period: int) -> dict:
        """The penilai judges a lagging RHK "as expected" in the first period, explaining why
        (the suggestion comes from capaian alone)."""
        if self.overruled or period != 1:
            return {}
        view = self.admin.get(f"/cycles/{nip}/{self.year}")
        measured = next(a for a in view["assessments"] if a["period"] == period)
        below = [rhk for rhk, rating in measured["judgements"].items() if rating == "di_bawah"]
        reason = "Pengadaan tertunda di luar kendali pegawai; rencana aksi berjalan"
        self.overruled = [(nip, rhk) for rhk in below[:1]]
        return {rhk: {"rating": "sesuai", "feedback": reason} for rhk in below[:1]}

    def settle(self, arrived: Callable[[dict], bool], what: str) -> None:
        """Work tasks until every cycle satisfies ``arrived``; give up after ``patience``
        seconds in which no task was worked and no cycle moved (the whole wait scales with the
        year's size that way, not with a fixed bound)."""
        deadline, pause, seen = time.monotonic() + self.patience, POLL, None
        while time.monotonic() < deadline:
            asked = time.monotonic()
            if self.work_tasks():
                pause, deadline = POLL, time.monotonic() + self.patience
                continue
            cycles = self.admin.get(f"/cycles?year={self.year}")
            if failed := [c for c in cycles if c["status"] == "failed"]:
                views = [self.admin.get(f"/cycles/{c['nip']}/{self.year}") for c in failed]
                reasons = {v["nip"]: v["failure"] for v in views}
                raise DemoError(f"{len(failed)} cycles failed: {reasons}")
            if all(arrived(c) for c in cycles):
                return
            now = sorted((c["nip"], c["stage"], c["period"], c["status"]) for c in cycles)
            if now != seen:
                seen, deadline = now, time.monotonic() + self.patience
            polled_for = time.monotonic() - asked
            time.sleep(pause)
            pause = _pause(pause, polled_for)
        raise DemoError(f"timed out waiting for {what}")

    def today(self) -> date:
        return datetime.fromisoformat(self.platform.get("/clock")["now"]).date()

    def pass_boundary(self, day: date) -> None:
        """Move the clock past the first hours of ``day`` (a period boundary), over which the
        segments of the new period start (functions/engine/scheduler.spread)."""
        at = datetime(day.year, day.month, day.day, tzinfo=UTC) + scheduler.SPREAD
        self.platform.post("/clock", {"to": at.isoformat()})

    # --- the year ------------------------------------------------------------------------
    def run(self) -> dict:
        started = time.monotonic()
        self.run_year()
        outcomes = self.outcomes()
        outcomes["talent_review"] = self.talent_review()
        outcomes["development"] = develop(self)
        return {**self.result(time.monotonic() - started), **outcomes}

    def talent_review(self) -> dict | None:
        """A short talent review round after the year, and the succession it feeds."""
        from functions.local.demo_review import review_round  # it builds on this module

        return review_round(self)

    def run_year(self) -> None:
        """Start the cycles and drive them to their decisions."""
        self.year = self.today().year
        if any(s["skipped"] == "already started" for s in self.start_cycles()):
            raise DemoError(f"the cycles of {self.year} exist on this server; restart it")
        self.plan()
        self.settle(lambda c: c["stage"] == "monitor", "the first period to begin")
        self.run_periods()

    def run_periods(self) -> None:
        """Each period of the tenant's frequency: realisations reported, the clock moved past
        its end, the cycles settled at the next period (after the last: their decisions)."""
        frequency = self.admin.get("/settings")["policy"]["frequency"]
        periods = periods_of(self.year, frequency)
        for period in periods:
            self.report(period.index, len(periods))
            self.pass_boundary(period.end + timedelta(days=1))
            self.settle(partial(_settled, period.index, len(periods)), f"period {period.label}")

    def start_cycles(self) -> list[dict]:
        """Open the year's cycles: a few named ones in the request, the whole regency as a job
        (POST /cycles answers with it), waited for; each employee's outcome either way."""
        begun = self.admin.post("/cycles", {"year": self.year, "nips": self.only})
        if isinstance(begun, list):
            return begun
        path = f"/jobs/{begun['job_id']}?cycles=true"
        job = wait_for(
            lambda: (j := self.admin.get(path))["status"] == "done" and j,
            "the job starting the year",
            60 + len(self.people) * 0.5,  # the embedded stack starts about 3 a second
        )
        if job["failed"]:
            raise DemoError(f"{job['failed']} cycles did not start: {job['failures'][:3]}")
        # a done outcome's reason: none (started now) or "already started", as in the list
        return [{"nip": c["nip"], "skipped": c["reason"]} for c in job["cycles"]]

    # --- after the year: distribution per unit, a correction, a keberatan ---------------------
    def correct(self, check: dict) -> dict | None:
        """The penilai of the employee closest to the first broken bound moves them across it."""
        for violation in check["violations"]:
            if not violation["closest"]:
                continue
            nip = violation["closest"][0]["nip"]
            current = self.admin.get(f"/cycles/{nip}/{self.year}")["predikat"]
            order = [p.value for p in Predikat]
            group = violation["group"]
            target = group[0] if violation["too_few"] else order[order.index(group[-1]) + 1]
            if target == current:
                continue
            body = {
                **ratings_for(target),
                "reason": f"Distribusi predikat unit: {violation['bound']}",
            }
            boss = self.people[nip]["penilai"]
            return self.person(boss).post(f"/cycles/{nip}/{self.year}/revisions", body)
        return None

    def outcomes(self) -> dict:
        units = []
        for unit_id, org in ORG_PREDIKAT.items():
            if self.only and not any(self.people[n]["unit"] == unit_id for n in self.only):
                continue
            self.admin.put(f"/units/{unit_id}/predikat/{self.year}", {"org_predikat": org})
            check = self.admin.get(f"/units/{unit_id}/distribution?year={self.year}")
            revision = None if check["ok"] else self.correct(check)
            after = self.admin.get(f"/units/{unit_id}/distribution?year={self.year}")
            units.append({"unit_id": unit_id, "org_predikat": org, "check": check,
                          "correction": revision, "after": after})  # fmt: skip
        return {"distribution": units, "keberatan": self.object_once()}

    def object_once(self) -> dict | None:
        """The employee with the weakest predikat objects; the penilai's superior accepts."""
        order = [p.value for p in Predikat]
        views = [self.admin.get(f"/cycles/{nip}/{self.year}") for nip in sorted(self.skp)]
        weak = [v for v in views if v["predikat"] and order.index(v["predikat"]) >= 2]
        if not weak:
            return None
        weakest = max(weak, key=lambda v: order.index(v["predikat"]))
        nip, better = weakest["nip"], order[order.index(weakest["predikat"]) - 1]
        reason = "Bukti dukung triwulan akhir belum diperhitungkan"
        body = {"reason": reason, **ratings_for(better)}
        filed = self.person(nip).post(f"/cycles/{nip}/{self.year}/keberatan", body)
        decider = filed["decider_nip"]
        judge = self.person(decider) if decider else self.admin
        decision = {"accepted": True, "reason": "Bukti dukung diterima setelah diperiksa ulang"}
        return judge.post(f"/cycles/{nip}/{self.year}/keberatan/decision", decision)

    def result(self, seconds: float) -> dict:
        employees = []
        for nip in sorted(self.skp):
            view = self.admin.get(f"/cycles/{nip}/{self.year}")
            decision = view["decision"] or {}
            employees.append(
                {
                    "nip": nip,
                    "name": self.people[nip]["name"],
                    "unit": view["unit_id"],
                    "stage": view["stage"],
                    "predikat": view["predikat"],
                    "angka_kredit": decision.get("angka_kredit"),
                    "box": decision.get("box"),
                    "flags": decision.get("flags", []),
                    "coached_periods": sorted({c["period"] for c in view["coaching"]}),
                }
            )
        summary = self.admin.get(f"/reports/summary?year={self.year}")
        return {
            "year": self.year,
            "employees": employees,
            "units": summary["units"],
            "open_tasks": summary["open_tasks"],
            "returned_skp": self.returned,
            "overruled_judgements": self.overruled,
            "seconds": round(seconds, 1),
        }


def print_summary(result: dict) -> None:
    people = len(result["employees"])
    print(f"Evaluation year {result['year']} of Kabupaten Sukamaju — {people} employees")
    print(f"SKP returned once and corrected: {result['returned_skp']}")
    for nip, rhk in result["overruled_judgements"]:
        print(f"Penilai judged RHK {rhk} of {nip} over the monitoring's suggestion, with reasons")
    for unit in result["units"]:
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(unit["predikat"].items()))
        print(f"  {unit['name']:<42} {counts}")
    print("Decisions:")
    for e in result["employees"]:
        extra = [
            f"AK {e['angka_kredit']}" if e["angka_kredit"] else "",
            f"box {e['box']}" if e["box"] else "",
        ]
        extra += e["flags"]
        coached = f"coached in {e['coached_periods']}" if e["coached_periods"] else ""
        notes = " ".join(x for x in [*extra, coached] if x)
        print(f"  {e['nip']} {e['name']:<18} {e['unit']:<7} {e['predikat']:<16} {notes}")
    print("Distribution of predikat per unit (SE MenPANRB 3/2023):")
    for unit in result.get("distribution", []):
        check, after = unit["check"], unit["after"]
        verdict = (
            "holds"
            if check["ok"]
            else "; ".join(v["message"] for v in check["violations"]) or check.get("note")
        )
        print(f"  {unit['unit_id']:<7} unit predikat {unit['org_predikat']:<9} {verdict}")
        if revision := unit["correction"]:
            moved = f"{revision['before']['predikat']} -> {revision['after']['predikat']}"
            print(f"          corrected {revision['nip']}: {moved}; now ", end="")
            print("holds" if after["ok"] else "; ".join(v["message"] for v in after["violations"]))
    if objection := result.get("keberatan"):
        kept = objection["keberatan"]
        change = objection["revision"]
        moved = f"{change['before']['predikat']} -> {change['after']['predikat']}" if change else ""
        judge = kept["decider_nip"] or "BKPSDM"
        print(f"Keberatan of {kept['nip']}: {kept['status']} by {judge} {moved}")
    if review := result.get("talent_review"):
        from functions.local.demo_review import print_review

        print_review(review)
    if found := result.get("development"):
        print_development(found)
    print(f"Tasks still open: {result['open_tasks'] or 'none'}")
    print(f"Done in {result['seconds']} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(credentials: Path) -> tuple[subprocess.Popen, str]:
    """The embedded stack in its own process, so the demo and the server use both cores."""
    port = _free_port()
    command = [sys.executable, "-m", "functions.local.cli", "serve", "--port", str(port)]
    env = {**os.environ, "KINERJA_CREDENTIALS": str(credentials)}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: Client(url).answers() or server.poll() is not None, "the server", 60)
    if server.poll() is not None:
        raise DemoError("the embedded server did not start")
    return server, url


def run_demo(as_json: bool = False) -> int:
    from functions.local.runtime import CREDENTIALS

    port = int(os.environ.get("PORT", "8080"))
    url = os.environ.get("KINERJA_URL", f"http://127.0.0.1:{port}")
    server = None
    try:
        if Client(url).answers():
            path = Path(os.environ.get("KINERJA_CREDENTIALS", CREDENTIALS))
            if not path.exists():
                print(f"a server answers at {url} but {path} is missing", file=sys.stderr)
                return 2
            note = f"Using the server at {url}"
        else:
            path = Path(tempfile.mkdtemp(prefix="kinerja-demo-")) / "credentials.json"
            server, url = _start_server(path)
            note = f"No server answered; started the embedded stack at {url}"
        if not as_json:
            print(note, flush=True)
        result = Demo(Client(url), json.loads(path.read_text())).run()
    except (DemoError, ApiError) as error:
        print(f"demo failed: {error}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        print_summary(result)
    return 0
