"""Feedback on an employee's behaviour."""

from marshmallow import Schema, fields, validate

from functions.domain.berakhlak import BERAKHLAK
from schemas.fields import rating


class FeedbackIn(Schema):
    aspect = fields.String(required=True, validate=validate.OneOf(BERAKHLAK))
    rating = rating(load_default=None)
    text = fields.String(required=True, validate=validate.Length(min=3, max=4000))


class FeedbackOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    received_on = fields.String()
    text = fields.String()
    aspect = fields.String(allow_none=True)
    rating = fields.String(allow_none=True)
    relation = fields.String(metadata={"description": "atasan, rekan, bawahan or publik"})
    given_by = fields.String(allow_none=True, metadata={"description": "hidden from the employee"})
    source = fields.String()
    reference = fields.String(allow_none=True)
