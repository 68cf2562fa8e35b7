"""The stages of the cycle (Permen PANRB 6/2022 Pasal 5; regulation.md §1) and the deadlines the
regulation or the tenant's policy attach to them. The order of moves lives in the ASL; this only
names the stages and computes dates."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from functions.domain.errors import InvalidValue
from functions.domain.policy import Policy


class Stage(StrEnum):
    """Perencanaan, pemantauan, pembinaan, penilaian, tindak lanjut."""

    PLAN = "plan"
    MONITOR = "monitor"
    COACH = "coach"
    ASSESS = "assess"
    DECIDE = "decide"

    @property
    def regulation_name(self) -> str:
        return _NAMES[self]


_NAMES = {
    Stage.PLAN: "Perencanaan kinerja",
    Stage.MONITOR: "Pelaksanaan, pemantauan kinerja",
    Stage.COACH: "Pembinaan kinerja",
    Stage.ASSESS: "Penilaian kinerja",
    Stage.DECIDE: "Tindak lanjut hasil evaluasi kinerja",
}


def planning_deadline(skp_start: date, policy: Policy) -> date:
    """The last day to draft the SKP before the performance manager drafts it: the first
    ``planning_deadline_days`` days of the SKP period (policy; 14 → 14 January for a calendar
    year, the predecessor rule's "second week of January")."""
    return skp_start + timedelta(days=policy.planning_deadline_days - 1)


def keberatan_deadline(received: date, policy: Policy) -> date:
    """The last day to object to a result received on ``received`` (policy, default 14 days:
    PP 30/2019 Pasal 59). Day one is the day after receipt."""
    return received + timedelta(days=policy.keberatan_days)


def may_object(received: date, today: date, policy: Policy) -> bool:
    """Whether a keberatan filed ``today`` is in time."""
    if today < received:
        raise InvalidValue("today", "an objection cannot precede the result it objects to")
    return today <= keberatan_deadline(received, policy)
