"""``kinerja``: run the system on its embedded AWS, or drive the demo cycle through its API."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from datetime import date
from pathlib import Path


def _port() -> int:
    return int(os.environ.get("PORT", "8080"))


def serve(args: argparse.Namespace) -> int:
    from functions.engine import clock
    from functions.local import runtime

    credentials = Path(os.environ.get("KINERJA_CREDENTIALS", runtime.CREDENTIALS))
    # a line per request, step and webhook job on the console (POWERTOOLS_LOG_LEVEL to change)
    level = os.environ.get("POWERTOOLS_LOG_LEVEL", "INFO")
    running = runtime.start(args.port, args.start, credentials, log_level=level, data=args.data)
    sample = running.sample
    print(f"kinerja is running at {running.url} on the embedded AWS; clock: {clock.now():%Y-%m-%d}")
    if running.restarted:
        moved = running.recovered
        resumed, scheduled, failed = (
            sum(len(getattr(r, what)) for r in moved) for what in ("resumed", "scheduled", "failed")
        )
        print(
            f"  restarted on {args.data}: {running.aws.loaded} items read back; cycles resumed "
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
    if args.data is None:
        print("  state lives in memory: a restart starts from a fresh sample regency (--data DIR")
        print("  keeps it: docs/pilot.md). Ctrl-C stops.")
    else:
        print(
            f"  data kept in {args.data} (docs/pilot.md); a restart goes on from it. Ctrl-C stops."
        )
    sys.stdout.flush()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    try:
        while not stop:
            signal.pause() if hasattr(signal, "pause") else running.thread.join(1)
    except KeyboardInterrupt:
        pass
    running.stop()
    return 0


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


def import_file(args: argparse.Namespace) -> int:
    from functions.local import importer
    from functions.local.client import Client

    url = args.url or os.environ.get("KINERJA_URL", f"http://127.0.0.1:{_port()}")
    client = Client(url, args.key or importer.default_key(), timeout=900)
    return importer.run(client, args.kind, args.file)


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
        print(f"kinerja bootstrap: {error.message} (--again issues another)", file=sys.stderr)
        return 2
    print(f"platform-operator key for table {table} in {args.region} (shown once, stored hashed):")
    print(key)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kinerja", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="start the API on the embedded AWS, seeded")
    run.add_argument("--port", type=int, default=_port())
    run.add_argument("--start", type=date.fromisoformat, default=None, help="clock start date")
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
    load = commands.add_parser("import", help="import a CSV or XLSX of BKPSDM (docs/import.md)")
    load.add_argument("kind", choices=("employees", "units", "competencies"))
    load.add_argument("file", type=Path)
    load.add_argument("--url", help="the API (default $KINERJA_URL or http://127.0.0.1:$PORT)")
    load.add_argument("--key", help="a tenant admin key (default $KINERJA_KEY or .kinerja)")
    load.set_defaults(action=import_file)
    first = commands.add_parser(
        "bootstrap", help="issue the first platform-operator key of a deployed stage"
    )
    first.add_argument("--stage", required=True, help="the stage deployed (table kinerja-<stage>)")
    first.add_argument("--region", default=os.environ.get("AWS_REGION", "ap-southeast-3"))
    first.add_argument("--table", help="the table's name, when not kinerja-<stage>")
    first.add_argument("--label", default="first platform operator", help="the key's label")
    first.add_argument(
        "--again", action="store_true", help="issue one although a working key exists (lost)"
    )
    first.set_defaults(action=bootstrap)
    args = parser.parse_args(argv)
    return args.action(args)


if __name__ == "__main__":
    sys.exit(main())
