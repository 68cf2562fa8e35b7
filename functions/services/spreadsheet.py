"""Spreadsheets in and out: CSV (comma, semicolon or tab; UTF-8 or Windows-1252) and XLSX
(openpyxl, imported only when an XLSX is read or written, so no cold start pays for it).

A sheet is its header and its rows of cell values, each with its row number as the spreadsheet
shows it; wholly blank rows are left out.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from functions.errors import InvalidInput

CSV, XLSX = "csv", "xlsx"
MEDIA_TYPES = {
    CSV: "text/csv",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_DELIMITERS = ",;\t"


@dataclass
class Sheet:
    headers: list[object]
    rows: list[list[object]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # each row's number in the spreadsheet
    title: str = "Sheet1"
    delimiter: str = ","


def _blank(row) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _unreadable(rule: str) -> InvalidInput:
    return InvalidInput(f"the file cannot be read: {rule}", details={"file": [rule]})


def read(data: bytes, file_format: str) -> Sheet:
    """The first worksheet (or the CSV): its first non-blank row is the header."""
    numbered = _read_csv(data) if file_format == CSV else _read_xlsx(data)
    title, delimiter, lines = numbered
    sheet = None
    for number, row in lines:
        if _blank(row):
            continue
        if sheet is None:
            sheet = Sheet(list(row), title=title, delimiter=delimiter)
            continue
        sheet.rows.append(list(row))
        sheet.numbers.append(number)
    if sheet is None:
        raise _unreadable("it has no header row")
    return sheet


def _read_csv(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise _unreadable(f"not a CSV file ({error})") from None
    return "csv", delimiter, lines


def _read_xlsx(data: bytes):
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _unreadable(f"not an XLSX workbook ({type(error).__name__})") from None
    try:
        sheet = book.worksheets[0]
        lines = [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)]
        return sheet.title, ",", lines
    finally:
        book.close()


def write(file_format: str, headers: list[object], rows: list[list[object]], like: Sheet) -> bytes:
    """A sheet in the format (and for CSV the delimiter) of the one it answers."""
    if file_format == CSV:
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=like.delimiter, lineterminator="\r\n")
        writer.writerow(["" if h is None else h for h in headers])
        writer.writerows([["" if c is None else c for c in row] for row in rows])
        return out.getvalue().encode("utf-8-sig")
    return workbook([(like.title or "Sheet1", headers, rows)])


def workbook(sheets: list[tuple[str, list[object], list[list[object]]]]) -> bytes:
    """An XLSX of several worksheets, each (title, headers, rows), in order."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31] or "Sheet1")
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
