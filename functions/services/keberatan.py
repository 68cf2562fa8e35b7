"""Keberatan: an employee objects to their annual result within the policy's days (default 14,
PP 30/2019 Pasal 59); the penilai's own superior decides. An accepted objection revises the
ratings (decisions.revise) in the same transaction; the history keeps both."""

from __future__ import annotations

from datetime import date

from functions.domain import keberatan_deadline, result_received
from functions.engine import clock
from functions.errors import Conflict, Forbidden, StageForbids
from functions.services import decisions, distribution
from functions.services.auth import ADMIN, Principal, may_act_as_self
from functions.services.settings import TenantSettings
from functions.store import keys
from functions.store.records import KeberatanRecord, plain
from functions.store.repository import TenantRepository


def _received(repo: TenantRepository, nip: str, year: int) -> date:
    """The day the employee received the year's result: the cycle reached ``done``, or the
    result was revised since (a revision restarts the window)."""
    cycle = repo.cycle(nip, year)
    done = [h for h in cycle.history if h["stage"] == "done"]
    if not done:
        raise StageForbids(f"the cycle {nip}/{year} has no final result to object to yet")
    revised = [date.fromisoformat(day) for day in decisions.revised_on(repo, nip, year)]
    return result_received(date.fromisoformat(done[-1]["at"][:10]), revised)


def decider(repo: TenantRepository, nip: str) -> str | None:
    """The atasan pejabat penilai: the penilai's own penilai (None: BKPSDM decides)."""
    penilai = repo.employee(nip).penilai_nip
    return repo.employee(penilai).penilai_nip if penilai else None


def open_until(repo: TenantRepository, nip: str, year: int) -> date | None:
    """The last day the employee may still object; None before the final result or after."""
    try:
        received = _received(repo, nip, year)
    except StageForbids:
        return None
    last = keberatan_deadline(received, TenantSettings.of(repo.profile()).policy)
    return last if clock.now().date() <= last else None


def decides(who: Principal, record_view: dict) -> bool:
    """Whether ``who`` decides this keberatan: the penilai's superior, or BKPSDM if none."""
    if record_view["decider_nip"] is None:
        return who.role == ADMIN
    return who.nip == record_view["decider_nip"]


FIELDS = ("filed_on", "reason", "status", "decider_nip", "decided_on", "decision_reason")


def view(record: KeberatanRecord) -> dict:
    return {
        "nip": keys.nip_of(record.pk),
        **{name: getattr(record, name) for name in FIELDS},
        "requested": plain(record.requested),
    }


def file(repo: TenantRepository, who: Principal, nip: str, year: int, body: dict) -> dict:
    may_act_as_self(who, nip)
    decisions.annual_assessment(repo, nip, year)
    received, today = _received(repo, nip, year), clock.now().date()
    last_day = keberatan_deadline(received, TenantSettings.of(repo.profile()).policy)
    if today > last_day:
        raise StageForbids(f"the time to object ended on {last_day.isoformat()}")
    record = repo.new_keberatan(
        nip,
        year,
        filed_on=today.isoformat(),
        reason=body["reason"],
        requested={k: body[k] for k in decisions.RATINGS if body.get(k)} or None,
        decider_nip=decider(repo, nip),
    )
    if not repo.create(record):
        raise Conflict(f"{nip} already objected to the result of {year}")
    return view(record)


def get(repo: TenantRepository, nip: str, year: int) -> dict:
    return view(repo.keberatan(nip, year))


def decide(repo: TenantRepository, who: Principal, nip: str, year: int, body: dict) -> dict:
    record = repo.keberatan(nip, year)
    if record.decider_nip is None and who.role != ADMIN:
        raise Forbidden("this keberatan is decided by BKPSDM (a tenant admin)")
    if record.decider_nip is not None and who.nip != record.decider_nip:
        raise Forbidden(f"only the penilai's superior ({record.decider_nip}) decides it")
    if record.status != "filed":
        raise Conflict(f"the keberatan was already {record.status}")
    record.status = "accepted" if body["accepted"] else "rejected"
    record.decided_on = clock.now().date().isoformat()
    record.decision_reason = body["reason"]
    if not body["accepted"]:
        repo.put(record, Conflict("the keberatan was decided meanwhile"))
        return {"keberatan": view(record), "revision": None}
    ratings = {k: body.get(k) for k in decisions.RATINGS if body.get(k)}
    revision = distribution.revise_checked(
        repo,
        nip,
        year,
        ratings=ratings or plain(record.requested) or {},
        reason=body["reason"],
        by=f"{who.role}:{who.nip or who.key_prefix}",
        kind="keberatan",
        also=(record,),
    )
    return {"keberatan": view(record), "revision": revision}
