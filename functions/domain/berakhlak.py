"""The seven BerAKHLAK core values (SE MenPANRB 20/2021): the axes on which perilaku kerja is
rated and on which a pimpinan may set an ekspektasi khusus (regulation.md §3, confirmed)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class CoreValue:
    """One BerAKHLAK value: its key (as stored and sent), its label and its three behaviours."""

    key: str
    label: str
    perilaku: tuple[str, str, str]


CORE_VALUES: tuple[CoreValue, ...] = (
    CoreValue(
        "berorientasi_pelayanan",
        "Berorientasi Pelayanan",
        (
            "memahami dan memenuhi kebutuhan masyarakat",
            "ramah, cekatan, solutif, dan dapat diandalkan",
            "melakukan perbaikan tiada henti",
        ),
    ),
    CoreValue(
        "akuntabel",
        "Akuntabel",
        (
            "jujur, bertanggung jawab, cermat, disiplin, berintegritas tinggi",
            "menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, efisien",
            "tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    CoreValue(
        "kompeten",
        "Kompeten",
        (
            "meningkatkan kompetensi diri",
            "membantu orang lain belajar",
            "melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    CoreValue(
        "harmonis",
        "Harmonis",
        (
            "menghargai setiap orang apapun latar belakangnya",
            "suka menolong orang lain",
            "membangun lingkungan kerja yang kondusif",
        ),
    ),
    CoreValue(
        "loyal",
        "Loyal",
        (
            "memegang teguh Pancasila, UUD 1945, NKRI dan pemerintahan yang sah",
            "menjaga nama baik sesama ASN, pimpinan, instansi, negara",
            "menjaga rahasia jabatan dan negara",
        ),
    ),
    CoreValue(
        "adaptif",
        "Adaptif",
        (
            "cepat menyesuaikan diri menghadapi perubahan",
            "terus berinovasi dan mengembangkan kreativitas",
            "bertindak proaktif",
        ),
    ),
    CoreValue(
        "kolaboratif",
        "Kolaboratif",
        (
            "memberi kesempatan berbagai pihak berkontribusi",
            "terbuka bekerja sama menghasilkan nilai tambah",
            "menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
)

BERAKHLAK: tuple[str, ...] = tuple(value.key for value in CORE_VALUES)
"""The keys of the seven values, in the order of the acronym."""

BERAKHLAK_VALUES: Mapping[str, CoreValue] = MappingProxyType({v.key: v for v in CORE_VALUES})
BERAKHLAK_LABELS: Mapping[str, str] = MappingProxyType({v.key: v.label for v in CORE_VALUES})
