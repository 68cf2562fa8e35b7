"""The rules of development needs and use: which 9-box actions are development, coaching and
competency gaps as needs, the periods compared around an activity, the RHK's capaian, and the
report's tally (utilisation, absorption)."""

from functions.domain.consequences import BOX_ACTIONS
from functions.domain.development import (
    Tally,
    around,
    box_needs,
    coaching_need,
    competency_needs,
    rhk_capaian,
)


def test_every_development_action_of_a_box_is_a_need_and_nothing_else():
    found = box_needs(7, BOX_ACTIONS[7], 2025)
    assert [n.reason for n in found] == [
        "9-box 7 (2025): rotation / job enrichment",
        "9-box 7 (2025): competency development",
        "9-box 7 (2025): study assignment",
    ]
    assert {n.priority for n in found} == {"normal"}
    assert box_needs(9, BOX_ACTIONS[9], 2025) == []
    assert box_needs(1, BOX_ACTIONS[1], 2025) == []  # handled under the regulations


def test_a_low_box_makes_its_needs_pressing():
    assert {n.priority for n in box_needs(3, BOX_ACTIONS[3], 2025)} == {"high"}
    assert [n.kinds for n in box_needs(6, BOX_ACTIONS[6], 2025)] == [("coaching", "mentoring")] * 2


def test_konseling_or_no_improvement_makes_coaching_pressing():
    assert coaching_need("bimbingan", "2026-03-01", "x", ["r1"], None, 2026).priority == "normal"
    assert coaching_need("bimbingan", "d", "x", [], "not_improved", 2026).priority == "high"
    assert coaching_need("konseling", "2026-03-01", "x", [], "improved", 2026).priority == "high"
    assert coaching_need("bimbingan", "d", "x", ["r1"], None, 2026).rhk_ids == ("r1",)


def test_competency_gaps_are_below_the_upper_band_the_widest_first():
    found = competency_needs({"manajerial": 79.5, "sosial_kultural": 50, "teknis": 80}, 80, 60)
    assert [(n.competency, n.gap, n.priority) for n in found] == [
        ("sosial_kultural", 30, "high"),
        ("manajerial", 0.5, "normal"),
    ]
    assert competency_needs({}, 80, 60) == []


def test_the_periods_compared_are_the_last_before_and_the_latest_after():
    assert around(2, [1, 2, 3, 4]) == (1, 4)
    assert around(1, [1]) == (None, None)
    assert around(3, [1, 2]) == (2, None)


def test_an_rhk_s_capaian_is_the_mean_of_its_measured_iki():
    assert rhk_capaian({"a": 70, "b": 81, "c": 10}, ["a", "b"]) == 75.5
    assert rhk_capaian({"a": 70}, ["a", "z"]) == 70
    assert rhk_capaian({}, ["a"]) is None


def test_a_tally_gives_utilisation_over_activities_done_and_absorption_over_planned():
    unit = Tally(activities=4, used=1, not_used=1, planned_cost=1000, spent=250)
    assert (unit.unconfirmed, unit.utilisation, unit.absorption) == (2, 0.25, 0.25)
    assert Tally().utilisation is None and Tally().absorption is None
    both = unit.plus(Tally(activities=1, used=1, employees=3))
    assert (both.activities, both.used, both.employees, both.utilisation) == (5, 2, 3, 0.4)
