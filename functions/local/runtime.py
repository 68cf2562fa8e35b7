"""Start the whole system on one machine: emulated AWS, the manual clock, the sample regency,
and the HTTP API."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from functions.engine import clock, jobqueue
from functions.local import jobrunner
from functions.local.emulation import EmbeddedAws
from functions.local.journal import PersistentClock
from functions.local.seed import UNITS, SampleRegency, seed_sample, write_credentials

CREDENTIALS = Path(".kinerja") / "credentials.json"
SAMPLE = "credentials.json"  # in the data directory: the sample regency's keys, kept
READY = "seeded"  # the journal's mark that the first start finished seeding


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
    restarted: bool = False  # started on kept data (``data``), not seeded
    previous_jobs: jobqueue.Runner | None = None  # the cycle-job runner before this stack's
    recovered: list = field(default_factory=list)  # services.recovery.Recovered, per tenant

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        jobrunner.drain(30)
        jobqueue.use(self.previous_jobs)
        self.aws.stop()


def start(
    port: int = 0,
    starts_on: date | None = None,
    credentials: Path | None = None,
    units: int = len(UNITS),
    log_level: str | None = None,
    data: Path | None = None,
) -> Running:
    """Everything in this process; ``port`` 0 picks a free port. Listens on loopback only.
    ``units``: how many units of ten the sample regency has (benchmarks use more);
    ``log_level``: the service's (default the emulation's, WARNING); ``data``: a directory the
    table, the clock and the sample's keys are kept in (docs/pilot.md). A directory that holds
    them already is started from, not seeded: ``starts_on`` and ``units`` then do not apply."""
    from functions.api.app import create_app
    from functions.local import clock_api

    aws = EmbeddedAws(log_level=log_level, data=data)
    journal = aws.journal
    restarted = journal is not None and journal.get(READY) is not None
    if journal is not None and not restarted:
        journal.clear_items()  # a first start that died while seeding: seed again
    aws.start()
    previous_jobs = jobqueue.use(jobrunner.run)  # the cycle-job queue (functions/services/jobs)
    first = starts_on or date(datetime.now(UTC).year, 1, 1)
    at = datetime(first.year, first.month, first.day, tzinfo=UTC)
    if journal is None:
        clock.use(clock.ManualClock(at))
    else:
        clock.use(PersistentClock(PersistentClock.stored(journal) or at, journal))
    recovered: list = []
    if restarted:
        assert data is not None
        sample = SampleRegency(**json.loads((data / SAMPLE).read_text()))
        recovered = recover()
    else:
        sample = seed_sample(units=units)
        if data is not None and journal is not None:
            write_credentials(sample, data / SAMPLE)
            journal.set(READY, clock.now().isoformat())
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
    return Running(
        aws, sample, server, thread, restarted, recovered=recovered, previous_jobs=previous_jobs
    )


def recover() -> list:
    """Every tenant's cycles moved on again from the table (functions/services/recovery.py):
    the executions and schedules of the previous process are gone."""
    from functions.services import jobs, recovery
    from functions.store import keys
    from functions.store.records import CycleRecord, TenantRecord
    from functions.store.repository import TenantRepository

    years: dict[str, set[int]] = {}
    for cycle in CycleRecord.scan():  # the table is in memory
        years.setdefault(keys.tenant_of(cycle.pk), set()).add(int(cycle.year))
    done = []
    for tenant in TenantRecord.scan():
        repo = TenantRepository(tenant.tenant_id)
        done.append(recovery.resume_all(repo, years.get(tenant.tenant_id, ())))
        jobs.hand_on_unfinished(repo)  # jobs over many cycles: their pieces were in memory
    resubmit_jobs()
    return done


def resubmit_jobs() -> int:
    """The webhook worker's jobs were in the previous process's memory: hand it again every
    delivery stored but not yet claimed and every notification still pending (both are applied
    or sent once: functions/webhooks/process.py and outbound.py check their status). A delivery
    a worker had claimed (``applying``) waits for an admin's replay, as after a Lambda crash."""
    from functions.engine import dispatch
    from functions.store import keys
    from functions.store.records import OutboundNotificationRecord, WebhookDeliveryRecord

    count = 0
    for delivery in WebhookDeliveryRecord.scan(WebhookDeliveryRecord.status == "received"):
        dispatch.submit(keys.tenant_of(delivery.pk), delivery.delivery_id)
        count += 1
    for sent in OutboundNotificationRecord.scan(OutboundNotificationRecord.status == "pending"):
        dispatch.submit_outbound(keys.tenant_of(sent.pk), sent.subscription_id, sent.message_id)
        count += 1
    return count
