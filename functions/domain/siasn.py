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

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
          "XV", "XVI", "XVII")  # fmt: skip
GOLONGAN_PNS: Mapping[str, str] = {
    f"{_ROMAN[rank - 1]}/{room}": f"{rank}{i + 1}"
    for rank, rooms in ((1, "abcd"), (2, "abcd"), (3, "abcd"), (4, "abcde"))
    for i, room in enumerate(rooms)
}
"""A PNS's golongan/ruang ("III/d") → SIASN's golongan reference id ("34"), as SIASN clients
map it (consistent: I/a 11 … IV/e 45)."""
GOLONGAN_PPPK = _ROMAN
"""A PPPK's golongan: I to XVII (Perpres 98/2020). SIASN's ids for them are not confirmed here:
they are sent as written (open)."""


def golongan(text: str, asn_kind: str | None = None) -> str:
    """A golongan as written ("III/d", "iii-d", "3d" or SIASN's id "34" for a PNS; "IX" for a
    PPPK), in its usual form. ``asn_kind`` ("pns"/"pppk"), when known, must fit the form."""
    raw = "".join(str(text).split()).upper().replace("-", "/").replace(".", "/")
    if len(raw) == 2 and raw[0] in "1234" and raw[1].isalpha():  # "3D", as sheets shorten it
        raw = f"{_ROMAN[int(raw[0]) - 1]}/{raw[1]}"
    known = {label.upper(): label for label in GOLONGAN_PNS}
    known.update({code: label for label, code in GOLONGAN_PNS.items()})
    found, kind = known.get(raw), "pns"
    if found is None and raw in GOLONGAN_PPPK:
        found, kind = raw, "pppk"
    if found is None:
        raise InvalidValue(
            "golongan", "a PNS golongan/ruang I/a to IV/e (or SIASN's id, 11 to 45) or a PPPK "
            "golongan I to XVII"
        )  # fmt: skip
    if asn_kind is not None and asn_kind != kind:
        raise InvalidValue("golongan", f"{found} is a {kind.upper()} golongan, not a "
                                       f"{asn_kind.upper()} one")  # fmt: skip
    return found


def golongan_id(label: str) -> str:
    """What SIASN receives as a golongan: its id for a PNS golongan, a PPPK one as written."""
    return GOLONGAN_PNS.get(label, label)


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
    _check_people(pns_dinilai_id, penilai)
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


def skp_tahunan_record(
    *,
    year: int,
    hasil_kerja: Rating,
    perilaku: Rating,
    pns_dinilai_id: str,
    penilai: Penilai,
    dokumen: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The annual result for SIASN's ``skp22/save`` (its field names as public SIASN clients
    send them: the person rated is ``pnsDinilaiOrang``, the penilai's post ``penilaiJabatan``).
    The predikat is derived from the two ratings, as in the periodic record."""
    hasil = member(Rating, hasil_kerja, "hasil_kerja")
    rated = member(Rating, perilaku, "perilaku")
    _check_people(pns_dinilai_id, penilai)
    record: dict[str, Any] = {
        "tahun": year,
        "hasilKinerjaNilai": hasil.siasn_code,
        "perilakuKerjaNilai": rated.siasn_code,
        "kuadranKinerjaNilai": predikat(hasil, rated).siasn_code,
        "penilaiNama": penilai.nama,
        "penilaiNipNrp": penilai.nip,
        "penilaiJabatan": penilai.jabatan,
        "penilaiUnorNama": penilai.unor,
        "penilaiGolongan": penilai.golongan,
        "statusPenilai": penilai.status,
        "pnsDinilaiOrang": pns_dinilai_id,
    }
    if dokumen:
        record["path"] = [dict(d) for d in dokumen]
    return record


def _check_people(pns_dinilai_id: str, penilai: Penilai) -> None:
    """What every SIASN record needs of the person rated and of the penilai."""
    if not pns_dinilai_id or not pns_dinilai_id.strip():
        raise MissingInput("pns_dinilai_id", "SIASN's id of the person rated")
    for name in ("nama", "nip", "jabatan", "unor"):
        if not getattr(penilai, name).strip():
            raise MissingInput(f"penilai.{name}", "SIASN records it for every penilai")
    if penilai.status not in STATUS_PENILAI:
        raise InvalidValue("penilai.status", "ASN or NON ASN")
