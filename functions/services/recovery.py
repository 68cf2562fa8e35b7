"""After a restart of the embedded runtime on its kept data (``kinerja serve --data``): move every
cycle on again from what the table holds (DESIGN principle 1).

The table survives a restart; the Step Functions executions, the schedules and the state
machines of published workflow versions lived in the emulation's memory and do not. For each
tenant :func:`resume_all` publishes its recorded versions again, then for each cycle of the
years given:

- finished (``done``): nothing;
- ``failed``: left as it stood before the restart, for BKPSDM to diagnose and repair
  (functions/services/repair.py); resuming it unasked would retry what failed;
- waiting for its next period (stage ``monitor``, no open task, the period not yet over): its
  next segment is scheduled at the period boundary again (or started, when that has passed);
- waiting at ``annual`` for detached months to be rated (monthly periods,
  functions/services/months.py): left to the last month's completion;
- otherwise a segment was running (working, or waiting on a human task): a new segment resumes
  at the stored stage, and reopens the cycle's open task with a new token (not a second task).

Only the embedded runtime calls this (functions/local/runtime.py); on AWS executions and
schedules outlive any process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from functions.engine import clock, scheduler
from functions.engine import definitions as machines
from functions.errors import KinerjaError
from functions.services import cycles, months
from functions.services.definitions import DEFAULT_VERSION
from functions.services.workflow_runs import machine_for_next_segment
from functions.store.records import CycleRecord
from functions.store.repository import TenantRepository


@dataclass
class Recovered:
    """What :func:`resume_all` did for one tenant (counts of cycles; versions published)."""

    tenant_id: str
    resumed: list[str] = field(default_factory=list)  # "nip/year"
    scheduled: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "nip/year: why" (left as it stands)
    done: int = 0
    versions: list[int] = field(default_factory=list)


def resume_all(repo: TenantRepository, years: Iterable[int]) -> Recovered:
    """Move the tenant's cycles of ``years`` on again after the emulation lost its executions."""
    recovered = Recovered(repo.tenant_id)
    recovered.versions = _publish_versions(repo)
    for year in sorted(set(years)):
        for cycle in repo.cycles(year):
            try:
                _recover(repo, cycle, recovered)
            except KinerjaError as error:  # one cycle cannot move: the others still do
                recovered.refused.append(f"{cycle.nip}/{int(cycle.year)}: {error.message}")
    return recovered


def _publish_versions(repo: TenantRepository) -> list[int]:
    published = []
    for version in repo.workflow_versions():
        if version.number == DEFAULT_VERSION or machines.exists(version.state_machine):
            continue
        machines.publish(
            repo.tenant_id,
            int(version.number),
            version.content_hash,
            json.loads(version.definition),
            version.note or "",
        )
        published.append(int(version.number))
    return published


def waiting_since(repo: TenantRepository, cycle: CycleRecord):
    """When the cycle's next segment is due, if it waits for a period boundary; else None."""
    if cycle.stage != "monitor" or cycle.open_task is not None:
        return None
    return cycles.segment_starts(repo, cycle, int(cycle.period))


def _recover(repo: TenantRepository, cycle: CycleRecord, recovered: Recovered) -> None:
    name = f"{cycle.nip}/{int(cycle.year)}"
    if cycle.status == "done":
        recovered.done += 1
        return
    months.recover(repo, cycle)  # monthly periods: the detached months' schedules
    if cycle.status == "failed":
        recovered.failed.append(name)
        return
    if cycle.stage == "annual" and cycle.open_task is None and cycles.unassessed(repo, cycle):
        recovered.scheduled.append(name)  # waits for its last months' ratings (months.py)
        return
    due = waiting_since(repo, cycle)
    if due is not None and due > clock.now():
        machine = machine_for_next_segment(repo.tenant_id, cycle.nip, int(cycle.year))
        ref = cycles.segment_ref(repo, repo.cycle(cycle.nip, int(cycle.year)))
        scheduler.schedule_segment(ref, int(cycle.period), due, machine)
        recovered.scheduled.append(name)
        return
    cycles.resume(repo, cycle.nip, int(cycle.year))
    recovered.resumed.append(name)
