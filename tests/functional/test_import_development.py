"""Importing development activities done from a learning system's export (CSV or XLSX): the
hours count against the yearly target, the same file again changes nothing, one bad row writes
nothing and the report names row, column and rule."""

from __future__ import annotations

import pytest

from tests.functional.test_imports import refused, upload

YEAR = 2026


def export(people) -> list[list]:
    one, two = [nip for nip, p in people.items() if p["unit"] == "dinkes"][:2]
    return [
        ["No", "NIP Peserta", "Nama Peserta", "Jenis Pengembangan", "Nama Pelatihan", "Jumlah JP",
         "Tanggal Selesai", "Kompetensi Digital", "Biaya", "Penyelenggara", "Link Sertifikat"],
        [1, one, "Peserta Satu", "E-Learning", "Transformasi Digital ASN", 10, "15/03/2026", "Ya",
         None, "LAN RI", "https://asn-unggul.example.go.id/sertifikat/1"],
        [2, one, "Peserta Satu", "Pelatihan Klasikal", "Manajemen Puskesmas", "12,5",
         "2026-05-02", "Tidak", "Rp 2.500.000", "Bapelkes", None],
        [3, two, "Peserta Dua", "Mentoring", "Mentoring Perawat", 4, "2026-06-10", None, None,
         None, None],
    ]  # fmt: skip


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_counts_hours_and_the_same_file_again_changes_nothing(
    admin, people, file_format
):
    rows = export(people)
    one, two = rows[1][1], rows[3][1]
    first = upload(admin, "development", rows, file_format)
    assert first["status"] == "done", first
    assert first["counts"] == {"created": 3, "updated": 0, "unchanged": 0}
    shown = admin.get(f"/employees/{one}/development/{YEAR}")
    assert [r["kind"] for r in shown["records"]] == ["e_learning", "pelatihan_klasikal"]
    assert shown["records"][0]["digital"] is True and shown["records"][0]["source"] == "import"
    assert shown["records"][1]["cost"] == 2500000 and shown["records"][1]["hours"] == 12.5
    assert shown["hours"] == {"done": 22.5, "digital": 10, "target": 20, "reached": True,
                              "remaining": 0}  # fmt: skip
    unit = admin.get(f"/units/dinkes/development?year={YEAR}")
    assert {e["nip"]: e["done"] for e in unit["employees"]}[two] == 4
    again = upload(admin, "development", rows, file_format)
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 3}
    rows[3][5] = 6  # the LMS corrected the JP
    changed = upload(admin, "development", rows, file_format)
    assert changed["counts"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert admin.get(f"/employees/{two}/development/{YEAR}")["hours"]["done"] == 6


def test_one_bad_row_writes_nothing_and_names_each_rule(admin, people):
    rows = export(people)
    rows[1][3] = "Seminar"
    rows[2][5] = 0
    rows[3][1] = "199203152019032004"  # not employed here
    rows[3][10] = "sertifikat-saya.pdf"
    again = [4, rows[1][1], "", "Pelatihan Klasikal", "Manajemen  PUSKESMAS", 12, "02/05/2026"]
    rows.append(again)  # the second activity again, written otherwise
    error = refused(upload, admin, "development", rows)
    assert error.status == 422
    problems = error.body["error"]["details"]["problems"]
    found = {(p["row"], p["column"]) for p in problems}
    assert found == {(2, "Jenis Kegiatan"), (3, "JP"), (4, "NIP"), (4, "Tautan Sertifikat"),
                     (5, "NIP")}, problems  # fmt: skip
    rules = {(p["row"], p["column"]): p["rule"] for p in problems}
    assert "Pelatihan Klasikal" in rules[(2, "Jenis Kegiatan")]
    assert "also on row" in rules[(5, "NIP")]
    assert admin.get(f"/units/dinkes/development?year={YEAR}")["hours"] == 0
