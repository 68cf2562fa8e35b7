"""Angka kredit, potensi, the 9-box and the follow-up of a predikat: regulation.md §6, §7."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from functions.domain import (
    BOX_ACTIONS,
    JENJANG_COEFFICIENT,
    Flag,
    InvalidValue,
    JabatanSpell,
    Potensi,
    Predikat,
    Rating,
    angka_kredit,
    follow_up,
    is_succession_candidate,
    kinerja_axis,
    months_by_jenjang,
    nine_box,
    potensi_from_scores,
    rank_within_unit,
    year_credit,
)
from tests.unit.factories import DEFAULT

SB, B, BP, K, SK = list(Predikat)

COEFFICIENTS = {
    "ahli_pertama": "12.5",
    "ahli_muda": "25",
    "ahli_madya": "37.5",
    "ahli_utama": "50",
    "pemula": "3.75",
    "terampil": "5",
    "mahir": "12.5",
    "penyelia": "25",
}
SHARES = {SB: "1.5", B: "1", BP: "0.75", K: "0.5", SK: "0.25"}


def test_there_are_the_eight_jenjang_of_the_table():
    assert set(JENJANG_COEFFICIENT) == set(COEFFICIENTS)


@pytest.mark.parametrize(("jenjang", "coefficient"), COEFFICIENTS.items())
@pytest.mark.parametrize(("value", "share"), SHARES.items())
def test_annual_angka_kredit_is_share_times_coefficient(jenjang, coefficient, value, share):
    assert JENJANG_COEFFICIENT[jenjang] == Decimal(coefficient)
    exact = Decimal(share) * Decimal(coefficient)
    expected = exact.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    assert angka_kredit(value, jenjang) == expected


def test_ahli_pertama_sangat_baik_earns_18_75():
    assert angka_kredit(SB, "ahli_pertama") == Decimal("18.750")


def test_two_months_at_baik_earn_2_083():
    assert angka_kredit(B, "ahli_pertama", months=2) == Decimal("2.083")


def test_pemula_at_butuh_perbaikan_rounds_half_up():
    # 0.75 × 3.75 = 2.8125: half up, not to even
    assert angka_kredit(BP, "pemula") == Decimal("2.813")


def test_part_of_a_year_rounds_half_up_to_three_decimals():
    # 1/12 × 0.25 × 3.75 = 0.078125 → 0.078
    assert angka_kredit(SK, "pemula", months=1) == Decimal("0.078")
    # 5/12 × 0.75 × 5 = 1.5625 → 1.563
    assert angka_kredit(BP, "terampil", months=5) == Decimal("1.563")


def test_an_unknown_jenjang_is_refused_naming_jenjang():
    with pytest.raises(InvalidValue) as raised:
        angka_kredit(B, "ahli_super")
    assert raised.value.field == "jenjang"
    assert "ahli_super" in raised.value.rule


@pytest.mark.parametrize("months", [0, 13, -1, True, 1.5])
def test_months_outside_a_year_are_refused(months):
    with pytest.raises(InvalidValue) as raised:
        angka_kredit(B, "ahli_muda", months=months)
    assert raised.value.field == "months"


@given(st.sampled_from(list(Predikat)), st.sampled_from(list(JENJANG_COEFFICIENT)))
def test_more_months_never_earn_less(value, jenjang):
    credits = [angka_kredit(value, jenjang, m) for m in range(1, 13)]
    assert credits == sorted(credits)


@given(st.sampled_from(list(JENJANG_COEFFICIENT)), st.integers(1, 12))
def test_a_better_predikat_never_earns_less(jenjang, months):
    credits = [angka_kredit(p, jenjang, months) for p in Predikat]  # best first
    assert credits == sorted(credits, reverse=True)


# --- potensi and the 9-box -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((80, 80, 80), Potensi.TINGGI),
        ((90, 75, 75), Potensi.TINGGI),  # mean 80
        ((79, 80, 80), Potensi.MENENGAH),
        ((60, 60, 60), Potensi.MENENGAH),
        ((59, 60, 60), Potensi.RENDAH),
        ((0, 0, 0), Potensi.RENDAH),
        ((100, 100, 100), Potensi.TINGGI),
    ],
)
def test_potensi_from_the_mean_of_the_three_scores(scores, expected):
    assert potensi_from_scores(*scores, policy=DEFAULT) is expected


def test_potensi_bands_are_policy():
    policy = DEFAULT.replace(potensi_tinggi_from=90.0, potensi_menengah_from=78.0)
    assert potensi_from_scores(85, 85, 85, policy) is Potensi.MENENGAH
    assert potensi_from_scores(77, 77, 77, policy) is Potensi.RENDAH


def test_potensi_is_called_with_the_stored_score_names():
    scores = {"manajerial": 85, "sosial_kultural": 80, "teknis": 90}
    assert potensi_from_scores(**scores, policy=DEFAULT) is Potensi.TINGGI


@pytest.mark.parametrize("field", ["manajerial", "sosial_kultural", "teknis"])
@pytest.mark.parametrize("bad", [-1, 101, float("nan"), "80", None])
def test_a_score_outside_0_to_100_is_refused_by_name(field, bad):
    scores = {"manajerial": 70, "sosial_kultural": 70, "teknis": 70, field: bad}
    with pytest.raises(InvalidValue) as raised:
        potensi_from_scores(**scores, policy=DEFAULT)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("value", "axis"),
    [
        (SB, Rating.DI_ATAS),
        (B, Rating.SESUAI),
        (BP, Rating.DI_BAWAH),
        (K, Rating.DI_BAWAH),
        (SK, Rating.DI_BAWAH),
    ],
)
def test_default_kinerja_axis(value, axis):
    assert kinerja_axis(value, DEFAULT) is axis


def test_kinerja_axis_is_policy():
    generous = DEFAULT.replace(kinerja_axis={**DEFAULT.kinerja_axis, BP: Rating.SESUAI})
    assert kinerja_axis(BP, generous) is Rating.SESUAI


BOXES = [
    (Potensi.TINGGI, Rating.DI_BAWAH, 6),
    (Potensi.TINGGI, Rating.SESUAI, 8),
    (Potensi.TINGGI, Rating.DI_ATAS, 9),
    (Potensi.MENENGAH, Rating.DI_BAWAH, 3),
    (Potensi.MENENGAH, Rating.SESUAI, 5),
    (Potensi.MENENGAH, Rating.DI_ATAS, 7),
    (Potensi.RENDAH, Rating.DI_BAWAH, 1),
    (Potensi.RENDAH, Rating.SESUAI, 2),
    (Potensi.RENDAH, Rating.DI_ATAS, 4),
]


@pytest.mark.parametrize(("potensi", "kinerja", "box"), BOXES)
def test_each_box_of_the_nine_box(potensi, kinerja, box):
    assert nine_box(kinerja, potensi) == box


def test_every_box_has_actions():
    assert sorted(BOX_ACTIONS) == list(range(1, 10))
    assert all(BOX_ACTIONS[box] for box in BOX_ACTIONS)
    assert BOX_ACTIONS[6] == ("fitting placement", "bimbingan kinerja", "konseling kinerja")
    assert "study assignment" in BOX_ACTIONS[7]
    assert "PP 30/2019" in BOX_ACTIONS[1][0]


@pytest.mark.parametrize("box", range(1, 10))
def test_boxes_7_to_9_are_succession_candidates(box):
    assert is_succession_candidate(box) is (box >= 7)


@pytest.mark.parametrize("box", [0, 10, True])
def test_a_box_outside_1_to_9_is_refused(box):
    with pytest.raises(InvalidValue):
        is_succession_candidate(box)


def test_nine_box_refuses_an_unknown_potensi():
    with pytest.raises(InvalidValue) as raised:
        nine_box(Rating.SESUAI, "luar biasa")
    assert raised.value.field == "potensi"


# --- follow_up -------------------------------------------------------------------------------


def decide(value: Predikat, asn_kind: str = "pns", **changes):
    args = {"jenjang": None, "months": 12, "potensi": None, "policy": DEFAULT, **changes}
    return follow_up(predikat=value, asn_kind=asn_kind, **args)


def test_a_pns_below_expectation_starts_the_improvement_period():
    result = decide(BP)
    assert Flag.PNS_IMPROVEMENT_PERIOD in result.flags
    assert result.tukin_factor == Decimal("0.90")


def test_a_pppk_below_expectation_has_the_contract_reviewed():
    result = decide(SK, "pppk")
    assert result.flags == ("pppk_contract_review",)
    assert result.tukin_factor == Decimal("0.80")


def test_a_pppk_at_or_above_expectation_may_be_extended():
    assert decide(B, "pppk").flags == ("pppk_extension_eligible",)


def test_a_pns_at_baik_gets_no_flag_and_full_tukin():
    result = decide(B)
    assert (result.flags, result.actions, result.tukin_factor) == ((), (), Decimal("1"))


def test_kurang_starts_the_improvement_period_by_default_but_that_is_policy():
    assert Flag.PNS_IMPROVEMENT_PERIOD in decide(K).flags
    policy = DEFAULT.replace(improvement_predikat=[BP, SK])
    assert decide(K, policy=policy).flags == ()


def test_a_fungsional_gets_angka_kredit_and_others_none():
    assert decide(SB, jenjang="ahli_pertama").angka_kredit == Decimal("18.750")
    assert decide(B, jenjang="ahli_pertama", months=2).angka_kredit == Decimal("2.083")
    assert decide(SB).angka_kredit is None


def test_the_box_and_its_actions_come_with_potensi():
    result = decide(SB, potensi=Potensi.TINGGI)
    assert result.box == 9
    assert Flag.SUCCESSION_CANDIDATE in result.flags
    assert result.actions[: len(BOX_ACTIONS[9])] == BOX_ACTIONS[9]
    assert decide(SB).box is None


def test_box_one_for_a_pns_below_expectation_with_low_potensi():
    result = decide(SK, potensi="rendah")
    assert result.box == 1
    assert result.actions == BOX_ACTIONS[1]
    assert result.flags == ("pns_improvement_period",)


def test_sangat_baik_earns_the_rewards_and_jf_the_promotion():
    assert decide(SB).actions == ("penghargaan",)
    assert decide(SB, jenjang="mahir").actions == ("penghargaan", "kenaikan pangkat istimewa")
    assert Flag.REWARD in decide(SB).flags
    assert Flag.REWARD not in decide(B).flags


def test_rewards_are_policy():
    policy = DEFAULT.replace(rewards=["piagam", "bintang"], rewards_from=B)
    assert decide(B, policy=policy).actions == ("piagam", "bintang")


def test_tukin_factors_are_policy():
    policy = DEFAULT.replace(tukin_factor={**DEFAULT.tukin_factor, K: Decimal("0.99")})
    assert decide(K, policy=policy).tukin_factor == Decimal("0.99")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"asn_kind": "honorer"}, "asn_kind"),
        ({"months": 0}, "months"),
        ({"jenjang": "ahli"}, "jenjang"),
        ({"potensi": "super"}, "potensi"),
        ({"value": "luar_biasa"}, "predikat"),
    ],
)
def test_follow_up_refuses_bad_input_by_name(changes, field):
    value = changes.pop("value", B)
    asn_kind = changes.pop("asn_kind", "pns")
    with pytest.raises(InvalidValue) as raised:
        decide(value, asn_kind, **changes)
    assert raised.value.field == field


# --- ranking within a unit ------------------------------------------------------------------
def test_ranking_orders_by_predikat_then_standing_and_shares_positions():
    predikat = {"a": Predikat.BAIK, "b": Predikat.SANGAT_BAIK, "c": Predikat.BAIK,
                "d": Predikat.BAIK, "e": Predikat.KURANG}  # fmt: skip
    standing = {"a": 101.0, "c": 101.0, "d": 104.5}
    ranked = rank_within_unit(predikat, standing)
    assert [(r.position, r.nip) for r in ranked] == [
        (1, "b"), (2, "d"), (3, "a"), (3, "c"), (5, "e")
    ]  # fmt: skip
    assert ranked[0].standing is None  # no standing: last within Sangat Baik, alone there


def test_ranking_refuses_an_unknown_predikat_by_name():
    with pytest.raises(InvalidValue) as error:
        rank_within_unit({"x": "hebat"})
    assert error.value.field == "predikat.x"


@given(
    st.dictionaries(
        st.text("0123456789", min_size=3, max_size=3),
        st.tuples(st.sampled_from(list(Predikat)), st.none() | st.floats(0, 200)),
        max_size=30,
    ),
    st.randoms(),
)
def test_ranking_does_not_depend_on_order_and_better_never_ranks_below(people, rng):
    items = list(people.items())
    rng.shuffle(items)
    predikat = {nip: p for nip, (p, _) in items}
    standing = {nip: s for nip, (_, s) in items if s is not None}
    ranked = rank_within_unit(predikat, standing)
    assert ranked == rank_within_unit(dict(sorted(predikat.items())), standing)
    for above, below in pairwise(ranked):
        assert above.position <= below.position
        assert above.predikat.rank >= below.predikat.rank


# --- angka kredit for part of a year (issue 12) ------------------------------------------------


def test_the_months_in_a_jabatan_count_from_its_tmt():
    since = lambda *day: [JabatanSpell("ahli_pertama", date(*day))]  # noqa: E731
    assert months_by_jenjang(2026, [JabatanSpell("ahli_pertama")]) == {"ahli_pertama": 12}
    assert months_by_jenjang(2026, since(2025, 3, 1)) == {"ahli_pertama": 12}
    assert months_by_jenjang(2026, since(2026, 11, 1)) == {"ahli_pertama": 2}
    assert months_by_jenjang(2026, since(2026, 11, 15)) == {"ahli_pertama": 1}  # from December
    assert months_by_jenjang(2026, since(2027, 1, 1)) == {}


def test_two_months_at_baik_from_a_november_appointment_earn_2_083():
    spells = [JabatanSpell("ahli_pertama", date(2026, 11, 1))]
    assert year_credit(B, spells, 2026).angka_kredit == Decimal("2.083")  # regulation.md §6


def test_a_promotion_mid_year_counts_the_months_in_each_jenjang():
    spells = [
        JabatanSpell("ahli_pertama", None, date(2026, 6, 30)),
        JabatanSpell("ahli_muda", date(2026, 7, 1)),
    ]
    credit = year_credit(B, spells, 2026)
    assert credit.months == {"ahli_pertama": 6, "ahli_muda": 6}
    assert credit.angka_kredit == Decimal("6.250") + Decimal("12.500")


def test_leaving_a_jabatan_fungsional_keeps_the_months_held():
    spells = [JabatanSpell("terampil", date(2024, 1, 1), date(2026, 3, 31))]
    decided = decide(B, spells=spells, year=2026)  # no jenjang now: moved to a structural post
    assert decided.angka_kredit == Decimal("1.250") and decided.ak_months == 3


def test_follow_up_counts_the_spells_of_the_year_and_says_how_many_months():
    spells = [JabatanSpell("ahli_pertama", date(2026, 11, 1))]
    decided = decide(SB, jenjang="ahli_pertama", spells=spells, year=2026)
    assert decided.angka_kredit == Decimal("3.125") and decided.ak_months == 2
    whole = decide(SB, jenjang="ahli_pertama")
    assert whole.angka_kredit == Decimal("18.750") and whole.ak_months == 12
    next_year = [JabatanSpell("ahli_pertama", date(2027, 2, 1))]
    later = decide(SB, jenjang="ahli_pertama", spells=next_year, year=2026)
    assert later.angka_kredit is None and later.ak_months is None


def test_spells_need_the_year_and_known_jenjang():
    with pytest.raises(InvalidValue) as raised:
        decide(B, jenjang="ahli_muda", spells=[JabatanSpell("ahli_muda")])
    assert raised.value.field == "year"
    with pytest.raises(InvalidValue) as raised:
        months_by_jenjang(2026, [JabatanSpell("guru")])
    assert raised.value.field == "spells[0].jenjang"
    with pytest.raises(InvalidValue) as raised:
        months_by_jenjang(2026, [JabatanSpell("mahir", date(2026, 5, 1), date(2026, 4, 1))])
    assert raised.value.field == "spells[0].end"


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)))
def test_a_later_tmt_never_earns_more(tmt):
    later = tmt + timedelta(days=20)
    earlier = year_credit(B, [JabatanSpell("mahir", tmt)], 2026).angka_kredit or Decimal(0)
    assert (year_credit(B, [JabatanSpell("mahir", later)], 2026).angka_kredit or 0) <= earlier
