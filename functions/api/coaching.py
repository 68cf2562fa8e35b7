"""The follow-up of coaching: how the agreed actions went."""

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.services import coaching
from functions.services.auth import PEGAWAI
from schemas.coaching import CoachingFollowUpIn, FollowUpOut

blp = Blueprint("coaching", __name__, description="Coaching follow-up")


@blp.route("/cycles/<nip>/<int:year>/coaching/<coaching_id>/follow-up", methods=["POST"])
@roles(PEGAWAI)
@blp.arguments(CoachingFollowUpIn)
@blp.response(201, FollowUpOut)
def follow_up(body, nip, year, coaching_id):
    """The penilai records which agreed actions were done and the outcome; a follow-up that
    finds no improvement advises konseling at the next period's coaching."""
    who, repo = tenant()
    return coaching.follow_up(repo, who, nip, year, coaching_id, body)
