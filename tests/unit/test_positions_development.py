"""The rules of positions (kind and eselon) and of development hours, as plain Python."""

from __future__ import annotations

import pytest

from functions.domain import roster
from functions.domain.development import hours
from functions.domain.positions import normal_eselon, position_rules


@pytest.mark.parametrize(
    ("kind", "eselon", "broken"),
    [
        ("jpt_pratama", "II.a", False),
        ("jpt_pratama", "III.a", True),
        ("administrator", "III.b", False),
        ("pengawas", "IV.a", False),
        ("pengawas", "III.b", True),
        ("fungsional", "IV.a", True),
        ("pelaksana", "IV.b", True),
        ("pelaksana", None, False),
        ("administrator", None, False),
    ],
)
def test_an_eselon_belongs_to_a_structural_kind_of_its_level(kind, eselon, broken):
    found = position_rules({"position_kind": kind, "eselon": eselon})
    assert bool(found) is broken
    assert all(field == "eselon" for field, _ in found)


@pytest.mark.parametrize(
    ("text", "eselon"),
    [("II.a", "II.a"), ("IIb", "II.b"), ("iii/a", "III.a"), ("IV b", "IV.b"), ("V.a", None)],
)
def test_an_eselon_is_read_however_written(text, eselon):
    assert normal_eselon(text) == eselon


def test_hours_reach_the_target_and_count_digital_apart():
    found = hours([(12, False), (8.5, True)], 20)
    assert (found.done, found.digital, found.reached, found.remaining) == (20.5, 8.5, True, 0)
    short = hours([(4, True)], 20)
    assert (short.reached, short.remaining) == (False, 16)
    assert hours([], 0).reached


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"activity_kind": "Workshop"}, "Jenis Kegiatan"),
        ({"hours": "0"}, "JP"),
        ({"hours": "1001"}, "JP"),
        ({"cost": "-5"}, "Biaya"),
        ({"certificate_url": "sertifikat.pdf"}, "Tautan Sertifikat"),
        ({"done_on": "2019-12-31"}, "Tanggal Selesai"),
        ({"digital": "Mungkin"}, "Kompetensi Digital"),
    ],
)
def test_a_development_row_breaking_a_rule_names_its_column(cells, column):
    row = {"nip": "198005122005011003", "activity_kind": "E-Learning", "title": "Literasi Data",
           "hours": "12,5", "done_on": "01/03/2026", **cells}  # fmt: skip
    _, problems = roster.parse_row(roster.DEVELOPMENT, row)
    assert [p.column for p in problems] == [column]


def test_a_development_row_reads_indonesian_numbers_and_kinds():
    row = {"nip": "198005122005011003", "activity_kind": "Pelatihan Non-Klasikal",
           "title": "Bimtek", "hours": "12,5", "done_on": "01/03/2026", "cost": "Rp 3.500.000",
           "digital": "Ya"}  # fmt: skip
    values, problems = roster.parse_row(roster.DEVELOPMENT, row)
    assert problems == []
    assert values["activity_kind"] == "pelatihan_nonklasikal" and values["hours"] == 12.5
    assert values["cost"] == 3500000 and values["digital"] is True
    assert values["done_on"] == "2026-03-01"
