"""Ratings and predikat: regulation.md §4, cell by cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from functions.domain import (
    BERAKHLAK,
    InvalidValue,
    MissingInput,
    PerilakuRule,
    Predikat,
    Rating,
    RhkJudgement,
    predikat,
    rate_hasil_kerja,
    rate_perilaku,
    suggest_perilaku,
)
from tests.unit.factories import DEFAULT

A, S, W = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH

# (hasil kerja, perilaku, predikat): the table of regulation.md §4, row by row
MATRIX_CELLS = [
    (A, W, Predikat.KURANG),
    (A, S, Predikat.BAIK),
    (A, A, Predikat.SANGAT_BAIK),
    (S, W, Predikat.KURANG),
    (S, S, Predikat.BAIK),
    (S, A, Predikat.BAIK),
    (W, W, Predikat.SANGAT_KURANG),
    (W, S, Predikat.BUTUH_PERBAIKAN),
    (W, A, Predikat.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIX_CELLS)
def test_each_cell_of_the_predikat_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) is expected


def test_perilaku_di_bawah_gives_kurang_misconduct():
    assert predikat(Rating.SESUAI, Rating.DI_BAWAH).label == "Kurang/Misconduct"


def test_predikat_accepts_the_stored_strings():
    assert predikat("di_atas", "di_atas") is Predikat.SANGAT_BAIK


def test_predikat_refuses_an_unknown_rating_naming_the_field():
    with pytest.raises(InvalidValue) as raised:
        predikat(Rating.SESUAI, "excellent")
    assert raised.value.field == "rating_perilaku"


@pytest.mark.parametrize(
    ("rating", "code", "label"),
    [(A, 1, "Di Atas Ekspektasi"), (S, 2, "Sesuai Ekspektasi"), (W, 3, "Di Bawah Ekspektasi")],
)
def test_rating_codes_and_labels_follow_siasn(rating, code, label):
    assert (rating.siasn_code, rating.label, Rating.from_siasn(code)) == (code, label, rating)


@pytest.mark.parametrize(
    ("value", "code", "label"),
    [
        (Predikat.SANGAT_BAIK, 1, "Sangat Baik"),
        (Predikat.BAIK, 2, "Baik"),
        (Predikat.BUTUH_PERBAIKAN, 3, "Butuh Perbaikan"),
        (Predikat.KURANG, 4, "Kurang/Misconduct"),
        (Predikat.SANGAT_KURANG, 5, "Sangat Kurang"),
    ],
)
def test_predikat_codes_and_labels_follow_siasn(value, code, label):
    assert (value.siasn_code, value.label, Predikat.from_siasn(code)) == (code, label, value)


def test_predikat_enum_values_are_the_stored_strings():
    assert [p.value for p in Predikat] == [
        "sangat_baik",
        "baik",
        "butuh_perbaikan",
        "kurang",
        "sangat_kurang",
    ]
    assert [r.value for r in Rating] == ["di_atas", "sesuai", "di_bawah"]


def test_cukup_is_read_as_butuh_perbaikan():
    assert Predikat("cukup") is Predikat.BUTUH_PERBAIKAN


@pytest.mark.parametrize("code", [0, 6, True, "1"])
def test_unknown_siasn_predikat_code_is_refused(code):
    with pytest.raises(InvalidValue):
        Predikat.from_siasn(code)


def test_unknown_siasn_rating_code_is_refused():
    with pytest.raises(InvalidValue):
        Rating.from_siasn(4)


@given(st.sampled_from(list(Rating)), st.sampled_from(list(Rating)), st.sampled_from(list(Rating)))
def test_a_better_rating_never_gives_a_worse_predikat(hasil, perilaku, other):
    if other.rank >= hasil.rank:
        assert predikat(other, perilaku).rank >= predikat(hasil, perilaku).rank
    if other.rank >= perilaku.rank:
        assert predikat(hasil, other).rank >= predikat(hasil, perilaku).rank


# --- rating hasil kerja: the kuadran rule ----------------------------------------------------


def judged(*cells: str) -> list[RhkJudgement]:
    """``"A"``/``"S"``/``"W"`` for a main RHK, lower case for an additional one."""
    ratings = {"a": A, "s": S, "w": W}
    return [
        RhkJudgement(f"r{n}", cell.isupper(), ratings[cell.lower()]) for n, cell in enumerate(cells)
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # Di Atas: most above, no main result below
        (("A", "A", "A"), A),
        (("A", "A", "S"), A),
        (("A", "A", "A", "w"), A),  # an additional result below does not stop Di Atas
        (("A", "A", "S", "S"), S),  # half is not most
        (("A", "A", "A", "W", "S"), S),  # one of four main results below: a small share
        (("A", "A", "W"), W),  # one of three main results below: more than 25 %
        # Sesuai: most as expected, at most a small share of main results below
        (("S",), S),
        (("S", "S", "S", "W"), S),  # 1 of 4 main = 25 %
        (("S", "S", "S", "S", "W"), S),
        (("S", "S", "W"), W),  # 1 of 3 main = 33 %
        (("S", "S", "S", "S", "S", "S", "S", "W", "W"), W),  # two main results below
        (("S", "s", "s", "w"), S),  # additional results below do not count against Sesuai
        # Di Bawah: most below
        (("W",), W),
        (("W", "W", "S"), W),
        (("S", "S", "w", "w", "w"), W),
        # no majority either way: the middle picture
        (("A", "A", "w", "w"), S),
        (("A", "S", "s", "w"), S),
    ],
)
def test_kuadran_rule_cases(cells, expected):
    assert rate_hasil_kerja(judged(*cells), DEFAULT) is expected


def test_most_is_strictly_more_than_the_policy_share():
    three_of_five = judged("A", "A", "A", "S", "S")
    assert rate_hasil_kerja(three_of_five, DEFAULT) is A
    assert rate_hasil_kerja(three_of_five, DEFAULT.replace(hasil_most_ratio=0.6)) is S


def test_small_share_count_and_ratio_are_policy():
    one_of_three = judged("S", "S", "W")
    assert rate_hasil_kerja(one_of_three, DEFAULT) is W
    lenient = DEFAULT.replace(hasil_small_share_max_ratio=0.34)
    assert rate_hasil_kerja(one_of_three, lenient) is S
    two_of_eight = judged("S", "S", "S", "S", "S", "S", "W", "W")
    assert rate_hasil_kerja(two_of_eight, DEFAULT) is W
    assert rate_hasil_kerja(two_of_eight, DEFAULT.replace(hasil_small_share_max_count=2)) is S


def test_only_additional_results_are_rated_without_a_small_share_check():
    assert rate_hasil_kerja(judged("s", "s", "w"), DEFAULT) is S


def test_rating_hasil_kerja_without_judgements_is_refused():
    with pytest.raises(MissingInput) as raised:
        rate_hasil_kerja([], DEFAULT)
    assert raised.value.field == "judgements"


def test_an_rhk_judged_twice_is_refused():
    twice = [RhkJudgement("r1", True, S), RhkJudgement("r1", True, A)]
    with pytest.raises(InvalidValue) as raised:
        rate_hasil_kerja(twice, DEFAULT)
    assert raised.value.field == "judgements[1].rhk_id"


def test_an_unknown_rhk_rating_is_refused_with_its_position():
    with pytest.raises(InvalidValue) as raised:
        rate_hasil_kerja([RhkJudgement("r1", True, S), RhkJudgement("r2", True, "hmm")], DEFAULT)
    assert raised.value.field == "judgements[1].rating"


def test_the_order_of_judgements_does_not_matter():
    cells = judged("A", "S", "W", "a", "s")
    assert rate_hasil_kerja(cells, DEFAULT) is rate_hasil_kerja(cells[::-1], DEFAULT)


judgement_lists = st.lists(
    st.tuples(st.booleans(), st.sampled_from(list(Rating))), min_size=1, max_size=12
)


@given(judgement_lists, st.data())
def test_a_better_judgement_of_one_rhk_never_lowers_hasil_kerja(cells, data):
    n = data.draw(st.integers(0, len(cells) - 1))
    utama, rating = cells[n]
    better = data.draw(st.sampled_from([r for r in Rating if r.rank >= rating.rank]))
    before = [RhkJudgement(f"r{i}", u, r) for i, (u, r) in enumerate(cells)]
    after = [*before[:n], RhkJudgement(f"r{n}", utama, better), *before[n + 1 :]]
    assert rate_hasil_kerja(after, DEFAULT).rank >= rate_hasil_kerja(before, DEFAULT).rank


@given(judgement_lists)
def test_all_results_alike_give_that_rating(cells):
    for rating in Rating:
        same = [RhkJudgement(f"r{i}", u, rating) for i, (u, _) in enumerate(cells)]
        assert rate_hasil_kerja(same, DEFAULT) is rating


# --- rating perilaku kerja -------------------------------------------------------------------


def values(*ratings: Rating) -> dict[str, Rating]:
    return dict(zip(BERAKHLAK, ratings, strict=True))


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ((S,) * 7, S),
        ((A,) * 7, A),
        ((W,) * 7, W),
        ((A,) * 4 + (S,) * 3, A),  # four above, none below: Di Atas
        ((A,) * 3 + (S,) * 4, S),  # three above is not a majority
        ((A,) * 6 + (W,), S),  # any value below stops Di Atas
        ((W,) * 3 + (S,) * 4, S),  # three below is not a majority
        ((W,) * 4 + (S,) * 3, W),  # four below: Di Bawah
        ((W,) * 4 + (A,) * 3, W),
        ((A,) * 3 + (W,) * 3 + (S,), S),
    ],
)
def test_perilaku_majority_rule_cases(ratings, expected):
    assert suggest_perilaku(values(*ratings), DEFAULT) is expected


def test_perilaku_thresholds_are_policy():
    three_below = values(W, W, W, S, S, S, S)
    assert suggest_perilaku(three_below, DEFAULT.replace(perilaku_di_bawah_max=2)) is W
    three_above = values(A, A, A, S, S, S, S)
    assert suggest_perilaku(three_above, DEFAULT.replace(perilaku_di_atas_min=3)) is A


def test_perilaku_without_every_berakhlak_value_names_the_missing_one():
    partial = values(*(S,) * 7)
    del partial["loyal"]
    with pytest.raises(MissingInput) as raised:
        suggest_perilaku(partial, DEFAULT)
    assert raised.value.field == "perilaku.loyal"
    assert "loyal" in raised.value.rule


def test_perilaku_with_an_unknown_value_is_refused():
    extra = {**values(*(S,) * 7), "jujur": S}
    with pytest.raises(InvalidValue) as raised:
        suggest_perilaku(extra, DEFAULT)
    assert raised.value.field == "perilaku.jujur"


def test_perilaku_with_an_unknown_rating_is_refused():
    bad = {**values(*(S,) * 7), "adaptif": "great"}
    with pytest.raises(InvalidValue) as raised:
        suggest_perilaku(bad, DEFAULT)
    assert raised.value.field == "perilaku.adaptif"


def test_perilaku_accepts_the_stored_strings():
    assert suggest_perilaku(dict.fromkeys(BERAKHLAK, "di_atas"), DEFAULT) is A


@given(st.lists(st.sampled_from(list(Rating)), min_size=7, max_size=7), st.data())
def test_a_better_value_never_lowers_perilaku(ratings, data):
    n = data.draw(st.integers(0, 6))
    better = data.draw(st.sampled_from([r for r in Rating if r.rank >= ratings[n].rank]))
    improved = [*ratings[:n], better, *ratings[n + 1 :]]
    before = suggest_perilaku(values(*ratings), DEFAULT)
    assert suggest_perilaku(values(*improved), DEFAULT).rank >= before.rank


def test_perilaku_is_the_penilais_overall_rating_by_default():
    # Issue 12: the reference's default is the penilai's judgement, not the majority rule
    all_sesuai = values(*(S,) * 7)
    assert DEFAULT.perilaku_rule is PerilakuRule.PENILAI
    assert rate_perilaku(all_sesuai, DEFAULT, A) is A
    assert rate_perilaku(all_sesuai, DEFAULT, "di_bawah") is W


def test_without_the_penilais_overall_rating_the_default_rule_names_the_field():
    with pytest.raises(MissingInput) as raised:
        rate_perilaku(values(*(A,) * 7), DEFAULT)
    assert raised.value.field == "rating_perilaku"
    assert "suggest di_atas" in raised.value.rule
    with pytest.raises(InvalidValue) as raised:
        rate_perilaku(values(*(A,) * 7), DEFAULT, "great")
    assert raised.value.field == "rating_perilaku"


def test_the_penilais_rating_still_needs_every_value_rated():
    partial = values(*(S,) * 7)
    del partial["loyal"]
    with pytest.raises(MissingInput) as raised:
        rate_perilaku(partial, DEFAULT, S)
    assert raised.value.field == "perilaku.loyal"


def test_the_majority_rule_stays_available_as_policy():
    majority = DEFAULT.replace(perilaku_rule="majority")
    four_below = values(W, W, W, W, S, S, S)
    assert rate_perilaku(four_below, majority) is W
    assert rate_perilaku(four_below, majority, A) is W  # the values decide, not the overall
