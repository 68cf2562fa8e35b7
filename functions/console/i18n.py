"""The console's languages through Flask-Babel: Bahasa Indonesia is the language the pages are
written in (their texts are the message ids), English a translation (translations/en). A person
chooses by the link in the footer (a cookie); without a choice the pages are in Indonesian
whatever the browser prefers, since the regency's people work in it. Templates use ``_()``;
Python uses ``gettext``/``lazy_gettext`` from flask_babel.

The catalogue: ``make messages`` extracts the texts into translations/messages.pot and updates
translations/en/LC_MESSAGES/messages.po; infra/assets.sh compiles it (the .mo is not committed).
Without the compiled catalogue the pages are simply in Indonesian.

The API shares the selector (one Babel per application) but not the rule: outside the console a
request is answered in English unless its ``Accept-Language`` prefers Indonesian, which only its
error messages honour (functions/api/languages.py)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT = "id"
COOKIE = "kinerja_lang"
TRANSLATIONS = Path(__file__).parent / "translations"
API_LANGUAGES, API_DEFAULT = ("en", "id"), "en"  # the API's messages are written in English


def chosen_language() -> str:
    """A console page's language: ``?lang=``, else the person's choice, else Indonesian; any
    other request's: the best of ``Accept-Language`` the API speaks, else English."""
    if request.path != "/console" and not request.path.startswith("/console/"):
        return request.accept_languages.best_match(API_LANGUAGES, default=API_DEFAULT)
    asked = request.args.get("lang") or request.cookies.get(COOKIE)
    return asked if asked in LANGUAGES else DEFAULT


def init_app(app: Flask) -> None:
    Babel(
        app,
        default_locale=DEFAULT,
        locale_selector=chosen_language,
        default_translation_directories=str(TRANSLATIONS),
    )
