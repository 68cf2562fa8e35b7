"""``kinerja import <kind> <file>``: send a spreadsheet to the API and show how far it got.

The upload names its job id (``?job_id=``), so while the server checks and writes the rows this
command polls ``GET /imports/<job_id>`` and draws one progress line on stderr. A rejected file's
error report is saved next to it as ``<name>.errors.<csv|xlsx>``.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
from pathlib import Path
from typing import TextIO

from functions.local.client import ApiError, Client

MEDIA_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
POLL_SECONDS = 0.3


def default_key(credentials: Path = Path(".kinerja") / "credentials.json") -> str | None:
    if os.environ.get("KINERJA_KEY"):
        return os.environ["KINERJA_KEY"]
    if credentials.exists():
        return json.loads(credentials.read_text()).get("admin_key")
    return None


def _line(job: dict) -> str:
    rows = job.get("rows") or 0
    text = f"{job.get('status', '…')}: validated {job.get('validated', 0)}/{rows} rows"
    if job.get("status") in ("writing", "interrupted", "done"):
        text += f", written {job.get('written', 0)}/{job.get('to_write', 0)}"
    return text


def run(
    client: Client,
    kind: str,
    path: Path,
    out: TextIO | None = None,
    err: TextIO | None = None,
    as_json: bool = False,
) -> int:
    """Upload ``path``; 0 when imported, 1 when refused (the report saved beside the file), 2
    when the file is not .csv or .xlsx. ``as_json``: the job (or the error) as one JSON object,
    on ``out`` (or ``err``)."""
    out, err = out or sys.stdout, err or sys.stderr  # as they are now (a test captures them)
    media = MEDIA_TYPES.get(path.suffix.lower())
    if media is None:
        print(f"kinerja import: {path} is neither .csv nor .xlsx", file=err)
        return 2
    data = path.read_bytes()
    job_id = secrets.token_hex(8)
    answer: dict = {}

    def upload() -> None:
        try:
            body, _ = client.raw("POST", f"/imports/{kind}?job_id={job_id}", data, media)
            answer["job"] = json.loads(body)
        except ApiError as error:
            answer["error"] = error
        except OSError as error:
            answer["error"] = ApiError(0, {"error": {"message": str(error)}})

    sender = threading.Thread(target=upload, daemon=True)
    sender.start()
    shown = f"uploading {len(data):,} bytes"
    print(shown, end="", file=err, flush=True)
    while sender.is_alive():
        sender.join(POLL_SECONDS)
        if not sender.is_alive():
            break
        try:
            line = _line(client.get(f"/imports/{job_id}"))
        except (ApiError, OSError):
            continue  # not created yet, or busy
        print("\r" + line.ljust(len(shown)), end="", file=err, flush=True)
        shown = line
    if "job" in answer:
        job = answer["job"]
        print("\r" + _line(job).ljust(len(shown)), file=err)
        counts = job["counts"]
        if as_json:
            print(json.dumps(job), file=out)
            return 0
        print(
            f"import {job['job_id']}: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged",
            file=out,
        )
        return 0
    print(file=err)
    error: ApiError = answer["error"]
    body = error.body if isinstance(error.body, dict) else {"error": {"message": error.body}}
    problem = body.get("error", {})
    details = problem.get("details") or {}
    if as_json:
        saved = _save_report(client, path, details) if error.status == 422 else None
        print(json.dumps({"error": problem, "status": error.status, "report": saved}), file=err)
        return 1
    print(f"kinerja import: HTTP {error.status}: {problem.get('message')}", file=err)
    if error.status == 422 and details.get("report"):
        for p in details.get("problems", [])[:20]:
            print(f"  row {p['row']}: {p['column']}: {p['rule']}", file=err)
        saved = _save_report(client, path, details)
        print(f"nothing was written; the error report is {saved}", file=err)
    elif details:
        print(f"  {json.dumps(details)}", file=err)
    return 1


def _save_report(client: Client, path: Path, details: dict) -> str | None:
    """The error report of a refused file, saved beside it as ``<name>.errors.<ext>``."""
    if not details.get("report"):
        return None
    report, _ = client.raw("GET", details["report"])
    target = path.with_name(f"{path.stem}.errors{path.suffix}")
    target.write_bytes(report)
    return str(target)
