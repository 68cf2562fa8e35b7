"""The console's blueprint and what every page module uses: who must be signed in for a view
(``signed``) and the year a page is asked for. The pages are views.py (sign-in, tasks, cycles,
units), plan.py (the SKP form), assess.py (rating and coaching tasks), regency.py (BKPSDM) and
development.py (BKPSDM's competency development)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, g, redirect, request, url_for
from marshmallow import ValidationError

from functions.console import signin
from functions.engine import clock
from functions.services.auth import require_role

blp = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
)


def signed(*roles: str):
    """The view needs a signed-in person of one of ``roles``; it gets (who, repo)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            found = signin.signed_in()
            if found is None:
                return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
            g.who, g.repo = found
            g.name = None
            require_role(g.who, *roles)  # first: the platform operator has no repository
            person = g.repo.find_employee(g.who.nip) if g.who.nip else None
            g.name = person.name if person else None
            return view(g.who, g.repo, *args, **kwargs)

        return guarded

    return decorate


def year_asked(text: str | None) -> int:
    """The year asked for, or the clock's."""
    try:
        year = int(text or "")
    except ValueError:
        return clock.now().year
    return year if 2000 <= year <= 2100 else clock.now().year


def whole(text: str):
    """A typed whole number, or what was typed (None for nothing) for the schema to refuse."""
    try:
        return int(text)
    except ValueError:
        return text or None


def attachment(data: bytes, media: str, filename: str) -> Response:
    """A file to download."""
    disposition = f'attachment; filename="{filename}"'
    return Response(data, mimetype=media, headers={"Content-Disposition": disposition})


def refusals(error: Exception) -> dict[str, str]:
    """A refusal's rules by field (a schema's, or a service's ``details``), each field's rules
    joined; under "" the message when it names no field."""
    if isinstance(error, ValidationError):
        details = error.normalized_messages()
    else:
        details = getattr(error, "details", None) or {}
    found = {k: "; ".join(map(str, v if isinstance(v, list) else [v])) for k, v in details.items()}
    return found or {"": getattr(error, "message", str(error))}
