"""A validation report as the workflow pages show it: each fault and warning in words, with the
state it belongs to (from its ``state``, else from its path ``/States/<name>/…``), so the page
can mark the state in the diagram and list its messages beside it. The validator's own message
(English, technical) stays as the detail under the words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _

WORDS = {
    "json": _("Teks definisi bukan JSON yang sah"),
    "bad_path": _("Jalur data (path) tidak sah"),
    "busy_loop": _("Perulangan tanpa menunggu orang atau waktu"),
    "catch_shape": _("Bentuk Catch tidak sah"),
    "choice_shape": _("Bentuk aturan Choice tidak sah"),
    "choice_type": _("Choice membandingkan jenis nilai yang salah"),
    "choice_value": _("Choice membandingkan nilai yang tidak pernah muncul"),
    "coaching_removed": _("Pembinaan kinerja tidak ada lagi dalam alur"),
    "cycle_never_finishes": _("Siklus tidak pernah selesai"),
    "cycle_order": _("Urutan tahap siklus salah"),
    "deadline_from_settings": _("Batas waktu tugas diambil dari pengaturan instansi"),
    "deadline_mismatch": _("Batas waktu tugas berbeda dengan batas waktu tunggunya"),
    "definition_too_large": _("Definisi terlalu besar"),
    "dispatch_missing_stage": _("Tahap tersimpan tidak ditangani pembagi tahap"),
    "duplicate_stage": _("Tahap yang sama ditangani dua kali"),
    "fact_missing": _("Prasyarat langkah tidak terpenuhi di jalur ini"),
    "first_state_not_load": _("State pertama bukan langkah load"),
    "input_missing": _("Masukan wajib langkah tidak diberikan"),
    "input_type": _("Jenis masukan langkah salah"),
    "input_unknown": _("Masukan langkah tidak dikenal"),
    "input_value": _("Nilai masukan langkah tidak diizinkan"),
    "load_again": _("Kembali ke load di tengah segmen"),
    "map_shape": _("Bentuk state Map tidak sah"),
    "parallel_shape": _("Bentuk state Parallel tidak sah"),
    "missing_target": _("Tujuan transisi tidak ada"),
    "no_dispatch": _("Tidak ada pembagi tahap sesudah load"),
    "no_resource": _("Task tanpa Resource"),
    "no_start": _("StartAt tidak ada"),
    "no_states": _("Tidak ada state"),
    "no_terminal": _("Tidak ada state akhir"),
    "no_way_out": _("State tanpa jalan menuju akhir"),
    "not_an_object": _("Bagian ini harus berupa objek JSON"),
    "not_in_catalog": _("Langkah tidak ada di katalog"),
    "payload_too_large": _("Data state dapat melampaui batas ukuran"),
    "retry_shape": _("Bentuk Retry tidak sah"),
    "segment_too_long": _("Segmen dapat berjalan lebih dari setahun"),
    "stage_not_resumable": _("Tahap tersimpan tidak dapat dilanjutkan"),
    "stage_removed": _("Tahap yang diwajibkan peraturan dihapus"),
    "start_not_found": _("StartAt menunjuk state yang tidak ada"),
    "state_name": _("Nama state tidak sah"),
    "state_type": _("Jenis state tidak sah"),
    "timeout_not_escalated": _("Lewat batas waktu tidak ditangani tersendiri"),
    "timeout_shape": _("Bentuk batas waktu tidak sah"),
    "too_many_events": _("Terlalu banyak peristiwa dalam satu segmen"),
    "transition": _("Transisi tidak sah (Next atau End)"),
    "unknown_field": _("Kolom tidak dikenal"),
    "unknown_path": _("Jalur membaca data yang tidak ada"),
    "unreachable": _("State tidak dapat dicapai"),
    "wait_mismatch": _("Wait tidak sesuai"),
    "wait_shape": _("Bentuk Wait tidak sah"),
    "wait_without_timeout": _("Menunggu orang tanpa batas waktu"),
    "wait_without_token": _("Menunggu orang tanpa token tugas"),
}
AWS = _("Pemeriksaan Step Functions menolak definisi")


def words(code: str) -> str:
    """The fault's code in words (a code not listed: as it is)."""
    if code.startswith("aws_"):
        return str(AWS)
    found = WORDS.get(code)
    return str(found) if found is not None else code


def state_of(fault: dict, states: object) -> str | None:
    """The state a fault belongs to: its own, else the one its path names."""
    if fault.get("state"):
        return fault["state"]
    parts = (fault.get("path") or "").split("/")
    if len(parts) > 2 and parts[1] == "States" and isinstance(states, dict) and parts[2] in states:
        return parts[2]
    return None


def placed(report: dict, definition: object) -> tuple[list[dict], dict[str, list[dict]]]:
    """(every message as a row, in the report's order; {state: its messages})."""
    states = definition.get("States") if isinstance(definition, dict) else None
    rows = [
        {**fault, "words": words(fault["code"]), "state": state_of(fault, states), "warning": warn}
        for key, warn in (("faults", False), ("warnings", True))
        for fault in report.get(key, [])
    ]
    marks: dict[str, list[dict]] = {}
    for number, row in enumerate(rows, 1):
        row["number"] = number
        if row["state"]:
            marks.setdefault(row["state"], []).append(row)
    return rows, marks


def unparsable(error: ValueError) -> dict:
    """The report of a definition text that is not JSON: one fault, where the parser stopped."""
    return {
        "valid": False,
        "faults": [{"code": "json", "state": None, "path": "", "message": str(error)}],
        "warnings": [],
        "acknowledge": [],
    }
