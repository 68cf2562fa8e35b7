"""Start the whole system on one machine: emulated AWS, the manual clock, the sample regency,
and the HTTP API."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from functions.engine import clock
from functions.local.emulation import EmbeddedAws
from functions.local.seed import UNITS, SampleRegency, seed_sample, write_credentials

CREDENTIALS = Path(".kinerja") / "credentials.json"


class _QuietHandler(WSGIRequestHandler):
    """No line per request: the demo makes thousands."""

    def log_request(self, *args) -> None:
        pass


@dataclass
class Running:
    aws: EmbeddedAws
    sample: SampleRegency
    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.aws.stop()


def start(
    port: int = 0,
    starts_on: date | None = None,
    credentials: Path | None = None,
    units: int = len(UNITS),
    log_level: str | None = None,
) -> Running:
    """Everything in this process; ``port`` 0 picks a free port. Listens on loopback only.
    ``units``: how many units of ten the sample regency has (benchmarks use more);
    ``log_level``: the service's (default the emulation's, WARNING)."""
    from functions.api.app import create_app
    from functions.local import clock_api

    aws = EmbeddedAws(log_level=log_level).start()
    first = starts_on or date(datetime.now(UTC).year, 1, 1)
    clock.use(clock.ManualClock(datetime(first.year, first.month, first.day, tzinfo=UTC)))
    sample = seed_sample(units=units)
    if credentials is not None:
        write_credentials(sample, credentials)
    server = make_server(
        "127.0.0.1", port, create_app(clock_api.blp), threaded=True, request_handler=_QuietHandler
    )
    # stop() waits up to one poll interval for the server to notice; tests stop a stack each
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="kinerja-api", daemon=True
    )
    thread.start()
    return Running(aws, sample, server, thread)
