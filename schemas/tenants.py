"""Bodies of onboarding (platform operators) and of credentials (tenant admins)."""

from marshmallow import Schema, fields, validate

from functions.domain.stages import DEFAULT_TASK_DAYS
from schemas.fields import Text, nip, number

REGION_CODE = validate.Regexp(
    r"^\d{2}\.?\d{2}$", error="a Kemendagri regency code: 4 digits, e.g. 32.04 or 3204"
)
TENANT_ROLES = ("tenant_admin", "pegawai", "auditor", "integration")


class PageQuery(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String(load_default=None, validate=validate.Length(max=2000))


class SettingsIn(Schema):
    """The tenant's policy (docs/policies.md; e.g. ``{"frequency": "monthly"}``) and the days of
    each human task before it escalates."""

    policy = fields.Dict(keys=fields.String(), load_default=dict)
    task_days = fields.Dict(
        keys=fields.String(validate=validate.OneOf(tuple(DEFAULT_TASK_DAYS))),
        values=fields.Float(validate=validate.Range(min=0, min_inclusive=False, max=365)),
        load_default=dict,
    )


class TenantIn(Schema):
    name = Text(required=True, validate=validate.Length(min=3, max=200))
    region_code = fields.String(required=True, validate=REGION_CODE)
    settings = fields.Nested(SettingsIn, load_default=dict)


class TenantOut(Schema):
    tenant_id = fields.String()
    name = fields.String()
    region_code = fields.String()
    enabled = fields.Boolean()
    created_at = fields.String(allow_none=True)
    settings = fields.Dict()


class TenantCreatedOut(TenantOut):
    admin_key = fields.String(metadata={"description": "shown once; only its hash is stored"})
    webhook_secret = fields.Dict(
        allow_none=True, metadata={"description": "the first e-office webhook secret, shown once"}
    )


class TenantPageOut(Schema):
    items = fields.List(fields.Nested(TenantOut))
    cursor = fields.String(allow_none=True, metadata={"description": "the next page; null: last"})


class KeyIn(Schema):
    role = fields.String(required=True, validate=validate.OneOf(TENANT_ROLES))
    nip = nip(load_default=None, allow_none=True)
    label = Text(required=True, validate=validate.Length(min=3, max=100))


class KeyOut(Schema):
    prefix = fields.String()
    role = fields.String()
    label = fields.String()
    nip = fields.String(allow_none=True)
    created_at = fields.String(allow_none=True)
    revoked = fields.Boolean()
    revoked_at = fields.String(allow_none=True)
    revoked_by = fields.String(allow_none=True)


class KeyIssuedOut(KeyOut):
    key = fields.String(metadata={"description": "shown once; only its hash is stored"})
    replaces = fields.String(allow_none=True, metadata={"description": "the prefix rotated"})


class KeyPageOut(Schema):
    items = fields.List(fields.Nested(KeyOut))
    cursor = fields.String(allow_none=True)


class KeyQuery(PageQuery):
    revoked = fields.Boolean(load_default=None, allow_none=True)


def task_days_field(**metadata) -> fields.Dict:
    """Days per human task kind before it escalates: the settings API's and a draft's."""
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(tuple(DEFAULT_TASK_DAYS))),
        values=fields.Float(
            allow_none=True, validate=validate.Range(min=0, min_inclusive=False, max=365)
        ),
        load_default=dict,
        metadata=metadata,
    )


class SettingsPatch(Schema):
    """The settings to change; the others stay. A setting given as null goes back to its
    default. docs/policies.md says when each change applies."""

    policy = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(allow_none=True),
        load_default=dict,
        metadata={"description": "policy settings by name (docs/policies.md)"},
    )
    task_days = task_days_field()


class SettingsOut(Schema):
    policy = fields.Dict(metadata={"description": "every setting of the policy (docs/policies.md)"})
    task_days = fields.Dict(
        keys=fields.String(), values=number(), metadata={"description": "task kind → days"}
    )
    version = fields.Integer(metadata={"description": "also the ETag; PATCH sends it in If-Match"})
