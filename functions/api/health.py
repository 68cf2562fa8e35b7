"""Liveness and versions; no credential needed."""

from importlib.metadata import version

from flask_smorest import Blueprint

from functions import config
from functions.api.roles import PUBLIC, roles
from functions.engine import clock
from schemas.health import HealthOut

blp = Blueprint("health", __name__, description="Liveness")
PACKAGES = ("kinerja", "flask", "boto3", "pynamodb", "marshmallow", "aws-lambda-powertools")


def versions() -> dict[str, str]:
    found = {}
    for name in (*PACKAGES, "moto"):
        try:
            found[name] = version(name)
        except Exception:  # moto is absent on AWS
            continue
    return found


@blp.route("/health")
@roles(PUBLIC)
@blp.doc(security=[])
@blp.response(200, HealthOut)
def health():
    """Whether the service answers, and the versions it runs on (no key needed)."""
    return {
        "status": "ok",
        "runtime": config.current().runtime,
        "now": clock.now().isoformat(),
        "versions": versions(),
    }
