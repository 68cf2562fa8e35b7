"""Jobs over many cycles (functions/services/jobs.py): the job in the tenant partition, its
batches in a partition of their own."""

from __future__ import annotations

from functions.store import keys
from functions.store.base import Bound, _find, _get
from functions.store.records import CycleJobBatchRecord, CycleJobRecord


class Jobs(Bound):
    def new_cycle_job(self, job_id: str, **attrs) -> CycleJobRecord:
        return CycleJobRecord(self.pk, keys.cycle_job(job_id), job_id=job_id, **attrs)

    def cycle_job(self, job_id: str) -> CycleJobRecord:
        return _get(CycleJobRecord, self.pk, keys.cycle_job(job_id), f"job {job_id}")

    def cycle_jobs(self) -> list[CycleJobRecord]:
        condition = CycleJobRecord.sk.startswith(keys.CYCLE_JOB_PREFIX)
        return list(CycleJobRecord.query(self.pk, condition))

    def new_cycle_job_batch(self, job_id: str, index: int, nips: list[str]) -> CycleJobBatchRecord:
        pk = keys.cycle_job_batches(self.tenant_id, job_id)
        return CycleJobBatchRecord(pk, keys.cycle_job_batch(index), index=index, nips=nips)

    def cycle_job_batch(self, job_id: str, index: int) -> CycleJobBatchRecord | None:
        pk = keys.cycle_job_batches(self.tenant_id, job_id)
        return _find(CycleJobBatchRecord, pk, keys.cycle_job_batch(index))

    def cycle_job_batches(self, job_id: str) -> list[CycleJobBatchRecord]:
        """The job's batches in order (one query: a regency of 12,000 has 120 of 100)."""
        found = CycleJobBatchRecord.query(keys.cycle_job_batches(self.tenant_id, job_id))
        return sorted(found, key=lambda b: b.index)
