"""The SIASN kinerjaperiodik record (regulation.md §8)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from functions.domain import (
    Frequency,
    InvalidValue,
    MissingInput,
    Penilai,
    Period,
    Rating,
    golongan,
    golongan_id,
    kinerja_periodik_record,
    periods_of,
    skp_tahunan_record,
)

PENILAI = Penilai("Dra. Sri Wahyuni", "197001011995032001", "Kepala Dinas", "Dinas Kesehatan", "34")


def record(**changes):
    args = {
        "period": periods_of(2026, Frequency.TRIWULAN)[1],
        "frequency": Frequency.TRIWULAN,
        "hasil_kerja": Rating.DI_ATAS,
        "perilaku": Rating.SESUAI,
        "pns_dinilai_id": "A8ACA7397AEB3912E040640A040269BB",
        "penilai": PENILAI,
        **changes,
    }
    return kinerja_periodik_record(**args)


def test_the_record_carries_siasn_fields_and_codes():
    assert record() == {
        "bulanMulaiPenilaian": 4,
        "tahunMulaiPenilaian": 2026,
        "bulanSelesaiPenilaian": 6,
        "tahunSelesaiPenilaian": 2026,
        "tahun": 2026,
        "periodikId": 2,
        "hasilKinerjaNilai": 1,
        "perilakuKerjaNilai": 2,
        "kuadranKinerjaNilai": 2,  # Di Atas × Sesuai = Baik
        "koefisienId": None,
        "penilaiNama": "Dra. Sri Wahyuni",
        "penilaiNipNrp": "197001011995032001",
        "penilaiJabatanNama": "Kepala Dinas",
        "penilaiUnorNama": "Dinas Kesehatan",
        "penilaiGolongan": "34",
        "statusPenilai": "ASN",
        "pnsDinilaiId": "A8ACA7397AEB3912E040640A040269BB",
    }


def test_a_monthly_record_and_its_predikat_code():
    made = record(
        period=periods_of(2026, "bulanan")[11],
        frequency="bulanan",
        hasil_kerja="di_bawah",
        perilaku="di_bawah",
    )
    assert (made["periodikId"], made["bulanMulaiPenilaian"], made["bulanSelesaiPenilaian"]) == (
        1,
        12,
        12,
    )
    assert made["kuadranKinerjaNilai"] == 5  # Sangat Kurang


def test_the_uploaded_document_goes_in_path_and_the_record_is_json():
    dokumen = [{"dok_id": "890", "dok_nama": "Dokumen Penilaian", "dok_uri": "peremajaan/x.pdf"}]
    made = record(dokumen=dokumen, koefisien_id="ahli_muda")
    assert made["path"] == dokumen
    assert json.loads(json.dumps(made)) == made


def test_a_period_of_the_wrong_length_is_refused():
    with pytest.raises(InvalidValue) as raised:
        record(period=Period(1, date(2026, 1, 1), date(2026, 1, 31)))
    assert raised.value.field == "period"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pns_dinilai_id": " "}, "pns_dinilai_id"),
        ({"penilai": Penilai("", "1", "x", "y")}, "penilai.nama"),
        ({"penilai": Penilai("a", "1", "x", "y", status="PNS")}, "penilai.status"),
        ({"hasil_kerja": "tinggi"}, "hasil_kerja"),
    ],
)
def test_missing_or_wrong_fields_are_refused_by_name(changes, field):
    with pytest.raises((InvalidValue, MissingInput)) as raised:
        record(**changes)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("written", "label", "siasn"),
    [("III/d", "III/d", "34"), ("iii-d", "III/d", "34"), ("3d", "III/d", "34"),
     ("34", "III/d", "34"), ("I/a", "I/a", "11"), ("IV / e", "IV/e", "45"), ("ix", "IX", "IX")],
)  # fmt: skip
def test_a_golongan_is_read_as_written_and_sent_as_siasn_codes_it(written, label, siasn):
    assert golongan(written) == label and golongan_id(label) == siasn


@pytest.mark.parametrize("written", ["V/a", "IV/f", "18", "XVIII", ""])
def test_a_golongan_that_does_not_exist_is_refused(written):
    with pytest.raises(InvalidValue) as refused:
        golongan(written)
    assert refused.value.field == "golongan"


def test_a_golongan_fits_the_asn_kind():
    assert golongan("IX", "pppk") == "IX"
    with pytest.raises(InvalidValue, match="PPPK golongan"):
        golongan("IX", "pns")
    with pytest.raises(InvalidValue, match="PNS golongan"):
        golongan("II/c", "pppk")


def test_the_annual_record_has_skp22_fields():
    made = skp_tahunan_record(
        year=2026, hasil_kerja="di_bawah", perilaku="di_atas",
        pns_dinilai_id="A8ACA7397AEB3912E040640A040269BB", penilai=PENILAI,
    )  # fmt: skip
    assert made == {
        "tahun": 2026,
        "hasilKinerjaNilai": 3,
        "perilakuKerjaNilai": 1,
        "kuadranKinerjaNilai": 3,  # Di Bawah × Di Atas = Butuh Perbaikan
        "penilaiNama": "Dra. Sri Wahyuni",
        "penilaiNipNrp": "197001011995032001",
        "penilaiJabatan": "Kepala Dinas",
        "penilaiUnorNama": "Dinas Kesehatan",
        "penilaiGolongan": "34",
        "statusPenilai": "ASN",
        "pnsDinilaiOrang": "A8ACA7397AEB3912E040640A040269BB",
    }
    with pytest.raises(MissingInput):
        skp_tahunan_record(year=2026, hasil_kerja="sesuai", perilaku="sesuai",
                           pns_dinilai_id=" ", penilai=PENILAI)  # fmt: skip
