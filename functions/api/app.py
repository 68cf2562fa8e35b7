"""The Flask application: blueprints, the OpenAPI document, one error body everywhere."""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException

from functions import logs
from functions.api import (
    admin,
    audit,
    coaching,
    credentials,
    cycles,
    development,
    feedback,
    health,
    imports,
    jobs,
    limits,
    outcomes,
    people,
    positions,
    reviews,
    talent_reviews,
    tasks,
    tenants,
    webhooks,
    workflow,
)
from functions.api.errors import error_response, register_errors
from functions.api.openapi import ErrorResponses, register_webhooks
from functions.api.openapi import register_errors as document_errors
from functions.console import views as console
from functions.console.assets import SWAGGER_UI_URL
from functions.services.imports import MAX_BYTES as MAX_UPLOAD
from schemas.errors import ErrorOut
from schemas.tasks import COMPLETIONS


class KinerjaApi(Api):
    ERROR_SCHEMA = ErrorOut  # the body every error really has (documented on each operation)

    def handle_http_exception(self, error: HTTPException):
        """webargs/marshmallow rejections and HTTP errors, in the project's error body."""
        messages = (getattr(error, "data", None) or {}).get("messages")
        if messages is not None:
            details = messages.get("json", messages.get("query", messages))
            if "Invalid JSON body." in str(details):  # webargs' word for unparsable JSON
                return error_response(400, "malformed_request", "the body is not valid JSON")
            return error_response(422, "invalid_input", "the request body is invalid", details)
        code = "malformed_request" if error.code == 400 else (error.name or "error").lower()
        return error_response(error.code or 500, code.replace(" ", "_"), error.description or "")


def log_requests(app: Flask) -> None:
    """A line per request: method, route (its pattern: never the NIPs of the path) and status,
    keyed by the caller's tenant (functions/api/auth.py) and the Lambda request id, and by
    nothing an earlier request on this thread left (keys are cleared as it begins and ends)."""

    @app.before_request
    def begin():
        context = request.environ.get("serverless.context")  # serverless-wsgi's, on AWS
        trace = request.headers.get("X-Amzn-Trace-Id")
        logs.begin(correlation_id=getattr(context, "aws_request_id", None) or trace)

    @app.after_request
    def done(response):
        route = request.url_rule.rule if request.url_rule else None
        extra = {"method": request.method, "route": route, "status": response.status_code}
        logs.logger().info("request", extra=extra)
        return response

    @app.teardown_request
    def end(_error=None):
        logs.end()  # a warm container's next request starts with no tenant


def create_app(*extra: Blueprint) -> Flask:
    """The API; ``extra`` blueprints are the embedded runtime's own (the clock)."""
    app = Flask("kinerja")
    app.config.update(
        API_TITLE="kinerja",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL=SWAGGER_UI_URL,  # from npm, served by the console
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}}},
            "security": [{"apiKey": []}],
        },
    )
    api = KinerjaApi(app, spec_kwargs={"extra_plugins": [ErrorResponses()]})
    document_errors(api.spec)
    register_webhooks(api.spec)
    # The order is the order of the OpenAPI document's sections.
    blueprints = (
        health, tenants, credentials, people, positions, development, imports,  # the regency
        cycles, tasks, admin, jobs, coaching, feedback,  # the evaluation year
        outcomes, reviews, talent_reviews, audit,  # results and their review
        webhooks, workflow,  # integration and workflow definitions
    )  # fmt: skip
    for blueprint in (*(module.blp for module in blueprints), *extra):
        api.register_blueprint(blueprint)
    # POST /tasks/{id}/complete takes the body of the task's kind: document each of them too
    for schema in dict.fromkeys(COMPLETIONS.values()):
        name = schema.__name__.removesuffix("Schema")
        if name not in api.spec.components.schemas:  # a route's body already
            api.spec.components.schema(name, schema=schema)
    register_errors(app)
    log_requests(app)
    console.init_app(app)  # the pages people use, in Bahasa Indonesia
    limits.register(app, api, MAX_UPLOAD + 64 * 1024)
    return app
