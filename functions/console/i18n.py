"""The console's languages through Flask-Babel: Bahasa Indonesia is the language the pages are
written in (their texts are the message ids), English a translation (translations/en). A person
chooses by the link in the footer (a cookie); without a choice the pages are in Indonesian
whatever the browser prefers, since the regency's people work in it. Templates use ``_()``;
Python uses ``gettext``/``lazy_gettext`` from flask_babel.

The catalogue: ``make messages`` extracts the texts into translations/messages.pot and updates
translations/en/LC_MESSAGES/messages.po; infra/assets.sh compiles it (the .mo is not committed).
Without the compiled catalogue the pages are simply in Indonesian."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT = "id"
COOKIE = "kinerja_lang"
TRANSLATIONS = Path(__file__).parent / "translations"


def chosen_language() -> str:
    """The language of this request: ``?lang=``, else the person's choice, else Indonesian."""
    asked = request.args.get("lang") or request.cookies.get(COOKIE)
    return asked if asked in LANGUAGES else DEFAULT


def init_app(app: Flask) -> None:
    Babel(
        app,
        default_locale=DEFAULT,
        locale_selector=chosen_language,
        default_translation_directories=str(TRANSLATIONS),
    )
