"""Bodies of coaching: the penilai's record of a bimbingan or konseling, and its follow-up."""

from marshmallow import Schema, fields, validate

OUTCOMES = ("improved", "partly_improved", "not_improved")


class ActionSchema(Schema):
    action = fields.String(required=True, validate=validate.Length(min=3, max=1000))
    due = fields.Date(required=True)


class CoachingIn(Schema):
    coaching_kind = fields.String(
        load_default=None,
        validate=validate.OneOf(("bimbingan", "konseling")),
        metadata={"description": "default: the task's advice"},
    )
    held_on = fields.Date(required=True)
    findings = fields.String(required=True, validate=validate.Length(min=3, max=4000))
    actions = fields.List(fields.Nested(ActionSchema), load_default=list)


class CoachingFollowUpIn(Schema):
    """How the actions agreed in a bimbingan or konseling went."""

    held_on = fields.Date(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    notes = fields.String(required=True, validate=validate.Length(min=3, max=4000))
    actions_done = fields.List(fields.Integer(), load_default=list)


class ActionShown(Schema):
    action = fields.String()
    due = fields.String(metadata={"description": "ISO date"})


class FollowUpShown(Schema):
    held_on = fields.String(metadata={"description": "ISO date"})
    outcome = fields.String()
    notes = fields.String()
    actions_done = fields.List(fields.Integer(), metadata={"description": "indexes of actions"})
    by = fields.String()


class FollowUpOut(Schema):
    coaching_id = fields.String()
    follow_ups = fields.List(fields.Nested(FollowUpShown))


class MidyearReviewIn(Schema):
    """A mid-year review (``review_midyear``): how the year goes so far and what was agreed."""

    progress = fields.String(
        required=True,
        validate=validate.OneOf(("sesuai_rencana", "perlu_perbaikan")),
        metadata={"description": "the year so far: on plan, or in need of improvement"},
    )
    notes = fields.String(required=True, validate=validate.Length(min=3, max=2000))
