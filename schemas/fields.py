"""Field validators shared by the step and API schemas."""

from marshmallow import ValidationError, fields, validate

NIP = validate.Regexp(r"^\d{18}$", error="must be 18 digits")
TENANT_ID = validate.Regexp(r"^t[a-z0-9]{10}$", error="not a tenant id")
YEAR = validate.Range(min=2020, max=2100)
RATINGS = ("di_atas", "sesuai", "di_bawah")


def nip(**kwargs) -> fields.String:
    return fields.String(validate=NIP, **kwargs)


def rating(**kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(RATINGS), **kwargs)


def number(**kwargs) -> fields.Raw:
    """A number passed through as computed (14 stays 14, 7.5 stays 7.5), documented as one."""
    metadata = {"type": "number", **kwargs.pop("metadata", {})}
    return fields.Raw(metadata=metadata, **kwargs)


def distinct_items(data: dict, key: str, message: str) -> None:
    """Refuse a batch naming one thing twice (``items.<n>.<key>``), under ``items``."""
    found = [item[key] for item in data.get("items", [])]
    if len(found) != len(set(found)):
        raise ValidationError(message, "items")
