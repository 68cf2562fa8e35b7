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
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

from pynamodb.connection import Connection
from pynamodb.exceptions import (
    DeleteError,
    DoesNotExist,
    PutError,
    PynamoDBException,
    TransactWriteError,
)
from pynamodb.transactions import TransactWrite

from functions.errors import (
    Conflict,
    InvalidInput,
    ItemTooLarge,
    KinerjaError,
    NotFound,
    StorageFailed,
    StorageUnavailable,
    TransientError,
)
from functions.store import keys
from functions.store.records import (
    ApiKeyRecord,
    AssessmentRecord,
    CoachingRecord,
    CycleRecord,
    DecisionRecord,
    EmployeeRecord,
    FailureRecord,
    FeedbackRecord,
    ImportJobRecord,
    ImportLockRecord,
    ImportReportRecord,
    KeberatanRecord,
    RealisasiRecord,
    Record,
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

# DynamoDB's codes for "not now": throttling, its own trouble, a concurrent transaction.
_TRANSIENT_CODES = frozenset({
    "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
    "InternalServerError", "ServiceUnavailable", "TransactionConflict",
    "TransactionConflictException", "TransactionInProgressException",
})  # fmt: skip
# DynamoDB says "too large" only in a ValidationException's message; this is the one place that
# reads it (PutItem: "Item size has exceeded ...", UpdateItem: "Item size to update has ...").
_TOO_LARGE = ("Item size has exceeded", "Item size to update has exceeded")
# Values DynamoDB cannot hold: numbers beyond its range or 38 digits, maps nested over 32 deep.
_UNSTORABLE = ("Number overflow", "Number underflow", "Attempting to store more than 38",
               "Nesting Levels have exceeded")  # fmt: skip


def _saying(messages: list[str], phrases: tuple[str, ...]) -> str | None:
    """The first of ``phrases`` that one of ``messages`` holds (a transaction's reasons may
    wrap DynamoDB's message in more text)."""
    return next((p for p in phrases for m in messages if p in m), None)


def storage_error(error: PynamoDBException) -> KinerjaError:
    """What a failed storage call is, as our error: an item over DynamoDB's 400 KB (413, naming
    the limit); a value it cannot hold (422); throttling or a concurrent transaction
    (StorageUnavailable, 503 with Retry-After); a lost version race (Conflict); anything else a
    bug of ours (StorageFailed, 500, logged with an error id)."""
    if isinstance(error, DoesNotExist):  # a raw get of a key that holds nothing
        return NotFound("not found")
    reasons = [r for r in getattr(error, "cancellation_reasons", None) or [] if r is not None]
    codes = {error.cause_response_code, *(r.code for r in reasons)} - {None}
    messages = [error.cause_response_message or "", *(r.message or "" for r in reasons)]
    if _saying(messages, _TOO_LARGE):
        return ItemTooLarge(
            "what this request would store exceeds the storage limit of 400 KB per record",
            details={"body": ["the stored record would exceed 400 KB; send less"],
                     "limit": "item_size"},
        )  # fmt: skip
    if unstorable := _saying(messages, _UNSTORABLE):
        return InvalidInput(
            "a value of this request cannot be stored: numbers up to 38 digits and 1e125, "
            "objects nested up to 32 levels",
            details={"body": [unstorable], "limit": "storable_value"},
        )  # fmt: skip
    if "ConditionalCheckFailedException" in codes:  # a raw save lost a version race
        return Conflict("the record changed meanwhile; read it again")
    if codes & _TRANSIENT_CODES or error.cause is None or not codes:
        log.warning("storage busy: %s %s", sorted(codes), error)
        return StorageUnavailable()
    error_id = uuid.uuid4().hex[:12]
    log.error("storage error %s: %s %s %s", error_id, sorted(codes), error, messages)
    return StorageFailed(
        f"storage refused the request (error id {error_id}); report it with that id",
        details={"error_id": error_id},
    )


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


def _connection() -> Connection:
    return Record._get_connection().connection  # the records' own: one botocore client


def transaction() -> TransactWrite:
    """All-or-nothing writes (with each record's version condition)."""
    return TransactWrite(connection=_connection())


@contextmanager
def all_or_none(
    conflict: KinerjaError, busy: KinerjaError | None = None
) -> Iterator[TransactWrite]:
    """A transaction whose saves are conditional on the versions read (a new record's: on not
    existing yet); when it fails, nothing is written and ``conflict`` is raised. With ``busy``,
    that is raised instead when no condition failed (throttling, a concurrent transaction)."""
    try:
        with transaction() as writes:
            yield writes
    except TransactWriteError as error:
        if _condition_failed(error):
            raise conflict from error
        translated = storage_error(error)
        if isinstance(translated, TransientError):
            raise (busy or conflict) from error
        raise translated from error


def _condition_failed(error: TransactWriteError) -> bool:
    return any(
        r is not None and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons
    )


def create(record: Record) -> bool:
    """Save a new record on the condition that its key is free: False when it is taken."""
    try:
        record.save(type(record).pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise storage_error(error) from error
    return True


def save_on_version(record: Record, conflict: KinerjaError) -> None:
    """Save a record on the version read; ``conflict`` when another writer saved it first."""
    try:
        record.save()
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise conflict from error
        raise storage_error(error) from error


def find_api_key(key_pk: str) -> ApiKeyRecord | None:
    """A credential, looked up before the tenant is known (platform level)."""
    return _find(ApiKeyRecord, key_pk, keys.API_KEY)


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

    def new_profile(self, **attrs) -> TenantRecord:
        return TenantRecord(self.pk, keys.PROFILE, tenant_id=self.tenant_id, **attrs)

    def new_unit(self, unit_id: str, **attrs) -> UnitRecord:
        return UnitRecord(self.pk, keys.unit(unit_id), unit_id=unit_id, **attrs)

    def find_unit(self, unit_id: str) -> UnitRecord | None:
        return _find(UnitRecord, self.pk, keys.unit(unit_id))

    def units(self) -> list[UnitRecord]:
        return list(UnitRecord.query(self.pk, UnitRecord.sk.startswith(keys.UNIT_PREFIX)))

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

    def employee(self, nip: str) -> EmployeeRecord:
        return _get(EmployeeRecord, self.pk, keys.employee(nip), f"employee {nip}")

    def find_employee(self, nip: str) -> EmployeeRecord | None:
        return _find(EmployeeRecord, self.pk, keys.employee(nip))

    def employees(self) -> list[EmployeeRecord]:
        return list(
            EmployeeRecord.query(self.pk, EmployeeRecord.sk.startswith(keys.EMPLOYEE_PREFIX))
        )

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
            unit_id=unit_id,
            gsi1pk=keys.cycles_of_year(self.tenant_id, year),
            gsi1sk=f"{unit_id}#{nip}",
            **attrs,
        )

    def cycle(self, nip: str, year: int) -> CycleRecord:
        return _get(CycleRecord, self.cycle_pk(nip, year), keys.CYCLE, f"cycle {nip}/{year}")

    def find_cycle(self, nip: str, year: int) -> CycleRecord | None:
        return _find(CycleRecord, self.cycle_pk(nip, year), keys.CYCLE)

    def cycles(self, year: int) -> list[CycleRecord]:
        return list(CycleRecord.by_gsi1.query(keys.cycles_of_year(self.tenant_id, year)))

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

    # --- bulk imports (functions/services/imports.py) ------------------------------------------
    def import_job(self, job_id: str) -> ImportJobRecord:
        return _get(ImportJobRecord, self.pk, keys.import_job(job_id), f"import job {job_id}")

    def find_import_job(self, job_id: str) -> ImportJobRecord | None:
        return _find(ImportJobRecord, self.pk, keys.import_job(job_id))

    def import_jobs(self) -> list[ImportJobRecord]:
        condition = ImportJobRecord.sk.startswith(keys.IMPORT_PREFIX)
        return list(ImportJobRecord.query(self.pk, condition))

    def take_import_lock(
        self, job_id: str, now: datetime, until: datetime
    ) -> tuple[bool, str | None]:
        """Take the tenant's one import lock for ``job_id`` until ``until``, with conditional
        writes: ``(True, None)``; ``(False, holder)`` while another job holds it and its time
        has not passed; ``(True, stale)`` when this took over from a job whose time had."""
        pk, sk = keys.import_lock(self.tenant_id), keys.IMPORT_LOCK
        if create(ImportLockRecord(pk, sk, job_id=job_id, until=until)):
            return True, None
        held = _find(ImportLockRecord, pk, sk)
        if held is None:  # let go meanwhile
            return create(ImportLockRecord(pk, sk, job_id=job_id, until=until)), None
        if held.until > now:
            return False, held.job_id
        stale, held.job_id, held.until = held.job_id, job_id, until
        try:
            save_on_version(held, Conflict("taken meanwhile"))
        except Conflict:
            return False, stale
        return True, stale

    def release_import_lock(self, job_id: str) -> None:
        """Let go of the import lock if ``job_id`` still holds it."""
        held = _find(ImportLockRecord, keys.import_lock(self.tenant_id), keys.IMPORT_LOCK)
        if held is None or held.job_id != job_id:
            return
        try:
            held.delete(ImportLockRecord.job_id == job_id)
        except DeleteError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise storage_error(error) from error

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

    # --- writes ------------------------------------------------------------------------------
    @staticmethod
    def save_all(records: Iterable[Record]) -> None:
        for record in records:
            record.save()
