"""The rows of a BKPSDM roster spreadsheet: the columns each import expects (with the Indonesian
headers the personnel exports use), what a cell may hold, and the rules a whole file must keep
before anything of it is written (docs/import.md).

Plain Python: the service reads the file (CSV or XLSX) into header and rows of cell values and
gives them here with what the tenant already holds; this module answers, row by row, every rule
broken, naming the column and the rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from functions.domain.consequences import ASN_KINDS, JENJANG_COEFFICIENT
from functions.domain.development import ACTIVITY_KINDS, MAX_HOURS
from functions.domain.errors import DomainError, InvalidValue, NipError
from functions.domain.nip import normal_nip, parse_nip
from functions.domain.positions import ESELON, normal_eselon, position_rules
from functions.domain.positions import POSITION_KINDS as JABATAN_KINDS
from functions.domain.siasn import golongan
from functions.domain.text import check_text

EMPLOYEES, UNITS, COMPETENCIES = "employees", "units", "competencies"
POSITIONS, DEVELOPMENT = "positions", "development"
IMPORT_KINDS = (EMPLOYEES, UNITS, COMPETENCIES, POSITIONS, DEVELOPMENT)
POSITION_KINDS = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")
JENJANG = tuple(JENJANG_COEFFICIENT)
SCORES = ("manajerial", "sosial_kultural", "teknis")
UNIT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
SIASN_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MAX_TEXT = 200
ERROR_COLUMN = "error"


class RosterError(DomainError):
    """The file as a whole cannot be read as this kind of roster (a column missing, twice)."""


@dataclass(frozen=True)
class Column:
    header: str  # as the spreadsheet has it
    field: str  # the attribute it fills
    required: bool  # the column must be there (and, unless ``optional_value``, filled)
    help: str
    aliases: tuple[str, ...] = ()
    optional_value: bool = False


COLUMNS: Mapping[str, tuple[Column, ...]] = {
    EMPLOYEES: (
        Column("NIP", "nip", True, "18 digits, as text (spaces allowed)", ("NIP Baru",)),
        Column("Nama", "name", True, "the full name", ("Nama Lengkap", "Nama Pegawai")),
        Column("Kode Unit", "unit_id", True, "a unit of the regency or of this file"),
        Column("Jenis ASN", "asn_kind", True, "PNS or PPPK", ("Status ASN",)),
        Column(
            "Jenis Jabatan",
            "position_kind",
            True,
            "JPT, Administrator, Pengawas, Pelaksana or Fungsional",
        ),
        Column("Nama Jabatan", "position", True, "the position's name", ("Jabatan",)),
        Column(
            "Jenjang",
            "jenjang",
            False,
            "Fungsional only: Ahli Pertama, Ahli Muda, Ahli Madya, Ahli Utama, Pemula, "
            "Terampil, Mahir or Penyelia; empty for other positions",
            ("Jenjang Jabatan",),
            optional_value=True,
        ),
        Column(
            "NIP Pejabat Penilai",
            "penilai_nip",
            False,
            "an employee of the regency or of this file; empty for none",
            ("NIP Penilai", "NIP Atasan Langsung"),
            optional_value=True,
        ),
        Column(
            "TMT Jabatan",
            "tmt_jabatan",
            False,
            "the day the current jabatan (jenjang) began, as a date cell, 2026-04-01 or "
            "01/04/2026; empty: held all year (angka kredit counts the months from it)",
            ("TMT Jabatan Fungsional", "TMT Kontrak"),
            optional_value=True,
        ),
        Column(
            "ID SIASN",
            "siasn_id",
            False,
            "SIASN's id of the person (PNS ID), for the SIASN export; empty for none",
            ("PNS ID", "ID PNS", "ID ASN"),
            optional_value=True,
        ),
        Column(
            "Golongan",
            "golongan",
            False,
            "golongan/ruang: I/a to IV/e for a PNS, I to XVII for a PPPK; empty for none",
            ("Gol", "Golongan Ruang", "Gol Ruang"),
            optional_value=True,
        ),
    ),
    UNITS: (
        Column("Kode Unit", "unit_id", True, "letters, digits, '.', '-', '_' (at most 40)"),
        Column("Nama Unit", "name", True, "the unit's name", ("Nama Unit Kerja", "Unit Kerja")),
        Column(
            "Kode Unit Induk",
            "parent_id",
            False,
            "a unit of the regency or of this file; empty for a top unit",
            optional_value=True,
        ),
        Column(
            "NIP Kepala Unit",
            "head_nip",
            False,
            "an employee of the regency; empty for none",
            ("NIP Kepala",),
            optional_value=True,
        ),
    ),
    COMPETENCIES: (
        Column("NIP", "nip", True, "an employee of the regency", ("NIP Baru",)),
        Column("Nama", "name", False, "for the reader; not stored", ("Nama Lengkap",), True),
        Column("Manajerial", "manajerial", True, "a score from 0 to 100"),
        Column("Sosial Kultural", "sosial_kultural", True, "a score from 0 to 100"),
        Column("Teknis", "teknis", True, "a score from 0 to 100"),
    ),
    POSITIONS: (
        Column("Kode Unit", "unit_id", True, "a unit of the regency", ("Kode Unit Kerja",)),
        Column(
            "Kode Jabatan",
            "position_id",
            True,
            "the position's code within its unit: letters, digits, '.', '-', '_' (at most 40)",
            ("ID Jabatan",),
        ),
        Column("Nama Jabatan", "name", True, "the position's name", ("Jabatan",)),
        Column(
            "Jenis Jabatan",
            "position_kind",
            True,
            "JPT Pratama, Administrator, Pengawas, Fungsional or Pelaksana",
        ),
        Column(
            "Eselon",
            "eselon",
            False,
            "II.a/II.b (JPT Pratama), III.a/III.b (Administrator), IV.a/IV.b (Pengawas); empty "
            "for other positions",
            ("Eselon Jabatan",),
            optional_value=True,
        ),
        Column(
            "NIP Pemangku",
            "incumbent_nip",
            False,
            "the employee holding it (an employee of the regency); empty: vacant",
            ("NIP Pejabat", "NIP Pemegang Jabatan", "NIP Pemangku Jabatan"),
            optional_value=True,
        ),
        Column(
            "Jabatan Kunci",
            "key_position",
            False,
            "Ya or Tidak (empty: Tidak): a key position for succession",
            ("Kunci",),
            optional_value=True,
        ),
    ),
    DEVELOPMENT: (
        Column("NIP", "nip", True, "an employee of the regency", ("NIP Baru", "NIP Peserta")),
        Column("Nama", "name", False, "for the reader; not stored", ("Nama Peserta",), True),
        Column(
            "Jenis Kegiatan",
            "activity_kind",
            True,
            "Pelatihan Klasikal, Pelatihan Nonklasikal, E-Learning, Coaching, Mentoring or Magang",
            ("Jenis Pengembangan", "Bentuk Pengembangan", "Jalur Pengembangan"),
        ),
        Column(
            "Judul",
            "title",
            True,
            "the activity's title",
            ("Nama Pelatihan", "Nama Kegiatan", "Judul Pelatihan", "Judul Kegiatan"),
        ),
        Column("JP", "hours", True, "the hours in JP, more than 0", ("Jumlah JP", "Jam Pelajaran")),
        Column(
            "Tanggal Selesai",
            "done_on",
            True,
            "the day it was done, as a date cell, 2026-04-01 or 01/04/2026",
            ("Tanggal", "Tanggal Pelaksanaan", "Tanggal Sertifikat"),
        ),
        Column(
            "Kompetensi Digital",
            "digital",
            False,
            "Ya or Tidak (empty: Tidak): builds digital competency",
            ("Digital",),
            optional_value=True,
        ),
        Column(
            "Biaya",
            "cost",
            False,
            "rupiah (3500000, 3.500.000 or Rp 3.500.000); empty for none",
            ("Biaya (Rp)", "Anggaran"),
            optional_value=True,
        ),
        Column(
            "Penyelenggara",
            "provider",
            False,
            "who held it; empty for none",
            ("Lembaga", "Lembaga Penyelenggara"),
            optional_value=True,
        ),
        Column(
            "Tautan Sertifikat",
            "certificate_url",
            False,
            "the certificate's link (https://…); empty for none",
            ("Sertifikat", "Link Sertifikat", "URL Sertifikat"),
            optional_value=True,
        ),
    ),
}
"""The columns of each import, in the order a template lists them. Headers match whatever their
case, spacing or punctuation; other columns are carried into the error report and ignored."""


def header_key(header: object) -> str:
    text = "" if header is None else str(header)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@dataclass(frozen=True)
class Problem:
    column: str  # the header, as the spreadsheet shows it
    rule: str

    def __str__(self) -> str:
        return f"{self.column}: {self.rule}"


@dataclass(frozen=True)
class Known:
    """What the tenant holds already: unit id → parent id, NIP → penilai NIP."""

    units: Mapping[str, str | None] = field(default_factory=dict)
    employees: Mapping[str, str | None] = field(default_factory=dict)
    today: date | None = None  # a NIP born after it is refused


@dataclass
class Checked:
    """The rows as values (a row with problems keeps the fields that could be read) and every
    problem, by the row's index among the data rows."""

    rows: list[dict]
    problems: dict[int, list[Problem]]

    @property
    def ok(self) -> bool:
        return not self.problems

    def error_of(self, index: int) -> str:
        return "; ".join(str(p) for p in self.problems.get(index, ()))


def columns_of(kind: str, headers: Sequence[object]) -> dict[str, int]:
    """Field → position of its column in ``headers``; a ``RosterError`` names a required column
    that is missing or a column given twice."""
    if kind not in COLUMNS:
        raise RosterError("kind", f"{kind!r} is not one of {', '.join(IMPORT_KINDS)}")
    positions = {header_key(h): i for i, h in reversed(list(enumerate(headers)))}
    found: dict[str, int] = {}
    missing = []
    for column in COLUMNS[kind]:
        names = [header_key(n) for n in (column.header, *column.aliases)]
        hits = [positions[n] for n in names if n in positions]
        repeated = [h for h in headers if header_key(h) in names]
        if len(repeated) > 1:
            raise RosterError(column.header, f"the column appears {len(repeated)} times")
        if hits:
            found[column.field] = hits[0]
        elif column.required:
            missing.append(column.header)
    if missing:
        expected = ", ".join(c.header for c in COLUMNS[kind] if c.required)
        raise RosterError(
            missing[0],
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(a {kind} file has the columns {expected})",
        )
    return found


# --- cells -----------------------------------------------------------------------------------
class _Bad(Exception):
    def __init__(self, rule: str) -> None:
        self.rule = rule


def _text(value: object, limit: int = MAX_TEXT) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | datetime | date | time):
        raise _Bad(f"expected text, found {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad(f"expected text, found {value!r}")
        value = int(value) if value.is_integer() else value
    text = " ".join(str(value).split())
    if len(text) > limit:
        raise _Bad(f"at most {limit} characters")
    if text:
        try:
            check_text("", text)
        except InvalidValue as error:
            raise _Bad(error.rule) from None
    return text or None


def _nip(value: object) -> str | None:
    if isinstance(value, float):
        raise _Bad(
            "the NIP is stored as a number, which a spreadsheet rounds to 15 digits; "
            "format the column as text and type the NIP again"
        )
    text = _text(value)
    if text is None:
        return None
    try:
        parse_nip(text, None)  # the form fitting the Jenis ASN: employee_rules
    except NipError as error:
        raise _Bad(error.rule) from None
    return normal_nip(text)


def _siasn_id(value: object) -> str | None:
    text = _text(value, 64)
    if text is not None and not SIASN_ID.match(text):
        raise _Bad("SIASN's id of the person: 8-64 letters, digits or '-'")
    return text


def _golongan(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return golongan(text)
    except DomainError as error:
        raise _Bad(error.rule) from None


def _choice(value: object, allowed: Iterable[str], shown: str) -> str | None:
    text = _text(value)
    if text is None:
        return None
    code = "_".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())
    if code not in allowed:
        raise _Bad(f"{text!r} is not one of {shown}")
    return code


def _score(value: object) -> int | float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Bad("a competency score is a number from 0 to 100")
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text.replace(",", "."))  # 82,5 as Indonesian sheets write it
        except ValueError:
            raise _Bad(f"{text!r} is not a number from 0 to 100") from None
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 100:
        raise _Bad(f"{value!r} is not a number from 0 to 100")
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def _date(value: object) -> str | None:
    """A date cell (XLSX), ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (``DD-MM-YYYY``), as ISO text."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if text is None:
        return None
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})"):
        if found := re.fullmatch(pattern, text):
            parts = [int(p) for p in found.groups()]
            year, month, day = parts if len(found.group(1)) == 4 else parts[::-1]
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                break
    raise _Bad(f"{text!r} is not a date (2026-04-01 or 01/04/2026)")


def _unit_id(value: object) -> str | None:
    text = _text(value)
    if text is not None and not UNIT_ID.match(text):
        raise _Bad("a unit code is 1-40 letters, digits, '.', '-' or '_', starting with one")
    return text


def _flag(value: object) -> bool | None:
    """Ya/Tidak (Y/T, 1/0, true/false; a checkbox cell's boolean); empty is None."""
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text is None:
        return None
    code = text.casefold()
    if code in ("ya", "y", "1", "true", "yes"):
        return True
    if code in ("tidak", "t", "0", "false", "no", "bukan"):
        return False
    raise _Bad(f"{text!r} is neither Ya nor Tidak")


def _eselon(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    found = normal_eselon(text)
    if found is None:
        raise _Bad(f"{text!r} is not an eselon ({', '.join(ESELON)})")
    return found


def _jabatan_kind(value: object) -> str | None:
    text = _text(value)
    if text is not None and text.casefold() in ("jpt", "jpt pratama", "jabatan pimpinan tinggi"):
        return "jpt_pratama"
    return _choice(value, JABATAN_KINDS, _JABATAN_SHOWN)


_ACTIVITY_SHOWN = (
    "Pelatihan Klasikal, Pelatihan Nonklasikal, E-Learning, Coaching, Mentoring, Magang"
)
_ACTIVITY_OF = {
    **{re.sub(r"[^0-9a-z]", "", k): k for k in ACTIVITY_KINDS},
    "klasikal": "pelatihan_klasikal",
    "nonklasikal": "pelatihan_nonklasikal",
}


def _activity_kind(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    found = _ACTIVITY_OF.get(re.sub(r"[^0-9a-z]", "", text.casefold()))
    if found is None:
        raise _Bad(f"{text!r} is not one of {_ACTIVITY_SHOWN}")
    return found


def _number(value: object, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Bad(f"expected {what}")
    if isinstance(value, str):
        shown = value.strip()
        text = re.sub(r"(?i)^rp\.?|\s", "", shown)
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 3.500.000: thousands
            text = text.replace(".", "")
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise _Bad(f"{shown!r} is not {what}") from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(f"{value!r} is not {what}")
    number = round(float(value), 2)
    return int(number) if number.is_integer() else number


def _hours(value: object) -> float | None:
    number = _number(value, f"a number of JP above 0, at most {MAX_HOURS}")
    if number is not None and not 0 < number <= MAX_HOURS:
        raise _Bad(f"{number!r} is not a number of JP above 0, at most {MAX_HOURS}")
    return number


def _cost(value: object) -> float | None:
    number = _number(value, "an amount of rupiah")
    if number is not None and number < 0:
        raise _Bad("a cost is not negative")
    return number


def _link(value: object) -> str | None:
    text = _text(value, 500)
    if text is not None and not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", text):
        raise _Bad(f"{text!r} is not a link (https://…)")
    return text


_JABATAN_SHOWN = "JPT Pratama, Administrator, Pengawas, Fungsional, Pelaksana"
_POSITION_SHOWN = "JPT, Administrator, Pengawas, Pelaksana, Fungsional"
_JENJANG_SHOWN = ", ".join(j.replace("_", " ").title() for j in JENJANG)
_CELLS = {
    "nip": _nip,
    "penilai_nip": _nip,
    "head_nip": _nip,
    "unit_id": _unit_id,
    "siasn_id": _siasn_id,
    "golongan": _golongan,
    "parent_id": _unit_id,
    "asn_kind": lambda v: _choice(v, ASN_KINDS, "PNS, PPPK"),
    "position_kind": lambda v: _choice(v, POSITION_KINDS, _POSITION_SHOWN),
    "jenjang": lambda v: _choice(v, JENJANG, _JENJANG_SHOWN),
    "tmt_jabatan": _date,
    **{score: _score for score in SCORES},
}
_CELLS_OF: Mapping[str, Mapping[str, object]] = {
    POSITIONS: {
        "position_id": _unit_id,
        "position_kind": _jabatan_kind,
        "eselon": _eselon,
        "incumbent_nip": _nip,
        "key_position": _flag,
    },
    DEVELOPMENT: {
        "activity_kind": _activity_kind,
        "hours": _hours,
        "done_on": _date,
        "digital": _flag,
        "cost": _cost,
        "certificate_url": _link,
    },
}


def parse_row(kind: str, cells: Mapping[str, object]) -> tuple[dict, list[Problem]]:
    """One row's values by field (only the columns the file has) and its own problems (the
    rules a row keeps by itself; references to other rows are :func:`check`'s)."""
    values: dict = {}
    problems: list[Problem] = []
    for column in COLUMNS[kind]:
        if column.field not in cells:
            continue
        read = _CELLS_OF.get(kind, {}).get(column.field) or _CELLS.get(column.field, _text)
        try:
            value = read(cells[column.field])  # type: ignore[operator]
        except _Bad as bad:
            problems.append(Problem(column.header, bad.rule))
            continue
        if value is None and not column.optional_value:
            problems.append(Problem(column.header, "required"))
            continue
        values[column.field] = value
    if kind == EMPLOYEES and not any(p.column in ("Jenjang", "Jenis Jabatan") for p in problems):
        problems += _position_rules(values)
    if kind in (COMPETENCIES, DEVELOPMENT):
        values.pop("name", None)
    if (
        kind == DEVELOPMENT
        and values.get("done_on")
        and not ("2020" <= str(values["done_on"])[:4] <= "2100")
    ):
        problems.append(Problem("Tanggal Selesai", "a year from 2020 to 2100"))
    if kind == POSITIONS and not any(p.column in ("Eselon", "Jenis Jabatan") for p in problems):
        problems += [Problem("Eselon", rule) for _, rule in position_rules(values)]
    return values, problems


HEADERS = {"nip": "NIP", "jenjang": "Jenjang", "asn_kind": "Jenis ASN", "golongan": "Golongan"}


def employee_rules(values: Mapping[str, object]) -> list[tuple[str, str]]:
    """The rules an employee keeps across its fields, whether it comes from a file or from the
    API (one rule for both): ``(field, rule)`` for each broken. The NIP has the form of its ASN
    kind (a PPPK's digits 13-14 number the work agreement, a PNS's are a month); a jenjang
    exactly for a jabatan fungsional; a JPT is a PNS; the golongan fits the ASN kind."""
    found: list[tuple[str, str]] = []
    jenjang, kind, asn = values.get("jenjang"), values.get("position_kind"), values.get("asn_kind")
    if isinstance(values.get("nip"), str) and isinstance(asn, str):
        try:
            parse_nip(str(values["nip"]), asn)
        except NipError as error:
            found.append(("nip", f"{error.rule} (a {asn.upper()} NIP)"))
    if kind == "fungsional" and jenjang is None:
        found.append(("jenjang", f"required for Jenis Jabatan Fungsional ({_JENJANG_SHOWN})"))
    elif kind is not None and kind != "fungsional" and jenjang is not None:
        found.append(("jenjang", "only a jabatan fungsional has a jenjang; leave it empty"))
    elif kind == "jpt" and asn == "pppk":
        found.append(("asn_kind", "a JPT is held by a PNS"))
    if values.get("golongan") and isinstance(asn, str):
        try:
            golongan(str(values["golongan"]), asn)
        except DomainError as error:
            found.append(("golongan", error.rule))
    return found


def _position_rules(values: dict) -> list[Problem]:
    return [Problem(HEADERS[field], rule) for field, rule in employee_rules(values)]


# --- the file ----------------------------------------------------------------------------------
def check(
    kind: str,
    headers: Sequence[object],
    rows: Sequence[Sequence[object]],
    known: Known,
    numbers: Sequence[int] | None = None,
) -> Checked:
    """Every rule of every row: the cells, duplicates within the file, and references (unit,
    parent unit, penilai, head of unit, the employee of a score) to what the tenant holds or
    what the file itself brings. ``numbers`` are the rows' numbers in the sheet (by default the
    header is row 1 and no row is left out). ``RosterError`` when the header does not fit."""
    numbers = numbers or range(2, len(rows) + 2)
    positions = columns_of(kind, headers)
    parsed: list[dict] = []
    problems: dict[int, list[Problem]] = {}
    for index, row in enumerate(rows):
        cells = {f: (row[i] if i < len(row) else None) for f, i in positions.items()}
        values, found = parse_row(kind, cells)
        parsed.append(values)
        if found:
            problems[index] = found
    key = {UNITS: "unit_id", POSITIONS: "position_id"}.get(kind, "nip")
    header = {UNITS: "Kode Unit", POSITIONS: "Kode Jabatan"}.get(kind, "NIP")
    first: dict[object, int] = {}
    for index, values in enumerate(parsed):
        value = values.get(key) if values else None
        if value is None:
            continue
        if kind == POSITIONS:  # a code is one position within its unit
            value = (values.get("unit_id"), value)
        if kind == DEVELOPMENT:  # one activity of one person on one day
            title = " ".join(str(values.get("title") or "").casefold().split())
            value = (value, values.get("activity_kind"), title, values.get("done_on"))
        if value in first:
            once = {
                POSITIONS: f"a {header} appears once per unit in a file",
                DEVELOPMENT: "the same activity of the same NIP on the same day appears once",
            }.get(kind, f"a {header} appears once in a file")
            rule = f"also on row {numbers[first[value]]}: {once}"
            problems.setdefault(index, []).append(Problem(header, rule))
        else:
            first[value] = index
    if kind == EMPLOYEES and known.today is not None:
        for index, values in enumerate(parsed):
            try:
                parse_nip(values.get("nip") or "", None, known.today)
            except NipError as error:
                if values.get("nip"):
                    problems.setdefault(index, []).append(Problem("NIP", error.rule))
    references = {
        EMPLOYEES: _employee_references,
        UNITS: _unit_references,
        POSITIONS: _position_references,
    }
    if kind in (COMPETENCIES, DEVELOPMENT):
        for index, values in enumerate(parsed):
            nip = values.get("nip")
            if nip is not None and nip not in known.employees:
                rule = "not an employee of this regency; import the employee first"
                problems.setdefault(index, []).append(Problem("NIP", rule))
    else:
        for index, problem in references[kind](parsed, known):
            problems.setdefault(index, []).append(problem)
    return Checked(parsed, problems)


def _employee_references(parsed: list[dict], known: Known) -> Iterable[tuple[int, Problem]]:
    in_file = {v["nip"]: v for v in parsed if "nip" in v}
    penilai_of = dict(known.employees)
    for nip, values in in_file.items():
        if "penilai_nip" in values:
            penilai_of[nip] = values["penilai_nip"]
    for index, values in enumerate(parsed):
        unit = values.get("unit_id")
        if unit is not None and unit not in known.units:
            yield index, Problem("Kode Unit", f"unit {unit!r} is not a unit of this regency")
        penilai = values.get("penilai_nip")
        if penilai is None:
            continue
        if penilai == values.get("nip"):
            yield index, Problem("NIP Pejabat Penilai", "an employee cannot be their own penilai")
        elif penilai not in in_file and penilai not in known.employees:
            rule = f"{penilai} is neither an employee of this regency nor in this file"
            yield index, Problem("NIP Pejabat Penilai", rule)
        elif _loops(values.get("nip"), penilai_of):
            rule = "the chain of penilai returns to this employee"
            yield index, Problem("NIP Pejabat Penilai", rule)


def _unit_references(parsed: list[dict], known: Known) -> Iterable[tuple[int, Problem]]:
    in_file = {v["unit_id"] for v in parsed if "unit_id" in v}
    parent_of = dict(known.units)
    for values in parsed:
        if "unit_id" in values and "parent_id" in values:
            parent_of[values["unit_id"]] = values["parent_id"]
    for index, values in enumerate(parsed):
        parent = values.get("parent_id")
        if parent is not None:
            if parent == values.get("unit_id"):
                yield index, Problem("Kode Unit Induk", "a unit cannot be its own parent")
            elif parent not in in_file and parent not in known.units:
                rule = f"unit {parent!r} is neither a unit of this regency nor in this file"
                yield index, Problem("Kode Unit Induk", rule)
            elif _loops(values.get("unit_id"), parent_of):
                yield index, Problem("Kode Unit Induk", "the chain of parents returns here")
        head = values.get("head_nip")
        if head is not None and head not in known.employees:
            rule = f"{head} is not an employee of this regency (import employees first)"
            yield index, Problem("NIP Kepala Unit", rule)


def _position_references(parsed: list[dict], known: Known) -> Iterable[tuple[int, Problem]]:
    for index, values in enumerate(parsed):
        unit = values.get("unit_id")
        if unit is not None and unit not in known.units:
            yield index, Problem("Kode Unit", f"unit {unit!r} is not a unit of this regency")
        nip = values.get("incumbent_nip")
        if nip is not None and nip not in known.employees:
            rule = f"{nip} is not an employee of this regency (import employees first)"
            yield index, Problem("NIP Pemangku", rule)


def _loops(start: str | None, up: Mapping[str, str | None]) -> bool:
    seen = set()
    current = start
    while current is not None and current not in seen:
        seen.add(current)
        current = up.get(current)
    return current is not None and current == start
