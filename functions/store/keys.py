"""Every DynamoDB key of the project is formatted here and nowhere else.

All tenant data lives under partition keys that begin with ``T#<tenant_id>`` so that IAM's
``dynamodb:LeadingKeys`` can confine a credential to one tenant. Tenant ids have a fixed length
(see :func:`new_tenant_id`), so no tenant's prefix is a prefix of another's.
"""

from __future__ import annotations

import hashlib
import re
import secrets

TENANT_ID = re.compile(r"^t[a-z0-9]{10}$")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def new_tenant_id() -> str:
    return "t" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


def check_tenant_id(tenant_id: str) -> str:
    if not TENANT_ID.match(tenant_id):
        raise ValueError(f"not a tenant id: {tenant_id!r}")
    return tenant_id


def tenant(tenant_id: str) -> str:
    return f"T#{check_tenant_id(tenant_id)}"


def owns(tenant_id: str, key: str) -> bool:
    """Whether a partition key is one of the tenant's (its own partition or one below it)."""
    prefix = tenant(tenant_id)
    return key == prefix or key.startswith(prefix + "#")


def tenant_of(pk: str) -> str:
    """The tenant id a tenant-scoped key starts with."""
    return check_tenant_id(pk.split("#")[1])


# --- tenant partition: profile, units, employees -------------------------------------------
PROFILE = "PROFILE"


def unit(unit_id: str) -> str:
    return f"UNIT#{unit_id}"


def employee(nip: str) -> str:
    return f"EMP#{nip}"


UNIT_PREFIX = "UNIT#"
EMPLOYEE_PREFIX = "EMP#"
POSITION_PREFIX = "POS#"  # not below UNIT#: the listing of units never meets a position


def position(unit_id: str, position_id: str) -> str:
    """In the tenant partition: one position (jabatan) of a unit."""
    return f"{POSITION_PREFIX}{unit_id}#{position_id}"


def positions_of(unit_id: str) -> str:
    return f"{POSITION_PREFIX}{unit_id}#"


REVIEW_PREFIX = "TREVIEW#"
REVIEW_OFFICIAL_PREFIX = "TRO#"
REVIEW_SCORE_PREFIX = "TRS#"


def review(review_id: str) -> str:
    """In the tenant partition: a talent review round."""
    return f"{REVIEW_PREFIX}{review_id}"


def review_official(review_id: str, nip: str = "") -> str:
    """In the tenant partition: one official of a round (without ``nip``: the round's prefix)."""
    return f"{REVIEW_OFFICIAL_PREFIX}{review_id}#{nip}"


def review_score(review_id: str, nip: str = "", member_nip: str = "") -> str:
    """In the tenant partition: a panel member's scores of an official (prefixes without)."""
    return f"{REVIEW_SCORE_PREFIX}{review_id}#" + (f"{nip}#{member_nip}" if nip else "")


DEVPLAN_PREFIX = "DEVPLAN#"
DEVREC_PREFIX = "DEVREC#"


def development_plan(year: int, nip: str) -> str:
    """In the tenant partition: an employee's development plan of one year."""
    return f"{DEVPLAN_PREFIX}{year}#{nip}"


def development_record(year: int, nip: str, record_id: str) -> str:
    """In the tenant partition: one development activity done, of one year."""
    return f"{DEVREC_PREFIX}{year}#{nip}#{record_id}"


def development_records_of(year: int, nip: str | None = None) -> str:
    """The prefix of a year's records (one employee's with ``nip``)."""
    return f"{DEVREC_PREFIX}{year}#" + (f"{nip}#" if nip else "")


def development_plans_of(year: int) -> str:
    """The prefix of a year's development plans."""
    return f"{DEVPLAN_PREFIX}{year}#"


DEVPOLICY_PREFIX = "DEVPOL#"


def development_policy(policy_id: str) -> str:
    """In the tenant partition: a policy document on competency development."""
    return f"{DEVPOLICY_PREFIX}{policy_id}"


def subordinates_of(tenant_id: str, penilai_nip: str) -> str:
    """GSI1 partition listing the employees a pejabat penilai assesses."""
    return f"{tenant(tenant_id)}#PENILAI#{penilai_nip}"


# --- a cycle: one employee, one year -------------------------------------------------------
def new_cycle_ref() -> str:
    """A cycle's opaque reference: what execution and schedule names carry instead of the NIP
    (a NIP encodes birth date and sex; Step Functions execution names cannot be deleted)."""
    return secrets.token_hex(8)


def cycle(tenant_id: str, nip: str, year: int) -> str:
    return f"{tenant(tenant_id)}#C#{year}#{nip}"


def nip_of(cycle_pk: str) -> str:
    """The NIP a cycle's partition key (:func:`cycle`) ends in."""
    return cycle_pk.rsplit("#", 1)[1]


CYCLE = "CYCLE"
SKP = "SKP"
DECISION = "DECISION"
ANNUAL = "ASSESS#ANNUAL"


def cycles_of_year(tenant_id: str, year: int) -> str:
    """GSI1 partition listing a tenant's cycles of one year."""
    return f"{tenant(tenant_id)}#CYCLES#{year}"


def unit_cycle(unit_id: str, nip: str) -> str:
    """GSI1 sort key of a cycle under :func:`cycles_of_year`: by unit, then NIP."""
    return f"{unit_id}#{nip}"


# A unit's counters of a year are kept in this many items (by the NIP's hash), so that writes to
# the cycles of one unit at once (a job's ten workers) seldom meet on one item's transaction.
UNIT_SUMMARY_SHARDS = 8


def unit_summaries_prefix(year: int) -> str:
    """Sort-key prefix, in the tenant partition, of the year's per-unit counters."""
    return f"UNITSUM#{year}#"


def unit_summary(year: int, unit_id: str, nip: str) -> str:
    """Sort key of the counter item that counts the cycle of ``nip`` in ``unit_id``."""
    shard = int(hashlib.sha256(nip.encode()).hexdigest()[:8], 16) % UNIT_SUMMARY_SHARDS
    return f"{unit_summaries_prefix(year)}{unit_id}#{shard}"


def unit_cycles_prefix(unit_id: str) -> str:
    """The sort-key prefix of one unit's cycles (the ``#`` keeps unit ``u1`` from ``u10``)."""
    return f"{unit_id}#"


def realisasi(period: int, iki_id: str) -> str:
    return f"REAL#{period:02d}#{iki_id}"


def realisasi_prefix(period: int | None = None) -> str:
    return "REAL#" if period is None else f"REAL#{period:02d}#"


def assessment(period: int) -> str:
    return f"ASSESS#{period:02d}"


ASSESSMENT_PREFIX = "ASSESS#"


def coaching(period: int, task_id: str) -> str:
    return f"COACH#{period:02d}#{task_id}"


COACHING_PREFIX = "COACH#"


def failure(execution: str) -> str:
    """One failure per execution: recording it again (a retried step) overwrites, not adds."""
    return f"FAIL#{execution}"


# --- human tasks ---------------------------------------------------------------------------
def task(tenant_id: str, task_id: str) -> str:
    return f"{tenant(tenant_id)}#TASK#{task_id}"


TASK = "TASK"


def tasks_of(tenant_id: str, assignee_nip: str) -> str:
    """GSI1 partition listing the tasks of one person; the sort key starts with the status."""
    return f"{tenant(tenant_id)}#ASSIGNEE#{assignee_nip}"


def task_listing(status: str, due_iso: str, task_id: str) -> str:
    return f"{status}#{due_iso}#{task_id}"


# --- credentials (platform level: looked up before the tenant is known) --------------------
def api_key(key_hash: str) -> str:
    return f"KEY#{key_hash}"


API_KEY = "KEY"


def keys_of(tenant_id: str | None) -> str:
    """GSI1 partition listing a tenant's keys (``None``: the platform operators' keys)."""
    return f"{tenant(tenant_id)}#KEYS" if tenant_id else "PLATFORM#KEYS"


def key_listing(prefix: str) -> str:
    return f"KEY#{prefix}"


# GSI1 partition listing every tenant (platform operators only); the sort key is the tenant id.
TENANTS = "TENANTS"


# --- Idempotency-Key records (functions/store/idempotency.py; platform level, like keys) ------
def idempotency(scope: str) -> str:
    """The partition of one API key's Idempotency-Key records; ``scope`` is a digest of the key
    (a platform operator's calls have no tenant; nothing in these items is readable without the
    key: docs/tenancy.md). Outside every ``T#`` partition, so no tenant query or export meets
    these items, which are Powertools' and carry no ``kind``."""
    return f"IDEM#{scope}"


# Sort keys of those records: this prefix, ``#``, then Powertools' hash of the Idempotency-Key.
IDEMPOTENCY = "IDEM"


# --- results after the annual assessment: unit predikat, revisions, keberatan ----------------
def unit_result(unit_id: str, year: int) -> str:
    """In the tenant partition: a unit's organisation predikat of one year."""
    return f"UNITRES#{year}#{unit_id}"


def revision(sequence: int) -> str:
    """In a cycle's partition: the ``sequence``-th change of its annual result (from 1). Two
    writers of the same number collide on the put condition: one of them must read again."""
    return f"REV#{sequence:04d}"


REVISION_PREFIX = "REV#"
KEBERATAN = "KEBERATAN"


# --- audit trail: append-only, one partition per tenant and month ----------------------------
def audit_month(tenant_id: str, month: str) -> str:
    """``month`` is ``YYYY-MM``: a month's entries in one partition, sorted by time."""
    return f"{tenant(tenant_id)}#AUDIT#{month}"


def audit_entry(at_iso: str, entry_id: str) -> str:
    return f"{at_iso}#{entry_id}"


# --- bulk imports: the job in the tenant partition, its error report in its own ------------
def import_job(job_id: str) -> str:
    return f"IMPORT#{job_id}"


IMPORT_PREFIX = "IMPORT#"


def import_report(tenant_id: str, job_id: str) -> str:
    """The partition of one import's error report, stored in numbered parts (items hold 400 KB)."""
    return f"{tenant(tenant_id)}#IMPORT#{job_id}"


def import_report_part(part: int) -> str:
    return f"PART#{part:04d}"


def import_lock(tenant_id: str) -> str:
    """The partition of a tenant's one import lock (held while an import reads and writes)."""
    return f"{tenant(tenant_id)}#IMPORTLOCK"


IMPORT_LOCK = "LOCK"


# --- jobs over many cycles (functions/services/jobs.py): the job in the tenant partition, its
# batches in their own (one item per batch of NIPs, written by the one worker running it) ------
def cycle_job(job_id: str) -> str:
    return f"JOB#{job_id}"


CYCLE_JOB_PREFIX = "JOB#"


def cycle_job_batches(tenant_id: str, job_id: str) -> str:
    return f"{tenant(tenant_id)}#JOB#{job_id}"


def cycle_job_batch(index: int) -> str:
    return f"BATCH#{index:05d}"


# --- e-office webhooks: secrets and mappings, deliveries (functions/webhooks) ----------------
def webhook_config(tenant_id: str) -> str:
    """A tenant's webhook secrets and mappings, one partition."""
    return f"{tenant(tenant_id)}#WHCONF"


def webhook_secret(source: str, secret_id: str) -> str:
    return f"SECRET#{source}#{secret_id}"


def webhook_secrets_of(source: str) -> str:
    return f"SECRET#{source}#"


def webhook_mapping(source: str) -> str:
    return f"MAP#{source}"


def webhook_delivery(tenant_id: str, delivery_id: str) -> str:
    """One delivery per ``webhook-id``: the conditional put of this key is the dedupe."""
    return f"{tenant(tenant_id)}#WHD#{delivery_id}"


DELIVERY = "DELIVERY"
# A delivery's statuses, in order; each is a partition of the index.
DELIVERY_STATUSES = ("received", "applying", "applied", "dead")


def deliveries_by_status(tenant_id: str, status: str) -> str:
    """GSI1 partition listing a tenant's deliveries in one status (dead letters, ...)."""
    return f"{tenant(tenant_id)}#WHSTATUS#{status}"


# outbound notifications (functions/webhooks/outbound.py): subscriptions in the config partition,
# notifications in one partition per subscription
OUTBOUND_PREFIX = "OUT#"


def outbound_subscription(subscription_id: str) -> str:
    return f"{OUTBOUND_PREFIX}{subscription_id}"


def outbound_notifications(tenant_id: str, subscription_id: str) -> str:
    return f"{tenant(tenant_id)}#WHOUT#{subscription_id}"


def outbound_notification(message_id: str) -> str:
    return f"MSG#{message_id}"


def feedback(at_iso: str, feedback_id: str) -> str:
    """In a cycle's partition: feedback on the employee's behaviour (e.g. a public form)."""
    return f"FEEDBACK#{at_iso}#{feedback_id}"


FEEDBACK_PREFIX = "FEEDBACK#"


# --- workflow definitions: drafts, published versions, the tenant's current one --------------
def workflows(tenant_id: str) -> str:
    """A tenant's workflow definitions, one partition (functions/services/definitions.py)."""
    return f"{tenant(tenant_id)}#WF"


def workflow_draft(draft_id: str) -> str:
    return f"DRAFT#{draft_id}"


WORKFLOW_DRAFT_PREFIX = "DRAFT#"


def workflow_version(number: int) -> str:
    return f"VER#{number:06d}"


WORKFLOW_VERSION_PREFIX = "VER#"
WORKFLOW_ALIAS = "ALIAS"


def workflow_simulations(draft_id: str) -> str:
    """The prefix of a draft's dry runs (functions/services/simulations.py)."""
    return f"SIM#{draft_id}#"


def workflow_simulation(draft_id: str, simulation_id: str) -> str:
    return f"{workflow_simulations(draft_id)}{simulation_id}"
