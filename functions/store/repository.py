"""The tenant-scoped repository: the only way steps, services and the API reach the table.

A repository is bound to one tenant id; every key it builds starts with that tenant's prefix
(``keys``), so code holding it cannot read or write another tenant's items. PynamoDB's errors
stop here: the writes below turn a failed condition into the caller's own error (Conflict,
False) and any other failure into what :func:`storage_error` says it is; the rest of the code
never imports PynamoDB and names its exceptions only as :data:`StorageError`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TypeVar

from pynamodb.exceptions import DoesNotExist, PynamoDBException

from functions.errors import Conflict, KinerjaError, NotFound
from functions.store import keys, pages, writes
from functions.store.records import (
    ApiKeyRecord,
    AssessmentRecord,
    AuditRecord,
    CoachingRecord,
    CycleRecord,
    DecisionRecord,
    DevelopmentPlanRecord,
    DevelopmentRecord,
    EmployeeRecord,
    FailureRecord,
    FeedbackRecord,
    ImportJobRecord,
    ImportLockRecord,
    ImportReportRecord,
    KeberatanRecord,
    PositionRecord,
    RealisasiRecord,
    Record,
    RevisionRecord,
    SkpRecord,
    TaskRecord,
    TenantRecord,
    UnitRecord,
    UnitResultRecord,
    WorkflowAliasRecord,
    WorkflowDraftRecord,
    WorkflowVersionRecord,
)

R = TypeVar("R", bound=Record)
log = logging.getLogger(__name__)

# What a raw storage call (a record's save, a query) raises when DynamoDB fails it; the API
# answers it as :func:`storage_error` classifies it (functions/api/errors.py).
StorageError = PynamoDBException


def _get(cls: type[R], pk: str, sk: str, what: str) -> R:
    try:
        return cls.get(pk, sk)
    except DoesNotExist:
        raise NotFound(f"{what} not found") from None


def _find(cls: type[R], pk: str, sk: str) -> R | None:
    try:
        return cls.get(pk, sk)
    except DoesNotExist:
        return None


PROFILE_TTL = 10.0
_profiles: dict[str, tuple[float, TenantRecord]] = {}


def find_api_key(key_pk: str) -> ApiKeyRecord | None:
    """A credential, looked up before the tenant is known (platform level)."""
    return _find(ApiKeyRecord, key_pk, keys.API_KEY)


def platform_keys() -> list[ApiKeyRecord]:
    """The platform operators' keys (listed outside every tenant)."""
    return list(ApiKeyRecord.by_gsi1.query(keys.keys_of(None)))


def tenants_page(limit: int, cursor: str | None) -> tuple[list[TenantRecord], str | None]:
    """The platform's tenants, a page at a time (platform level)."""
    return pages.page(
        lambda start, size: TenantRecord.by_gsi1.query(
            keys.TENANTS, limit=size, last_evaluated_key=start
        ),
        limit=limit,
        cursor=cursor,
        partition={"gsi1pk": keys.TENANTS},
        attributes=pages.KEY_ATTRIBUTES,
    )


class TenantRepository:
    def __init__(self, tenant_id: str) -> None:
        self.tenant_id = keys.check_tenant_id(tenant_id)
        self.pk = keys.tenant(tenant_id)

    # --- tenant, units, employees --------------------------------------------------------
    def profile(self) -> TenantRecord:
        """The tenant's profile, read at most every PROFILE_TTL seconds per process: every step
        and request needs its settings, which change rarely (a change applies within the TTL)."""
        cached = _profiles.get(self.tenant_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        profile = _get(TenantRecord, self.pk, keys.PROFILE, f"tenant {self.tenant_id}")
        _profiles[self.tenant_id] = (time.monotonic() + PROFILE_TTL, profile)
        return profile

    def forget_profile(self) -> None:
        _profiles.pop(self.tenant_id, None)

    def fresh_profile(self) -> TenantRecord:
        """The profile read afresh and uncached (the copy to edit, not the one requests share)."""
        try:
            return TenantRecord.get(self.pk, keys.PROFILE, consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"tenant {self.tenant_id} not found") from None

    def new_profile(self, **attrs) -> TenantRecord:
        return TenantRecord(self.pk, keys.PROFILE, tenant_id=self.tenant_id, **attrs)

    def new_unit(self, unit_id: str, **attrs) -> UnitRecord:
        return UnitRecord(self.pk, keys.unit(unit_id), unit_id=unit_id, **attrs)

    def find_unit(self, unit_id: str) -> UnitRecord | None:
        return _find(UnitRecord, self.pk, keys.unit(unit_id))

    def units(self) -> list[UnitRecord]:
        return list(UnitRecord.query(self.pk, UnitRecord.sk.startswith(keys.UNIT_PREFIX)))

    def units_page(self, limit: int, cursor: str | None) -> tuple[list[UnitRecord], str | None]:
        return pages.page(
            lambda start, size: UnitRecord.query(
                self.pk, UnitRecord.sk.startswith(keys.UNIT_PREFIX), limit=size,
                last_evaluated_key=start,
            ),
            limit=limit, cursor=cursor, partition={"pk": self.pk}, attributes=("pk", "sk"),
            prefixes={"sk": keys.UNIT_PREFIX},
        )  # fmt: skip

    def employees_page(
        self, limit: int, cursor: str | None, unit_id: str | None = None
    ) -> tuple[list[EmployeeRecord], str | None]:
        condition = EmployeeRecord.unit_id == unit_id if unit_id else None
        return pages.page(
            lambda start, size: EmployeeRecord.query(
                self.pk, EmployeeRecord.sk.startswith(keys.EMPLOYEE_PREFIX),
                filter_condition=condition, limit=size, last_evaluated_key=start,
            ),
            limit=limit, cursor=cursor, partition={"pk": self.pk}, attributes=("pk", "sk"),
            prefixes={"sk": keys.EMPLOYEE_PREFIX},
        )  # fmt: skip

    def new_employee(self, nip: str, penilai_nip: str | None = None, **attrs) -> EmployeeRecord:
        return EmployeeRecord(
            self.pk,
            keys.employee(nip),
            nip=nip,
            penilai_nip=penilai_nip,
            gsi1pk=keys.subordinates_of(self.tenant_id, penilai_nip) if penilai_nip else None,
            gsi1sk=keys.employee(nip) if penilai_nip else None,
            **attrs,
        )

    def new_unit_result(self, unit_id: str, year: int) -> UnitResultRecord:
        return UnitResultRecord(
            self.pk, keys.unit_result(unit_id, year), unit_id=unit_id, year=year
        )

    def unit_result(self, unit_id: str, year: int) -> UnitResultRecord | None:
        return _find(UnitResultRecord, self.pk, keys.unit_result(unit_id, year))

    def new_position(self, unit_id: str, position_id: str, **attrs) -> PositionRecord:
        return PositionRecord(
            self.pk, keys.position(unit_id, position_id), unit_id=unit_id,
            position_id=position_id, **attrs,
        )  # fmt: skip

    def find_position(self, unit_id: str, position_id: str) -> PositionRecord | None:
        return _find(PositionRecord, self.pk, keys.position(unit_id, position_id))

    def positions(self, unit_id: str | None = None) -> list[PositionRecord]:
        """A unit's positions (all the regency's without one), by unit and id."""
        prefix = keys.positions_of(unit_id) if unit_id else keys.POSITION_PREFIX
        return list(PositionRecord.query(self.pk, PositionRecord.sk.startswith(prefix)))

    def new_development_plan(self, nip: str, year: int) -> DevelopmentPlanRecord:
        return DevelopmentPlanRecord(self.pk, keys.development_plan(year, nip), nip=nip, year=year)

    def development_plan(self, nip: str, year: int) -> DevelopmentPlanRecord | None:
        return _find(DevelopmentPlanRecord, self.pk, keys.development_plan(year, nip))

    def new_development_record(
        self, nip: str, year: int, record_id: str, **attrs
    ) -> DevelopmentRecord:
        return DevelopmentRecord(
            self.pk, keys.development_record(year, nip, record_id), nip=nip, year=year,
            record_id=record_id, **attrs,
        )  # fmt: skip

    def development_records(self, year: int, nip: str | None = None) -> list[DevelopmentRecord]:
        """A year's development activities done (one employee's with ``nip``)."""
        prefix = keys.development_records_of(year, nip)
        return list(DevelopmentRecord.query(self.pk, DevelopmentRecord.sk.startswith(prefix)))

    def employee(self, nip: str) -> EmployeeRecord:
        return _get(EmployeeRecord, self.pk, keys.employee(nip), f"employee {nip}")

    def find_employee(self, nip: str) -> EmployeeRecord | None:
        return _find(EmployeeRecord, self.pk, keys.employee(nip))

    def employees(self) -> list[EmployeeRecord]:
        return list(
            EmployeeRecord.query(self.pk, EmployeeRecord.sk.startswith(keys.EMPLOYEE_PREFIX))
        )

    def employees_of(self, nips: Iterable[str]) -> dict[str, EmployeeRecord]:
        """These employees (those that exist) by NIP, in one batch read."""
        wanted = [(self.pk, keys.employee(nip)) for nip in set(nips)]
        return {e.nip: e for e in EmployeeRecord.batch_get(wanted)}

    def subordinates(self, penilai_nip: str) -> list[EmployeeRecord]:
        pk = keys.subordinates_of(self.tenant_id, penilai_nip)
        return list(EmployeeRecord.by_gsi1.query(pk))

    # --- cycles ----------------------------------------------------------------------------
    def cycle_pk(self, nip: str, year: int) -> str:
        return keys.cycle(self.tenant_id, nip, year)

    def new_cycle(self, nip: str, year: int, unit_id: str, **attrs) -> CycleRecord:
        return CycleRecord(
            self.cycle_pk(nip, year),
            keys.CYCLE,
            nip=nip,
            year=year,
            ref=keys.new_cycle_ref(),
            unit_id=unit_id,
            gsi1pk=keys.cycles_of_year(self.tenant_id, year),
            gsi1sk=keys.unit_cycle(unit_id, nip),
            **attrs,
        )

    def cycle(self, nip: str, year: int) -> CycleRecord:
        return _get(CycleRecord, self.cycle_pk(nip, year), keys.CYCLE, f"cycle {nip}/{year}")

    def find_cycle(self, nip: str, year: int) -> CycleRecord | None:
        return _find(CycleRecord, self.cycle_pk(nip, year), keys.CYCLE)

    def cycles(self, year: int) -> list[CycleRecord]:
        return list(CycleRecord.by_gsi1.query(keys.cycles_of_year(self.tenant_id, year)))

    def unit_cycles(self, year: int, unit_ids: Iterable[str]) -> list[CycleRecord]:
        """The year's cycles listed under these units (a unit and those below it, for a tree
        scope): one index query per unit on the sort key's ``"{unit_id}#"`` prefix, so a unit
        view reads its own cycles, not the tenant's. In unit, then NIP order."""
        pk = keys.cycles_of_year(self.tenant_id, year)
        return [
            cycle
            for unit_id in sorted(set(unit_ids))
            for cycle in CycleRecord.by_gsi1.query(
                pk, CycleRecord.gsi1sk.startswith(keys.unit_cycles_prefix(unit_id))
            )
        ]

    def unit_employees(
        self, cycles: Iterable[CycleRecord], unit_ids: Iterable[str]
    ) -> list[EmployeeRecord]:
        """The employees of these units who have one of ``cycles`` (a unit's cycles of a year,
        :meth:`unit_cycles`), in one batch read of just them. A cycle's index entry is the
        unit's roster of the year (moving an employee moves their open cycles with them), so no
        index of employees by unit is kept; one whose record now names another unit (moved
        after their cycle ended) is left out, as a filter of :meth:`employees` by unit does."""
        inside = set(unit_ids)
        found = self.employees_of(c.nip for c in cycles).values()
        return sorted((e for e in found if e.unit_id in inside), key=lambda e: (e.unit_id, e.nip))

    def cycle_listing(
        self, year: int, unit_prefix: str, start: dict | None, page_size: int
    ) -> Iterator[CycleRecord]:
        """The year's cycles by unit and NIP (those of units starting ``unit_prefix``), from the
        key ``start`` on, read ``page_size`` at a time."""
        condition = CycleRecord.gsi1sk.startswith(unit_prefix) if unit_prefix else None
        pk = keys.cycles_of_year(self.tenant_id, year)
        return CycleRecord.by_gsi1.query(
            pk, condition, last_evaluated_key=start, page_size=page_size
        )

    def new_skp(self, nip: str, year: int, **attrs) -> SkpRecord:
        return SkpRecord(self.cycle_pk(nip, year), keys.SKP, nip=nip, year=year, **attrs)

    def skp(self, nip: str, year: int) -> SkpRecord:
        return _get(SkpRecord, self.cycle_pk(nip, year), keys.SKP, f"SKP {nip}/{year}")

    def find_skp(self, nip: str, year: int) -> SkpRecord | None:
        return _find(SkpRecord, self.cycle_pk(nip, year), keys.SKP)

    def new_realisasi(self, nip: str, year: int, period: int, iki_id: str, **attrs):
        sk = keys.realisasi(period, iki_id)
        return RealisasiRecord(self.cycle_pk(nip, year), sk, period=period, iki_id=iki_id, **attrs)

    def realisasi(self, nip: str, year: int, period: int | None = None) -> list[RealisasiRecord]:
        condition = RealisasiRecord.sk.startswith(keys.realisasi_prefix(period))
        return list(RealisasiRecord.query(self.cycle_pk(nip, year), condition))

    def assessment(self, nip: str, year: int, period: int) -> AssessmentRecord | None:
        """Period 0 is the annual assessment."""
        return _find(AssessmentRecord, self.cycle_pk(nip, year), self._assessment_sk(period))

    def new_assessment(self, nip: str, year: int, period: int, **attrs) -> AssessmentRecord:
        pk = self.cycle_pk(nip, year)
        return AssessmentRecord(pk, self._assessment_sk(period), period=period, **attrs)

    def assessments(self, nip: str, year: int) -> list[AssessmentRecord]:
        condition = AssessmentRecord.sk.startswith(keys.ASSESSMENT_PREFIX)
        return list(AssessmentRecord.query(self.cycle_pk(nip, year), condition))

    def period_assessments(
        self, wanted: Iterable[tuple[str, int, int]]
    ) -> dict[tuple, AssessmentRecord]:
        """The assessments of these (nip, year, period) that exist, in one batch read."""
        by_key = {(self.cycle_pk(n, y), self._assessment_sk(p)): (n, y, p) for n, y, p in wanted}
        found = AssessmentRecord.batch_get(list(by_key))
        return {by_key[(a.pk, a.sk)]: a for a in found}

    @staticmethod
    def _assessment_sk(period: int) -> str:
        return keys.ANNUAL if period == 0 else keys.assessment(period)

    def new_coaching(self, nip: str, year: int, period: int, task_id: str, **attrs):
        sk = keys.coaching(period, task_id)
        pk = self.cycle_pk(nip, year)
        return CoachingRecord(pk, sk, period=period, task_id=task_id, **attrs)

    def coachings(self, nip: str, year: int) -> list[CoachingRecord]:
        condition = CoachingRecord.sk.startswith(keys.COACHING_PREFIX)
        return list(CoachingRecord.query(self.cycle_pk(nip, year), condition))

    def annual_assessments(self, cycles: Iterable[CycleRecord]) -> list[AssessmentRecord]:
        """The annual assessments of these cycles (those that have one), in one batch read."""
        return list(AssessmentRecord.batch_get([(c.pk, keys.ANNUAL) for c in cycles]))

    def decisions(self, cycles: Iterable[CycleRecord]) -> list[DecisionRecord]:
        """The decisions of these cycles (those that have one), in one batch read."""
        return list(DecisionRecord.batch_get([(c.pk, keys.DECISION) for c in cycles]))

    def new_decision(self, nip: str, year: int, **attrs) -> DecisionRecord:
        return DecisionRecord(self.cycle_pk(nip, year), keys.DECISION, **attrs)

    def decision(self, nip: str, year: int) -> DecisionRecord | None:
        return _find(DecisionRecord, self.cycle_pk(nip, year), keys.DECISION)

    def new_failure(self, nip: str, year: int, execution: str, **attrs) -> FailureRecord:
        sk = keys.failure(execution)
        return FailureRecord(self.cycle_pk(nip, year), sk, execution=execution, **attrs)

    def failures(self, nip: str, year: int) -> list[FailureRecord]:
        condition = FailureRecord.sk.startswith("FAIL#")
        return list(FailureRecord.query(self.cycle_pk(nip, year), condition))

    def new_keberatan(self, nip: str, year: int, **attrs) -> KeberatanRecord:
        return KeberatanRecord(self.cycle_pk(nip, year), keys.KEBERATAN, **attrs)

    def keberatan(self, nip: str, year: int) -> KeberatanRecord:
        found = _find(KeberatanRecord, self.cycle_pk(nip, year), keys.KEBERATAN)
        if found is None:
            raise NotFound(f"no keberatan on {nip}/{year}")
        return found

    def revisions(self, nip: str, year: int) -> list[RevisionRecord]:
        condition = RevisionRecord.sk.startswith(keys.REVISION_PREFIX)
        return list(RevisionRecord.query(self.cycle_pk(nip, year), condition))

    def feedback(self, nip: str, year: int) -> list[FeedbackRecord]:
        condition = FeedbackRecord.sk.startswith(keys.FEEDBACK_PREFIX)
        return list(FeedbackRecord.query(self.cycle_pk(nip, year), condition))

    def cycle_records(self, nip: str, year: int) -> list[Record]:
        """Everything stored for one cycle, in one query (typed by the discriminator)."""
        return list(Record.query(self.cycle_pk(nip, year)))

    # --- human tasks -------------------------------------------------------------------------
    def new_task(self, task_id: str, *, assignee_nip: str | None, status: str, due, **attrs):
        record = TaskRecord(
            keys.task(self.tenant_id, task_id),
            keys.TASK,
            task_id=task_id,
            assignee_nip=assignee_nip,
            status=status,
            due=due,
            **attrs,
        )
        self.index_task(record)
        return record

    def index_task(self, record: TaskRecord) -> None:
        """Keep the task's listing key in step with its status and assignee."""
        record.gsi1pk = keys.tasks_of(self.tenant_id, record.assignee_nip or "-")
        record.gsi1sk = keys.task_listing(record.status, record.due.isoformat(), record.task_id)

    def task(self, task_id: str) -> TaskRecord:
        return _get(TaskRecord, keys.task(self.tenant_id, task_id), keys.TASK, f"task {task_id}")

    def tasks(self, task_ids: Iterable[str | None]) -> list[TaskRecord]:
        """The open ones of these tasks, in one batch read."""
        wanted = [(keys.task(self.tenant_id, t), keys.TASK) for t in set(task_ids) if t]
        return [t for t in TaskRecord.batch_get(wanted) if t.status == "open"]

    def find_task(self, task_id: str) -> TaskRecord | None:
        return _find(TaskRecord, keys.task(self.tenant_id, task_id), keys.TASK)

    def tasks_of(self, assignee_nip: str | None, status: str | None = "open") -> list[TaskRecord]:
        """A person's tasks (``None``: those waiting on the tenant's BKPSDM admins)."""
        pk = keys.tasks_of(self.tenant_id, assignee_nip or "-")
        condition = TaskRecord.gsi1sk.startswith(f"{status}#") if status else None
        return list(TaskRecord.by_gsi1.query(pk, condition))

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

    def task_listing(
        self,
        assignee_nip: str | None,
        status: str,
        kind: str | None,
        start: dict | None,
        page_size: int,
    ) -> Iterator[TaskRecord]:
        """A person's tasks (None: BKPSDM's) of a status, soonest due first, from ``start`` on."""
        pk = keys.tasks_of(self.tenant_id, assignee_nip or "-")
        of_kind = TaskRecord.task_kind == kind if kind else None
        return TaskRecord.by_gsi1.query(
            pk,
            TaskRecord.gsi1sk.startswith(f"{status}#"),
            filter_condition=of_kind,
            last_evaluated_key=start,
            page_size=page_size,
        )

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

    # --- writes: each refuses a record of another tenant (functions/store/writes.py) ----------
    def put(self, record: Record, conflict: KinerjaError | None = None) -> None:
        """Save on the version read; ``conflict`` (or a Conflict naming the kind) if it moved."""
        writes.save_on_version(record, conflict, self.tenant_id)

    def put_all(self, records: Iterable[Record]) -> None:
        for record in records:
            self.put(record)

    def create(self, record: Record) -> bool:
        """Save a new record on its key being free: False when it is taken."""
        return writes.create(record, self.tenant_id)

    def delete(self, record: Record) -> None:
        writes.delete(record, self.tenant_id)

    def refresh(self, record: Record) -> None:
        """Read a record again, in place."""
        writes.check_owner(self.tenant_id, record)
        record.refresh()

    def snapshot(self, records: Iterable[Record]) -> list[tuple[Record, Record | None]]:
        """Each record with its stored copy as it is now (None: not stored yet), read before the
        records are changed and committed, so that :meth:`restore` can undo the commit."""
        for record in records:
            writes.check_owner(self.tenant_id, record)
        return [(record, _find(type(record), record.pk, record.sk)) for record in records]

    def restore(
        self, snapshots: list[tuple[Record, Record | None]], conflict: KinerjaError
    ) -> None:
        """Undo a committed write of the records of :meth:`snapshot`: put back each stored copy
        (delete what was created), all or none, on the condition that nobody wrote them since
        the commit (``conflict`` otherwise)."""
        with self.all_or_none(conflict) as batch:
            for committed, before in snapshots:
                if before is None:
                    batch.delete(committed)  # on the committed version
                else:
                    before.version = committed.version
                    batch.put(before)

    def set_task_token(self, task: TaskRecord, token: str) -> None:
        writes.set_attribute(task, self.tenant_id, "token", token)

    def transaction(self) -> AbstractContextManager[writes.Writes]:
        """All-or-nothing writes of this tenant's records; a failure is raised as is."""
        return writes.transaction(self.tenant_id)

    def all_or_none(
        self, conflict: KinerjaError, busy: KinerjaError | None = None
    ) -> AbstractContextManager[writes.Writes]:
        """All-or-nothing writes on the versions read; ``conflict`` when one moved."""
        return writes.all_or_none(conflict, busy, self.tenant_id)
