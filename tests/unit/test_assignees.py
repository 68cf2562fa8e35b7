"""Who acts on a human task (tasks.assignee_for): by the relationship the payload names at
level 0, one level up (that person's own penilai) at level 1, BKPSDM's admins (None) at 2."""

from types import SimpleNamespace

import pytest

from functions.services.tasks import assignee_for

# staff <- penilai (kabid) <- atasan (kadis) <- sekda; the unit dinas is headed by kadis
PEOPLE = {
    "staff": ("kabid", "dinas"),
    "kabid": ("kadis", "dinas"),
    "kadis": ("sekda", "dinas"),
    "sekda": (None, "setda"),
}


class Repo:
    def employee(self, nip):
        penilai, unit = PEOPLE[nip]
        return SimpleNamespace(nip=nip, penilai_nip=penilai, unit_id=unit)

    def find_unit(self, unit_id):
        return SimpleNamespace(head_nip={"dinas": "kadis"}.get(unit_id))


@pytest.mark.parametrize(
    ("kind", "assignee", "by_level"),
    [
        ("draft_skp", None, ["staff", "kabid", None]),
        ("approve_skp", None, ["kabid", "kadis", None]),
        ("approve_skp", "self", ["staff", "kabid", None]),
        ("approve_skp", "penilai", ["kabid", "kadis", None]),
        ("approve_skp_second", "atasan_penilai", ["kadis", "sekda", None]),
        ("coaching", "unit_head", ["kadis", "sekda", None]),
        ("rate_annual", "bkpsdm", [None, None, None]),
    ],
)
def test_the_assignee_by_relationship_and_level(kind, assignee, by_level):
    assert [assignee_for(Repo(), kind, "staff", level, assignee) for level in range(3)] == by_level


def test_nobody_above_means_bkpsdm():
    assert assignee_for(Repo(), "approve_skp_second", "kadis", 0, "atasan_penilai") is None
    assert assignee_for(Repo(), "approve_skp", "kadis", 1) is None
