"""What every step handler shares: parse the input with its schema, bind the tenant's
repository, log with the tenant and execution, return the output through its schema.

A handler module is then a few lines::

    @step(PeriodRef, MonitorOutput)
    def handler(event: dict, repo: TenantRepository) -> dict: ...
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from marshmallow import Schema, ValidationError

from functions import logs, traces
from functions.errors import InvalidInput
from functions.store.repository import TenantRepository

Handler = Callable[[dict, TenantRepository], dict]


def step(input_schema: type[Schema], output_schema: type[Schema]) -> Callable[[Handler], Any]:
    parse, render = input_schema(), output_schema()

    def decorate(function: Handler):
        name = function.__module__.rsplit(".", 1)[-1]

        @wraps(function)
        def handler(event: dict, context: Any = None) -> dict:
            try:
                data = parse.load(event)
            except ValidationError as error:
                raise InvalidInput("the step input is invalid", details=error.messages) from None
            tenant_id = data["tenant_id"]
            with (
                logs.invocation(tenant_id=tenant_id, correlation_id=data.get("execution")),
                traces.traced(name, tenant_id=tenant_id),
            ):
                result = function(data, TenantRepository(tenant_id))
                logs.logger().info("step done", extra={"step": name})
            return render.dump(result)

        return handler

    return decorate
