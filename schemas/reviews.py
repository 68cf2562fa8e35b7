"""What BKPSDM and supervisors review: the cascade of results (Matriks Peran Hasil), the data
quality of SKP and realisations, periodic results in SIASN's shape, and a unit's talent."""

from marshmallow import Schema, ValidationError, fields, validate

from schemas.cycles import YearQuery
from schemas.outcomes import PersonShown


class ResultPeriod(fields.String):
    """A period number (1-12) or ``annual`` (the year's result, loaded as 0)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip().lower()
        if text == "annual":
            return 0
        if not text.isdigit() or not 1 <= int(text) <= 12:
            raise ValidationError("a period from 1 to 12, or annual")
        return int(text)


class PeriodQuery(Schema):
    period = ResultPeriod(
        required=True,
        metadata={"description": "a period (1-12), or `annual`: the year's result (SIASN skp22)"},
    )


class YearPeriodQuery(YearQuery, PeriodQuery):
    pass


class WorksheetQuery(YearQuery):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


# --- the cascade -----------------------------------------------------------------------------
class RhkShown(Schema):
    rhk_id = fields.String()
    text = fields.String()
    utama = fields.Boolean()


class RhkRefOut(RhkShown, PersonShown):
    """A subordinate's RHK."""

    skp_status = fields.String()


class RhkSupportOut(RhkShown):
    supported_by = fields.List(fields.Nested(RhkRefOut))


class ApprovedRhk(Schema):
    id = fields.String(metadata={"description": "what a subordinate RHK names as rhk_atasan_id"})
    text = fields.String()
    utama = fields.Boolean()


class ApprovedRhkOut(Schema):
    """The RHK of a superior's approved SKP, for their direct subordinates to cascade from."""

    nip = fields.String()
    name = fields.String()
    year = fields.Integer()
    rhk = fields.List(fields.Nested(ApprovedRhk))


class MatriksOut(Schema):
    nip = fields.String()
    name = fields.String()
    skp_status = fields.String(allow_none=True, metadata={"description": "null: no SKP"})
    rhk = fields.List(fields.Nested(RhkSupportOut))
    unsupported = fields.List(fields.String(), metadata={"description": "RHK nobody supports"})
    unsupported_utama = fields.List(fields.String())
    unlinked = fields.List(
        fields.Nested(RhkRefOut), metadata={"description": "subordinate RHK naming none"}
    )
    without_skp = fields.List(fields.String())
    subordinates = fields.List(
        fields.String(), metadata={"description": "without an SKP of the year: who is below"}
    )


class UnitCascadeOut(Schema):
    unit_id = fields.String()
    year = fields.Integer()
    leader = fields.String(allow_none=True)
    matriks = fields.List(fields.Nested(MatriksOut), metadata={"description": "level by level"})


# --- data quality ----------------------------------------------------------------------------
class FindingOut(Schema):
    check = fields.String()
    rule = fields.String()
    items = fields.List(fields.String())


class QualityOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    clean = fields.Boolean()
    findings = fields.List(fields.Nested(FindingOut))


class WorksheetRowOut(FindingOut):
    nip = fields.String()
    name = fields.String()
    unit_id = fields.String()


class WorksheetOut(Schema):
    unit_id = fields.String()
    year = fields.Integer()
    checked = fields.Integer()
    clean = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    rows = fields.List(fields.Nested(WorksheetRowOut))


# --- SIASN -----------------------------------------------------------------------------------
class SiasnRecordOut(Schema):
    """SIASN's kinerjaperiodik record (its own field names), with the NIP of the person rated;
    for ``period=annual`` the skp22 record: ``tahun``, the three codes, the penilai (its post as
    ``penilaiJabatan``), ``statusPenilai`` and the person rated as ``pnsDinilaiOrang``."""

    nip = fields.String()
    bulanMulaiPenilaian = fields.Integer()
    tahunMulaiPenilaian = fields.Integer()
    bulanSelesaiPenilaian = fields.Integer()
    tahunSelesaiPenilaian = fields.Integer()
    tahun = fields.Integer()
    periodikId = fields.Integer()
    hasilKinerjaNilai = fields.Integer()
    perilakuKerjaNilai = fields.Integer()
    kuadranKinerjaNilai = fields.Integer()
    koefisienId = fields.String(allow_none=True)
    penilaiNama = fields.String()
    penilaiNipNrp = fields.String()
    penilaiJabatanNama = fields.String()
    penilaiUnorNama = fields.String()
    penilaiGolongan = fields.String(allow_none=True)
    statusPenilai = fields.String()
    pnsDinilaiId = fields.String()
    pnsDinilaiOrang = fields.String(metadata={"description": "annual (skp22): the person rated"})
    penilaiJabatan = fields.String(metadata={"description": "annual (skp22): the penilai's post"})
    path = fields.List(fields.Dict(), metadata={"description": "document references, if any"})


class MissingOut(Schema):
    field = fields.String(metadata={"description": "e.g. siasn_id, penilai.golongan, period"})
    rule = fields.String()


class LeftOutOut(MissingOut):
    """An employee whose record is not ready: the first item missing (``field``, ``rule``) and
    every item missing."""

    nip = fields.String()
    missing = fields.List(fields.Nested(MissingOut))


class SiasnPeriodOut(Schema):
    year = fields.Integer()
    period = fields.Raw(metadata={"description": "the period number, or annual"})
    records = fields.List(fields.Nested(SiasnRecordOut))
    left_out = fields.List(fields.Nested(LeftOutOut))


# --- talent ----------------------------------------------------------------------------------
class RankOut(Schema):
    position = fields.Integer()
    nip = fields.String()
    name = fields.String(allow_none=True)
    predikat = fields.String()
    standing = fields.Float(allow_none=True, metadata={"description": "mean annual capaian"})
    box = fields.Integer(allow_none=True)


class SuccessionOut(PersonShown):
    box = fields.Integer()


class TalentOut(Schema):
    unit_id = fields.String()
    year = fields.Integer()
    pending = fields.List(fields.String(), metadata={"description": "NIPs not yet decided"})
    ranking = fields.List(fields.Nested(RankOut))
    nine_box = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    succession = fields.List(fields.Nested(SuccessionOut), metadata={"description": "boxes 7-9"})
    flags = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
