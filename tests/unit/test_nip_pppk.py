"""A PPPK's number as BKN issues it: digits 13-14 number the work agreement, not a month."""

from datetime import date

import pytest

from functions.domain import NipError, NipInfo, parse_nip
from functions.domain.roster import employee_rules

PPPK = "199203032022211005"


def test_a_pppk_number_says_birth_year_of_appointment_agreement_sex_and_sequence():
    assert parse_nip(PPPK, "pppk") == NipInfo(date(1992, 3, 3), (2022, None), "L", 5, agreement=21)
    assert parse_nip(PPPK, None).agreement == 21  # a penilai named: either form


def test_the_pns_rule_is_kept_for_a_pns_and_by_default():
    for kind in ("pns",):
        with pytest.raises(NipError, match="not an appointment month"):
            parse_nip(PPPK, kind)
    with pytest.raises(NipError, match="not an appointment month"):
        parse_nip(PPPK)


@pytest.mark.parametrize(
    ("nip", "rule"),
    [("199203031990211005", "cannot precede the birth year"),
     ("199213032022211005", "birth date"), ("199203032022213005", "sex")],
)  # fmt: skip
def test_a_pppk_number_keeps_the_other_rules(nip, rule):
    with pytest.raises(NipError, match=rule):
        parse_nip(nip, "pppk")


def test_one_rule_for_file_and_api():
    pppk = {"nip": PPPK, "asn_kind": "pppk", "position_kind": "pelaksana", "jenjang": None}
    assert employee_rules(pppk) == []
    assert [f for f, _ in employee_rules({**pppk, "asn_kind": "pns"})] == ["nip"]
    assert employee_rules({**pppk, "position_kind": "jpt"}) == [
        ("asn_kind", "a JPT is held by a PNS")
    ]
