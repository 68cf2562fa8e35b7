"""Bodies of the organisation: units (a tree) and employees. Edits are partial (PATCH) and
carry the version read (If-Match); the service checks what needs the stored data (the unit and
penilai exist, no cycle in the tree or in the chain of penilai, a jenjang exactly for
fungsional)."""

from marshmallow import Schema, ValidationError, fields, validate

from functions.domain.consequences import ASN_KINDS, JENJANG_COEFFICIENT
from functions.domain.errors import DomainError, NipError
from functions.domain.nip import normal_nip, parse_nip
from functions.domain.siasn import GOLONGAN_PNS, GOLONGAN_PPPK, golongan
from schemas.fields import Text
from schemas.tenants import PageQuery

UNIT_ID = validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", error="1-40 letters, digits, '.', '-', '_'"
)
POSITION_KINDS = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")
JENJANG = tuple(JENJANG_COEFFICIENT)
NAME = validate.Length(min=1, max=200)
TMT = (
    "the day the current jabatan (jenjang) began: appointment, move, promotion or a PPPK "
    "contract's start; angka kredit counts the months of the year from it (none: all year)"
)


class Nip(fields.String):
    """A NIP as regulation.md §8 reads it: 18 digits (printed spaces dropped), a real birth
    date, an appointment month not before the birth (a PPPK's digits 13-14 number the work
    agreement instead), the sex digit. The form fitting the employee's ASN kind is the domain's
    rule (``roster.employee_rules``), checked by the service."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            parse_nip(text, None)
        except NipError as error:
            raise ValidationError(error.rule) from None
        return normal_nip(text)


class Golongan(fields.String):
    """A golongan as written ("III/d", "3d" or SIASN's id "34" for a PNS; "IX" for a PPPK), kept
    in its usual form (the ``enum`` of the document); the service checks that it fits the ASN
    kind."""

    def __init__(self, **kwargs):
        none = [None] if kwargs.get("allow_none") else []  # a null default is in the enum too
        enum = [*GOLONGAN_PNS, *GOLONGAN_PPPK, *none]
        super().__init__(**kwargs, metadata={"enum": enum, **kwargs.pop("metadata", {})})

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return golongan(text)
        except DomainError as error:
            raise ValidationError(error.rule) from None


SIASN_ID = validate.Regexp(
    r"^[A-Za-z0-9-]{8,64}$", error="SIASN's id of the person: 8-64 letters, digits or '-'"
)


class UnitIn(Schema):
    unit_id = fields.String(required=True, validate=UNIT_ID)
    name = Text(required=True, validate=NAME)
    parent_id = fields.String(load_default=None, allow_none=True, validate=UNIT_ID)
    head_nip = Nip(load_default=None, allow_none=True)


class UnitPatch(Schema):
    name = Text(validate=NAME)
    parent_id = fields.String(allow_none=True, validate=UNIT_ID)
    head_nip = Nip(allow_none=True)


class UnitOut(Schema):
    unit_id = fields.String()
    name = fields.String()
    parent_id = fields.String(allow_none=True)
    head_nip = fields.String(allow_none=True)
    version = fields.Integer()


class UnitPageOut(Schema):
    items = fields.List(fields.Nested(UnitOut))
    cursor = fields.String(allow_none=True)


class EmployeeIn(Schema):
    nip = Nip(required=True)
    name = Text(required=True, validate=NAME)
    unit_id = fields.String(required=True, validate=UNIT_ID)
    asn_kind = fields.String(required=True, validate=validate.OneOf(ASN_KINDS))
    position_kind = fields.String(required=True, validate=validate.OneOf(POSITION_KINDS))
    position = Text(required=True, validate=NAME)
    jenjang = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(JENJANG))
    penilai_nip = Nip(load_default=None, allow_none=True)
    tmt_jabatan = fields.Date(load_default=None, allow_none=True, metadata={"description": TMT})
    siasn_id = fields.String(load_default=None, allow_none=True, validate=SIASN_ID)
    golongan = Golongan(load_default=None, allow_none=True)


class EmployeePatch(Schema):
    """Any of the fields; a new unit or penilai moves the employee's open tasks with them."""

    name = Text(validate=NAME)
    unit_id = fields.String(validate=UNIT_ID)
    asn_kind = fields.String(validate=validate.OneOf(ASN_KINDS))
    position_kind = fields.String(validate=validate.OneOf(POSITION_KINDS))
    position = Text(validate=NAME)
    jenjang = fields.String(allow_none=True, validate=validate.OneOf(JENJANG))
    penilai_nip = Nip(allow_none=True)
    tmt_jabatan = fields.Date(
        allow_none=True,
        metadata={
            "description": TMT + ". A new jenjang (or leaving the jabatan fungsional) without "
            "it starts today, and the jenjang left goes to riwayat_jabatan"
        },
    )
    siasn_id = fields.String(allow_none=True, validate=SIASN_ID)
    golongan = Golongan(allow_none=True)


class EmployeeOut(Schema):
    nip = fields.String()
    name = fields.String()
    unit_id = fields.String()
    asn_kind = fields.String()
    position_kind = fields.String()
    position = fields.String()
    jenjang = fields.String(allow_none=True)
    penilai_nip = fields.String(allow_none=True)
    tmt_jabatan = fields.String(allow_none=True)
    riwayat_jabatan = fields.List(
        fields.Dict(),
        metadata={"description": "earlier jenjang held: {jenjang, tmt, until} (ISO dates)"},
    )
    siasn_id = fields.String(
        allow_none=True, metadata={"description": "SIASN's id of the person (pnsDinilaiId)"}
    )
    golongan = fields.String(
        allow_none=True, metadata={"description": "golongan/ruang: III/d (PNS), IX (PPPK)"}
    )
    atasan_penilai_nip = fields.String(
        allow_none=True, metadata={"description": "the penilai's own penilai (derived)"}
    )
    version = fields.Integer()
    moved = fields.Dict(metadata={"description": "after a move: the cycles and tasks moved"})


class EmployeePageOut(Schema):
    items = fields.List(fields.Nested(EmployeeOut))
    cursor = fields.String(allow_none=True)


class EmployeeQuery(PageQuery):
    unit_id = fields.String(load_default=None, validate=UNIT_ID)
