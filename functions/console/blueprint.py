"""The console's blueprint and what every page module uses: who must be signed in for a view
(``signed``) and the year a page is asked for. The pages are views.py (sign-in, tasks, cycles,
units), plan.py (the SKP form), assess.py (rating and coaching tasks), regency.py (BKPSDM) and
development.py (BKPSDM's competency development)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, g, redirect, request, url_for

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
            person = g.repo.find_employee(g.who.nip) if g.who.nip else None
            g.name = person.name if person else None
            require_role(g.who, *roles)
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
