"""Feedback on an employee's behaviour, read by the penilai when rating perilaku."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.services import feedback
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from schemas.feedback import FeedbackIn, FeedbackOut

blp = Blueprint("feedback", __name__, description="Feedback on behaviour")
PATH = "/cycles/<nip>/<int:year>/feedback"


@blp.route(PATH, methods=["POST"])
@roles(PEGAWAI)
@blp.arguments(FeedbackIn)
@blp.response(201, FeedbackOut)
def give(body, nip, year):
    """Feedback on a colleague's behaviour, on one BerAKHLAK value: from their penilai, a peer
    assessed by the same penilai, or someone they assess."""
    who, repo = tenant()
    return feedback.give(repo, who, nip, year, body)


@blp.route(PATH)
@roles(ADMIN, AUDITOR, PEGAWAI)
@blp.response(200, FeedbackOut(many=True))
def list_feedback(nip, year):
    """The feedback received: from colleagues (the employee does not see who gave it) and from
    the public served."""
    who, repo = tenant()
    may_read(who, repo, nip)
    return feedback.shown_to(who, nip, feedback.of(repo, nip, year))
