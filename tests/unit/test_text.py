"""Plausible text and NIPs: one rule for the API and for imports (functions/domain)."""

from datetime import date

import pytest

from functions.domain.errors import InvalidValue, NipError
from functions.domain.nip import parse_nip
from functions.domain.roster import EMPLOYEES, Known, check
from functions.domain.text import check_text


@pytest.mark.parametrize("text", ["   ", "\u200b", "\u00a0\t", "a\ud800", "\udfff", "Budi\x00"])
def test_blank_surrogate_or_control_text_is_refused_by_name(text):
    with pytest.raises(InvalidValue) as raised:
        check_text("name", text)
    assert raised.value.field == "name"


def test_ordinary_names_pass_unchanged():
    for name in ("Budi Santoso", "Ni Luh Putu Ayu", "Dr. H. Ahmad, S.H., M.Si.", "Ṣalāḥ"):
        assert check_text("name", name) == name
    assert check_text("text", "baris satu\nbaris dua", single_line=False)


def test_a_nip_born_after_today_is_refused_only_when_today_is_known():
    unborn = "209901012120011001"
    assert parse_nip(unborn).birth_date == date(2099, 1, 1)
    with pytest.raises(NipError, match="after today"):
        parse_nip(unborn, today=date(2026, 1, 1))
    assert parse_nip("198001012005011077", today=date(2026, 1, 1)).sex == "L"


def test_the_roster_applies_both_rules():
    headers = ["NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan"]
    rows = [["209901012120011001", "Bayi", "setda", "PNS", "Pelaksana", "Staf"],
            ["198001012005011077", "Budi\x00", "setda", "PNS", "Pelaksana", "Staf"]]  # fmt: skip
    checked = check(EMPLOYEES, headers, rows, Known(units={"setda": None}, today=date(2026, 1, 1)))
    assert [p.column for p in checked.problems[0]] == ["NIP"]
    assert [p.column for p in checked.problems[1]] == ["Nama"]
