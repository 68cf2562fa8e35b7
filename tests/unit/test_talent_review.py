"""The talent review round's rules (functions/domain/talent_review.py): waves by eselon, the
weighted criteria, and a successor's fit and readiness."""

import pytest

from functions.domain.errors import InvalidValue
from functions.domain.talent_review import (
    DEFAULT_CRITERIA,
    check_criteria,
    competency_fit,
    eligible,
    ordered_waves,
    readiness,
    score_rules,
    total_score,
    wave_of,
    weighted,
)


@pytest.mark.parametrize(
    ("kind", "eselon", "wave"),
    [("jpt_pratama", "II.a", "II"), ("jpt_pratama", "II.b", "II"),
     ("administrator", "III.a", "III"), ("pengawas", "IV.b", "IV"),
     ("fungsional", None, "fungsional"), ("pelaksana", None, None)],
)  # fmt: skip
def test_an_official_is_reviewed_in_the_wave_of_their_eselon(kind, eselon, wave):
    assert wave_of(kind, eselon) == wave


def test_waves_run_in_the_order_ii_iii_iv_fungsional_whatever_order_they_are_asked_in():
    assert ordered_waves(["fungsional", "IV", "II", "II"]) == ["II", "IV", "fungsional"]
    with pytest.raises(InvalidValue, match="unknown wave V"):
        ordered_waves(["V"])


def test_the_weights_of_the_criteria_sum_to_100():
    check_criteria(DEFAULT_CRITERIA)
    with pytest.raises(InvalidValue, match="sum to 90"):
        check_criteria({"prestasi": 50, "integritas": 40})
    with pytest.raises(InvalidValue, match="1 to 100"):
        check_criteria({"prestasi": 100, "integritas": 0})
    with pytest.raises(InvalidValue, match="at least one"):
        check_criteria({})


def test_scores_name_every_criterion_and_only_those_within_1_to_100():
    criteria = {"prestasi": 60, "inovasi": 40}
    assert score_rules({"prestasi": 80, "inovasi": 70}, criteria) == []
    assert score_rules({"prestasi": 101, "komitmen": 70}, criteria) == [
        "inovasi: not scored",
        "komitmen: not a criterion of this round",
        "prestasi: 101 is not from 1 to 100",
    ]


def test_the_panel_s_score_is_the_mean_of_each_member_s_weighted_score():
    criteria = {"prestasi": 60, "inovasi": 40}
    assert weighted({"prestasi": 80, "inovasi": 70}, criteria) == 76
    assert total_score([{"prestasi": 80, "inovasi": 70}, {"prestasi": 90, "inovasi": 90}],
                       criteria) == 83  # fmt: skip
    assert total_score([], criteria) is None


def test_competency_fit_is_the_share_of_requirements_met():
    assert competency_fit(None, {"teknis": 10}) == (1.0, [])
    assert competency_fit({"manajerial": 70, "teknis": 80}, {"manajerial": 75, "teknis": 60}) == (
        0.5,
        ["teknis"],
    )
    assert competency_fit({"manajerial": 70}, None) == (0.0, ["manajerial"])


@pytest.mark.parametrize(
    ("box", "fit", "promoted", "ready"),
    [(9, 1.0, False, "siap_sekarang"), (9, 0.5, False, "siap_1_2_tahun"),
     (8, 1.0, False, "siap_1_2_tahun"), (8, 0.5, False, "siap_3_tahun"),
     (7, 1.0, False, "siap_3_tahun"), (6, 1.0, False, None), (None, 1.0, False, None),
     (5, 0.0, True, "siap_sekarang"), (None, 0.0, True, "siap_sekarang")],
)  # fmt: skip
def test_readiness_follows_the_box_the_fit_and_a_ratified_promotion(box, fit, promoted, ready):
    assert readiness(box, fit, promoted) == ready


def test_a_candidate_comes_from_the_position_s_level_or_the_one_below():
    assert eligible("administrator", "jpt_pratama") and eligible("jpt", "jpt_pratama")
    assert not eligible("pengawas", "jpt_pratama")
    assert eligible("fungsional", "administrator") and eligible("pelaksana", "pengawas")
    assert not eligible("jpt", "pengawas")  # a step down is no succession
    assert not eligible(None, "pengawas")
