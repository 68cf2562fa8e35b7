"""BKPSDM's tables as files (services/downloads.py): the rows each answer turns into, and the
file written in either format."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from functions.errors import InvalidInput
from functions.services import downloads

SHEET = {"unit_id": "dinkes", "year": 2026, "rows": [
    {"nip": "1", "name": "Sari", "unit_id": "dinkes", "check": "weights_sum", "rule": "100",
     "items": ["r1", "r2"]},
]}  # fmt: skip
REPORT = {
    "unit_id": "dinkes", "year": 2026, "counts": {"sangat_baik": 4, "baik": 6},
    "violations": [{"bound": "at most 2 Sangat Baik", "actual": 4, "allowed": 2,
                    "closest": [{"nip": "7", "name": "Ani"}, {"nip": "8", "name": None}]}],
    "pending": ["9"],
}  # fmt: skip
MISSING = [{"field": "siasn_id", "rule": "set it"}, {"field": "period", "rule": "not assessed"}]
EXPORT = {
    "year": 2026,
    "period": "annual",
    "records": [{"nip": "1", "tahun": 2026, "path": []}, {"nip": "2", "penilaiNama": "B"}],
    "left_out": [{"nip": "3", "missing": MISSING}],
}


def test_the_worksheet_is_a_row_per_finding_with_its_items_joined():
    table = downloads.worksheet_table(SHEET)
    assert table.name == "kualitas-data-dinkes-2026"
    assert table.rows == [["1", "Sari", "dinkes", "weights_sum", "100", "r1; r2"]]


def test_the_distribution_lists_counts_then_broken_bounds_with_the_closest_then_pending():
    rows = downloads.distribution_table(REPORT).rows
    assert rows[:2] == [["predikat", "sangat_baik", 4, "", ""], ["predikat", "baik", 6, "", ""]]
    assert rows[2] == ["violation", "at most 2 Sangat Baik", 4, 2, "7, 8"]
    assert rows[3][:2] == ["pending", "9"]


def test_siasn_records_keep_their_field_names_and_those_left_out_say_what_they_miss():
    table = downloads.siasn_table(EXPORT)
    assert table.headers == ["nip", "tahun", "penilaiNama", "missing"]  # lists left out
    assert table.rows[1] == ["2", None, "B", ""]
    assert table.rows[2] == ["3", None, None, "siasn_id: set it; period: not assessed"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_table_is_written_as_a_file_of_its_format(file_format):
    data, media, name = downloads.as_file(downloads.worksheet_table(SHEET), file_format)
    assert name == f"kualitas-data-dinkes-2026.{file_format}"
    if file_format == "csv":
        assert media == "text/csv"
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert rows[0] == list(downloads.WORKSHEET_COLUMNS) and rows[1][-1] == "r1; r2"


def test_an_import_template_has_the_kind_s_columns_and_an_unknown_format_is_refused():
    assert downloads.import_template("units").headers[:2] == ["Kode Unit", "Nama Unit"]
    with pytest.raises(InvalidInput) as refused:
        downloads.as_file(downloads.import_template("units"), "pdf")
    assert "format" in refused.value.details
