"""Where the code runs: the table, region, state machine, scheduler and worker it talks to.

Read from the environment (serverless.yml sets it) once, on first use, and cached; nothing reads
``os.environ`` anywhere else. The embedded runtime installs its own with :func:`use`, as it installs
its clock with ``clock.use`` — code never asks which one it got.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_TABLE = "kinerja"
DEFAULT_REGION = "ap-southeast-3"  # Jakarta


@dataclass(frozen=True)
class Config:
    table: str = DEFAULT_TABLE
    region: str = DEFAULT_REGION
    state_machine_arn: str = ""
    review_state_machine_arn: str = ""  # the talent review rounds' (workflows/talent_review)
    scheduler_group: str = "default"
    scheduler_role_arn: str = ""
    webhook_worker_function: str = ""
    simulate_function: str = ""  # runs a draft's dry run (functions/engine/simulations.py)
    reminder_function_arn: str = ""  # what a task's reminder schedule invokes ("": no reminders)
    # what a detached month's schedules invoke (monthly periods: the months inside a quarter)
    month_check_function_arn: str = ""
    # SQS queue with per-message delay: the worker's scheduled retries (outbound notifications)
    worker_retry_queue_url: str = ""
    # SQS queue of jobs over many cycles (functions/engine/jobqueue.py): a message per batch
    cycle_job_queue_url: str = ""
    # KMS key (id or ARN) that wraps the data keys of webhook signing secrets
    secrets_key: str = ""
    stage: str = "local"  # the metrics' dimension (serverless.yml: the stage)
    tracing: bool = False  # X-Ray subsegments through Powertools Tracer (serverless.yml: on)
    # "versions": a published workflow is a version of the tenant's machine (AWS);
    # "machines": a machine per version (moto cannot start executions on versions)
    workflow_versions: str = "versions"
    runtime: str = "aws"  # what GET /health reports; the embedded runtime says "embedded"
    # Signs the console's session cookie; empty: a random one per process (sign-ins then last
    # as long as the process, and do not carry over between Lambda instances: set it on AWS)
    console_secret: str = ""
    secure_cookies: bool = True  # the console's cookie only over HTTPS (the embedded: HTTP)

    @classmethod
    def from_environment(cls) -> Config:
        env = os.environ
        return cls(
            table=env.get("KINERJA_TABLE", cls.table),
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_REGION,
            state_machine_arn=env.get("STATE_MACHINE_ARN", ""),
            review_state_machine_arn=env.get("REVIEW_STATE_MACHINE_ARN", ""),
            scheduler_group=env.get("SCHEDULER_GROUP", cls.scheduler_group),
            scheduler_role_arn=env.get("SCHEDULER_ROLE_ARN", ""),
            webhook_worker_function=env.get("WEBHOOK_WORKER_FUNCTION", ""),
            simulate_function=env.get("SIMULATE_FUNCTION", ""),
            reminder_function_arn=env.get("REMINDER_FUNCTION_ARN", ""),
            month_check_function_arn=env.get("MONTH_CHECK_FUNCTION_ARN", ""),
            worker_retry_queue_url=env.get("WEBHOOK_RETRY_QUEUE_URL", ""),
            cycle_job_queue_url=env.get("CYCLE_JOB_QUEUE_URL", ""),
            secrets_key=env.get("SECRETS_KEY_ID", ""),
            stage=env.get("KINERJA_STAGE", cls.stage),
            tracing=env.get("KINERJA_TRACING", "") == "on",
            workflow_versions=env.get("KINERJA_WORKFLOW_VERSIONS", cls.workflow_versions),
            console_secret=env.get("KINERJA_CONSOLE_SECRET", ""),
        )


_current: Config | None = None


def current() -> Config:
    global _current
    if _current is None:
        _current = Config.from_environment()
    return _current


def use(config: Config | None) -> Config | None:
    """Install ``config`` (None: read the environment again at next use); returns the previous."""
    global _current
    previous, _current = _current, config
    return previous
