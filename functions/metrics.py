"""The one port for business metrics: ``metrics.count(name, value, tenant_id=...)`` where the
thing happens (a cycle started, a task escalated, a delivery dead-lettered).

On AWS each count is one CloudWatch Embedded Metric Format line on stdout (Powertools'
``single_metric``): CloudWatch Logs turns it into a metric of namespace :data:`NAMESPACE` with the
dimensions ``service`` and ``stage`` only. The tenant id is a *property* of the line (searchable in
Logs Insights), never a dimension: a dimension per regency would be a custom metric per regency
and name (hundreds of regencies times every name), and the alarms watch totals anyway. NIPs and
names never appear.

The embedded runtime installs another sink with :func:`use` (:class:`Tally`: counts in memory),
as it installs its clock; code never asks which one it got. A count never raises into its caller.
Powertools' metrics module is imported on the first count, not at import (cold starts).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from functions import config, logs

NAMESPACE = "Kinerja"

# Every name counted, and where (docs/deploy.md lists the alarms on them).
CYCLES_STARTED = "CyclesStarted"  # services/cycles.start_cycles
CYCLES_FINISHED = "CyclesFinished"  # services/decisions.decide
CYCLES_FAILED = "CyclesFailed"  # services/cycles.record_failure
TASKS_OPENED = "TasksOpened"  # services/tasks.open_task
TASKS_OVERDUE = "TasksOverdue"  # a wait timed out: escalated, or (escalated already) failed
TASKS_ESCALATED = "TasksEscalated"  # services/tasks.open_task of an escalated task
DELIVERIES_APPLIED = "WebhookDeliveriesApplied"  # webhooks/process
DELIVERIES_DEAD = "WebhookDeliveriesDeadLettered"  # webhooks/process
NOTIFICATIONS_SENT = "NotificationsSent"  # webhooks/outbound
NOTIFICATIONS_FAILED = "NotificationsFailed"  # webhooks/outbound: every attempt failed
NAMES = (
    CYCLES_STARTED,
    CYCLES_FINISHED,
    CYCLES_FAILED,
    TASKS_OPENED,
    TASKS_OVERDUE,
    TASKS_ESCALATED,
    DELIVERIES_APPLIED,
    DELIVERIES_DEAD,
    NOTIFICATIONS_SENT,
    NOTIFICATIONS_FAILED,
)

Sink = Callable[[str, float, dict[str, str]], None]


def emf(name: str, value: float, properties: dict[str, str]) -> None:
    """One EMF line on stdout (Lambda sends stdout to CloudWatch Logs, which extracts it)."""
    from aws_lambda_powertools.metrics import MetricUnit, single_metric

    dimensions = {"service": logs.SERVICE, "stage": config.current().stage}
    with single_metric(
        name=name,
        unit=MetricUnit.Count,
        value=value,
        namespace=NAMESPACE,
        default_dimensions=dimensions,
    ) as metric:
        for key, item in properties.items():
            metric.add_metadata(key, item)


class Tally:
    """A sink keeping the counts in memory (the embedded runtime; tests read it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: dict[str, float] = {}
        self.events: list[tuple[str, float, dict[str, str]]] = []

    def __call__(self, name: str, value: float, properties: dict[str, str]) -> None:
        with self._lock:
            self.counts[name] = self.counts.get(name, 0) + value
            self.events.append((name, value, dict(properties)))

    def of(self, name: str, **properties: str) -> float:
        """The total of ``name`` over the counts whose properties include ``properties``."""
        with self._lock:
            return sum(
                value
                for counted, value, props in self.events
                if counted == name and all(props.get(k) == v for k, v in properties.items())
            )


_sink: Sink = emf


def use(sink: Sink | None) -> Sink:
    """Count into ``sink`` (None: EMF on stdout); returns the previous sink."""
    global _sink
    previous, _sink = _sink, sink or emf
    return previous


def count(name: str, value: float = 1, **properties: object) -> None:
    """Add ``value`` to ``name``; ``properties`` (ids, never personal data) go with it. Never
    raises."""
    if value <= 0:
        return
    known = {key: str(item) for key, item in properties.items() if item is not None}
    try:
        _sink(name, value, known)
    except Exception:  # a metric is never worth a failed step
        logs.logger().exception("metric not emitted", extra={"metric": name})
