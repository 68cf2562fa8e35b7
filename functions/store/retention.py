"""How long finished items stay in the table (docs/retention.md). DynamoDB deletes an item some
time after the epoch second in its ``expires_at`` has passed (the table's TTL attribute,
infra/table.yml), at no write cost; until then it reads as it was. An item that is not finished
has no ``expires_at``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

ATTRIBUTE = "expires_at"  # the table's TimeToLiveSpecification; Idempotency-Key records use it too

# A finished task (done, rejected, timed out) and the spent task token it holds: kept through
# the year's decisions and a keberatan after them; the audit trail keeps who did what for good.
TASK_DAYS = 400
# A received e-office delivery once applied (a redelivery within this time is still answered
# with its stored status) or dead (kept for the admins to replay after fixing the mapping).
DELIVERY_DAYS = {"applied": 30, "dead": 90}
# An outbound notification once sent, or failed for good (kept for an admin's resend).
NOTIFICATION_DAYS = {"sent": 30, "failed": 90}


def at(moment: datetime | str, days: int) -> int:
    """The epoch second ``days`` after ``moment`` (a datetime or an ISO 8601 string)."""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int((when + timedelta(days=days)).timestamp())


def of_task(status: str, completed_at: datetime | None, due: datetime) -> int | None:
    """A task's expiry: TASK_DAYS after it was completed (or, timed out, after its deadline)."""
    if status == "open":
        return None
    return at(completed_at or due, TASK_DAYS)


def of_status(days: dict[str, int], status: str, moment: datetime | str) -> int | None:
    """The expiry of a delivery or notification that reached ``status`` at ``moment``."""
    kept = days.get(status)
    return None if kept is None else at(moment, kept)
