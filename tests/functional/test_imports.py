"""Bulk import through the API on the embedded stack: a good file lands, the same file again
changes nothing, one bad row writes nothing and the report names it; CSV and XLSX alike."""

import csv
import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from functions.local import importer
from functions.local.client import ApiError
from functions.store.repository import TenantRepository

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS = [
    ["Kode Unit", "Nama Unit", "Kode Unit Induk"],
    ["bappeda", "Badan Perencanaan Pembangunan Daerah", "setda"],
    ["bappeda-eko", "Bidang Ekonomi", "bappeda"],
]
EMPLOYEES = [
    ["No", "NIP", "Nama", "Kode Unit", "Jenis ASN", "Jenis Jabatan", "Nama Jabatan", "Jenjang",
     "NIP Pejabat Penilai"],
    [1, "19800512 200501 1 003", "Slamet Riyadi", "bappeda", "PNS", "JPT", "Kepala Badan", None,
     None],
    [2, "198703152010012004", "Ratna Dewi", "bappeda-eko", "PNS", "Administrator",
     "Kepala Bidang Ekonomi", None, "198005122005011003"],
    [3, "199208202019031005", "Yoga Pratama", "bappeda-eko", "PPPK", "Fungsional", "Perencana",
     "Ahli Pertama", "198703152010012004"],
]  # fmt: skip
SCORES = [
    ["NIP", "Nama", "Manajerial", "Sosial Kultural", "Teknis"],
    ["198005122005011003", "Slamet Riyadi", 88, 81, "79,5"],
    ["199208202019031005", "Yoga Pratama", 64, 70, 72],
]


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(["" if c is None else c for c in row] for row in rows)
    return out.getvalue().encode()


def as_xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS = {"csv": (as_csv, CSV_TYPE), "xlsx": (as_xlsx, XLSX_TYPE)}


def upload(client, kind, rows, file_format="csv"):
    make, media = FORMATS[file_format]
    body, _ = client.raw("POST", f"/imports/{kind}", make(rows), media)
    return json.loads(body)


def refused(call, *args) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args)
    return caught.value


def versions(stack) -> dict[str, int]:
    repo = TenantRepository(stack.sample.tenant_id)
    found = {f"unit/{u.unit_id}": u.version for u in repo.units()}
    found |= {f"employee/{e.nip}": e.version for e in repo.employees()}
    return found


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_good_file_imports_and_the_same_file_again_changes_nothing(stack, admin, file_format):
    first = upload(admin, "units", UNITS, file_format)
    assert first["status"] == "done"
    assert first["counts"] == {"created": 2, "updated": 0, "unchanged": 0}
    people = upload(admin, "employees", EMPLOYEES, file_format)
    assert people["counts"] == {"created": 3, "updated": 0, "unchanged": 0}
    scores = upload(admin, "competencies", SCORES, file_format)
    assert scores["counts"] == {"created": 0, "updated": 2, "unchanged": 0}
    before = versions(stack)

    for kind, rows in (("units", UNITS), ("employees", EMPLOYEES), ("competencies", SCORES)):
        again = upload(admin, kind, rows, file_format)
        assert again["counts"]["unchanged"] == len(rows) - 1, kind
        assert again["written"] == 0 and again["to_write"] == 0
    assert versions(stack) == before

    repo = TenantRepository(stack.sample.tenant_id)
    yoga = repo.employee("199208202019031005")
    assert (yoga.asn_kind, yoga.jenjang, yoga.penilai_nip) == ("pppk", "ahli_pertama",
                                                              "198703152010012004")  # fmt: skip
    assert yoga.potensi_scores.as_dict() == {"manajerial": 64, "sosial_kultural": 70, "teknis": 72}
    assert [e.nip for e in repo.subordinates("198005122005011003")] == ["198703152010012004"]
    assert repo.employee("198005122005011003").potensi_scores.as_dict()["teknis"] == 79.5


def test_a_changed_row_updates_only_that_employee_with_an_audit_entry(stack, admin):
    upload(admin, "units", UNITS)
    upload(admin, "employees", EMPLOYEES)
    before = versions(stack)
    changed = [row[:] for row in EMPLOYEES]
    changed[3][6] = "Perencana Ahli"
    result = upload(admin, "employees", changed)
    assert result["counts"] == {"created": 0, "updated": 1, "unchanged": 2}
    after = versions(stack)
    moved = {item for item in after if after[item] != before.get(item)}
    assert moved == {"employee/199208202019031005"}
    entries = admin.get("/audit?from=2026-01-01&to=2026-01-01")
    update = [e for e in entries if e["action"] == "employee.import"]
    assert update == [
        {**update[0], "item": "employee/199208202019031005",
         "before": {"position": "Perencana"}, "after": {"position": "Perencana Ahli"}}
    ]  # fmt: skip
    imports = [e for e in entries if e["action"] == "import.employees"]
    assert [e["after"]["counts"]["updated"] for e in imports] == [0, 1]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_one_bad_row_writes_nothing_and_the_report_names_row_column_and_rule(
    stack, admin, file_format
):
    upload(admin, "units", UNITS)
    before = versions(stack)
    bad = [row[:] for row in EMPLOYEES]
    bad[2][4] = "Honorer"
    error = refused(upload, admin, "employees", bad, file_format)
    assert error.status == 422
    details = error.body["error"]["details"]
    assert details["problems"] == [
        {"row": 3, "column": "Jenis ASN", "rule": "'Honorer' is not one of PNS, PPPK"}
    ]
    assert versions(stack) == before

    data, media = admin.raw("GET", details["report"])
    assert media == FORMATS[file_format][1]
    if file_format == "xlsx":
        rows = [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [*EMPLOYEES[0], "error"]
    assert len(rows) == len(EMPLOYEES)
    errors = [row[-1] or "" for row in rows[1:]]
    assert errors == ["", "Jenis ASN: 'Honorer' is not one of PNS, PPPK", ""]
    assert str(rows[2][1]) == "198703152010012004"  # the input row, as sent

    job = admin.get(f"/imports/{details['job_id']}")
    assert job["status"] == "rejected" and job["written"] == 0


def test_a_file_missing_a_column_is_422_naming_it(admin):
    error = refused(upload, admin, "employees", [row[:3] for row in EMPLOYEES])
    assert error.status == 422
    assert "Kode Unit" in error.body["error"]["details"]


def test_the_upload_must_be_csv_or_xlsx_and_not_too_large(admin, monkeypatch):
    error = refused(admin.post, "/imports/units", {"rows": []})
    assert error.status == 415
    from functions.services import imports

    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    error = refused(admin.raw, "POST", "/imports/units", b"x" * 101, CSV_TYPE)
    assert error.status == 413


def test_only_a_tenant_admin_imports(api, stack, people):
    someone = next(iter(people.values()))["key"]
    error = refused(upload, api.as_(someone), "units", UNITS)
    assert error.status == 403
    auditor = api.as_(stack.sample.auditor_key)
    assert refused(upload, auditor, "units", UNITS).status == 403


def test_an_unknown_job_is_404(admin):
    assert refused(admin.get, "/imports/0123456789abcdef").status == 404
    assert refused(admin.raw, "GET", "/imports/0123456789abcdef/report").status == 404


def test_the_cli_imports_with_progress_and_saves_the_report_of_a_bad_file(admin, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    units = tmp_path / "unit.xlsx"
    units.write_bytes(as_xlsx(UNITS))
    assert importer.run(admin, "units", units, out, err) == 0
    assert "2 created, 0 updated, 0 unchanged" in out.getvalue()
    assert "validated 2/2 rows, written 2/2" in err.getvalue()

    bad = [row[:] for row in EMPLOYEES]
    bad[1][1] = "19801312 200501 1 003"
    people = tmp_path / "pegawai.csv"
    people.write_bytes(as_csv(bad))
    assert importer.run(admin, "employees", people, out, err) == 1
    report = tmp_path / "pegawai.errors.csv"
    assert "row 2: NIP: digits 1-8 (19801312)" in err.getvalue()
    assert "NIP: digits 1-8" in report.read_text(encoding="utf-8-sig")


def test_moving_an_employee_in_mid_cycle_is_left_to_the_people_api(stack, admin):
    upload(admin, "units", UNITS)
    upload(admin, "employees", EMPLOYEES)
    admin.post("/cycles", {"year": 2026, "nips": ["199208202019031005"]})
    before = versions(stack)
    moved = [row[:] for row in EMPLOYEES]
    moved[3][8] = "198005122005011003"  # a new penilai while the cycle runs
    error = refused(upload, admin, "employees", moved)
    assert error.status == 422
    assert "employees.199208202019031005" in error.body["error"]["details"]
    assert versions(stack) == before


def test_an_employee_created_meanwhile_is_not_overwritten_by_the_import(stack, admin, monkeypatch):
    """Creations condition on the item not existing: a NIP added through the people API after
    the import read the roster makes the import stop with 409, and the new employee stands."""
    from functions.services import imports, people

    upload(admin, "units", UNITS)
    repo = TenantRepository(stack.sample.tenant_id)
    checked_roster = imports._refuse_moves_of_running_cycles

    def someone_adds_yoga_meanwhile(*args):
        checked_roster(*args)
        monkeypatch.setattr(imports, "_refuse_moves_of_running_cycles", checked_roster)
        people.create_employee(repo, "another admin", {
            "nip": "199208202019031005", "name": "Yoga P.", "unit_id": "bappeda",
            "asn_kind": "pns", "position_kind": "pelaksana", "position": "Analis",
            "jenjang": None, "penilai_nip": None})  # fmt: skip

    monkeypatch.setattr(imports, "_refuse_moves_of_running_cycles", someone_adds_yoga_meanwhile)
    error = refused(upload, admin, "employees", EMPLOYEES)
    assert error.status == 409 and "import the same file again" in error.body["error"]["message"]
    assert repo.employee("199208202019031005").name == "Yoga P."
    again = upload(admin, "employees", EMPLOYEES)  # the admin reads the roster anew
    assert again["counts"] == {"created": 2, "updated": 1, "unchanged": 0}
