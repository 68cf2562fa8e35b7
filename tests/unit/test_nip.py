"""NIP: 18 digits of birth date, appointment, sex and sequence (regulation.md §8)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from functions.domain import NipError, NipInfo, is_valid_nip, parse_nip


def test_a_nip_says_birth_date_appointment_sex_and_sequence():
    assert parse_nip("198503152010012003") == NipInfo(date(1985, 3, 15), (2010, 1), "P", 3)
    assert parse_nip("196604141988031009").sex == "L"


def test_a_nip_printed_with_spaces_is_read():
    assert parse_nip("19850315 201001 2 003") == parse_nip("198503152010012003")


@pytest.mark.parametrize(
    ("nip", "part"),
    [
        ("19850315201001200", "18 digits"),  # 17 digits
        ("1985031520100120031", "18 digits"),  # 19 digits
        ("19850315201001200X", "18 digits"),
        ("", "18 digits"),
        ("١٩٨٥٠٣١٥٢٠١٠٠١٢٠٠٣", "18 digits"),  # Arabic-Indic digits are not NIP digits
        ("198502302010012003", "birth date"),  # 30 February
        ("198513152010012003", "birth date"),  # month 13
        ("198503002010012003", "birth date"),  # day 0
        ("185003152010012003", "birth year"),
        ("198503152010002003", "appointment month"),  # month 00
        ("198503152010132003", "appointment month"),
        ("198503151980012003", "precede the birth"),
        ("198503152010010003", "sex"),
        ("198503152010013003", "sex"),
    ],
)
def test_an_impossible_nip_is_refused_naming_the_part(nip, part):
    with pytest.raises(NipError) as raised:
        parse_nip(nip)
    assert raised.value.field == "nip"
    assert part in raised.value.rule
    assert not is_valid_nip(nip)


def test_a_nip_that_is_not_text_is_refused():
    with pytest.raises(NipError):
        parse_nip(198503152010012003)  # type: ignore[arg-type]


@given(
    st.dates(date(1950, 1, 1), date(2005, 12, 31)),
    st.integers(0, 40),
    st.integers(1, 12),
    st.sampled_from(["1", "2"]),
    st.integers(1, 999),
)
def test_every_well_formed_nip_is_read_back(born, years, month, sex, sequence):
    year = born.year + 18 + years
    nip = f"{born:%Y%m%d}{year}{month:02d}{sex}{sequence:03d}"
    info = parse_nip(nip)
    assert info == NipInfo(born, (year, month), {"1": "L", "2": "P"}[sex], sequence)
