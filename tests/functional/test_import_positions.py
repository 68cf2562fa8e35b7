"""Importing the positions (jabatan) of units from CSV or XLSX: Indonesian headers and their
aliases, all or nothing with the row-by-row report, the same file again changes nothing."""

from __future__ import annotations

import pytest

from tests.functional.test_imports import FORMATS, refused, upload

NOT_EMPLOYED = "199203152019032004"


def positions_file(people) -> list[list]:
    dinkes = [nip for nip, p in people.items() if p["unit"] == "dinkes"]
    return [
        ["No", "Kode Unit", "Kode Jabatan", "Nama Jabatan", "Jenis Jabatan", "Eselon",
         "NIP Pemangku", "Jabatan Kunci"],
        [1, "dinkes", "kadis", "Kepala Dinas Kesehatan", "JPT Pratama", "II b", dinkes[0], "Ya"],
        [2, "dinkes", "sekdis", "Sekretaris Dinas", "Administrator", "III.a", None, "Ya"],
        [3, "dinkes", "perawat-1", "Perawat Ahli Muda", "Fungsional", None, dinkes[1], None],
        [4, "disdik", "kadis", "Kepala Dinas Pendidikan", "JPT", "II.b", None, "Tidak"],
    ]  # fmt: skip


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_positions_import_and_the_same_file_again_changes_nothing(admin, people, file_format):
    rows = positions_file(people)
    first = upload(admin, "positions", rows, file_format)
    assert first["status"] == "done"
    assert first["counts"] == {"created": 4, "updated": 0, "unchanged": 0}
    dinkes = admin.get("/units/dinkes/positions")
    kadis = next(p for p in dinkes["items"] if p["position_id"] == "kadis")
    assert kadis["position_kind"] == "jpt_pratama" and kadis["eselon"] == "II.b"
    assert kadis["incumbent_nip"] == rows[1][6] and kadis["key_position"] is True
    assert dinkes["vacancies"] == ["sekdis"] and dinkes["key_vacancies"] == ["sekdis"]
    disdik = admin.get("/units/disdik/positions")["items"]
    assert [(p["position_id"], p["position_kind"], p["key_position"]) for p in disdik] == [
        ("kadis", "jpt_pratama", False)
    ]
    again = upload(admin, "positions", rows, file_format)
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 4}
    rows[2][6] = rows[3][6]  # the sekdis filled by the perawat
    changed = upload(admin, "positions", rows, file_format)
    assert changed["counts"] == {"created": 0, "updated": 1, "unchanged": 3}
    assert admin.get("/units/dinkes/positions/sekdis")["vacant"] is False


def test_headers_match_by_alias(admin, people):
    rows = positions_file(people)
    rows[0] = ["No", "Kode Unit Kerja", "ID Jabatan", "Jabatan", "Jenis Jabatan",
               "Eselon Jabatan", "NIP Pejabat", "Kunci"]  # fmt: skip
    assert upload(admin, "positions", rows)["counts"]["created"] == 4


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_one_bad_row_writes_nothing_and_the_report_names_each_rule(admin, people, file_format):
    rows = positions_file(people)
    rows[2][5] = "II.a"  # an administrator is III.a or III.b
    rows[3][5] = "IV.a"  # a fungsional has no eselon
    rows[4][1] = "nowhere"
    rows.append(
        [5, "dinkes", "kadis", "Kepala Dinas Lagi", "Pelaksana", None, NOT_EMPLOYED, "Mungkin"]
    )
    error = refused(upload, admin, "positions", rows, file_format)
    assert error.status == 422
    problems = error.body["error"]["details"]["problems"]
    found = {(p["row"], p["column"]) for p in problems}
    assert found == {
        (3, "Eselon"), (4, "Eselon"), (5, "Kode Unit"), (6, "Jabatan Kunci"),
        (6, "Kode Jabatan"), (6, "NIP Pemangku"),
    }  # fmt: skip
    rules = {(p["row"], p["column"]): p["rule"] for p in problems}
    assert "III.a or III.b" in rules[(3, "Eselon")]
    assert "only a structural position" in rules[(4, "Eselon")]
    assert "also on row 2" in rules[(6, "Kode Jabatan")]
    assert "not an employee of this regency" in rules[(6, "NIP Pemangku")]
    assert admin.get("/units/dinkes/positions")["items"] == []
    data, media = admin.raw("GET", error.body["error"]["details"]["report"])
    assert media == FORMATS[file_format][1] and data


def test_a_file_without_eselon_changing_a_kind_clears_an_eselon_it_cannot_have(admin, people):
    upload(admin, "positions", positions_file(people))
    rows = [[c for i, c in enumerate(row) if i != 5] for row in positions_file(people)]
    rows[2][4] = "Pelaksana"  # the sekdis, III.a before
    changed = upload(admin, "positions", rows)
    assert changed["counts"] == {"created": 0, "updated": 1, "unchanged": 3}
    sekdis = admin.get("/units/dinkes/positions/sekdis")
    assert (sekdis["position_kind"], sekdis["eselon"]) == ("pelaksana", None)
    assert admin.get("/units/dinkes/positions/kadis")["eselon"] == "II.b"  # kept: it still fits
