"""The words people use for the system's codes, in one place: ``label("predikat",
"butuh_perbaikan")`` is "Butuh Perbaikan". A code without a word here is shown as it is, so a new
code shows up plainly rather than breaking a page."""

from __future__ import annotations

from collections.abc import Mapping

from functions.domain.berakhlak import CORE_VALUES
from functions.domain.rating import Predikat

LABELS: Mapping[str, Mapping[str, str]] = {
    "task_kind": {
        "draft_skp": "Menyusun SKP",
        "approve_skp": "Persetujuan SKP",
        "approve_skp_second": "Persetujuan kedua SKP",
        "coaching": "Bimbingan kinerja",
        "coaching_follow_up": "Tindak lanjut bimbingan kinerja",
        "rate_perilaku": "Penilaian perilaku kerja periodik",
        "rate_annual": "Penilaian kinerja tahunan",
        "review_midyear": "Reviu kinerja tengah tahun",
    },
    "stage": {
        "plan": "Perencanaan kinerja",
        "approval": "Menunggu persetujuan SKP",
        "monitor": "Pelaksanaan dan pemantauan",
        "coach": "Pembinaan kinerja",
        "assess": "Penilaian kinerja",
        "annual": "Penilaian tahunan",
        "decide": "Tindak lanjut",
        "done": "Selesai",
        "failed": "Terhenti karena galat",
    },
    "predikat": {
        Predikat.SANGAT_BAIK.value: "Sangat Baik",
        Predikat.BAIK.value: "Baik",
        Predikat.BUTUH_PERBAIKAN.value: "Butuh Perbaikan",
        Predikat.KURANG.value: "Kurang/Misconduct",
        Predikat.SANGAT_KURANG.value: "Sangat Kurang",
        "cukup": "Butuh Perbaikan",
    },
    "org_predikat": {
        "istimewa": "Istimewa",
        "baik": "Baik",
        "butuh_perbaikan": "Butuh Perbaikan",
        "kurang": "Kurang",
        "sangat_kurang": "Sangat Kurang",
    },
    "rating": {
        "di_atas": "Di Atas Ekspektasi",
        "sesuai": "Sesuai Ekspektasi",
        "di_bawah": "Di Bawah Ekspektasi",
    },
    "skp_status": {
        "draft": "Draf",
        "diajukan": "Diajukan",
        "disetujui": "Disetujui",
        "dikembalikan": "Dikembalikan",
    },
    "task_status": {
        "open": "Terbuka",
        "done": "Selesai",
        "rejected": "Ditolak",
        "timed_out": "Lewat batas waktu",
    },
    "cycle_status": {"running": "Berjalan", "failed": "Terhenti", "done": "Selesai"},
    "aspek": {"kuantitas": "Kuantitas", "kualitas": "Kualitas", "waktu": "Waktu", "biaya": "Biaya"},
    "approach": {"kuantitatif": "Kuantitatif", "kualitatif": "Kualitatif"},
    "agregasi": {
        "jumlah": "Jumlah (dijumlahkan antarperiode)",
        "rata_rata": "Rata-rata",
        "terakhir": "Terakhir (laporan terbaru)",
        "maksimum": "Maksimum",
        "minimum": "Minimum",
    },
    "perspektif": {
        "penerima_layanan": "Penerima Layanan",
        "proses_bisnis": "Proses Bisnis",
        "penguatan_internal": "Penguatan Internal",
        "anggaran": "Anggaran",
    },
    "flag": {
        "pns_improvement_period": "Masa perbaikan kinerja PNS (6 bulan)",
        "pppk_contract_review": "Peninjauan perjanjian kerja PPPK",
        "pppk_extension_eligible": "Layak perpanjangan perjanjian kerja PPPK",
        "succession_candidate": "Calon suksesor",
        "reward": "Penghargaan",
    },
    "box": {
        "9": "Kinerja di atas, potensi tinggi",
        "8": "Kinerja sesuai, potensi tinggi",
        "7": "Kinerja di atas, potensi menengah",
        "6": "Kinerja di bawah, potensi tinggi",
        "5": "Kinerja sesuai, potensi menengah",
        "4": "Kinerja di atas, potensi rendah",
        "3": "Kinerja di bawah, potensi menengah",
        "2": "Kinerja sesuai, potensi rendah",
        "1": "Kinerja di bawah, potensi rendah",
    },
    "berakhlak": {value.key: value.label for value in CORE_VALUES},
    "coaching_kind": {"bimbingan": "Bimbingan kinerja", "konseling": "Konseling kinerja"},
    "outcome": {
        "improved": "Membaik",
        "partly_improved": "Sebagian membaik",
        "not_improved": "Belum membaik (konseling disarankan)",
    },
    "perilaku_rule": {
        "penilai": "rating perilaku ditetapkan penilai",
        "majority": "rating perilaku mengikuti mayoritas nilai",
    },
    "role": {
        "pegawai": "Pegawai",
        "tenant_admin": "Admin BKPSDM",
        "auditor": "Auditor",
        "platform": "Operator platform",
        "integration": "Integrasi",
    },
    "asn_kind": {"pns": "PNS", "pppk": "PPPK"},
    "error": {
        "unauthorized": "Kunci API tidak dikenal atau sudah dicabut.",
        "forbidden": "Anda tidak berwenang melakukan ini.",
        "not_found": "Data tidak ditemukan.",
        "conflict": "Keadaannya tidak mengizinkan langkah ini (mungkin sudah diselesaikan).",
        "stage_forbids": "Tahap siklus saat ini tidak mengizinkan langkah ini.",
        "invalid_input": "Isian tidak sah.",
        "none_chosen": "Pilih sedikitnya satu SKP untuk disetujui.",
        "storage_error": "Penyimpanan sedang tidak tersedia; coba lagi sebentar lagi.",
    },
}

# The order predikat are shown in, best first.
PREDIKAT_ORDER: tuple[str, ...] = tuple(p.value for p in Predikat)


def label(kind: str, code: object) -> str:
    """The word for ``code`` of ``kind``; "–" for nothing, the code itself when unknown."""
    if code is None or code == "":
        return "–"
    return LABELS.get(kind, {}).get(str(code), str(code))


def period_name(period: object) -> str:
    """ "Periode 2" or "Tahunan" (the annual assessment is period 0 or "annual")."""
    if period in (0, "0", "annual", None):
        return "Tahunan"
    return f"Periode {period}"


def number(value: object) -> str:
    """A number as people write it here: 12, 12,5 (decimal comma); "–" for nothing."""
    if value is None or value == "":
        return "–"
    try:
        as_float = float(value)  # Decimal, int, float or their text
    except (TypeError, ValueError):
        return str(value)
    if as_float.is_integer():
        return f"{int(as_float):,}".replace(",", ".")
    return f"{as_float:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def field_number(value: object) -> str:
    """A number for a form's field: no thousands separator, a decimal comma (12,5)."""
    if value is None or value == "":
        return ""
    as_float = float(value)
    return str(int(as_float)) if as_float.is_integer() else repr(as_float).replace(".", ",")
