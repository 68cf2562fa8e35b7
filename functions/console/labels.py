"""The words people use for the system's codes, in one place: ``label("predikat",
"butuh_perbaikan")`` is "Butuh Perbaikan". A code without a word here is shown as it is, so a new
code shows up plainly rather than breaking a page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext, lazy_gettext

from functions.domain.berakhlak import CORE_VALUES
from functions.domain.rating import Predikat

LABELS: Mapping[str, Mapping[str, object]] = {
    "frequency": {
        "triwulan": lazy_gettext("Triwulanan"),
        "bulanan": lazy_gettext("Bulanan"),
    },
    "task_kind": {
        "draft_skp": lazy_gettext("Menyusun SKP"),
        "approve_skp": lazy_gettext("Persetujuan SKP"),
        "approve_skp_second": lazy_gettext("Persetujuan kedua SKP"),
        "coaching": lazy_gettext("Bimbingan kinerja"),
        "coaching_follow_up": lazy_gettext("Tindak lanjut bimbingan kinerja"),
        "rate_perilaku": lazy_gettext("Penilaian perilaku kerja periodik"),
        "rate_annual": lazy_gettext("Penilaian kinerja tahunan"),
        "present_review": lazy_gettext("Paparan evaluasi pejabat"),
        "score_review": lazy_gettext("Penilaian paparan pejabat"),
        "recommend_review": lazy_gettext("Rekomendasi panel evaluasi pejabat"),
        "ratify_review": lazy_gettext("Pengesahan evaluasi pejabat"),
        "review_midyear": lazy_gettext("Reviu kinerja tengah tahun"),
    },
    "stage": {
        "plan": lazy_gettext("Perencanaan kinerja"),
        "approval": lazy_gettext("Menunggu persetujuan SKP"),
        "monitor": lazy_gettext("Pelaksanaan dan pemantauan"),
        "coach": lazy_gettext("Pembinaan kinerja"),
        "assess": lazy_gettext("Penilaian kinerja"),
        "annual": lazy_gettext("Penilaian tahunan"),
        "decide": lazy_gettext("Tindak lanjut"),
        "done": lazy_gettext("Selesai"),
        "failed": lazy_gettext("Terhenti karena galat"),
        "closed": lazy_gettext("Ditutup"),
    },
    "predikat": {
        Predikat.SANGAT_BAIK.value: lazy_gettext("Sangat Baik"),
        Predikat.BAIK.value: lazy_gettext("Baik"),
        Predikat.BUTUH_PERBAIKAN.value: lazy_gettext("Butuh Perbaikan"),
        Predikat.KURANG.value: lazy_gettext("Kurang/Misconduct"),
        Predikat.SANGAT_KURANG.value: lazy_gettext("Sangat Kurang"),
        "cukup": lazy_gettext("Butuh Perbaikan"),
    },
    "org_predikat": {
        "istimewa": lazy_gettext("Istimewa"),
        "baik": lazy_gettext("Baik"),
        "butuh_perbaikan": lazy_gettext("Butuh Perbaikan"),
        "kurang": lazy_gettext("Kurang"),
        "sangat_kurang": lazy_gettext("Sangat Kurang"),
    },
    "rating": {
        "di_atas": lazy_gettext("Di Atas Ekspektasi"),
        "sesuai": lazy_gettext("Sesuai Ekspektasi"),
        "di_bawah": lazy_gettext("Di Bawah Ekspektasi"),
    },
    "skp_status": {
        "draft": lazy_gettext("Draf"),
        "diajukan": lazy_gettext("Diajukan"),
        "disetujui": lazy_gettext("Disetujui"),
        "dikembalikan": lazy_gettext("Dikembalikan"),
    },
    "task_status": {
        "open": lazy_gettext("Terbuka"),
        "done": lazy_gettext("Selesai"),
        "rejected": lazy_gettext("Ditolak"),
        "timed_out": lazy_gettext("Lewat batas waktu"),
        "cancelled": lazy_gettext("Dibatalkan (siklus ditutup)"),
    },
    "cycle_status": {
        "running": lazy_gettext("Berjalan"),
        "failed": lazy_gettext("Terhenti"),
        "done": lazy_gettext("Selesai"),
        "closed": lazy_gettext("Ditutup"),
    },
    "close_outcome": {  # what a closure says of a cycle it did not close now
        "already closed": lazy_gettext("Sudah ditutup sebelumnya"),
        "no cycle this year": lazy_gettext("Tidak ada siklus tahun ini"),
        "the cycle is finished": lazy_gettext("Siklus sudah selesai"),
    },
    "close_reason": {
        "pensiun": lazy_gettext("Pensiun"),
        "pindah_keluar": lazy_gettext("Pindah keluar instansi"),
        "meninggal": lazy_gettext("Meninggal dunia"),
        "tutup_tahun": lazy_gettext("Tutup tahun"),
        "lainnya": lazy_gettext("Lainnya"),
    },
    "aspek": {
        "kuantitas": lazy_gettext("Kuantitas"),
        "kualitas": lazy_gettext("Kualitas"),
        "waktu": lazy_gettext("Waktu"),
        "biaya": lazy_gettext("Biaya"),
    },
    "approach": {
        "kuantitatif": lazy_gettext("Kuantitatif"),
        "kualitatif": lazy_gettext("Kualitatif"),
    },
    "agregasi": {
        "jumlah": lazy_gettext("Jumlah (dijumlahkan antarperiode)"),
        "rata_rata": lazy_gettext("Rata-rata"),
        "terakhir": lazy_gettext("Terakhir (laporan terbaru)"),
        "maksimum": lazy_gettext("Maksimum"),
        "minimum": lazy_gettext("Minimum"),
    },
    "perspektif": {
        "penerima_layanan": lazy_gettext("Penerima Layanan"),
        "proses_bisnis": lazy_gettext("Proses Bisnis"),
        "penguatan_internal": lazy_gettext("Penguatan Internal"),
        "anggaran": lazy_gettext("Anggaran"),
    },
    "flag": {
        "pns_improvement_period": lazy_gettext("Masa perbaikan kinerja PNS (6 bulan)"),
        "pppk_contract_review": lazy_gettext("Peninjauan perjanjian kerja PPPK"),
        "pppk_extension_eligible": lazy_gettext("Layak perpanjangan perjanjian kerja PPPK"),
        "succession_candidate": lazy_gettext("Calon suksesor"),
        "reward": lazy_gettext("Penghargaan"),
    },
    "box": {
        "9": lazy_gettext("Kinerja di atas, potensi tinggi"),
        "8": lazy_gettext("Kinerja sesuai, potensi tinggi"),
        "7": lazy_gettext("Kinerja di atas, potensi menengah"),
        "6": lazy_gettext("Kinerja di bawah, potensi tinggi"),
        "5": lazy_gettext("Kinerja sesuai, potensi menengah"),
        "4": lazy_gettext("Kinerja di atas, potensi rendah"),
        "3": lazy_gettext("Kinerja di bawah, potensi menengah"),
        "2": lazy_gettext("Kinerja sesuai, potensi rendah"),
        "1": lazy_gettext("Kinerja di bawah, potensi rendah"),
    },
    "berakhlak": {value.key: value.label for value in CORE_VALUES},
    "potensi": {
        "tinggi": lazy_gettext("Potensi tinggi"),
        "menengah": lazy_gettext("Potensi menengah"),
        "rendah": lazy_gettext("Potensi rendah"),
    },
    "recommendation": {
        "promosi": lazy_gettext("Promosi"),
        "mutasi": lazy_gettext("Mutasi"),
        "dipertahankan": lazy_gettext("Dipertahankan"),
        "pengembangan": lazy_gettext("Pengembangan"),
    },
    "readiness": {
        "siap_sekarang": lazy_gettext("Siap sekarang"),
        "siap_1_2_tahun": lazy_gettext("Siap dalam 1-2 tahun"),
        "siap_3_tahun": lazy_gettext("Siap dalam 3 tahun atau lebih"),
    },
    "review_status": {
        "running": lazy_gettext("Berjalan"),
        "ratifying": lazy_gettext("Menunggu pengesahan"),
        "done": lazy_gettext("Selesai"),
        "failed": lazy_gettext("Terhenti"),
    },
    "wave": {
        "II": lazy_gettext("Eselon II"),
        "III": lazy_gettext("Eselon III"),
        "IV": lazy_gettext("Eselon IV"),
        "fungsional": lazy_gettext("Fungsional"),
    },
    "score_status": {
        "open": lazy_gettext("Belum menilai"),
        "done": lazy_gettext("Sudah menilai"),
        "lapsed": lazy_gettext("Lewat batas waktu"),
    },
    "relation": {
        "atasan": lazy_gettext("Atasan"),
        "rekan": lazy_gettext("Rekan kerja"),
        "bawahan": lazy_gettext("Bawahan"),
        "publik": lazy_gettext("Masyarakat yang dilayani"),
    },
    "keberatan_status": {
        "filed": lazy_gettext("Menunggu keputusan"),
        "accepted": lazy_gettext("Diterima"),
        "rejected": lazy_gettext("Ditolak"),
    },
    "coaching_kind": {
        "bimbingan": lazy_gettext("Bimbingan kinerja"),
        "konseling": lazy_gettext("Konseling kinerja"),
    },
    "outcome": {
        "improved": lazy_gettext("Membaik"),
        "partly_improved": lazy_gettext("Sebagian membaik"),
        "not_improved": lazy_gettext("Belum membaik (konseling disarankan)"),
    },
    "perilaku_rule": {
        "penilai": lazy_gettext("rating perilaku ditetapkan penilai"),
        "majority": lazy_gettext("rating perilaku mengikuti mayoritas nilai"),
    },
    "role": {
        "pegawai": lazy_gettext("Pegawai"),
        "tenant_admin": lazy_gettext("Admin BKPSDM"),
        "auditor": lazy_gettext("Auditor"),
        "platform": lazy_gettext("Operator platform"),
        "integration": lazy_gettext("Integrasi"),
    },
    "asn_kind": {"pns": lazy_gettext("PNS"), "pppk": lazy_gettext("PPPK")},
    "import_kind": {
        "employees": lazy_gettext("Pegawai"),
        "units": lazy_gettext("Unit kerja"),
        "competencies": lazy_gettext("Hasil uji kompetensi"),
        "positions": lazy_gettext("Jabatan"),
        "development": lazy_gettext("Pengembangan kompetensi"),
    },
    "import_status": {
        "validating": lazy_gettext("Sedang diperiksa"),
        "writing": lazy_gettext("Sedang ditulis"),
        "done": lazy_gettext("Selesai"),
        "rejected": lazy_gettext("Ditolak"),
        "refused": lazy_gettext("Ditolak (impor lain sedang berjalan)"),
        "interrupted": lazy_gettext("Terhenti di tengah jalan"),
    },
    "import_count": {
        "created": lazy_gettext("Baru"),
        "updated": lazy_gettext("Diubah"),
        "unchanged": lazy_gettext("Tidak berubah"),
        "rejected": lazy_gettext("Ditolak"),
    },
    "check": {
        "rhk_atasan_missing": lazy_gettext("RHK tidak mengacu RHK atasan"),
        "target_beyond_atasan": lazy_gettext("Target melebihi target atasan"),
        "realisasi_without_bukti": lazy_gettext("Realisasi tanpa bukti dukung"),
        "realisasi_unknown_iki": lazy_gettext("Realisasi untuk IKI yang tidak ada"),
        "weights_missing": lazy_gettext("Bobot belum diisi"),
        "weights_not_positive": lazy_gettext("Bobot tidak positif"),
        "weights_sum": lazy_gettext("Jumlah bobot bukan 100"),
        "weights_tambahan_over_utama": lazy_gettext("Bobot tambahan melebihi utama"),
        "stage_late": lazy_gettext("Tahap terlambat"),
        "stage_not_completed": lazy_gettext("Tahap belum selesai"),
        "capaian_over_cap": lazy_gettext("Capaian melebihi batas"),
    },
    "error": {
        "unauthorized": lazy_gettext("Kunci API tidak dikenal atau sudah dicabut."),
        "forbidden": lazy_gettext("Anda tidak berwenang melakukan ini."),
        "not_found": lazy_gettext("Data tidak ditemukan."),
        "conflict": lazy_gettext(
            "Keadaannya tidak mengizinkan langkah ini (mungkin sudah diselesaikan)."
        ),
        "stage_forbids": lazy_gettext("Tahap siklus saat ini tidak mengizinkan langkah ini."),
        "invalid_input": lazy_gettext("Isian tidak sah."),
        "none_chosen": lazy_gettext("Pilih sedikitnya satu SKP untuk disetujui."),
        "storage_error": lazy_gettext(
            "Penyimpanan sedang tidak tersedia; coba lagi sebentar lagi."
        ),
    },
}

# The order predikat are shown in, best first.
PREDIKAT_ORDER: tuple[str, ...] = tuple(p.value for p in Predikat)


def label(kind: str, code: object) -> str:
    """The word for ``code`` of ``kind``; "–" for nothing, the code itself when unknown."""
    if code is None or code == "":
        return "–"
    return str(LABELS.get(kind, {}).get(str(code), str(code)))


def period_name(period: object) -> str:
    """ "Periode 2" or "Tahunan" (the annual assessment is period 0 or "annual")."""
    if period in (0, "0", "annual", None):
        return gettext("Tahunan")
    return gettext("Periode %(number)s", number=period)


def number(value: Any) -> str:
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


def field_number(value: Any) -> str:
    """A number for a form's field: no thousands separator, a decimal comma (12,5)."""
    if value is None or value == "":
        return ""
    as_float = float(value)
    return str(int(as_float)) if as_float.is_integer() else repr(as_float).replace(".", ",")
