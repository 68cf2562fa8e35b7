"""What a regency's admins keep beside the cycles: API keys, the audit trail, bulk imports and
workflow definitions."""

from __future__ import annotations

from datetime import datetime

from functions.errors import Conflict
from functions.store import keys, pages, writes
from functions.store.base import Bound, _find, _get
from functions.store.records import (
    ApiKeyRecord,
    AuditRecord,
    ImportJobRecord,
    ImportLockRecord,
    ImportReportRecord,
    WorkflowAliasRecord,
    WorkflowDraftRecord,
    WorkflowSimulationRecord,
    WorkflowVersionRecord,
)


class Administration(Bound):
    # --- API keys (functions/services/credentials.py): platform items listed per tenant --------
    def api_keys_page(
        self, limit: int, cursor: str | None, revoked: bool | None = None
    ) -> tuple[list[ApiKeyRecord], str | None]:
        pk = keys.keys_of(self.tenant_id)
        condition = None if revoked is None else ApiKeyRecord.revoked == revoked
        return pages.page(
            lambda start, size: ApiKeyRecord.by_gsi1.query(
                pk, filter_condition=condition, limit=size, last_evaluated_key=start
            ),
            limit=limit,
            cursor=cursor,
            partition={"gsi1pk": pk},
            attributes=pages.KEY_ATTRIBUTES,
        )

    def api_keys(self) -> list[ApiKeyRecord]:
        return list(ApiKeyRecord.by_gsi1.query(keys.keys_of(self.tenant_id)))

    def api_key(self, prefix: str) -> ApiKeyRecord | None:
        """The tenant's key with this prefix; another tenant's key is simply not found."""
        listing = ApiKeyRecord.gsi1sk == keys.key_listing(prefix)
        found = ApiKeyRecord.by_gsi1.query(keys.keys_of(self.tenant_id), listing, limit=1)
        return next(iter(found), None)

    def working_keys(self, role: str) -> list[ApiKeyRecord]:
        """The tenant's unrevoked keys of a role."""
        working = (ApiKeyRecord.role == role) & (ApiKeyRecord.revoked == False)  # noqa: E712
        pk = keys.keys_of(self.tenant_id)
        return list(ApiKeyRecord.by_gsi1.query(pk, filter_condition=working))

    # --- audit trail (functions/services/audit.py): a partition per month ----------------------
    def audit_entries(self, month: str, first: str, last: str) -> list[AuditRecord]:
        """A month's entries whose sort keys lie between ``first`` and ``last``, oldest first."""
        pk = keys.audit_month(self.tenant_id, month)
        return list(AuditRecord.query(pk, AuditRecord.sk.between(first, last)))

    # --- bulk imports (functions/services/imports.py) ------------------------------------------
    def import_job(self, job_id: str) -> ImportJobRecord:
        return _get(ImportJobRecord, self.pk, keys.import_job(job_id), f"import job {job_id}")

    def find_import_job(self, job_id: str) -> ImportJobRecord | None:
        return _find(ImportJobRecord, self.pk, keys.import_job(job_id))

    def import_jobs(self) -> list[ImportJobRecord]:
        condition = ImportJobRecord.sk.startswith(keys.IMPORT_PREFIX)
        return list(ImportJobRecord.query(self.pk, condition))

    def new_import_report_part(self, job_id: str, part: int, data: bytes) -> ImportReportRecord:
        pk = keys.import_report(self.tenant_id, job_id)
        return ImportReportRecord(pk, keys.import_report_part(part), part=part, data=data)

    def take_import_lock(
        self, job_id: str, now: datetime, until: datetime
    ) -> tuple[bool, str | None]:
        """Take the tenant's one import lock for ``job_id`` until ``until``, with conditional
        writes: ``(True, None)``; ``(False, holder)`` while another job holds it and its time
        has not passed; ``(True, stale)`` when this took over from a job whose time had."""
        pk, sk = keys.import_lock(self.tenant_id), keys.IMPORT_LOCK
        if self.create(ImportLockRecord(pk, sk, job_id=job_id, until=until)):
            return True, None
        held = _find(ImportLockRecord, pk, sk)
        if held is None:  # let go meanwhile
            return self.create(ImportLockRecord(pk, sk, job_id=job_id, until=until)), None
        if held.until > now:
            return False, held.job_id
        stale, held.job_id, held.until = held.job_id, job_id, until
        try:
            self.put(held, Conflict("taken meanwhile"))
        except Conflict:
            return False, stale
        return True, stale

    def release_import_lock(self, job_id: str) -> None:
        """Let go of the import lock if ``job_id`` still holds it."""
        held = _find(ImportLockRecord, keys.import_lock(self.tenant_id), keys.IMPORT_LOCK)
        if held is not None and held.job_id == job_id:
            writes.delete(held, self.tenant_id, ImportLockRecord.job_id == job_id)

    def import_report_parts(self, job_id: str) -> list[ImportReportRecord]:
        """The parts of an import's error report, in order."""
        parts = ImportReportRecord.query(keys.import_report(self.tenant_id, job_id))
        return sorted(parts, key=lambda p: p.part)

    # --- workflow definitions (functions/services/definitions.py) -----------------------------
    def workflow_alias(self) -> WorkflowAliasRecord | None:
        return _find(WorkflowAliasRecord, keys.workflows(self.tenant_id), keys.WORKFLOW_ALIAS)

    def workflow_version(self, number: int) -> WorkflowVersionRecord | None:
        pk, sk = keys.workflows(self.tenant_id), keys.workflow_version(number)
        return _find(WorkflowVersionRecord, pk, sk)

    def workflow_versions(self) -> list[WorkflowVersionRecord]:
        condition = WorkflowVersionRecord.sk.startswith(keys.WORKFLOW_VERSION_PREFIX)
        return list(WorkflowVersionRecord.query(keys.workflows(self.tenant_id), condition))

    def workflow_draft(self, draft_id: str) -> WorkflowDraftRecord | None:
        pk, sk = keys.workflows(self.tenant_id), keys.workflow_draft(draft_id)
        return _find(WorkflowDraftRecord, pk, sk)

    def workflow_drafts(self) -> list[WorkflowDraftRecord]:
        condition = WorkflowDraftRecord.sk.startswith(keys.WORKFLOW_DRAFT_PREFIX)
        return list(WorkflowDraftRecord.query(keys.workflows(self.tenant_id), condition))

    def workflow_simulation(self, draft_id: str, simulation_id: str):
        pk, sk = keys.workflows(self.tenant_id), keys.workflow_simulation(draft_id, simulation_id)
        return _find(WorkflowSimulationRecord, pk, sk)

    def workflow_simulations(self, draft_id: str) -> list[WorkflowSimulationRecord]:
        """A draft's dry runs, the first first."""
        condition = WorkflowSimulationRecord.sk.startswith(keys.workflow_simulations(draft_id))
        found = WorkflowSimulationRecord.query(keys.workflows(self.tenant_id), condition)
        return sorted(found, key=lambda s: s.number)
