"""Field validators shared by the step and API schemas."""

from marshmallow import ValidationError, fields, validate

from functions.domain.errors import DomainError
from functions.domain.text import check_text

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


class Text(fields.String):
    """Text a person typed (functions/domain/text.py): not blank, no lone surrogate, and with
    ``single_line`` (the default) no control character."""

    def __init__(self, *args, single_line: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.single_line = single_line

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return check_text(attr or "text", text, single_line=self.single_line)
        except DomainError as error:
            raise ValidationError(error.rule) from None


# --- outbound notifications (functions/webhooks/outbound.py) ---------------------------------
OUTBOUND_EVENTS = ("task.opened", "task.reminder", "task.reopened", "skp.approved", "predikat.set")
# a regency's own event type, sent by a workflow's notify step (catalog "notify")
CUSTOM_EVENT = r"custom\.[a-z][a-z0-9_]{0,62}"
OUTBOUND_EVENT_TYPE = validate.Regexp(
    rf"^(?:{'|'.join(e.replace('.', chr(92) + '.') for e in OUTBOUND_EVENTS)}|{CUSTOM_EVENT})$",
    error="not a known event type ({}) nor custom.<name> (lower case, digits, _)".format(
        ", ".join(OUTBOUND_EVENTS)
    ),
)
