"""Bodies of the results after assessment: a unit's predikat, revisions, keberatan."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.fields import YEAR, rating

REASON = validate.Length(min=10, max=4000, error="give the reason in 10 to 4000 characters")


class OrgPredikatIn(Schema):
    org_predikat = fields.String(required=True)


class Ratings(Schema):
    rating_hasil_kerja = rating(load_default=None)
    rating_perilaku = rating(load_default=None)


class RevisionIn(Ratings):
    """A correction of the annual ratings (e.g. after the distribution check), with its reason."""

    reason = fields.String(required=True, validate=REASON)

    @validates_schema
    def changes_a_rating(self, data, **kwargs):
        if not (data.get("rating_hasil_kerja") or data.get("rating_perilaku")):
            raise ValidationError("give rating_hasil_kerja, rating_perilaku or both", "ratings")


class KeberatanIn(Ratings):
    """The objection: why, and optionally the ratings the employee asks for."""

    reason = fields.String(required=True, validate=REASON)


class KeberatanDecisionIn(Ratings):
    """Accepted: the ratings given here, else those the employee asked for."""

    accepted = fields.Boolean(required=True)
    reason = fields.String(required=True, validate=REASON)


class PeriodQuery(Schema):
    period = fields.Integer(required=True, validate=validate.Range(min=1, max=12))


class YearPeriodQuery(PeriodQuery):
    year = fields.Integer(required=True, validate=YEAR)


class WorksheetQuery(Schema):
    year = fields.Integer(required=True, validate=YEAR)
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))
