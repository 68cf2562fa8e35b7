"""Talent review rounds (docs/talent-review.md): the round BKPSDM defines, the bodies of its
human tasks (by kind, in schemas/tasks.py COMPLETIONS), its steps' inputs and outputs, and the
succession view fed by it."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from functions.domain.stages import REVIEW_TASK_DAYS, REVIEW_TASK_KINDS
from functions.domain.talent_review import (
    NEEDS_POSITION,
    READINESS,
    RECOMMENDATIONS,
    SCORE_RANGE,
    WAVES,
)
from schemas.fields import TENANT_ID, YEAR, Text
from schemas.fields import nip as nip_field
from schemas.people import NAME, UNIT_ID

CRITERION = validate.Regexp(r"^[a-z][a-z0-9_]{1,39}$", error="lower case letters, digits, _")


class TalentReviewIn(Schema):
    name = Text(required=True, validate=NAME)
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    criteria = fields.Dict(
        keys=fields.String(validate=CRITERION),
        values=fields.Integer(strict=True),
        load_default=None,
        validate=validate.Length(min=1, max=10),
        metadata={
            "description": "criterion -> weight, the weights summing to 100; default "
            "prestasi 40, integritas 20, komitmen 20, inovasi 20"
        },
    )
    panel = fields.List(
        nip_field(),
        required=True,
        validate=validate.Length(min=1, max=15),
        metadata={"description": "NIPs of the panel; the first chairs it"},
    )
    ppk_nip = nip_field(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "the PPK who ratifies (the regent); none: BKPSDM's admins record it"
        },
    )
    waves = fields.List(
        fields.String(validate=validate.OneOf(WAVES)),
        load_default=None,
        validate=validate.Length(min=1),
        metadata={"description": "which waves, run in the order II, III, IV, fungsional"},
    )
    unit_ids = fields.List(
        fields.String(validate=UNIT_ID),
        load_default=None,
        metadata={"description": "only the officials of these units"},
    )
    task_days = fields.Dict(
        keys=fields.String(validate=validate.OneOf(REVIEW_TASK_KINDS)),
        values=fields.Float(validate=validate.Range(min=0.0001, max=90)),
        load_default=dict,
        metadata={
            "description": f"days for each task before it lapses (default {REVIEW_TASK_DAYS})"
        },
    )


class ReviewQuery(Schema):
    year = fields.Integer(load_default=None, validate=YEAR)


class TalentReviewOut(Schema):
    class Meta:
        unknown = "include"

    review_id = fields.String()
    name = fields.String()
    year = fields.Integer()
    status = fields.String(metadata={"description": "running | ratifying | done | failed"})
    criteria = fields.Dict()
    panel = fields.List(fields.String())
    ppk_nip = fields.String(allow_none=True)
    waves = fields.List(
        fields.Dict(),
        metadata={
            "description": "in order: {wave, opened_at, closed_at, officials} (a number in the "
            "listing; in one round each official's presentation, scores, total, recommendation, "
            "decision)"
        },
    )
    ratification = fields.Dict(allow_none=True)
    failure = fields.Dict(allow_none=True)
    created_by = fields.String()
    finished_at = fields.String(allow_none=True)


# --- the tasks' completion bodies ------------------------------------------------------------
class PresentationIn(Schema):
    """The official's presentation; the year's capaian is taken from their cycle."""

    work_plan = Text(required=True, single_line=False, validate=validate.Length(min=10, max=5000))
    attachments = fields.List(
        fields.Url(schemes={"https"}), load_default=list, validate=validate.Length(max=10)
    )


class ScoresIn(Schema):
    scores = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(strict=True, validate=validate.Range(*SCORE_RANGE)),
        required=True,
        metadata={"description": "criterion -> score from 1 to 100, every criterion of the round"},
    )
    note = Text(load_default=None, single_line=False, validate=validate.Length(max=2000))


class PositionRef(Schema):
    unit_id = fields.String(required=True, validate=UNIT_ID)
    position_id = fields.String(required=True, validate=UNIT_ID)


class _Decision(Schema):
    """What the panel recommends, or the PPK decides instead: promosi names the position."""

    recommendation = fields.String(required=True, validate=validate.OneOf(RECOMMENDATIONS))
    position = fields.Nested(PositionRef, load_default=None, allow_none=True)

    @validates_schema
    def promosi_names_a_position(self, data, **kwargs):
        if data["recommendation"] in NEEDS_POSITION and not data.get("position"):
            raise ValidationError("promosi names the position (unit_id, position_id)", "position")


class RecommendationIn(_Decision):
    reasons = Text(required=True, single_line=False, validate=validate.Length(min=10, max=4000))


class OverrideIn(_Decision):
    nip = nip_field(required=True)
    reason = Text(required=True, single_line=False, validate=validate.Length(min=10, max=4000))


class RatificationIn(Schema):
    """The PPK ratifies every recommendation as it stands, except those overridden."""

    note = Text(
        required=True,
        single_line=False,
        validate=validate.Length(min=3, max=2000),
        metadata={"description": "the PPK's note, e.g. the decree (SK) that ratifies"},
    )
    overrides = fields.List(fields.Nested(OverrideIn), load_default=list)

    @validates_schema
    def each_official_once(self, data, **kwargs):
        found = [o["nip"] for o in data.get("overrides", [])]
        if len(found) != len(set(found)):
            raise ValidationError("an official may be overridden once", "overrides")


# --- the workflow's steps ----------------------------------------------------------------------
class ReviewRef(Schema):
    tenant_id = fields.String(required=True, validate=TENANT_ID)
    review_id = fields.String(required=True, validate=validate.Length(min=1, max=40))


class ReviewWaveInput(ReviewRef):
    wave = fields.String(required=True, validate=validate.OneOf(WAVES))
    phase = fields.String(required=True, validate=validate.OneOf(("open", "close")))


class ReviewOfficialItem(Schema):
    nip = fields.String(required=True)
    panel = fields.List(fields.String(), required=True)
    chair = fields.String(required=True)


class ReviewWaveOutput(Schema):
    officials = fields.List(fields.Nested(ReviewOfficialItem), required=True)


class ReviewTaskInput(ReviewRef):
    kind = fields.String(required=True, validate=validate.OneOf(REVIEW_TASK_KINDS))
    nip = nip_field(load_default=None)  # the official (none: the round's ratification)
    member = nip_field(load_default=None)  # the panel member who scores or recommends
    level = fields.Integer(load_default=0, validate=validate.OneOf((0, 2)))  # 2: BKPSDM
    token = fields.String(required=True)
    execution = fields.String(required=True)
    state = fields.String(required=True)
    entered_at = fields.String(required=True)
    timeout_seconds = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


class ReviewTaskOutput(Schema):
    task_id = fields.String(required=True)


class ReviewLapseInput(ReviewRef):
    kind = fields.String(required=True, validate=validate.OneOf(REVIEW_TASK_KINDS))
    nip = nip_field(load_default=None)
    member = nip_field(load_default=None)


class ReviewLapseOutput(Schema):
    lapsed = fields.Boolean(required=True)


class ReviewFinishInput(ReviewRef):
    error = fields.Dict(load_default=None)  # the Catch's {Error, Cause}: the round failed


class ReviewFinishOutput(Schema):
    status = fields.String(required=True)


# --- succession --------------------------------------------------------------------------------
class SuccessionQuery(Schema):
    unit_id = fields.String(load_default=None, validate=UNIT_ID)
    year = fields.Integer(
        load_default=None,
        validate=YEAR,
        metadata={"description": "the talent pool's year (default: this year)"},
    )


class CandidateOut(Schema):
    nip = fields.String()
    name = fields.String(allow_none=True)
    position_kind = fields.String(allow_none=True)
    box = fields.Integer(allow_none=True)
    fit = fields.Float(metadata={"description": "share of the position's requirements met"})
    gaps = fields.List(fields.String())
    recommended = fields.List(
        fields.Dict(),
        metadata={
            "description": "ratified review promotions to this position: {review_id, year, total}"
        },
    )
    readiness = fields.String(validate=validate.OneOf(READINESS))


class SuccessorsOut(Schema):
    unit_id = fields.String()
    position_id = fields.String()
    name = fields.String()
    position_kind = fields.String()
    eselon = fields.String(allow_none=True)
    incumbent_nip = fields.String(allow_none=True)
    vacant = fields.Boolean()
    requirements = fields.Dict(allow_none=True)
    candidates = fields.List(fields.Nested(CandidateOut))
    ready_now = fields.List(fields.String(), metadata={"description": "siap sekarang"})
    covered = fields.Boolean(metadata={"description": "a successor is ready now"})


class CoverageOut(Schema):
    key_positions = fields.Integer()
    covered = fields.Integer()
    uncovered = fields.List(
        fields.Dict(),
        metadata={
            "description": "key positions with no ready successor: "
            "{unit_id, position_id, name, vacant}"
        },
    )


class SuccessionPlanOut(Schema):
    year = fields.Integer()
    unit_id = fields.String(allow_none=True)
    positions = fields.List(fields.Nested(SuccessorsOut))
    coverage = fields.Nested(CoverageOut)
    units = fields.Dict(metadata={"description": "the regency view: unit id -> its coverage"})
