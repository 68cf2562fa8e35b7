"""Bodies of the results after assessment: a unit's predikat and distribution, revisions,
keberatan."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.fields import rating

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


class ResultShown(Schema):
    rating_hasil_kerja = fields.String(allow_none=True)
    rating_perilaku = fields.String(allow_none=True)
    predikat = fields.String(allow_none=True)


class RevisionShown(Schema):
    kind = fields.String(metadata={"description": "distribution, keberatan or unit_result"})
    at = fields.String()
    before = fields.Nested(ResultShown)
    after = fields.Nested(ResultShown)


class RevisionOut(RevisionShown):
    """A revision just made."""

    nip = fields.String()
    year = fields.Integer()


class RevisionEntryOut(RevisionShown):
    by = fields.String()
    reason = fields.String()


class RevisionsOut(Schema):
    revisions = fields.List(fields.Nested(RevisionEntryOut))


class OrgPredikatOut(Schema):
    unit_id = fields.String()
    year = fields.Integer()
    org_predikat = fields.String()
    set_by = fields.String()
    leader_revision = fields.Nested(
        RevisionOut, allow_none=True, metadata={"description": "the unit leader's result revised"}
    )


class PersonShown(Schema):
    nip = fields.String()
    name = fields.String(allow_none=True)


class ViolationOut(Schema):
    bound = fields.String()
    message = fields.String()
    group = fields.List(fields.String(), metadata={"description": "the predikat bounded"})
    allowed = fields.Integer()
    actual = fields.Integer()
    too_many = fields.Integer()
    too_few = fields.Integer()
    closest = fields.List(fields.Nested(PersonShown), metadata={"description": "at most 5"})


class DistributionOut(Schema):
    """Without the unit's predikat, only the first fields and ``checked: false``."""

    unit_id = fields.String()
    year = fields.Integer()
    org_predikat = fields.String(allow_none=True)
    pending = fields.List(fields.String(), metadata={"description": "NIPs not yet rated"})
    checked = fields.Boolean()
    ok = fields.Boolean(allow_none=True)
    note = fields.String(allow_none=True)
    counted = fields.Integer()
    excluded = fields.List(fields.String())
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    violations = fields.List(fields.Nested(ViolationOut))


class KeberatanOut(Schema):
    nip = fields.String()
    filed_on = fields.String()
    reason = fields.String()
    status = fields.String(metadata={"description": "filed, accepted or rejected"})
    decider_nip = fields.String(allow_none=True, metadata={"description": "null: BKPSDM"})
    decided_on = fields.String(allow_none=True)
    decision_reason = fields.String(allow_none=True)
    requested = fields.Nested(Ratings, allow_none=True)


class KeberatanDecisionOut(Schema):
    keberatan = fields.Nested(KeberatanOut)
    revision = fields.Nested(RevisionOut, allow_none=True)
