"""Bodies of a unit's positions (jabatan). Kind and eselon are checked here one by one; the
rule between them and the incumbent (an employee of the regency) by the service."""

from marshmallow import Schema, fields, validate

from functions.domain.positions import ESELON, POSITION_KINDS
from schemas.fields import Text
from schemas.people import NAME, UNIT_ID, Nip

KIND = validate.OneOf(POSITION_KINDS)
ESELON_CHOICE = validate.OneOf(ESELON)
ESELON_HELP = "II.a/II.b (jpt_pratama), III.a/III.b (administrator), IV.a/IV.b (pengawas)"


class PositionIn(Schema):
    position_id = fields.String(
        load_default=None, validate=UNIT_ID, metadata={"description": "none: the server picks one"}
    )
    name = Text(required=True, validate=NAME)
    position_kind = fields.String(required=True, validate=KIND)
    eselon = fields.String(
        load_default=None, allow_none=True, validate=ESELON_CHOICE,
        metadata={"description": ESELON_HELP},
    )  # fmt: skip
    incumbent_nip = Nip(
        load_default=None, allow_none=True, metadata={"description": "none: the position is vacant"}
    )
    key_position = fields.Boolean(load_default=False)


class PositionPatch(Schema):
    name = Text(validate=NAME)
    position_kind = fields.String(validate=KIND)
    eselon = fields.String(allow_none=True, validate=ESELON_CHOICE)
    incumbent_nip = Nip(allow_none=True)
    key_position = fields.Boolean()


class PositionOut(Schema):
    position_id = fields.String()
    unit_id = fields.String()
    name = fields.String()
    position_kind = fields.String()
    eselon = fields.String(allow_none=True)
    incumbent_nip = fields.String(allow_none=True)
    key_position = fields.Boolean()
    vacant = fields.Boolean()
    version = fields.Integer()


class UnitPositionsOut(Schema):
    unit_id = fields.String()
    items = fields.List(fields.Nested(PositionOut))
    vacancies = fields.List(fields.String(), metadata={"description": "ids of vacant positions"})
    key_positions = fields.List(fields.String())
    key_vacancies = fields.List(fields.String(), metadata={"description": "key and vacant"})
