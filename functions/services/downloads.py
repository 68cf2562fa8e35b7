"""BKPSDM's tables as files: a unit's data-quality worksheet, its distribution check, its talent
ranking and the regency's SIASN export of a period, each a header and rows taken from the
services the API answers with (quality, distribution, talent, siasn), written as CSV or XLSX by
spreadsheet.write."""

from __future__ import annotations

from dataclasses import dataclass

from functions.domain import roster
from functions.errors import InvalidInput
from functions.services import distribution, quality, siasn, spreadsheet, talent
from functions.store.repository import TenantRepository

WORKSHEET_COLUMNS = ("nip", "name", "unit_id", "check", "rule", "items")
UNIT_TABLES = ("kualitas", "distribusi", "talenta")


@dataclass
class Table:
    name: str  # the file's name without its extension
    headers: list[object]
    rows: list[list[object]]


def worksheet_table(sheet: dict) -> Table:
    """quality.unit_worksheet's rows, a finding per row, its items joined by "; "."""
    rows = [[*(r[k] for k in WORKSHEET_COLUMNS[:-1]), "; ".join(r["items"])] for r in sheet["rows"]]
    name = f"kualitas-data-{sheet['unit_id']}-{sheet['year']}"
    return Table(name, list(WORKSHEET_COLUMNS), rows)


def distribution_table(report: dict) -> Table:
    """A row per predikat (how many), then a row per broken bound with the people closest."""
    rows: list[list[object]] = [
        ["predikat", p, n, "", ""] for p, n in (report.get("counts") or {}).items()
    ]
    for v in report.get("violations", []):
        closest = ", ".join(c["nip"] for c in v["closest"])
        rows.append(["violation", v["bound"], v["actual"], v["allowed"], closest])
    rows += [["pending", nip, "", "", ""] for nip in report.get("pending", [])]
    name = f"distribusi-{report['unit_id']}-{report['year']}"
    return Table(name, ["kind", "item", "count", "allowed", "closest"], rows)


def talent_table(found: dict) -> Table:
    """The ranking, a row per employee with the predikat, the standing and the 9-box."""
    columns: list[object] = ["position", "nip", "name", "predikat", "standing", "box"]
    rows = [[r[str(c)] for c in columns] for r in found["ranking"]]
    return Table(f"talenta-{found['unit_id']}-{found['year']}", columns, rows)


def siasn_table(export: dict) -> Table:
    """The records in SIASN's field names, then those left out with what each still misses."""
    columns: list[str] = []
    for record in export["records"]:
        columns += [k for k, v in record.items() if k not in columns and not isinstance(v, list)]
    columns = columns or ["nip"]
    rows = [[record.get(c) for c in columns] + [""] for record in export["records"]]
    for left in export["left_out"]:
        missing = "; ".join(f"{m['field']}: {m['rule']}" for m in left["missing"])
        rows.append([left["nip"], *([None] * (len(columns) - 1)), missing])
    name = f"siasn-{export['year']}-{export['period']}"
    return Table(name, [*columns, "missing"], rows)


def unit_table(repo: TenantRepository, what: str, unit_id: str, year: int) -> Table:
    if what == "kualitas":
        return worksheet_table(quality.unit_worksheet(repo, unit_id, year))
    if what == "distribusi":
        return distribution_table(distribution.unit_distribution(repo, unit_id, year))
    if what == "talenta":
        return talent_table(talent.unit_talent(repo, unit_id, year))
    raise InvalidInput("no such table", details={"table": [f"one of {', '.join(UNIT_TABLES)}"]})


def siasn_export(repo: TenantRepository, year: int, period: int) -> Table:
    return siasn_table(siasn.period_records(repo, year, period))


def import_template(kind: str) -> Table:
    """An empty sheet of an import kind: its columns, in the order docs/import.md lists them."""
    return Table(f"template-{kind}", [c.header for c in roster.COLUMNS[kind]], [])


def as_file(table: Table, file_format: str) -> tuple[bytes, str, str]:
    """The file's bytes, its media type and its name."""
    if file_format not in spreadsheet.MEDIA_TYPES:
        rule = f"one of {', '.join(spreadsheet.MEDIA_TYPES)}"
        raise InvalidInput(f"format: {rule}", details={"format": [rule]})
    like = spreadsheet.Sheet(headers=table.headers, title=table.name[:31])
    data = spreadsheet.write(file_format, list(table.headers), table.rows, like)
    return data, spreadsheet.MEDIA_TYPES[file_format], f"{table.name}.{file_format}"
