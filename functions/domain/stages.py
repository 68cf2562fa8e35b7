"""The stages of the cycle (Permen PANRB 6/2022 Pasal 5; regulation.md §1) and the deadlines the
regulation or the tenant's policy attach to them. The order of moves lives in the ASL; this only
names the stages and computes dates."""

from __future__ import annotations

from collections.abc import Iterable
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


# Where a stored cycle stands: the five stages, and the waits between them that the ASL names.
CYCLE_STAGES = ("plan", "approval", "monitor", "coach", "assess", "annual", "decide", "done")

# Why BKPSDM ends a cycle before its end (functions/services/closing.py): retirement, a move out
# of the regency's service, death, the year closed; ``lainnya`` says why in a note.
CLOSE_REASONS = ("pensiun", "pindah_keluar", "meninggal", "tutup_tahun", "lainnya")
CLOSE_NEEDS_NOTE = "lainnya"
# A cycle that is neither of these is unfinished: still to be carried on (or repaired).
ENDED_STATUSES = ("done", "closed")

# The human tasks, each with the stage its cycle is in while it is open.
TASK_STAGES: dict[str, str] = {
    "draft_skp": "plan",
    "approve_skp": "approval",
    # the atasan penilai's second approval (e.g. for JPT): the SKP is approved by the penilai
    # meanwhile, which is what a cycle stored at ``monitor`` holds (catalog.STAGE_FACTS); a
    # segment resumed there goes on monitoring without asking again
    "approve_skp_second": "monitor",
    "coaching": "coach",
    "rate_perilaku": "assess",
    "rate_annual": "annual",
    # a mid-year review (e.g. after the sixth monthly period): the penilai reviews the year so
    # far with the employee; while it is open the cycle is monitoring (an approved SKP, the
    # period measured), so a segment resumed there goes on without asking it again
    "review_midyear": "monitor",
}
TASK_KINDS = tuple(TASK_STAGES)
# Who acts on a human task at level 0, by relationship to the employee (the task's
# ``assignee``); escalation goes one level up from there: that person's own penilai.
ASSIGNEES = ("penilai", "atasan_penilai", "unit_head", "bkpsdm", "self")
# Not a wait of the workflow: a task per coaching action agreed with a due date, to record how
# it went (the coaching follow-up); no token, no stage.
FOLLOW_UP_KIND = "coaching_follow_up"
# The human tasks of a talent review round (workflows/talent_review.asl.json,
# docs/talent-review.md): an official's presentation, a panel member's scores, the panel's
# recommendation, the PPK's ratification. No cycle waits on them (no stage); each is due after
# the round's own days for it (a round may set them; these are the defaults).
REVIEW_TASK_DAYS: dict[str, float] = {
    "present_review": 7,
    "score_review": 7,
    "recommend_review": 7,
    "ratify_review": 14,
}
REVIEW_TASK_KINDS = tuple(REVIEW_TASK_DAYS)

# Days a person has for each human task before it escalates (a tenant setting's default). The
# ASL reads them in seconds (TimeoutSecondsPath), so a test tenant can use a fraction of a day.
DEFAULT_TASK_DAYS: dict[str, float] = {
    "draft_skp": 14,
    "approve_skp": 7,
    "approve_skp_second": 7,
    "coaching": 14,
    "rate_perilaku": 14,
    "rate_annual": 30,
    "review_midyear": 14,
}

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


KEBERATAN_DECIDED = ("accepted", "rejected")
"""A keberatan in one of these states was decided by the penilai's superior: final (PP 30/2019
Pasal 59); no later correction of that year's result by the penilai stands against it."""


def result_received(finished: date, revised: Iterable[date] = ()) -> date:
    """The day the employee received the result they may object to: the latest of the day the
    year was finished and the days it was revised since (a revision is a new result, so the
    keberatan window starts again)."""
    return max([finished, *revised])


def may_object(received: date, today: date, policy: Policy) -> bool:
    """Whether a keberatan filed ``today`` is in time."""
    if today < received:
        raise InvalidValue("today", "an objection cannot precede the result it objects to")
    return today <= keberatan_deadline(received, policy)
