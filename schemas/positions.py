"""Bodies of a unit's positions (jabatan). Kind and eselon are checked here one by one; the
rule between them and the incumbent (an employee of the regency) by the service."""

from marshmallow import Schema, fields, validate

from functions.domain.positions import ESELON, POSITION_KINDS
from functions.domain.roster import SCORES
from schemas.fields import Text
from schemas.people import NAME, UNIT_ID, Nip

KIND = validate.OneOf(POSITION_KINDS)
ESELON_CHOICE = validate.OneOf(ESELON)
ESELON_HELP = "II.a/II.b (jpt_pratama), III.a/III.b (administrator), IV.a/IV.b (pengawas)"


def requirements(**kwargs) -> fields.Dict:
    """The competency minimums a position asks of its holder (succession's fit)."""
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(SCORES)),
        values=fields.Integer(strict=True, validate=validate.Range(min=0, max=100)),
        metadata={"description": "competency (manajerial, sosial_kultural, teknis) -> the "
                  "minimum score, 0-100, a successor meets (docs/talent-review.md)"},
        **kwargs,
    )  # fmt: skip


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
    requirements = requirements(load_default=None, allow_none=True)


class PositionPatch(Schema):
    name = Text(validate=NAME)
    position_kind = fields.String(validate=KIND)
    eselon = fields.String(allow_none=True, validate=ESELON_CHOICE)
    incumbent_nip = Nip(allow_none=True)
    key_position = fields.Boolean()
    requirements = requirements(allow_none=True)


class PositionOut(Schema):
    position_id = fields.String()
    unit_id = fields.String()
    name = fields.String()
    position_kind = fields.String()
    eselon = fields.String(allow_none=True)
    incumbent_nip = fields.String(allow_none=True)
    key_position = fields.Boolean()
    requirements = fields.Dict(allow_none=True)
    vacant = fields.Boolean()
    version = fields.Integer()


class UnitPositionsOut(Schema):
    unit_id = fields.String()
    items = fields.List(fields.Nested(PositionOut))
    vacancies = fields.List(fields.String(), metadata={"description": "ids of vacant positions"})
    key_positions = fields.List(fields.String())
    key_vacancies = fields.List(fields.String(), metadata={"description": "key and vacant"})
