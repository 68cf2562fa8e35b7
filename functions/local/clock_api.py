"""``POST /clock``: move the embedded runtime's manual clock. Only the embedded runtime registers
this blueprint (functions/local/runtime.py); on AWS time is the wall clock's and the route does
not exist."""

from datetime import datetime, timedelta

from flask_smorest import Blueprint

from functions.api.roles import roles
from functions.engine import clock
from functions.errors import InvalidInput
from functions.local.timekeeper import advance
from functions.services.auth import PLATFORM
from schemas.clock import ClockIn, ClockOut
from schemas.fields import YEAR

blp = Blueprint("clock", __name__, description="The embedded runtime's clock")

MAX_STEP = timedelta(days=5 * 366)  # one move: five years at most (a cycle and its evaluation)
LAST_YEAR = YEAR.max  # the last year a cycle can have


@blp.route("/clock", methods=["POST"])
@roles(PLATFORM)
@blp.arguments(ClockIn)
@blp.response(200, ClockOut)
def move_clock(body):
    """Move time forward; due period boundaries start their segments and overdue human tasks
    time out (and escalate). The platform operator's alone: the clock is every tenant's. Time
    moves forward only, at most five years at once and not past the last year a cycle can have
    (422 otherwise)."""
    check_move(clock.now(), body["to"])
    fired, expired = advance(body["to"])
    return {
        "now": clock.now(),
        "fired": [f.__dict__ for f in fired],
        "timed_out": [e.__dict__ for e in expired],
    }


def check_move(now: datetime, to: datetime) -> None:
    """Refuse an absurd move before anything fires (a clock in year 9999 overflows every date
    computed from it)."""
    if to < now:
        rule = f"the clock moves forward only; it is {now.isoformat()}"
    elif to - now > MAX_STEP:
        rule = f"at most {MAX_STEP.days} days (five years) ahead of {now.isoformat()} at once"
    elif to.year > LAST_YEAR:
        rule = f"not past {LAST_YEAR}, the last year a cycle can have"
    else:
        return
    raise InvalidInput(f"the clock cannot move to {to.isoformat()}", details={"to": [rule]})
