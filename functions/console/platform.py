"""The platform operator's pages, as the API's /tenants: the regencies, onboarding one (its
first admin key and e-office webhook secret shown once, in the form's answer only), disabling
and enabling one. The operator has no tenant: these pages never open a regency's data."""

from __future__ import annotations

from flask import render_template, request
from marshmallow import ValidationError

from functions.console.blueprint import blp, refusals, signed
from functions.errors import InvalidInput
from functions.services import tenancy
from functions.services.auth import PLATFORM
from schemas.tenants import PageQuery, TenantIn


def _page(created=None, sent=None, errors=None, status=200):
    try:
        query = PageQuery().load({k: v for k, v in request.args.items() if k == "cursor"})
    except ValidationError:
        query = PageQuery().load({})
    tenants, cursor = tenancy.tenants(query["limit"], query["cursor"])
    return render_template(
        "platform.html",
        tenants=tenants,
        cursor=cursor,
        created=created,
        sent=sent or {},
        errors=errors or {},
    ), status


@blp.route("/platform")
@signed(PLATFORM)
def platform_page(who, repo):
    return _page()


@blp.route("/platform/tenants", methods=["POST"])
@signed(PLATFORM)
def onboard(who, repo):
    """A new regency, as POST /tenants (the default policy; its admins change it later)."""
    sent = {f: request.form.get(f, "").strip() for f in ("name", "region_code")}
    try:
        body = TenantIn().load(sent)
        created = tenancy.onboard(who.label, body["name"], body["region_code"], body["settings"])
    except (ValidationError, InvalidInput) as error:
        return _page(sent=sent, errors=refusals(error), status=422)
    return _page(created=created, status=201)


@blp.route("/platform/tenants/<tenant_id>/<any(disable, enable):action>", methods=["POST"])
@signed(PLATFORM)
def set_enabled(who, repo, tenant_id, action):
    tenancy.set_enabled(who.label, tenant_id, action == "enable")
    return _page()
