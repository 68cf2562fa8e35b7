"""Bulk import of employees, units, competency-assessment results and positions (docs/import.md).

All or nothing in two phases. First every row of the file is checked (functions/domain/roster.py)
against what the tenant holds, read in one query per kind of record; one broken rule anywhere
and nothing is written: the job is ``rejected`` and keeps an error report in the file's own shape.
Then the rows that differ from what is stored are written in transactions of at most
``BATCH_ITEMS`` items (DynamoDB's limit is 100), each carrying the job's ``written`` count, so the
job always tells exactly how far writing got. Creations condition on the item not existing,
updates on the version read; unchanged rows are not written, so importing the same file again
changes nothing, and a job stopped midway (status ``interrupted``) is completed by importing the
same file again.

One import at a time per tenant: an import holds the tenant's import lock (a conditional write)
from before it reads what is stored until its last write, so two overlapping files never mix;
the second is refused with 409 naming the first, having written nothing. A job never stays
``writing``: whatever stops the writing marks it ``interrupted`` with its exact ``written``
count; one whose process died is marked so by the next import, once its lock's time is past.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from functions.domain import roster
from functions.domain.positions import position_rules
from functions.engine import clock
from functions.errors import Conflict, InvalidInput, NotFound, TransientError
from functions.services import audit, development, people, spreadsheet
from functions.store import keys
from functions.store.records import (
    EmployeeRecord,
    ImportJobRecord,
    Record,
    plain,
)
from functions.store.repository import TenantRepository

MAX_BYTES = 8 * 1024 * 1024  # under API Gateway's 10 MB payload, with room for its encoding
MAX_ROWS = 20_000
BATCH_ITEMS = 100  # TransactWriteItems' limit, the job's own update included
REPORT_PART_BYTES = 350_000  # an item holds 400 KB
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
ATTEMPTS = 3
LOCK_TIME = timedelta(minutes=15)  # Lambda's longest run: a holder that died lets go after it
UNFINISHED = ("validating", "writing")

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage: validated | written, done, total)


class ImportRejected(InvalidInput):
    """The file broke rules; nothing was written. ``details`` has the job, where its report is,
    and the first problems by row, column and rule."""


@dataclass
class Change:
    """One row to write: the record as it will be stored, and what changed (for the audit)."""

    record: Record
    created: bool
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    item: str = ""
    subject_nip: str | None = None


def _silent(stage: str, done: int, total: int) -> None:
    pass


# --- the job -----------------------------------------------------------------------------------
def _new_job(repo, actor, kind, file_format, data, job_id) -> ImportJobRecord:
    if job_id is not None and not JOB_ID.match(job_id):
        raise InvalidInput("bad job id", details={"job_id": ["8-40 letters, digits, '-' or '_'"]})
    job_id = job_id or secrets.token_hex(8)
    job = ImportJobRecord(
        repo.pk,
        keys.import_job(job_id),
        job_id=job_id,
        import_kind=kind,
        file_format=file_format,
        sha256=hashlib.sha256(data).hexdigest(),
        status="validating",
        started_by=actor,
        started_at=clock.now().isoformat(),
    )
    if not repo.create(job):
        raise Conflict(f"import job {job_id} exists already")
    return job


def find_job(repo: TenantRepository, job_id: str) -> ImportJobRecord:
    if not JOB_ID.match(job_id):
        raise NotFound(f"import job {job_id} not found")
    return repo.import_job(job_id)


def jobs(repo: TenantRepository) -> list[ImportJobRecord]:
    return repo.import_jobs()


def summary(job: ImportJobRecord) -> dict:
    shown = {
        name: plain(getattr(job, name))
        for name in (
            "job_id",
            "import_kind",
            "file_format",
            "sha256",
            "status",
            "started_by",
            "started_at",
            "finished_at",
            "rows",
            "validated",
            "to_write",
            "written",
            "counts",
        )
    }
    shown["report"] = f"/imports/{job.job_id}/report" if job.report_parts else None
    return shown


def report(repo: TenantRepository, job_id: str) -> tuple[bytes, str]:
    """The error report of a rejected import and its media type."""
    found = find_job(repo, job_id)
    if not found.report_parts:
        raise NotFound(f"import job {job_id} has no error report (status {found.status})")
    parts = repo.import_report_parts(job_id)
    return b"".join(p.data for p in parts), spreadsheet.MEDIA_TYPES[found.file_format]


# --- the import --------------------------------------------------------------------------------
def import_file(
    repo: TenantRepository,
    actor: str,
    kind: str,
    data: bytes,
    file_format: str,
    *,
    job_id: str | None = None,
    progress: Progress = _silent,
) -> dict:
    """Check every row, then write what differs; the job's summary. ``ImportRejected`` (422)
    when any row breaks a rule, with nothing written."""
    if kind not in roster.IMPORT_KINDS:
        raise NotFound(f"no import of {kind!r}; one of {', '.join(roster.IMPORT_KINDS)}")
    if file_format not in spreadsheet.MEDIA_TYPES:
        raise InvalidInput("unknown file format", details={"file": ["CSV or XLSX"]})
    if len(data) > MAX_BYTES:
        raise InvalidInput("file too large", details={"file": [f"at most {MAX_BYTES} bytes"]})
    job = _new_job(repo, actor, kind, file_format, data, job_id)
    try:
        _lock(repo, job)
        return _import(repo, actor, kind, data, file_format, job, progress)
    except BaseException:
        _interrupt(repo, job)  # unless it ended already (rejected, refused)
        raise
    finally:
        _unlock(repo, job)


def _lock(repo: TenantRepository, job: ImportJobRecord) -> None:
    """Hold the tenant's import lock, or refuse the job (409, nothing written)."""
    now = clock.now()
    taken, other = repo.take_import_lock(job.job_id, now, now + LOCK_TIME)
    if not taken:
        _finish(repo, job, "refused")
        raise Conflict(
            f"another import (job {other}) is running in this regency; nothing of this file "
            "was written: import it again when that one is done",
            details={"job_id": job.job_id, "running": other},
        )
    stale = repo.find_import_job(other) if other else None
    if stale is not None and stale.status in UNFINISHED:  # its process died holding the lock
        _interrupt(repo, stale)


def _unlock(repo: TenantRepository, job: ImportJobRecord) -> None:
    try:
        repo.release_import_lock(job.job_id)
    except Exception:  # held until its time passes; the import's own answer stands
        log.exception("import job %s: could not release the import lock", job.job_id)


def _interrupt(repo: TenantRepository, job: ImportJobRecord) -> None:
    """Mark a job that stopped midway ``interrupted``, with the ``written`` count stored."""
    try:
        repo.refresh(job)
        if job.status in UNFINISHED:
            job.status = "interrupted"
            job.finished_at = clock.now().isoformat()
            repo.put(job)
    except Exception:  # the error that stopped it is the one to report
        log.exception("import job %s: could not mark it interrupted", job.job_id)


def _import(repo, actor, kind, data, file_format, job, progress) -> dict:
    try:
        sheet = spreadsheet.read(data, file_format)
        if len(sheet.rows) > MAX_ROWS:
            raise InvalidInput(
                "too many rows", details={"file": [f"at most {MAX_ROWS} rows per import"]}
            )
        job.rows = len(sheet.rows)
        existing = _existing(repo, kind)
        known = roster.Known(
            units={u.unit_id: u.parent_id for u in existing["units"]},
            employees={e.nip: e.penilai_nip for e in existing["employees"]},
            today=clock.now().date(),
        )
        checked = roster.check(kind, sheet.headers, sheet.rows, known, sheet.numbers)
    except roster.RosterError as error:
        _finish(repo, job, "rejected", rejected=job.rows)
        message = f"the file is not a {kind} sheet: {error}"
        raise InvalidInput(message, details=error.details()) from None
    except InvalidInput:
        _finish(repo, job, "rejected", rejected=job.rows)
        raise
    progress("validated", len(sheet.rows), len(sheet.rows))
    job.validated = len(sheet.rows)
    if not checked.ok:
        _reject(repo, job, sheet, checked)
    changes = _changes(repo, kind, checked.rows, existing)
    _refuse_moves_of_running_cycles(repo, job, changes)
    unchanged = len(sheet.rows) - len(changes)
    created = sum(1 for c in changes if c.created)
    job.counts = {"created": created, "updated": len(changes) - created, "unchanged": unchanged}
    job.to_write = len(changes)
    job.status = "writing"
    repo.put(job)
    resumes = [
        j.job_id
        for j in jobs(repo)
        if j.status in ("writing", "interrupted")
        and j.sha256 == job.sha256
        and j.job_id != job.job_id
    ]
    _write(repo, actor, job, changes, progress)
    shown = summary(job)
    shown["resumes"] = resumes
    return shown


def _existing(repo: TenantRepository, kind: str) -> dict[str, list]:
    """What the rules and the comparison need, one query each."""
    return {
        "units": repo.units() if kind not in (roster.COMPETENCIES, roster.DEVELOPMENT) else [],
        "employees": repo.employees(),
        "positions": repo.positions() if kind == roster.POSITIONS else [],
    }


def _finish(repo: TenantRepository, job: ImportJobRecord, status: str, **counts) -> None:
    job.status = status
    job.finished_at = clock.now().isoformat()
    if counts:
        job.counts = counts
    repo.put(job)


def _reject(repo, job, sheet: spreadsheet.Sheet, checked: roster.Checked):
    headers = [*sheet.headers, roster.ERROR_COLUMN]
    rows = [[*row, checked.error_of(i)] for i, row in enumerate(sheet.rows)]
    data = spreadsheet.write(job.file_format, headers, rows, sheet)
    chunks = [data[i : i + REPORT_PART_BYTES] for i in range(0, len(data), REPORT_PART_BYTES)]
    for number, chunk in enumerate(chunks):
        repo.put(repo.new_import_report_part(job.job_id, number, chunk))
    job.report_parts = len(chunks)
    _finish(repo, job, "rejected", rejected=len(checked.problems))
    problems = [
        {"row": sheet.numbers[i], "column": p.column, "rule": p.rule}
        for i in sorted(checked.problems)
        for p in checked.problems[i]
    ]
    raise ImportRejected(
        f"{len(checked.problems)} of {len(sheet.rows)} rows break rules; nothing was written",
        details={
            "job_id": job.job_id,
            "report": f"/imports/{job.job_id}/report",
            "rows_rejected": len(checked.problems),
            "problems": problems[:50],
        },
    )


# --- what to write -----------------------------------------------------------------------------
def _differences(record: Record, values: dict) -> tuple[dict, dict]:
    before, after = {}, {}
    for name, value in values.items():
        old = plain(getattr(record, name))
        if old != value:
            before[name], after[name] = old, value
    return before, after


def _updated(record: Record, values: dict, now, item: str, nip: str | None = None) -> Change | None:
    """A stored row given ``values``: the record with them set and its Change, or None when
    none differs."""
    before, after = _differences(record, values)
    if not after:
        return None
    for name, value in after.items():
        setattr(record, name, value)
    record.updated_at = now
    return Change(record, False, before, after, item, nip)


def _refuse_moves_of_running_cycles(repo, job, changes: list[Change]) -> None:
    """A new unit or penilai of someone whose cycle is running moves their open tasks and the
    cycle too: the people API does that (PATCH /employees/{nip}); an import only refuses it."""
    moving = [
        c.record for c in changes
        if not c.created and isinstance(c.record, EmployeeRecord)
        and {"unit_id", "penilai_nip"} & set(c.after)
    ]  # fmt: skip
    details = {
        f"employees.{record.nip}": [
            "moves an employee whose cycle is running: use PATCH /employees/{nip}, which "
            "moves their open tasks and cycle along"
        ]
        for record in moving
        if people.open_cycles(repo, record.nip)
    }
    if details:
        _finish(repo, job, "rejected", rejected=len(details))
        raise InvalidInput("the import would move employees in mid-cycle", details=details)


def _changes(repo, kind: str, rows: list[dict], existing: dict) -> list[Change]:
    now = clock.now()
    changes = []
    if kind == roster.UNITS:
        units = {u.unit_id: u for u in existing["units"]}
        for values in rows:
            attrs = {k: v for k, v in values.items() if k != "unit_id"}
            unit_id = values["unit_id"]
            record = units.get(unit_id)
            item = f"unit/{unit_id}"
            if record is None:
                attrs = {"parent_id": None, "head_nip": None, **attrs}
                new = repo.new_unit(unit_id, **attrs, updated_at=now)
                changes.append(Change(new, True, after=attrs, item=item))
                continue
            if change := _updated(record, attrs, now, item):
                changes.append(change)
        return changes
    if kind == roster.POSITIONS:
        return _position_changes(repo, rows, existing)
    if kind == roster.DEVELOPMENT:
        return _development_changes(repo, rows)
    people = {e.nip: e for e in existing["employees"]}
    for values in rows:
        nip = values["nip"]
        record = people.get(nip)
        item = f"employee/{nip}"
        if kind == roster.COMPETENCIES:
            if record is None:  # roster.check refused scores of anyone not employed here
                raise NotFound(f"employee {nip} not found")
            scores = {s: values[s] for s in roster.SCORES}
            old = plain(record.potensi_scores) or {}
            if {k: float(v) for k, v in old.items()} == {k: float(v) for k, v in scores.items()}:
                continue
            record.potensi_scores = scores
            record.updated_at = now
            changes.append(Change(record, False, {"potensi_scores": old or None},
                                  {"potensi_scores": scores}, item, nip))  # fmt: skip
            continue
        attrs = {k: v for k, v in values.items() if k != "nip"}
        if record is None:
            attrs = {"jenjang": None, "penilai_nip": None, **attrs}
            penilai = attrs.pop("penilai_nip")
            new = repo.new_employee(nip, penilai, **attrs, updated_at=now)
            changes.append(Change(new, True, after=attrs, item=item, subject_nip=nip))
            continue
        change = _updated(record, attrs, now, item, nip)
        if change is None:
            continue
        if "penilai_nip" in change.after:  # the listing of the penilai's subordinates follows
            penilai = change.after["penilai_nip"]
            record.gsi1pk = keys.subordinates_of(repo.tenant_id, penilai) if penilai else None
            record.gsi1sk = keys.employee(nip) if penilai else None
        changes.append(change)
    return changes


def _position_changes(repo, rows: list[dict], existing: dict) -> list[Change]:
    now = clock.now()
    stored = {(p.unit_id, p.position_id): p for p in existing["positions"]}
    changes = []
    for values in rows:
        unit_id, position_id = values["unit_id"], values["position_id"]
        attrs = {k: v for k, v in values.items() if k not in ("unit_id", "position_id")}
        if attrs.get("key_position") is None and "key_position" in attrs:
            attrs["key_position"] = False  # an empty cell: not a key position
        record = stored.get((unit_id, position_id))
        item = f"position/{unit_id}/{position_id}"
        if record is None:
            attrs = {"eselon": None, "incumbent_nip": None, "key_position": False, **attrs}
            new = repo.new_position(unit_id, position_id, **attrs, updated_at=now)
            changes.append(Change(new, True, after=attrs, item=item))
            continue
        if "eselon" not in attrs and position_rules({**attrs, "eselon": record.eselon}):
            attrs["eselon"] = None  # a file without the column: an eselon the new kind cannot have
        if change := _updated(record, attrs, now, item):
            changes.append(change)
    return changes


def _development_changes(repo, rows: list[dict]) -> list[Change]:
    """A learning system's export: each row one activity done. The same person, kind, title and
    day is the same record (``development.record_id``): updated when its JP, cost, provider,
    flag or link changed, else left."""
    now = clock.now()
    years = sorted({int(values["done_on"][:4]) for values in rows})
    stored = {(r.year, r.nip, r.record_id): r for y in years for r in repo.development_records(y)}
    changes = []
    for values in rows:
        nip, year = values["nip"], int(values["done_on"][:4])
        rid = development.record_id(nip, values["activity_kind"], values["title"],
                                    values["done_on"])  # fmt: skip
        attrs = {k: v for k, v in values.items() if k != "nip"}
        if "digital" in attrs and attrs["digital"] is None:
            attrs["digital"] = False
        record = stored.get((year, nip, rid))
        item = f"development/{nip}/{year}/{rid}"
        if record is None:
            attrs = {"digital": False, "cost": None, "provider": None, "certificate_url": None,
                     **attrs}  # fmt: skip
            new = repo.new_development_record(nip, year, rid, **attrs, source="import",
                                              updated_at=now)  # fmt: skip
            changes.append(Change(new, True, after=attrs, item=item, subject_nip=nip))
            continue
        if change := _updated(record, attrs, now, item, nip):
            changes.append(change)
    return changes


# --- writing -----------------------------------------------------------------------------------
def _batches(changes: list[Change]) -> list[list[Change]]:
    """Changes packed so that each transaction, its audit entries and the job's own update
    stay within BATCH_ITEMS items."""
    current: list[Change]
    batches, current, items = [], [], 1
    for change in changes:
        size = 1 if change.created else 2
        if items + size > BATCH_ITEMS:
            batches.append(current)
            current, items = [], 1
        current.append(change)
        items += size
    if current:
        batches.append(current)
    return batches


def _write(repo, actor, job: ImportJobRecord, changes: list[Change], progress: Progress):
    action = {
        "employees": "employee.import",
        "units": "unit.import",
        "positions": "position.import",
        "development": "development.import",
    }.get(job.import_kind, "potensi.import")
    total = len(changes)
    for batch in _batches(changes):
        for attempt in range(ATTEMPTS):
            changed, busy = Conflict("changed"), TransientError("busy")  # told apart below
            try:
                with repo.all_or_none(changed, busy) as tx:
                    for change in batch:
                        tx.put(change.record)  # a new record: on its non-existence (version)
                        if not change.created:
                            tx.put(
                                audit.entry(
                                    repo,
                                    actor,
                                    action,
                                    change.item,
                                    before=change.before,
                                    after=change.after,
                                    subject_nip=change.subject_nip,
                                )
                            )
                    job.written = job.written + len(batch)
                    tx.put(job)
                break
            except (Conflict, TransientError) as error:
                if error is not changed and error is not busy:
                    raise
                job.written = job.written - len(batch)
                repo.refresh(job)
                if error is changed:
                    raise Conflict(
                        "an item of this import changed while it was written; import the "
                        "same file again to complete it",
                        details={"job_id": job.job_id, "written": job.written, "to_write": total},
                    ) from None
                if attempt == ATTEMPTS - 1:
                    raise TransientError(
                        "storage is busy; import the same file again to complete it",
                        details={"job_id": job.job_id, "written": job.written},
                    ) from None
        progress("written", job.written, total)
    job.status = "done"
    job.finished_at = clock.now().isoformat()
    with repo.transaction() as tx:
        tx.put(job)
        counts = {**plain(job.counts), "rows": job.rows}
        tx.put(audit.entry(repo, actor, f"import.{job.import_kind}", f"import/{job.job_id}",
                            after={"counts": counts, "sha256": job.sha256}))  # fmt: skip
    progress("written", total, total)
