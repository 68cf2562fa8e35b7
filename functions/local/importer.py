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
    client: Client, kind: str, path: Path, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
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
    print(f"kinerja import: HTTP {error.status}: {problem.get('message')}", file=err)
    details = problem.get("details") or {}
    if error.status == 422 and details.get("report"):
        for p in details.get("problems", [])[:20]:
            print(f"  row {p['row']}: {p['column']}: {p['rule']}", file=err)
        report, _ = client.raw("GET", details["report"])
        target = path.with_name(f"{path.stem}.errors{path.suffix}")
        target.write_bytes(report)
        print(f"nothing was written; the error report is {target}", file=err)
    elif details:
        print(f"  {json.dumps(details)}", file=err)
    return 1
