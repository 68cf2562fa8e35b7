"""Bodies of the penilai's rating of a period or the year: perilaku, and their own judgement of
an RHK in place of the monitoring's suggestion."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from functions.domain import BERAKHLAK
from schemas.fields import rating


class JudgementOverrideIn(Schema):
    """The penilai's own judgement of an RHK in place of the monitoring's suggestion."""

    rating = rating(required=True)
    feedback = fields.String(
        required=True,
        validate=validate.Length(
            min=10, max=4000, error="explain the judgement in 10 to 4000 characters"
        ),
    )


class PerilakuIn(Schema):
    perilaku = fields.Dict(
        keys=fields.String(validate=validate.OneOf(BERAKHLAK)), values=rating(), required=True
    )
    feedback = fields.String(load_default=None, validate=validate.Length(max=4000))
    judgements = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=64)),
        values=fields.Nested(JudgementOverrideIn),
        load_default=dict,
        metadata={"description": "RHK id → the penilai's judgement, overriding the suggested one"},
    )

    @validates_schema
    def all_values_rated(self, data, **kwargs):
        if missing := [v for v in BERAKHLAK if v not in data.get("perilaku", {})]:
            raise ValidationError(f"rate every BerAKHLAK value; missing: {missing}", "perilaku")
