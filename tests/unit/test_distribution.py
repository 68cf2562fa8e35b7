"""The distribution of predikat an organisation's predikat allows: regulation.md §5, each rule at
and around its bounds. Units of ten make the percentages whole people; other sizes test rounding."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from functions.domain import (
    RULES,
    DistributionScope,
    InvalidValue,
    OrgPredikat,
    Predikat,
    Rounding,
    bounds_for,
    check_distribution,
)
from tests.unit.factories import DEFAULT

SB, B, BP, K, SK = list(Predikat)


def unit(**counts: int) -> dict[str, Predikat]:
    """NIP → predikat, with ``sb=2, b=7, …`` people of each predikat (NIPs in predikat order)."""
    short = {"sb": SB, "b": B, "bp": BP, "k": K, "sk": SK}
    people = [short[key] for key, n in counts.items() for _ in range(n)]
    return {f"nip{n:03d}": value for n, value in enumerate(people)}


def broken(org: OrgPredikat, policy=DEFAULT, **counts: int) -> list[str]:
    return [v.bound for v in check_distribution(org, unit(**counts), policy).violations]


# --- Istimewa: most, at most 70 %, Sangat Baik; the rest any ---------------------------------


@pytest.mark.parametrize(
    ("sb", "expected"),
    [
        (5, ["more than 50% Sangat Baik"]),  # half is not most
        (6, []),
        (7, []),
        (8, ["at most 70% Sangat Baik"]),
        (10, ["at most 70% Sangat Baik"]),
    ],
)
def test_istimewa_wants_most_but_at_most_70_percent_sangat_baik(sb, expected):
    assert broken(OrgPredikat.ISTIMEWA, sb=sb, b=10 - sb - 1, sk=1) == expected


def test_istimewa_accepts_any_predikat_for_the_rest():
    assert broken(OrgPredikat.ISTIMEWA, sb=6, b=1, bp=1, k=1, sk=1) == []


# --- Baik: most, at most 70 %, Baik; at least one BP or K; the rest SB or SK -----------------


@pytest.mark.parametrize(
    ("b", "expected"),
    [(5, ["more than 50% Baik"]), (6, []), (7, []), (8, ["at most 70% Baik"])],
)
def test_baik_wants_most_but_at_most_70_percent_baik(b, expected):
    assert broken(OrgPredikat.BAIK, b=b, bp=1, sb=9 - b) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"b": 7, "sb": 3}, ["at least one Butuh Perbaikan or Kurang/Misconduct"]),
        ({"b": 7, "sb": 2, "bp": 1}, []),
        ({"b": 7, "sb": 2, "k": 1}, []),
        ({"b": 6, "bp": 2, "k": 2}, []),  # more than one is fine
        ({"b": 7, "sk": 3}, ["at least one Butuh Perbaikan or Kurang/Misconduct"]),
    ],
)
def test_baik_needs_at_least_one_butuh_perbaikan_or_kurang(counts, expected):
    assert broken(OrgPredikat.BAIK, **counts) == expected


# --- Butuh Perbaikan: at least 60 % BP; SB at most 10 %; the rest B, K, SK -------------------


@pytest.mark.parametrize(
    ("bp", "sb", "expected"),
    [
        (5, 0, ["at least 60% Butuh Perbaikan"]),
        (6, 0, []),
        (6, 1, []),
        (6, 2, ["at most 10% Sangat Baik"]),
        (5, 2, ["at least 60% Butuh Perbaikan", "at most 10% Sangat Baik"]),
        (10, 0, []),
    ],
)
def test_butuh_perbaikan_bounds(bp, sb, expected):
    assert broken(OrgPredikat.BUTUH_PERBAIKAN, bp=bp, sb=sb, k=10 - bp - sb) == expected


# --- Kurang: at least 60 % K; at least 10 % BP; SB at most 10 %; the rest B or SK -------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"k": 6, "bp": 1, "b": 3}, []),
        ({"k": 5, "bp": 1, "b": 4}, ["at least 60% Kurang/Misconduct"]),
        ({"k": 7, "bp": 0, "b": 3}, ["at least 10% Butuh Perbaikan"]),
        ({"k": 6, "bp": 1, "sb": 1, "sk": 2}, []),
        ({"k": 6, "bp": 1, "sb": 2, "sk": 1}, ["at most 10% Sangat Baik"]),
    ],
)
def test_kurang_bounds(counts, expected):
    assert broken(OrgPredikat.KURANG, **counts) == expected


# --- Sangat Kurang: at least 60 % SK; at least 10 % K or BP; the rest B; no SB ----------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"sk": 6, "k": 1, "b": 3}, []),
        ({"sk": 6, "bp": 1, "b": 3}, []),
        ({"sk": 5, "k": 1, "b": 4}, ["at least 60% Sangat Kurang"]),
        ({"sk": 9, "b": 1}, ["at least 10% Kurang/Misconduct or Butuh Perbaikan"]),
        ({"sk": 8, "k": 1, "sb": 1}, ["no Sangat Baik"]),
        ({"sk": 10}, ["at least 10% Kurang/Misconduct or Butuh Perbaikan"]),
    ],
)
def test_sangat_kurang_bounds(counts, expected):
    assert broken(OrgPredikat.SANGAT_KURANG, **counts) == expected


def test_no_sangat_baik_means_not_even_one_in_a_large_unit():
    violation = check_distribution(
        OrgPredikat.SANGAT_KURANG, unit(sk=60, k=39, sb=1), DEFAULT
    ).violations[0]
    assert (violation.bound, violation.allowed, violation.actual) == ("no Sangat Baik", 0, 1)
    assert violation.too_many == 1
    assert violation.candidates == ("nip099",)


# --- what a violation says -------------------------------------------------------------------


def test_a_violation_names_the_bound_the_counts_and_how_many_are_off():
    report = check_distribution(OrgPredikat.BAIK, unit(b=9, bp=1), DEFAULT)
    assert not report.ok
    (violation,) = report.violations
    assert violation.bound == "at most 70% Baik"
    assert (violation.allowed, violation.actual, violation.too_many, violation.too_few) == (
        7,
        9,
        2,
        0,
    )
    assert violation.group == (B,)
    assert "2 too many" in violation.message


def test_too_few_names_the_nearest_predikat_first():
    # Kurang unit short of Kurang: Butuh Perbaikan and Sangat Kurang sit next to it
    employees = {"a": SB, "b": B, "c": BP, "d": K, "e": SK}
    (violation, *_) = check_distribution(OrgPredikat.KURANG, employees, DEFAULT).violations
    assert violation.bound == "at least 60% Kurang/Misconduct"
    assert violation.too_few == 2
    assert violation.candidates == ("c", "e", "b", "a")


def test_standing_orders_candidates_by_how_close_they_sit_to_the_group():
    employees = {"x": B, "y": B, "z": B, "w": SK}
    standing = {"x": 95.0, "y": 70.0, "z": 88.0, "w": 10.0}
    report = check_distribution(OrgPredikat.BAIK, employees, DEFAULT, standing=standing)
    (violation,) = report.violations  # no Butuh Perbaikan or Kurang
    # the Baik above the group, weakest first; then Sangat Kurang (below), strongest first
    assert violation.candidates == ("y", "z", "x", "w")


def test_too_many_names_the_groups_weakest_first_when_standing_is_known():
    employees = unit(sb=9, b=1)
    standing = {nip: float(n) for n, nip in enumerate(reversed(sorted(employees)))}
    report = check_distribution(OrgPredikat.ISTIMEWA, employees, DEFAULT, standing=standing)
    (violation,) = report.violations
    assert violation.candidates[0] == "nip008"  # the weakest Sangat Baik
    assert len(violation.candidates) == 9


def test_a_clean_unit_is_ok_with_its_counts():
    report = check_distribution(OrgPredikat.BAIK, unit(sb=2, b=7, bp=1), DEFAULT)
    assert report.ok and report.checked and report.violations == ()
    assert dict(report.counts) == {SB: 2, B: 7, BP: 1, K: 0, SK: 0}
    assert report.counted == 10


# --- the denominator and rounding (policy) ---------------------------------------------------


def test_the_head_is_not_counted_by_default():
    employees = {**unit(b=7, bp=1, sb=2), "head": SB}
    report = check_distribution(OrgPredikat.BAIK, employees, DEFAULT, head_nip="head")
    assert (report.counted, report.excluded, report.ok) == (10, ("head",), True)
    counted = DEFAULT.replace(distribution_exclude_head=False)
    report = check_distribution(OrgPredikat.BAIK, employees, counted, head_nip="head")
    assert (report.counted, report.excluded) == (11, ())


def test_a_head_who_is_not_in_the_unit_changes_nothing():
    report = check_distribution(OrgPredikat.BAIK, unit(b=7, bp=1, sb=2), DEFAULT, head_nip="x")
    assert report.counted == 10 and report.excluded == ()


@pytest.mark.parametrize(
    ("rounding", "at_most_70_of_7", "at_least_60_of_7", "at_most_10_of_5", "at_least_10_of_5"),
    [
        (Rounding.NEAREST, 5, 4, 1, 1),  # 4.9 → 5, 4.2 → 4, 0.5 → 1 (half up), 0.5 → 1
        (Rounding.STRICT, 4, 5, 0, 1),
        (Rounding.LENIENT, 5, 4, 1, 0),
    ],
)
def test_rounding_of_percent_bounds(
    rounding, at_most_70_of_7, at_least_60_of_7, at_most_10_of_5, at_least_10_of_5
):
    policy = DEFAULT.replace(distribution_rounding=rounding)
    assert bounds_for(OrgPredikat.ISTIMEWA, 7, policy)[1].high == at_most_70_of_7
    assert bounds_for(OrgPredikat.BUTUH_PERBAIKAN, 7, policy)[0].low == at_least_60_of_7
    assert bounds_for(OrgPredikat.KURANG, 5, policy)[2].high == at_most_10_of_5
    assert bounds_for(OrgPredikat.KURANG, 5, policy)[1].low == at_least_10_of_5


def test_most_is_strictly_more_than_half_whatever_the_rounding():
    for rounding in Rounding:
        policy = DEFAULT.replace(distribution_rounding=rounding)
        assert bounds_for(OrgPredikat.BAIK, 10, policy)[0].low == 6
        assert bounds_for(OrgPredikat.BAIK, 7, policy)[0].low == 4


def test_most_ratio_is_policy():
    policy = DEFAULT.replace(distribution_most_ratio=0.6)
    assert bounds_for(OrgPredikat.ISTIMEWA, 10, policy)[0].text == "more than 60% Sangat Baik"
    assert bounds_for(OrgPredikat.ISTIMEWA, 10, policy)[0].low == 7


@pytest.mark.parametrize(
    ("org", "employees"),
    [
        (OrgPredikat.BAIK, {"a": B}),  # one person cannot be most Baik and a Butuh Perbaikan
        (OrgPredikat.BAIK, {"a": B, "b": BP}),
        (OrgPredikat.ISTIMEWA, {"a": SB, "b": SB}),  # most = 2, at most 70 % of 2 = 1
    ],
)
def test_a_unit_too_small_for_the_rules_is_not_checked_and_says_why(org, employees):
    report = check_distribution(org, employees, DEFAULT)
    assert report.ok is None and not report.checked  # no verdict (issue 12: was ok=True)
    assert report.note and "cannot all hold" in report.note


def test_strict_rounding_makes_a_unit_of_four_istimewa_unsatisfiable():
    strict = DEFAULT.replace(distribution_rounding=Rounding.STRICT)
    report = check_distribution(OrgPredikat.ISTIMEWA, unit(sb=3, b=1), strict)
    assert not report.checked
    assert "needs 3 of 4" in (report.note or "")


def test_an_empty_unit_is_not_checked():
    report = check_distribution(OrgPredikat.BAIK, {}, DEFAULT)
    assert report.ok is None and not report.checked and report.counted == 0


def feasible(org: OrgPredikat, size: int, policy) -> bool:
    """Whether some distribution of ``size`` people passes (brute force over counts)."""
    for counts in itertools.product(range(size + 1), repeat=4):
        if sum(counts) <= size:
            sb, b, bp, k = counts
            employees = unit(sb=sb, b=b, bp=bp, k=k, sk=size - sum(counts))
            if check_distribution(org, employees, policy).violations == ():
                return True
    return False


@pytest.mark.parametrize("org", list(OrgPredikat))
def test_with_default_rounding_every_unit_of_three_or_more_can_meet_the_rules(org):
    for size in (3, 4, 5, 6, 7, 9, 11, 13):
        bounds = bounds_for(org, size, DEFAULT)
        assert all(b.low is None or b.high is None or b.low <= b.high for b in bounds)
        assert feasible(org, size, DEFAULT), (org, size)


@pytest.mark.parametrize("org", list(OrgPredikat))
def test_every_organisation_predikat_has_its_rules(org):
    assert RULES[org]


def test_unknown_organisation_predikat_is_refused():
    with pytest.raises(InvalidValue) as raised:
        check_distribution("luar_biasa", unit(b=1), DEFAULT)
    assert raised.value.field == "org_predikat"


def test_cukup_is_the_old_name_of_butuh_perbaikan():
    assert OrgPredikat("cukup") is OrgPredikat.BUTUH_PERBAIKAN


def test_an_unknown_employee_predikat_is_refused_naming_the_nip():
    with pytest.raises(InvalidValue) as raised:
        check_distribution(OrgPredikat.BAIK, {"nip1": "istimewa"}, DEFAULT)
    assert raised.value.field == "employees.nip1"


def test_a_standing_that_is_not_a_number_is_refused():
    with pytest.raises(InvalidValue):
        check_distribution(OrgPredikat.BAIK, unit(b=2, bp=1), DEFAULT, standing={"nip000": "high"})


# --- independence of order -------------------------------------------------------------------

people = st.lists(st.sampled_from(list(Predikat)), min_size=0, max_size=25)


@settings(max_examples=150)
@given(st.sampled_from(list(OrgPredikat)), people, st.randoms(use_true_random=False))
def test_the_check_does_not_depend_on_the_order_of_employees(org, values, rnd):
    pairs = [(f"nip{n:02d}", value) for n, value in enumerate(values)]
    shuffled = pairs[:]
    rnd.shuffle(shuffled)
    standing = {nip: float(rnd.randint(0, 3)) for nip, _ in pairs}
    for policy in (DEFAULT, DEFAULT.replace(distribution_rounding=Rounding.STRICT)):
        first = check_distribution(org, dict(pairs), policy, standing=standing)
        second = check_distribution(org, dict(shuffled), policy, standing=standing)
        assert first == second


@given(st.sampled_from(list(OrgPredikat)), st.permutations([SB, SB, B, B, B, BP, K, SK, SK]))
def test_permutations_of_the_same_predikat_give_the_same_counts_and_bounds(org, values):
    report = check_distribution(org, {f"n{i}": v for i, v in enumerate(values)}, DEFAULT)
    assert dict(report.counts) == {SB: 2, B: 3, BP: 1, K: 1, SK: 2}
    reference = check_distribution(
        org, {f"n{i}": v for i, v in enumerate([SB, SB, B, B, B, BP, K, SK, SK])}, DEFAULT
    )
    assert [v.bound for v in report.violations] == [v.bound for v in reference.violations]
    assert report.ok is reference.ok


# --- who moves where (issue 12) ----------------------------------------------------------------


def test_too_many_names_who_moves_and_in_which_direction():
    report = check_distribution(OrgPredikat.BAIK, unit(b=9, bp=1), DEFAULT)
    (violation,) = report.violations
    assert [(m.from_, m.to, m.direction) for m in violation.moves] == [(B, BP, "down")] * 2
    assert [m.nip for m in violation.moves] == list(violation.candidates[:2])
    assert violation.message.endswith(
        f"(2 too many); move 2 down to Butuh Perbaikan: {violation.moves[0].nip}, "
        f"{violation.moves[1].nip}"
    )


def test_no_sangat_baik_moves_the_one_down_to_baik():
    report = check_distribution(OrgPredikat.SANGAT_KURANG, unit(sk=60, k=39, sb=1), DEFAULT)
    (move,) = report.violations[0].moves
    assert (move.nip, move.from_, move.to, move.direction) == ("nip099", SB, B, "down")


def test_too_few_moves_the_nearest_into_the_group_from_above_or_below():
    employees = {"x": B, "y": B, "z": B, "w": SK}
    standing = {"x": 95.0, "y": 70.0, "z": 88.0, "w": 10.0}
    (violation,) = check_distribution(
        OrgPredikat.BAIK, employees, DEFAULT, standing=standing
    ).violations
    assert [(m.nip, m.to, m.direction) for m in violation.moves] == [("y", BP, "down")]
    below = check_distribution(OrgPredikat.KURANG, {"a": SK, "b": SK, "c": K}, DEFAULT)
    moves = [m for v in below.violations for m in v.moves if v.group == (K,)]
    assert moves and all((m.from_, m.to, m.direction) == (SK, K, "up") for m in moves)


def test_the_denominator_scope_is_policy_direct_staff_by_default():
    assert DEFAULT.distribution_scope is DistributionScope.DIRECT
    assert DEFAULT.replace(distribution_scope="tree").distribution_scope is DistributionScope.TREE
