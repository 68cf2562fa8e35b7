"""The ``kinerja`` command: its version, help on every option, JSON where it prints data, exit
codes (2 usage, 1 failure) with one line and never a traceback, and the files staff export."""

from __future__ import annotations

import argparse
import json

from functions.local import cli
from tests.functional.test_imports import UNITS, as_csv


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as stopped:  # argparse: --version, --help, usage errors
        code = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_the_installed_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"kinerja {cli.version()}"


def test_every_option_of_every_command_has_help():
    def actions(parser: argparse.ArgumentParser, name: str):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, subparser in action.choices.items():
                    yield from actions(subparser, f"{name} {sub}")
            else:
                yield name, action

    bare = [
        f"{name}: {action.dest}"
        for name, action in actions(cli.parser(), "kinerja")
        if not action.help or action.help == argparse.SUPPRESS
    ]
    assert bare == []


def test_a_usage_error_exits_2_with_one_line_and_no_traceback(capsys):
    for argv in (("export",), ("export", "nope"), ("frobnicate",), ("export", "siasn")):
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("kinerja"), err


def test_a_refused_call_exits_1_naming_the_error(capsys, stack, tmp_path):
    target = str(tmp_path / "x.jsonl")
    code, _, err = run(capsys, "export", "tenant", "--url", stack.url, "--key", "kin_0_no", "-o",
                       target)  # fmt: skip
    assert code == 1 and "Traceback" not in err
    assert err.startswith("kinerja export: HTTP 401 unauthorized:")
    code, _, err = run(
        capsys, "export", "tenant", "--url", stack.url, "--key", "kin_0_no", "--json"
    )
    assert code == 1 and json.loads(err)["error"]["code"] == "unauthorized"


def test_an_unreachable_api_or_a_missing_file_exits_1(capsys, tmp_path):
    code, _, err = run(capsys, "export", "tenant", "--url", "http://127.0.0.1:1", "--key", "k")
    assert code == 1 and "cannot reach the API" in err and "Traceback" not in err
    missing = str(tmp_path / "none.csv")
    code, _, err = run(capsys, "import", "units", missing, "--url", "http://127.0.0.1:1")
    assert code == 1 and "none.csv" in err and "Traceback" not in err


def test_the_files_staff_need_are_exported(capsys, stack, tmp_path):
    admin = ["--url", stack.url, "--key", stack.sample.admin_key]
    backup = tmp_path / "sukamaju.jsonl"
    code, out, _ = run(capsys, "export", "tenant", *admin, "-o", str(backup), "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["file"] == str(backup) and summary["bytes"] == backup.stat().st_size
    assert all(json.loads(line) for line in backup.read_text().splitlines())

    code, out, _ = run(capsys, "export", "siasn", *admin, "--year", "2026", "--period", "1",
                       "-o", str(tmp_path / "siasn.json"))  # fmt: skip
    assert code == 0 and "siasn.json" in out
    siasn = json.loads((tmp_path / "siasn.json").read_text())
    assert {"year", "period", "records", "left_out"} <= set(siasn)

    unit = next(json.loads(line) for line in backup.read_text().splitlines() if '"unit"' in line)
    worksheet = tmp_path / "kualitas.csv"
    code, _, _ = run(capsys, "export", "quality", *admin, "--unit", unit["unit_id"],
                     "--year", "2026", "-o", str(worksheet))  # fmt: skip
    assert code == 0 and worksheet.read_text(encoding="utf-8-sig").strip()


def test_import_prints_the_job_as_json(capsys, stack, tmp_path):
    units = tmp_path / "unit.csv"
    units.write_bytes(as_csv(UNITS))
    admin = ["--url", stack.url, "--key", stack.sample.admin_key]
    code, out, _ = run(capsys, "import", "units", str(units), *admin, "--json")
    assert code == 0
    assert json.loads(out)["counts"]["created"] == len(UNITS) - 1
