"""Handlers for the smoke test of the moto glue (named by a Lambda function's Handler)."""

from functions.errors import InvalidInput, TransientError

calls: list[dict] = []


def transient_once(event, context):
    calls.append(event)
    if len(calls) == 1:
        raise TransientError("throttled")
    return {"ok": True, "calls": len(calls)}


def permanent(event, context):
    raise InvalidInput("nope")


tokens: list[str] = []


def hand_out_token(event, context):
    """A waitForTaskToken task's Lambda: keep the token (a human task would store it)."""
    tokens.append(event["token"])
    return {}
