"""``kinerja``: run the system on its embedded AWS, drive the demo cycle through its API, import
BKPSDM's spreadsheets, export the files staff need, issue a deployed stage's first key.

Exit codes: 0 done; 1 failed (the API refused, could not be reached, a file could not be read or
written); 2 usage (a wrong option or argument, or a refusal an option changes, e.g. bootstrap
without --again); 130 interrupted. Errors are one line on stderr (with --json, a JSON object
``{"error": {code, message, details}, "status"}``), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

OK, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130


def _port() -> int:
    return int(os.environ.get("PORT", "8080"))


def serve(args: argparse.Namespace) -> int:
    from functions.local import runtime

    credentials = Path(os.environ.get("KINERJA_CREDENTIALS", runtime.CREDENTIALS))
    # a line per request, step and webhook job on the console (POWERTOOLS_LOG_LEVEL to change)
    level = os.environ.get("POWERTOOLS_LOG_LEVEL", "INFO")
    running = runtime.start(args.port, args.start, credentials, log_level=level, data=args.data)
    if args.json:
        print(json.dumps(serving(running, credentials)), flush=True)
    else:
        _tell(running, credentials, args.data)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    try:
        while not stop:
            signal.pause() if hasattr(signal, "pause") else running.thread.join(1)
    except KeyboardInterrupt:
        pass
    running.stop()
    return OK


def serving(running, credentials: Path) -> dict:
    """What ``serve --json`` prints once it answers."""
    from functions.engine import clock

    sample = running.sample
    return {
        "url": running.url,
        "clock": f"{clock.now():%Y-%m-%d}",
        "tenant_id": sample.tenant_id,
        "admin_key": sample.admin_key,
        "auditor_key": sample.auditor_key,
        "platform_key": sample.platform_key,
        "credentials": str(credentials),
    }


def _tell(running, credentials: Path, data: Path | None) -> None:
    from functions.engine import clock

    sample = running.sample
    print(f"kinerja is running at {running.url} on the embedded AWS; clock: {clock.now():%Y-%m-%d}")
    if running.restarted:
        moved = running.recovered
        resumed, scheduled, failed = (
            sum(len(getattr(r, what)) for r in moved) for what in ("resumed", "scheduled", "failed")
        )
        print(
            f"  restarted on {data}: {running.aws.loaded} items read back; cycles resumed "
            f"{resumed}, scheduled {scheduled}, failed (left for repair) {failed}"
        )
        for why in (why for r in moved for why in r.refused):
            print(f"  not moved on (see its diagnosis): {why}")
    print(f"  sample regency Kabupaten Sukamaju, tenant id {sample.tenant_id}")
    print(f"  BKPSDM admin key:       {sample.admin_key}")
    print(f"  auditor key:            {sample.auditor_key}")
    print(f"  platform operator key:  {sample.platform_key}")
    print(f"  every employee's key:   {credentials}")
    print(f"  try: curl -H 'Authorization: Bearer {sample.admin_key}' {running.url}/tasks")
    print(f"  console: {running.url}/console/login, sign in with one of these keys:")
    for role, who, key in sign_ins(sample):
        print(f"    {role:<28} {who:<40} {key}")
    if data is None:
        print("  state lives in memory: a restart starts from a fresh sample regency (--data DIR")
        print("  keeps it: docs/pilot.md). Ctrl-C stops.")
    else:
        print(f"  data kept in {data} (docs/pilot.md); a restart goes on from it. Ctrl-C stops.")
    sys.stdout.flush()


def sign_ins(sample) -> list[tuple[str, str, str]]:
    """A key per sample role for the console: (role, who, key)."""
    people = sample.people

    def first(position: str, unit: str) -> tuple[str, dict]:
        return next(
            (n, p) for n, p in people.items() if p["position"] == position and p["unit"] == unit
        )

    chosen = [
        ("penilai (Sekretaris Daerah)", next(n for n, p in people.items() if p["penilai"] is None)),
        ("penilai (Kepala Dinas)", first("Kepala Dinas", "dinkes")[0]),
        ("pegawai", first("Pengadministrasi Umum", "dinkes")[0]),
    ]
    lines = [("BKPSDM admin", "Kabupaten Sukamaju", sample.admin_key),
             ("auditor", "Kabupaten Sukamaju", sample.auditor_key)]  # fmt: skip
    for role, nip in chosen:
        person = people[nip]
        lines.append((role, f"{person['name']}, NIP {nip}", person["key"]))
    return lines


def demo(args: argparse.Namespace) -> int:
    from functions.local.demo import run_demo

    return run_demo(as_json=args.json)


def _client(args: argparse.Namespace, timeout: float = 60):
    from functions.local import importer
    from functions.local.client import Client

    url = args.url or os.environ.get("KINERJA_URL", f"http://127.0.0.1:{_port()}")
    return Client(url, args.key or importer.default_key(), timeout=timeout)


def import_file(args: argparse.Namespace) -> int:
    from functions.local import importer

    return importer.run(_client(args, timeout=900), args.kind, args.file, as_json=args.json)


# What ``kinerja export`` fetches: (path with {placeholders} from the options, default file name)
EXPORTS = {
    "tenant": ("/tenant/export", "kinerja-export.jsonl"),
    "siasn": ("/exports/siasn?year={year}&period={period}", "siasn-{year}-{period:02d}.json"),
    "quality": ("/units/{unit}/quality?year={year}&format=csv", "kualitas-data-{unit}-{year}.csv"),
    "import-report": ("/imports/{job}/report", "import-{job}-report"),
}
NEEDS = {"siasn": ("year", "period"), "quality": ("unit", "year"), "import-report": ("job",)}


def export(args: argparse.Namespace) -> int:
    """Save one of the files staff need (the regency's export, SIASN's kinerjaperiodik, a
    unit's data-quality worksheet, an import's error report)."""
    missing = [f"--{n}" for n in NEEDS.get(args.what, ()) if getattr(args, n) is None]
    if missing:
        raise UsageError(f"export {args.what} needs {' and '.join(missing)}")
    path, default = EXPORTS[args.what]
    values = {"year": args.year, "period": args.period, "unit": args.unit, "job": args.job}
    data, media, suggested = _client(args, timeout=900).download(path.format(**values))
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return OK
    target = Path(args.output or suggested or default.format(**values))
    target.write_bytes(data)
    if args.json:
        print(json.dumps({"file": str(target), "bytes": len(data), "content_type": media}))
    else:
        print(f"wrote {target} ({len(data):,} bytes, {media})")
    return OK


def bootstrap(args: argparse.Namespace) -> int:
    """Issue the first platform-operator key of a deployed stage (docs/deploy.md)."""
    from functions import config
    from functions.errors import KinerjaError
    from functions.services import auth

    table = args.table or f"kinerja-{args.stage}"
    config.use(config.Config(table=table, region=args.region))
    try:
        key = auth.first_operator_key(args.label, again=args.again)
    except KinerjaError as error:
        raise UsageError(f"{error.message} (--again issues another)") from None
    if args.json:
        print(json.dumps({"key": key, "table": table, "region": args.region}))
        return OK
    print(f"platform-operator key for table {table} in {args.region} (shown once, stored hashed):")
    print(key)
    return OK


class UsageError(Exception):
    """A wrong use of the command (exit code 2)."""


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("kinerja")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


class Parser(argparse.ArgumentParser):
    """argparse, whose usage errors exit with :data:`USAGE` (2) and say what to try."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    top = Parser(
        prog="kinerja",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("serve", help="start the API on the embedded AWS, seeded")
    run.add_argument(
        "--port", type=int, default=_port(), help="the port to listen on (default $PORT or 8080)"
    )
    run.add_argument(
        "--start",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the manual clock's first day (default: 1 January of this year)",
    )
    run.add_argument(
        "--json", action="store_true", help="print the URL and sample keys as one JSON object"
    )
    run.add_argument(
        "--data",
        type=Path,
        default=os.environ.get("KINERJA_DATA") or None,
        help="keep the table, clock and keys in this directory and go on from it at the next "
        "start (a pilot: docs/pilot.md); without it everything is in memory",
    )
    run.set_defaults(action=serve)

    show = commands.add_parser("demo", help="drive a full cycle for the sample regency")
    show.add_argument("--json", action="store_true", help="print the result as JSON")
    show.set_defaults(action=demo)

    api = Parser(add_help=False)  # the options of commands that call the API
    api.add_argument("--url", help="the API (default $KINERJA_URL or http://127.0.0.1:$PORT)")
    api.add_argument("--key", help="an API key (default $KINERJA_KEY or the admin key in .kinerja)")
    api.add_argument("--json", action="store_true", help="print the result as JSON")

    load = commands.add_parser(
        "import", parents=[api], help="import a CSV or XLSX of BKPSDM (docs/import.md)"
    )
    load.add_argument(
        "kind",
        choices=("employees", "units", "competencies", "positions", "development"),
        help="what the file holds",
    )
    load.add_argument("file", type=Path, help="the .csv or .xlsx file")
    load.set_defaults(action=import_file)

    out = commands.add_parser(
        "export",
        parents=[api],
        help="save a file staff need: tenant, siasn, quality or import-report",
        description="tenant: everything the regency holds (JSON lines; tenant admin). "
        "siasn: every rated employee's kinerjaperiodik record of a period (--year, --period). "
        "quality: a unit's SKP data-quality worksheet as CSV (--unit, --year). "
        "import-report: the error report of a rejected import (--job).",
    )
    out.add_argument("what", choices=tuple(EXPORTS), help="which file")
    out.add_argument("--year", type=int, help="the evaluation year (siasn, quality)")
    out.add_argument(
        "--period", type=int, choices=range(1, 13), metavar="1-12", help="the period (siasn)"
    )
    out.add_argument("--unit", help="the unit id (quality)")
    out.add_argument("--job", help="the import's job id (import-report)")
    out.add_argument(
        "-o",
        "--output",
        help="the file to write ('-': standard output; default: the name the server suggests)",
    )
    out.set_defaults(action=export)

    first = commands.add_parser(
        "bootstrap", help="issue the first platform-operator key of a deployed stage"
    )
    first.add_argument("--stage", required=True, help="the stage deployed (table kinerja-<stage>)")
    first.add_argument(
        "--region",
        default=os.environ.get("AWS_REGION", "ap-southeast-3"),
        help="the AWS region (default $AWS_REGION or ap-southeast-3)",
    )
    first.add_argument("--table", help="the table's name, when not kinerja-<stage>")
    first.add_argument("--label", default="first platform operator", help="the key's label")
    first.add_argument(
        "--again", action="store_true", help="issue one although a working key exists (lost)"
    )
    first.add_argument("--json", action="store_true", help="print the key as a JSON object")
    first.set_defaults(action=bootstrap)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.action(args)
    except KeyboardInterrupt:
        return INTERRUPTED
    except UsageError as error:
        return _fail(args, USAGE, "usage", str(error))
    except Exception as error:  # every failure: one line, no traceback
        return _failed(args, error)


def _failed(args: argparse.Namespace, error: Exception) -> int:
    from functions.errors import KinerjaError
    from functions.local.client import ApiError

    if isinstance(error, ApiError):
        body = error.body if isinstance(error.body, dict) else {}
        problem = body.get("error") or {"code": "http_error", "message": str(error.body)}
        return _fail(
            args, FAILED, problem.get("code"), problem.get("message"), problem.get("details"),
            status=error.status,
        )  # fmt: skip
    if isinstance(error, KinerjaError):
        return _fail(args, FAILED, error.code, error.message, error.details, status=error.status)
    if isinstance(error, OSError):  # unreachable API (URLError), a file not found or not written
        reason = getattr(error, "reason", None) or error.strerror or str(error)
        where = getattr(error, "filename", None)
        message = f"{where}: {reason}" if where else f"cannot reach the API: {reason}"
        return _fail(args, FAILED, "unavailable", message)
    return _fail(args, FAILED, "failed", f"{type(error).__name__}: {error}")


def _fail(args, code: int, kind, message, details=None, status: int | None = None) -> int:
    command = f"kinerja {args.command}"
    if getattr(args, "json", False):
        error = {"code": kind, "message": message, "details": details}
        print(json.dumps({"error": error, "status": status}), file=sys.stderr)
        return code
    said = f"HTTP {status} {kind}: {message}" if status else str(message)
    print(f"{command}: {said}", file=sys.stderr)
    if details:
        print(f"  {json.dumps(details)}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
