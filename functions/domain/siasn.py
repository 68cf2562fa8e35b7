"""Records in the shapes of BKN's SIASN web service (regulation.md §8), so a regency hands results
on without retyping them. Field names follow ``POST /apisiasn/1.0/kinerjaperiodik/save`` as
public SIASN clients send it; codes are those of regulation.md §4."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from functions.domain.errors import InvalidValue, MissingInput, member
from functions.domain.periods import Frequency, Period
from functions.domain.rating import Rating, predikat

STATUS_PENILAI = ("ASN", "NON ASN")


@dataclass(frozen=True)
class Penilai:
    """The pejabat penilai kinerja as SIASN records them. ``golongan`` is SIASN's golongan
    reference id; ``status`` is "ASN" or "NON ASN" (a penilai who is not a civil servant)."""

    nama: str
    nip: str
    jabatan: str
    unor: str
    golongan: str | None = None
    status: str = "ASN"


def kinerja_periodik_record(
    *,
    period: Period,
    frequency: Frequency,
    hasil_kerja: Rating,
    perilaku: Rating,
    pns_dinilai_id: str,
    penilai: Penilai,
    koefisien_id: str | None = None,
    dokumen: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """One periodic result for SIASN's kinerjaperiodik. The predikat (kuadranKinerjaNilai) is
    derived from the two ratings, so the record cannot contradict itself. ``pns_dinilai_id`` is
    SIASN's id of the person rated (not the NIP); ``koefisien_id`` SIASN's reference id of the
    angka-kredit coefficient, for jabatan fungsional; ``dokumen`` the uploaded document
    references, sent as ``path``."""
    frequency = member(Frequency, frequency, "frequency")
    hasil = member(Rating, hasil_kerja, "hasil_kerja")
    rated = member(Rating, perilaku, "perilaku")
    if period.months != frequency.months:
        raise InvalidValue(
            "period", f"a {frequency.value} period spans {frequency.months} month(s)"
        )
    if not pns_dinilai_id or not pns_dinilai_id.strip():
        raise MissingInput("pns_dinilai_id", "SIASN's id of the person rated")
    for name in ("nama", "nip", "jabatan", "unor"):
        if not getattr(penilai, name).strip():
            raise MissingInput(f"penilai.{name}", "SIASN records it for every penilai")
    if penilai.status not in STATUS_PENILAI:
        raise InvalidValue("penilai.status", "ASN or NON ASN")
    record: dict[str, Any] = {
        "bulanMulaiPenilaian": period.start.month,
        "tahunMulaiPenilaian": period.start.year,
        "bulanSelesaiPenilaian": period.end.month,
        "tahunSelesaiPenilaian": period.end.year,
        "tahun": period.start.year,
        "periodikId": frequency.siasn_code,
        "hasilKinerjaNilai": hasil.siasn_code,
        "perilakuKerjaNilai": rated.siasn_code,
        "kuadranKinerjaNilai": predikat(hasil, rated).siasn_code,
        "koefisienId": koefisien_id,
        "penilaiNama": penilai.nama,
        "penilaiNipNrp": penilai.nip,
        "penilaiJabatanNama": penilai.jabatan,
        "penilaiUnorNama": penilai.unor,
        "penilaiGolongan": penilai.golongan,
        "statusPenilai": penilai.status,
        "pnsDinilaiId": pns_dinilai_id,
    }
    if dokumen:
        record["path"] = [dict(d) for d in dokumen]
    return record
