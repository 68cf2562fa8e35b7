"""Bodies of the webhook administration API (secrets, mappings, dry runs, deliveries). The
deliveries themselves are the e-office system's JSON, verified and stored as sent."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from functions.store.keys import DELIVERY_STATUSES
from schemas.fields import OUTBOUND_EVENT_TYPE

EVENT_TYPE = validate.Length(min=1, max=100)


class SecretIn(Schema):
    label = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class SecretOut(Schema):
    secret_id = fields.String()
    source = fields.String()
    label = fields.String(allow_none=True)
    created_at = fields.String()
    created_by = fields.String()
    revoked_at = fields.String(allow_none=True)
    secret = fields.String(metadata={"description": "shown once, when the secret is created"})


class EventMappingIn(Schema):
    action = fields.String(
        required=True, metadata={"description": "realisasi, approve_skp, coaching or feedback"}
    )
    values = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(allow_none=False),
        load_default=dict,
        metadata={"description": "field → constant, when no path is given or it finds nothing"},
    )
    # the document's key is "fields", which a Schema's own attribute of that name would shadow
    paths = fields.Dict(
        data_key="fields",
        attribute="fields",
        keys=fields.String(),
        values=fields.String(),
        load_default=dict,
        metadata={"description": "action field → JMESPath expression on the payload"},
    )


class MappingIn(Schema):
    event_type_path = fields.String(load_default="type", validate=validate.Length(min=1, max=200))
    events = fields.Dict(
        keys=fields.String(validate=EVENT_TYPE),
        values=fields.Nested(EventMappingIn),
        required=True,
        validate=validate.Length(min=1, max=100),
    )


class MappingOut(MappingIn):
    pass


class DryRunIn(Schema):
    payload = fields.Dict(required=True, metadata={"description": "a sample event body"})
    mapping = fields.Nested(
        MappingIn,
        load_default=None,
        allow_none=True,
        metadata={"description": "a mapping to try before saving it (default: the stored one)"},
    )


class DryRunOut(Schema):
    outcome = fields.String(metadata={"description": "apply or dead"})
    reason = fields.String()
    category = fields.String()
    event_type = fields.String()
    action = fields.String()
    description = fields.String()
    would = fields.Dict()
    completes_task = fields.Boolean()
    writes = fields.List(fields.String())


class AckOut(Schema):
    id = fields.String()
    status = fields.String()
    reason = fields.String(allow_none=True)
    duplicate = fields.Boolean()


class DeliveryOut(Schema):
    id = fields.String()
    source = fields.String()
    event_type = fields.String(allow_none=True)
    status = fields.String()
    reason = fields.String(allow_none=True)
    received_at = fields.String()
    attempts = fields.Integer()
    result = fields.Dict(allow_none=True)
    history = fields.List(fields.Dict())
    payload = fields.Dict(metadata={"description": "tenant admins only"})


class DeliveryQuery(Schema):
    status = fields.String(load_default="dead", validate=validate.OneOf(DELIVERY_STATUSES))
    source = fields.String(load_default=None)
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class ReplayIn(Schema):
    """Either the ids to replay, or a status (dead, received, applying: claims older than 15
    minutes) and optionally a source."""

    ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=128)),
        load_default=None,
        validate=validate.Length(min=1, max=500),
    )
    status = fields.String(
        load_default=None, validate=validate.OneOf(("dead", "received", "applying"))
    )
    source = fields.String(load_default=None)
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))

    @validates_schema
    def one_selection(self, data, **kwargs):
        if (data["ids"] is None) == (data["status"] is None):
            raise ValidationError("give either ids or status", field_name="ids")


class ReplayOut(Schema):
    id = fields.String()
    replayed = fields.Boolean()
    reason = fields.String()


class ActionOut(Schema):
    name = fields.String()
    description = fields.String()
    required = fields.List(fields.String())
    optional = fields.List(fields.String())


# --- outbound notifications (functions/webhooks/outbound.py) ---------------------------------
MAX_EVENT_TYPES = 20


class OutboundIn(Schema):
    url = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "https (http only on 127.0.0.1 or localhost)"},
    )
    event_types = fields.List(
        fields.String(validate=OUTBOUND_EVENT_TYPE),
        required=True,
        validate=validate.Length(min=1, max=MAX_EVENT_TYPES),
    )
    label = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class OutboundOut(Schema):
    id = fields.String()
    url = fields.String()
    event_types = fields.List(fields.String())
    label = fields.String(allow_none=True)
    created_at = fields.String()
    created_by = fields.String()
    secret = fields.String(metadata={"description": "shown once, when the subscription is made"})


class NotificationAttemptOut(Schema):
    at = fields.String()
    status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)


class NotificationOut(Schema):
    id = fields.String(metadata={"description": "the webhook-id, the same on every attempt"})
    subscription_id = fields.String()
    event_type = fields.String()
    url = fields.String()
    status = fields.String(metadata={"description": "pending, sent or failed"})
    reason = fields.String(allow_none=True)
    created_at = fields.String()
    attempts = fields.List(fields.Nested(NotificationAttemptOut))
    resends = fields.List(
        fields.Dict(), metadata={"description": "[{at, by}]: each started a new round of attempts"}
    )
    payload = fields.Dict(metadata={"description": "tenant admins only"})


class ResendIn(Schema):
    """The ids to send again, or every failed notification of the subscription (up to limit)."""

    ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=128)),
        load_default=None,
        validate=validate.Length(min=1, max=500),
    )
    status = fields.String(load_default=None, validate=validate.OneOf(("failed",)))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))

    @validates_schema
    def one_selection(self, data, **kwargs):
        if (data["ids"] is None) == (data["status"] is None):
            raise ValidationError("give either ids or status", field_name="ids")


class ResendOut(Schema):
    id = fields.String()
    resent = fields.Boolean()
    reason = fields.String()


class NotificationQuery(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
