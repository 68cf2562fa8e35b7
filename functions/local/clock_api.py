"""``POST /clock``: move the embedded runtime's manual clock. Only the embedded runtime registers
this blueprint (functions/local/runtime.py); on AWS time is the wall clock's and the route does
not exist."""

from flask_smorest import Blueprint

from functions.api.roles import roles
from functions.engine import clock
from functions.local.timekeeper import advance
from functions.services.auth import PLATFORM
from schemas.clock import ClockIn, ClockOut

blp = Blueprint("clock", __name__, description="The embedded runtime's clock")


@blp.route("/clock", methods=["POST"])
@roles(PLATFORM)
@blp.arguments(ClockIn)
@blp.response(200, ClockOut)
def move_clock(body):
    """Move time forward; due period boundaries start their segments and overdue human tasks
    time out (and escalate). The platform operator's alone: the clock is every tenant's."""
    fired, expired = advance(body["to"])
    return {
        "now": clock.now(),
        "fired": [f.__dict__ for f in fired],
        "timed_out": [e.__dict__ for e in expired],
    }
