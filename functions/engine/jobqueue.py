"""The seam between asking for a piece of a job over many cycles and doing it
(functions/services/jobs.py), as functions/engine/dispatch.py is for the webhook worker.

On AWS a piece is a message of the cycle-job queue (``cycle_job_queue_url``), which triggers the
``cycleJobs`` function (functions/steps/jobs.py) one message at a time, at most as many at once as
its event source mapping's maximum concurrency: the fan-out is bounded, so a regency's 120
batches do not start 12,000 executions in the same second. A message Lambda fails is received
again after the queue's visibility timeout and, after a few receives, kept in the dead-letter
queue; nothing is lost that the job's record does not show as pending. The embedded runtime
installs a runner of its own with :func:`use` (functions/local/jobrunner.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from functions import config
from functions.engine.clients import client

Runner = Callable[[dict], None]

_runner: Runner | None = None


def use(runner: Runner | None) -> Runner | None:
    """Run the pieces with ``runner`` (None: the queue); returns the previous."""
    global _runner
    previous, _runner = _runner, runner
    return previous


def submit(events: list[dict]) -> None:
    """Hand each event (a piece of a job: plan it, or run one batch) to a worker."""
    if _runner is not None:
        for event in events:
            _runner(event)
        return
    sqs = client("sqs")
    for start in range(0, len(events), 10):  # SendMessageBatch takes ten
        chunk = events[start : start + 10]
        answer = sqs.send_message_batch(
            QueueUrl=config.current().cycle_job_queue_url,
            Entries=[{"Id": str(i), "MessageBody": json.dumps(e)} for i, e in enumerate(chunk)],
        )
        if answer.get("Failed"):  # the job stays resumable: its batches are still pending
            raise RuntimeError(f"the job queue refused {len(answer['Failed'])} messages")
