"""Feedback on an employee's behaviour, for the penilai to read when rating perilaku: from the
superior, peers and subordinates (PP 30/2019) given in the API, and from the public served
through an e-office form where the tenant enables it (policy ``public_feedback``). Kept in the
cycle's partition, keyed by where it came from, so storing the same feedback again changes
nothing."""

from __future__ import annotations

import secrets
from datetime import date

from functions.domain import BERAKHLAK
from functions.engine import clock
from functions.errors import Forbidden, InvalidInput
from functions.services.auth import Principal
from functions.services.settings import TenantSettings
from functions.store import keys
from functions.store.records import FeedbackRecord, as_dict
from functions.store.repository import TenantRepository

MAX_TEXT = 4000
ATASAN, REKAN, BAWAHAN, PUBLIK = "atasan", "rekan", "bawahan", "publik"


def new_feedback(
    repo: TenantRepository,
    nip: str,
    *,
    received_on: date,
    text: str,
    source: str,
    feedback_id: str,
    aspect: str | None = None,
    rating: str | None = None,
    reference: str | None = None,
    relation: str = PUBLIK,
    given_by: str | None = None,
) -> FeedbackRecord:
    """An unsaved record (put it in a transaction with a condition on non-existence)."""
    problems = {}
    if not text or not text.strip():
        problems["text"] = ["must not be empty"]
    elif len(text) > MAX_TEXT:
        problems["text"] = [f"at most {MAX_TEXT} characters"]
    if aspect is not None and aspect not in BERAKHLAK:
        problems["aspect"] = [f"one of {', '.join(BERAKHLAK)}"]
    if problems:
        raise InvalidInput("the feedback is invalid", details=problems)
    if relation == PUBLIK and not TenantSettings.of(repo.profile()).policy.public_feedback:
        raise InvalidInput(
            "this regency takes no feedback from the public",
            details={"policy.public_feedback": ["is off for this tenant"]},
        )
    repo.employee(nip)  # NotFound names an unknown employee
    year = received_on.year
    return FeedbackRecord(
        repo.cycle_pk(nip, year),
        keys.feedback(received_on.isoformat(), feedback_id),
        nip=nip,
        year=year,
        received_on=received_on.isoformat(),
        text=text.strip(),
        aspect=aspect,
        rating=rating,
        source=source,
        reference=reference,
        relation=relation,
        given_by=given_by,
    )


def give(repo: TenantRepository, who: Principal, nip: str, year: int, body: dict) -> dict:
    """A colleague's feedback: the penilai (atasan), a peer assessed by the same penilai (rekan)
    or someone the employee assesses (bawahan). Nobody gives feedback on themselves."""
    relation = _relation(repo, who, nip)
    today = clock.now().date()
    if today.year != year:
        raise InvalidInput("feedback goes to the current year", details={"year": [f"{today.year}"]})
    record = new_feedback(
        repo, nip, received_on=today, text=body["text"], source="api",
        feedback_id=secrets.token_hex(6), aspect=body["aspect"], rating=body.get("rating"),
        relation=relation, given_by=who.nip,
    )  # fmt: skip
    repo.put(record)  # new: on its key being free
    return as_dict(record)


def _relation(repo: TenantRepository, who: Principal, nip: str) -> str:
    if who.nip is None or who.nip == nip:
        raise Forbidden("feedback on behaviour comes from colleagues, not from oneself")
    subject, giver = repo.employee(nip), repo.employee(who.nip)
    if subject.penilai_nip == giver.nip:
        return ATASAN
    if giver.penilai_nip == subject.nip:
        return BAWAHAN
    if giver.penilai_nip is not None and giver.penilai_nip == subject.penilai_nip:
        return REKAN
    raise Forbidden(f"only the penilai, peers under the same penilai or subordinates of {nip} may")


def of(repo: TenantRepository, nip: str, year: int) -> list[FeedbackRecord]:
    return repo.feedback(nip, year)


def shown_to(who: Principal, nip: str, records: list[FeedbackRecord]) -> list[dict]:
    """The employee reads what was said of them, not who among their colleagues said it."""
    shown = [as_dict(r) for r in records]
    if who.nip == nip:
        for item in shown:
            item["given_by"] = None
    return shown
