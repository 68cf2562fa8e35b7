"""The positions (jabatan) of a unit, kept by BKPSDM; the unit's list names its vacancies and
key positions. GET of one answers its ETag; PATCH and DELETE need it back in If-Match."""

from __future__ import annotations

from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.people import IF_MATCH, etag, if_match
from functions.api.roles import roles
from functions.services import positions
from functions.services.auth import ADMIN, AUDITOR
from schemas.positions import PositionIn, PositionOut, PositionPatch, UnitPositionsOut

blp = Blueprint("positions", __name__, description="Positions (jabatan) of units")


@blp.route("/units/<unit_id>/positions")
@roles(ADMIN, AUDITOR)
@blp.response(200, UnitPositionsOut)
def list_positions(unit_id):
    """A unit's positions, with its vacancies and key positions (and those both)."""
    _, repo = tenant()
    return positions.positions(repo, unit_id)


@blp.route("/units/<unit_id>/positions", methods=["POST"])
@roles(ADMIN)
@blp.arguments(PositionIn)
@blp.response(201, PositionOut)
def create_position(body, unit_id):
    """Add a position to a unit; an eselon only for a structural kind, of its level; the
    incumbent an employee of the regency (none: vacant)."""
    who, repo = tenant()
    shown = positions.create(repo, who.label, unit_id, body)
    return shown, etag(shown["version"])


@blp.route("/units/<unit_id>/positions/<position_id>")
@roles(ADMIN, AUDITOR)
@blp.response(200, PositionOut)
def get_position(unit_id, position_id):
    """One position, with its ETag."""
    _, repo = tenant()
    shown = positions.shown(positions.position(repo, unit_id, position_id))
    return shown, etag(shown["version"])


@blp.route("/units/<unit_id>/positions/<position_id>", methods=["PATCH"])
@roles(ADMIN)
@blp.doc(**IF_MATCH)
@blp.arguments(PositionPatch)
@blp.response(200, PositionOut)
def patch_position(body, unit_id, position_id):
    """Rename, change kind or eselon, fill or vacate (``incumbent_nip``: null), mark key."""
    who, repo = tenant()
    shown = positions.update(repo, who.label, unit_id, position_id, if_match(), body)
    return shown, etag(shown["version"])


@blp.route("/units/<unit_id>/positions/<position_id>", methods=["DELETE"])
@roles(ADMIN)
@blp.doc(**IF_MATCH)
@blp.response(204)
def delete_position(unit_id, position_id):
    """Remove a position (audited, with what it was)."""
    who, repo = tenant()
    positions.delete(repo, who.label, unit_id, position_id, if_match())
    return ""
