"""Importing a 10,000-employee XLSX on the embedded stack: wall time (reading and checking vs
writing) and peak memory, through the service and through the HTTP API, each in a fresh
subprocess so that ``ru_maxrss`` is the run's own (the stack and its table included; the RSS
before the import is shown beside it). tracemalloc is left out: it slows the run twofold.

``python -m bench.imports [--rows N] [--only service|http]``
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date

HEADERS = ["NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan", "Jenjang",
           "NIP Pejabat Penilai"]  # fmt: skip
UNITS = ("dinkes", "disdik", "bkpsdm", "setda")
JENJANG = ("Ahli Pertama", "Ahli Muda", "Terampil", "Mahir")


def roster_xlsx(rows: int, seed: int = 4) -> bytes:
    """``rows`` employees with valid, distinct NIPs; one head per unit assesses the first tier,
    each of whom assesses up to 20 staff."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pegawai")
    sheet.append(HEADERS)
    seen: set[str] = set()
    heads: dict[str, str] = {}
    tier: dict[str, list[str]] = {u: [] for u in UNITS}
    for number in range(rows):
        while True:
            born = date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
            nip = (f"{born:%Y%m%d}{born.year + rng.randint(22, 27)}{rng.randint(1, 12):02d}"
                   f"{rng.randint(1, 2)}{rng.randint(1, 999):03d}")  # fmt: skip
            if nip not in seen:
                seen.add(nip)
                break
        unit = UNITS[number % len(UNITS)]
        if unit not in heads:
            heads[unit] = nip
            row = [nip, f"Kepala {unit}", unit, "PNS", "JPT", "Kepala", None, None]
        elif len(tier[unit]) < 20:
            tier[unit].append(nip)
            row = [nip, f"Pegawai {number}", unit, "PNS", "Administrator", "Kepala Bidang",
                   None, heads[unit]]  # fmt: skip
        else:
            penilai = tier[unit][number % 20]
            if number % 3:
                row = [nip, f"Pegawai {number}", unit, "PPPK" if number % 7 == 0 else "PNS",
                       "Pelaksana", "Pengadministrasi", None, penilai]  # fmt: skip
            else:
                row = [nip, f"Pegawai {number}", unit, "PNS", "Fungsional", "Analis",
                       JENJANG[number % 4], penilai]  # fmt: skip
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_once(rows: int, via: str) -> dict:
    """In this process (call it in a fresh one): start the stack, import the file twice."""
    from functions.local import runtime

    data = roster_xlsx(rows)
    running = runtime.start(starts_on=date(2026, 1, 1))
    try:
        rss_before = _peak_rss_mb()
        marks: dict[str, float] = {}
        started = time.perf_counter()

        def progress(stage: str, done: int, total: int) -> None:
            marks.setdefault(stage, time.perf_counter())

        if via == "service":
            from functions.services import imports
            from functions.store.repository import TenantRepository

            repo = TenantRepository(running.sample.tenant_id)
            first = imports.import_file(repo, "bench", "employees", data, "xlsx", progress=progress)
        else:
            from functions.local.client import Client

            client = Client(running.url, running.sample.admin_key, timeout=3600)
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            first = json.loads(client.raw("POST", "/imports/employees", data, media)[0])
        seconds = time.perf_counter() - started
        again_started = time.perf_counter()
        if via == "service":
            again = imports.import_file(repo, "bench", "employees", data, "xlsx")
        else:
            again = json.loads(client.raw("POST", "/imports/employees", data, media)[0])
        again_seconds = time.perf_counter() - again_started
    finally:
        running.stop()
    figures = {
        "via": via,
        "rows": rows,
        "file_bytes": len(data),
        "seconds": round(seconds, 2),
        "reimport_seconds": round(again_seconds, 2),
        "created": first["counts"]["created"],
        "reimport_unchanged": again["counts"]["unchanged"],
        "rss_peak_mb": round(_peak_rss_mb(), 1),
        "rss_before_import_mb": round(rss_before, 1),
    }
    if "validated" in marks:
        figures["read_and_check_seconds"] = round(marks["validated"] - started, 2)
        figures["write_seconds"] = round(seconds - figures["read_and_check_seconds"], 2)
    return figures


def main(rows: int = 10_000, only: str | None = None) -> dict:
    results = {}
    for via in ("service", "http"):
        if only and via != only:
            continue
        code = f"import json; from bench.imports import run_once; print(json.dumps(run_once({rows}, {via!r})))"  # noqa: E501
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        results[via] = json.loads(done.stdout.strip().splitlines()[-1])
        r = results[via]
        print(
            f"import {rows} employees (XLSX {r['file_bytes'] / 1024:.0f} KiB) via {via}: "
            f"{r['seconds']} s"
            + (
                f" (read+check {r['read_and_check_seconds']} s, write {r['write_seconds']} s)"
                if "write_seconds" in r
                else ""
            )
            + f"; re-import {r['reimport_seconds']} s, {r['reimport_unchanged']} unchanged; "
            f"peak RSS {r['rss_peak_mb']} MB "
            f"({r['rss_before_import_mb']} MB before the import)"
        )
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--only", choices=("service", "http"))
    options = parser.parse_args()
    main(options.rows, options.only)
