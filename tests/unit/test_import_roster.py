"""The rows of an import: each cell rule, duplicates, and references to the tenant or the file."""

import pytest

from functions.domain import roster
from functions.domain.roster import Known, RosterError, check, columns_of

HEAD = "199001022015012002"
STAFF = "19900101 201501 1 001"  # printed with spaces, as NIPs often are
EMPLOYEE_HEADERS = [
    "NIP",
    "Nama",
    "Kode Unit",
    "Jenis ASN",
    "Jenis Jabatan",
    "Nama Jabatan",
    "Jenjang",
    "NIP Pejabat Penilai",
]
KNOWN = Known(units={"setda": None, "dinkes": "setda"}, employees={"197001012000011001": None})


def employee(**changes) -> list:
    row = {
        "NIP": HEAD,
        "Nama": "Budi",
        "Kode Unit": "dinkes",
        "Jenis ASN": "PNS",
        "Jenis Jabatan": "Fungsional",
        "Nama Jabatan": "Perencana",
        "Jenjang": "Ahli Muda",
        "NIP Pejabat Penilai": "197001012000011001",
    }
    row.update(changes)
    return [row[h] for h in EMPLOYEE_HEADERS]


def problems(kind, headers, rows, known=KNOWN) -> dict[int, list[str]]:
    checked = check(kind, headers, rows, known)
    return {i: [str(p) for p in found] for i, found in checked.problems.items()}


def only_problem(row, known=KNOWN) -> str:
    found = problems("employees", EMPLOYEE_HEADERS, [row], known)
    assert list(found) == [0] and len(found[0]) == 1, found
    return found[0][0]


def test_a_good_employee_row_gives_stored_values():
    checked = check("employees", EMPLOYEE_HEADERS, [employee(NIP=STAFF)], KNOWN)
    assert checked.ok
    assert checked.rows[0] == {
        "nip": "199001012015011001",
        "name": "Budi",
        "unit_id": "dinkes",
        "asn_kind": "pns",
        "position_kind": "fungsional",
        "position": "Perencana",
        "jenjang": "ahli_muda",
        "penilai_nip": "197001012000011001",
    }


def test_headers_match_whatever_their_case_spacing_and_aliases():
    headers = ["nip baru", " NAMA ", "kode_unit", "Jenis ASN", "jenis  jabatan", "Jabatan"]
    assert set(columns_of("employees", headers)) == {
        "nip", "name", "unit_id", "asn_kind", "position_kind", "position",
    }  # fmt: skip


def test_a_missing_column_names_it_and_the_expected_columns():
    with pytest.raises(RosterError) as caught:
        columns_of("employees", ["NIP", "Nama"])
    assert caught.value.field == "Kode Unit"
    assert "Jenis ASN" in caught.value.rule and "Kode Unit" in caught.value.rule


def test_a_column_given_twice_is_refused():
    with pytest.raises(RosterError) as caught:
        columns_of("units", ["Kode Unit", "Nama Unit", "kode unit"])
    assert caught.value.field == "Kode Unit" and "2 times" in caught.value.rule


def test_a_bad_nip_names_the_column_and_the_part_that_cannot_be_right():
    assert only_problem(employee(NIP="19901301 201501 1 001")).startswith(
        "NIP: digits 1-8 (19901301) are not a possible birth date"
    )
    assert only_problem(employee(NIP="12345")) == "NIP: a NIP has exactly 18 digits"
    assert "digit 15" in only_problem(employee(NIP="199001022015013002"))


def test_a_nip_stored_as_a_number_is_refused_as_rounded_but_an_exact_integer_passes():
    assert "format the column as text" in only_problem(employee(NIP=1.99001022015012e17))
    assert check("employees", EMPLOYEE_HEADERS, [employee(NIP=int(HEAD))], KNOWN).ok


def test_required_cells_are_named():
    assert only_problem(employee(Nama="  ")) == "Nama: required"
    assert only_problem(employee(**{"Nama Jabatan": None})) == "Nama Jabatan: required"


def test_an_unknown_unit_is_refused():
    assert only_problem(employee(**{"Kode Unit": "dishub"})) == (
        "Kode Unit: unit 'dishub' is not a unit of this regency"
    )


def test_a_unit_code_with_a_key_separator_is_refused():
    assert only_problem(employee(**{"Kode Unit": "din#kes"})).startswith("Kode Unit: a unit code")


def test_an_unknown_penilai_is_refused_but_one_in_the_same_file_is_accepted():
    stranger = "198001012005011001"
    found = only_problem(employee(**{"NIP Pejabat Penilai": stranger}))
    assert found == (
        f"NIP Pejabat Penilai: {stranger} is neither an employee of this regency nor in this file"
    )
    rows = [
        employee(**{"NIP Pejabat Penilai": stranger}),
        employee(NIP=stranger, **{"NIP Pejabat Penilai": None}),
    ]
    assert check("employees", EMPLOYEE_HEADERS, rows, KNOWN).ok


def test_an_employee_cannot_be_their_own_penilai_nor_close_a_loop():
    assert "their own penilai" in only_problem(employee(**{"NIP Pejabat Penilai": HEAD}))
    other = "198001012005011001"
    rows = [
        employee(**{"NIP Pejabat Penilai": other}),
        employee(NIP=other, **{"NIP Pejabat Penilai": HEAD}),
    ]
    found = problems("employees", EMPLOYEE_HEADERS, rows)
    assert set(found) == {0, 1}
    assert all("returns to this employee" in p[0] for p in found.values())


def test_a_duplicate_nip_names_the_first_row():
    rows = [employee(), employee(NIP="1990 0102 2015 0120 02")]
    assert problems("employees", EMPLOYEE_HEADERS, rows) == {
        1: ["NIP: also on row 2: a NIP appears once in a file"]
    }


def test_the_duplicate_names_the_sheet_row_when_rows_were_left_out():
    checked = check("employees", EMPLOYEE_HEADERS, [employee(), employee()], KNOWN, [5, 9])
    assert checked.error_of(1) == "NIP: also on row 5: a NIP appears once in a file"


def test_jenjang_rules():
    assert only_problem(employee(Jenjang="Ahli Super")).startswith(
        "Jenjang: 'Ahli Super' is not one of Ahli Pertama, Ahli Muda"
    )
    assert only_problem(employee(Jenjang=None)).startswith(
        "Jenjang: required for Jenis Jabatan Fungsional"
    )
    assert only_problem(employee(**{"Jenis Jabatan": "Pelaksana"})) == (
        "Jenjang: only a jabatan fungsional has a jenjang; leave it empty"
    )
    assert check("employees", EMPLOYEE_HEADERS, [employee(Jenjang="ahli-pertama")], KNOWN).ok


def test_position_kind_and_asn_kind_are_from_their_lists():
    assert only_problem(employee(**{"Jenis Jabatan": "Direktur", "Jenjang": None})).startswith(
        "Jenis Jabatan: 'Direktur' is not one of JPT"
    )
    assert only_problem(employee(**{"Jenis ASN": "Honorer"})) == (
        "Jenis ASN: 'Honorer' is not one of PNS, PPPK"
    )
    jpt = employee(**{"Jenis ASN": "PPPK", "Jenis Jabatan": "JPT", "Jenjang": None})
    assert only_problem(jpt) == "Jenis ASN: a JPT is held by a PNS"


def test_every_problem_of_a_row_is_named_at_once():
    found = problems("employees", EMPLOYEE_HEADERS, [employee(NIP="1", Nama=None, Jenjang="x")])
    assert [p.split(":")[0] for p in found[0]] == ["NIP", "Nama", "Jenjang"]


def test_optional_columns_left_out_are_not_values():
    checked = check("employees", EMPLOYEE_HEADERS[:6], [employee()[:6]], KNOWN)
    assert "penilai_nip" not in checked.rows[0] and "jenjang" not in checked.rows[0]


UNIT_HEADERS = ["Kode Unit", "Nama Unit", "Kode Unit Induk", "NIP Kepala Unit"]


def test_unit_parents_may_be_in_the_file_but_not_unknown_nor_in_a_loop():
    good = [["bappeda-1", "Bidang", "bappeda", None], ["bappeda", "Bappeda", "setda", None]]
    assert check("units", UNIT_HEADERS, good, KNOWN).ok
    found = problems("units", UNIT_HEADERS, [["x", "X", "nowhere", None]])
    assert found == {0: ["Kode Unit Induk: unit 'nowhere' is neither a unit of this regency "
                         "nor in this file"]}  # fmt: skip
    looped = [["a", "A", "b", None], ["b", "B", "a", None]]
    assert set(problems("units", UNIT_HEADERS, looped)) == {0, 1}
    assert "own parent" in problems("units", UNIT_HEADERS, [["a", "A", "a", None]])[0][0]


def test_a_unit_head_is_an_employee_of_the_regency():
    found = problems("units", UNIT_HEADERS, [["setda", "Setda", None, HEAD]])
    assert found == {0: [f"NIP Kepala Unit: {HEAD} is not an employee of this regency "
                         "(import employees first)"]}  # fmt: skip
    assert check("units", UNIT_HEADERS, [["setda", "S", None, "197001012000011001"]], KNOWN).ok


def test_a_duplicate_unit_code_is_refused():
    found = problems("units", UNIT_HEADERS, [["a", "A", None, None], ["a", "B", None, None]])
    assert found == {1: ["Kode Unit: also on row 2: a Kode Unit appears once in a file"]}


SCORE_HEADERS = ["NIP", "Nama", "Manajerial", "Sosial Kultural", "Teknis"]


def test_competency_scores_accept_decimal_commas_and_refuse_out_of_range():
    checked = check(
        "competencies", SCORE_HEADERS, [["197001012000011001", "x", "82,5", 70, 90.0]], KNOWN
    )
    assert checked.ok
    assert checked.rows[0] == {
        "nip": "197001012000011001", "manajerial": 82.5, "sosial_kultural": 70, "teknis": 90,
    }  # fmt: skip
    found = problems("competencies", SCORE_HEADERS, [["197001012000011001", "x", 101, "abc", None]])
    assert found[0] == [
        "Manajerial: 101 is not a number from 0 to 100",
        "Sosial Kultural: 'abc' is not a number from 0 to 100",
        "Teknis: required",
    ]


def test_competencies_of_an_unknown_employee_are_refused():
    found = problems("competencies", SCORE_HEADERS, [[HEAD, "x", 1, 2, 3]])
    assert found == {0: ["NIP: not an employee of this regency; import the employee first"]}


def test_every_kind_documents_its_columns():
    assert set(roster.COLUMNS) == set(roster.IMPORT_KINDS)
    for columns in roster.COLUMNS.values():
        assert all(c.help for c in columns)


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("2026-04-01", "2026-04-01"),
        ("01/04/2026", "2026-04-01"),
        ("1-4-2026", "2026-04-01"),
        (__import__("datetime").datetime(2026, 4, 1, 0, 0), "2026-04-01"),
        ("", None),
    ],
)
def test_the_tmt_jabatan_is_a_date_in_the_forms_sheets_write(cell, stored):
    headers = [*EMPLOYEE_HEADERS, "TMT Jabatan"]
    checked = check("employees", headers, [[*employee(), cell]], KNOWN)
    assert checked.ok, checked.problems
    assert checked.rows[0]["tmt_jabatan"] == stored


def test_a_tmt_jabatan_that_is_no_date_is_named():
    headers = [*EMPLOYEE_HEADERS, "TMT Jabatan"]
    for bad in ("31/02/2026", "April 2026"):
        found = problems("employees", headers, [[*employee(), bad]])
        assert found == {0: [f"TMT Jabatan: {bad!r} is not a date (2026-04-01 or 01/04/2026)"]}
