"""Bodies of the SKP: its content (RHK, IKI, targets, behaviour expectations), the SKP as
stored, and the penilai's review. Unknown fields are refused (marshmallow's default), so a typo
in a field name is an error that names the field, not a silent no-op."""

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from functions.domain import AGREGASI, BERAKHLAK, default_agregasi

ID = validate.Regexp(r"^[A-Za-z0-9_.-]{1,40}$", error="1-40 letters, digits, _ . -")
ASPEK = ("kuantitas", "kualitas", "waktu", "biaya")
LAMPIRAN = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")


class TargetSchema(Schema):
    value = fields.Float(required=True, validate=validate.Range(min=0))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=40))
    lower_is_better = fields.Boolean(
        load_default=False,
        metadata={"description": "less is better (days, cost, findings): on any aspek"},
    )
    qualitative = fields.String(load_default=None, allow_none=True)
    agregasi = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(AGREGASI),
        metadata={
            "description": "how the periods' reports are read against the annual target: "
            "jumlah (summed, target pro-rated), rata_rata (mean), terakhir (latest), maksimum, "
            "minimum. Absent: % → rata_rata, lower-is-better waktu/biaya → terakhir, else "
            "jumlah; the stored SKP carries the resolved value"
        },
    )


class IkiSchema(Schema):
    id = fields.String(required=True, validate=ID)
    indikator = fields.String(required=True, validate=validate.Length(min=3, max=500))
    aspek = fields.String(required=True, validate=validate.OneOf(ASPEK))
    target = fields.Nested(TargetSchema, required=True)
    perspektif = fields.String(load_default=None, allow_none=True)

    @post_load
    def resolve_agregasi(self, data, **kwargs):
        target = data["target"]
        if target.get("agregasi") is None:
            target["agregasi"] = default_agregasi(
                target["unit"], lower_is_better=target["lower_is_better"], aspek=data["aspek"]
            ).value
        return data


class RhkSchema(Schema):
    id = fields.String(required=True, validate=ID)
    text = fields.String(required=True, validate=validate.Length(min=3, max=1000))
    utama = fields.Boolean(required=True)
    rhk_atasan_id = fields.String(load_default=None, allow_none=True, validate=ID)
    weight = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 100))
    iki = fields.List(fields.Nested(IkiSchema), required=True, validate=validate.Length(min=1))


class SkpContentSchema(Schema):
    approach = fields.String(
        load_default="kuantitatif", validate=validate.OneOf(("kuantitatif", "kualitatif"))
    )
    rhk = fields.List(fields.Nested(RhkSchema), required=True, validate=validate.Length(min=1))
    perilaku_ekspektasi = fields.Dict(
        keys=fields.String(validate=validate.OneOf(BERAKHLAK)),
        values=fields.String(validate=validate.Length(max=1000)),
        load_default=dict,
    )
    lampiran = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LAMPIRAN)),
        values=fields.List(fields.String()),
        load_default=dict,
    )


class SkpOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    status = fields.String()
    returned_reason = fields.String(allow_none=True)
    content = fields.Dict()
    history = fields.List(fields.Dict())
    proposal = fields.Dict(
        allow_none=True, metadata={"description": "a revised plan waiting for the penilai"}
    )
    cascade = fields.Dict(
        allow_none=True,
        metadata={"description": "submitted ahead of the superior's approved SKP: {superior, "
                  "superior_status, at, by, status: waiting | to_reconcile | reconciled, rhk: "
                  "the RHK whose link to it is missing or unknown (re-plan to repair)}"},
    )  # fmt: skip


class ReplanIn(Schema):
    """A revised plan of the approved SKP (e.g. after a transfer) and why."""

    reason = fields.String(required=True, validate=validate.Length(min=3, max=2000))
    content = fields.Nested(SkpContentSchema, required=True)


class ReplanDecisionIn(Schema):
    """The penilai approves the revised plan (it becomes the SKP) or returns it with a reason."""

    decision = fields.String(required=True, validate=validate.OneOf(("approve", "return")))
    reason = fields.String(load_default=None, validate=validate.Length(min=3, max=2000))

    @validates_schema
    def reason_when_returned(self, data, **kwargs):
        if data["decision"] == "return" and not data.get("reason"):
            raise ValidationError("a returned plan needs the reason", "reason")


class ReplanOut(Schema):
    nip = fields.String()
    year = fields.Integer()
    status = fields.String()
    content = fields.Dict(metadata={"description": "the SKP in force"})
    proposal = fields.Dict(
        allow_none=True,
        metadata={"description": "the revised plan waiting: content, reason, by, at, penilai_nip"},
    )
    history = fields.List(fields.Dict())


class ReviewIn(Schema):
    """The penilai approves the submitted SKP or returns it with the reason."""

    decision = fields.String(required=True, validate=validate.OneOf(("approve", "return")))
    reason = fields.String(load_default=None, validate=validate.Length(min=3, max=2000))

    @validates_schema
    def reason_when_returned(self, data, **kwargs):
        if data["decision"] == "return" and not data.get("reason"):
            raise ValidationError("a returned SKP needs the reason", "reason")
